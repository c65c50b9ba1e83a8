"""CSV exports never carry a live spreadsheet formula."""

import pandas as pd

from gis.io.csv_export import to_csv_bytes


def test_formulas_are_neutralised_and_numbers_kept() -> None:
    frame = pd.DataFrame({"naam": ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "Aalten", "-2"], "n": [1, -2, 3, 4, 5]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "naam;n"
    assert lines[1].startswith("\"'=HYPERLINK") and lines[2] == "'+1;-2" and lines[3] == "'@SUM(A1);3"
    assert lines[4] == "Aalten;4" and lines[5] == "'-2;5"
