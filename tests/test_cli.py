"""``python -m gis``: exit codes and messages, honouring VB_DB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gis.__main__ import main


def test_init_demo_then_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    db = tmp_path / "cli.duckdb"
    monkeypatch.setenv("VB_DB", str(db))
    assert main(["init", "--incidents", "500"]) == 0
    assert "Demodatabase gemaakt" in capsys.readouterr().out
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "incidents" in out and "500" in out and "Demogegevens: ja" in out


def test_init_refuses_a_filled_database(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    assert main(["--db", db, "init", "--no-demo"]) == 0
    assert main(["--db", db, "init"]) == 2
    assert "al gegevens" in capsys.readouterr().err


def test_corrupt_database_exit_code_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"nope")
    assert main(["--db", str(bad), "info"]) == 2
    assert "beschadigd" in capsys.readouterr().err


def test_module_entry_point(tmp_path: Path) -> None:
    env = {"VB_DB": str(tmp_path / "e.duckdb"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "gis", "info"], capture_output=True, text=True, env=env,
                       cwd=Path(__file__).parents[1])  # fmt: skip
    assert r.returncode == 2 and "bestaat niet" in r.stderr


def test_an_oversized_area_file_is_refused_before_it_is_read(tmp_path: Path, capsys, monkeypatch) -> None:
    db = str(tmp_path / "db.duckdb")
    assert main(["--db", db, "init", "--no-demo"]) == 0
    big = tmp_path / "groot.geojson"
    with big.open("wb") as fh:  # a sparse file: 60 MB on paper, nothing on disk
        fh.truncate(60 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the whole file was read"))
    assert main(["--db", db, "import", "--layer", "areas", str(big)]) == 2
    err = capsys.readouterr().err
    assert "groot.geojson" in err and "63 MB" in err and "grens voor een gebiedsbestand is 52 MB" in err


def test_an_unexpected_error_says_how_to_see_its_cause(tmp_path: Path, capsys, monkeypatch) -> None:
    import gis.__main__ as cli

    def boom(args: object) -> int:
        raise RuntimeError("kapot")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    monkeypatch.setattr(parser, "parse_args", lambda argv: type("A", (), {"func": staticmethod(boom)})())
    monkeypatch.delenv("VB_DEBUG", raising=False)
    assert cli.main(["info"]) == 1
    err = capsys.readouterr().err
    assert "Onverwachte fout: RuntimeError: kapot" in err and "VB_DEBUG=1" in err and "Traceback" not in err
    monkeypatch.setenv("VB_DEBUG", "1")
    assert cli.main(["info"]) == 1
    assert "Traceback" in capsys.readouterr().err
