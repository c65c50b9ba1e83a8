"""Fixed geography for the demo: town centres to keep out of, and the demo PPS areas.

Town positions are approximate WGS84 (lat, lon) of real town centres; radius in metres.
"""

from __future__ import annotations

TOWNS: tuple[tuple[str, float, float, float], ...] = (
    ("Arnhem", 51.985, 5.899, 4500), ("Nijmegen", 51.842, 5.853, 4500),
    ("Apeldoorn", 52.211, 5.969, 4500), ("Enschede", 52.221, 6.894, 4500),
    ("Zwolle", 52.516, 6.083, 4000), ("Deventer", 52.255, 6.163, 3500),
    ("Hengelo", 52.266, 6.793, 3500), ("Almelo", 52.357, 6.662, 3000),
    ("Ede", 52.040, 5.666, 3000), ("Doetinchem", 51.965, 6.289, 2500),
    ("Zutphen", 52.138, 6.201, 2200), ("Winterswijk", 51.972, 6.720, 2000),
    ("Harderwijk", 52.342, 5.621, 2200), ("Kampen", 52.555, 5.911, 2200),
    ("Tiel", 51.887, 5.429, 2200), ("Wageningen", 51.970, 5.665, 2000),
    ("Oldenzaal", 52.313, 6.929, 2000), ("Hardenberg", 52.575, 6.619, 2000),
    ("Rijssen", 52.307, 6.518, 1800), ("Raalte", 52.386, 6.275, 1500),
    ("Ommen", 52.521, 6.421, 1400), ("Aalten", 51.925, 6.580, 1500),
    ("Groenlo", 52.042, 6.612, 1300), ("Lichtenvoorde", 51.987, 6.566, 1400),
    ("Eibergen", 52.100, 6.648, 1300), ("Haaksbergen", 52.156, 6.739, 1600),
    ("Borculo", 52.115, 6.521, 1200), ("Lochem", 52.160, 6.414, 1300),
    ("Barneveld", 52.140, 5.585, 2000), ("Culemborg", 51.955, 5.227, 1800),
    ("Zevenaar", 51.930, 6.071, 1800), ("Nijverdal", 52.362, 6.463, 1600),
    ("Vriezenveen", 52.409, 6.622, 1400), ("Tubbergen", 52.407, 6.784, 1100),
    ("Losser", 52.261, 7.004, 1300), ("Neede", 52.134, 6.613, 1100),
    ("Goor", 52.233, 6.585, 1200), ("Dinxperlo", 51.862, 6.490, 1000),
    ("Ulft", 51.894, 6.380, 1200), ("Steenwijk", 52.787, 6.119, 1600),
    ("Elburg", 52.447, 5.835, 1200), ("Epe", 52.348, 5.984, 1400),
    ("Ermelo", 52.300, 5.621, 1500), ("Nunspeet", 52.378, 5.786, 1400),
    ("Putten", 52.259, 5.606, 1300), ("Denekamp", 52.377, 7.006, 1000),
    ("Weerselo", 52.356, 6.852, 700), ("Ootmarsum", 52.408, 6.900, 800),
    ("Wijhe", 52.386, 6.135, 900), ("Olst", 52.337, 6.109, 900),
    ("Hellendoorn", 52.389, 6.450, 1000), ("Heino", 52.435, 6.234, 800),
    ("Winterswijk-Meddo", 52.010, 6.740, 400), ("Bredevoort", 51.941, 6.620, 500),
    ("Zelhem", 52.006, 6.349, 900), ("Ruurlo", 52.088, 6.450, 900),
)  # fmt: skip

# Demo PPS areas: rural parts (town centres cut out) of groups of real municipalities.
DEMO_AREAS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    (
        "KIEK UUT Achterhoek-Oost",
        ("Winterswijk", "Aalten", "Oost Gelre"),
        "landbouw (melkvee, varkens), natuur (Het Korenburgerveen), recreatie, kleine bedrijven",
        "plan van aanpak",
    ),
    (
        "KIEK UUT Noordoost-Twente",
        ("Dinkelland", "Tubbergen", "Losser"),
        "landbouw, natuur en landgoederen, recreatie (fietsroutes, campings)",
        "analyse",
    ),
    (
        "Veilig Buitengebied Salland",
        ("Raalte", "Olst-Wijhe", "Hellendoorn"),
        "landbouw, bos en heide (Sallandse Heuvelrug), wonen in het buitengebied",
        "afbakening",
    ),
)
