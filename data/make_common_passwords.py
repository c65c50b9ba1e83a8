"""Write ``data/common_passwords.txt``: passwords that are refused because they are the first ones an attacker
tries (NIST SP 800-63B, 5.1.1.2). No breach corpus was available offline, so the list is generated from the
well-known patterns of such lists: the most used passwords of the public top lists, keyboard walks, sequences,
repeated characters, English and Dutch words (with years, seasons and months), Dutch place names from the CBS
municipalities in this folder, and terms of this domain. ``gis.domain.accounts`` compares case-insensitively,
without spaces and without digits and symbols before or after, so ``Welkom2024!!`` matches ``welkom``.

Run: ``python data/make_common_passwords.py`` (the output is deterministic).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "common_passwords.txt"

TOP = """
123456 password 123456789 12345678 12345 qwerty 1234567 111111 1234567890 123123 abc123 1234 password1 iloveyou
1q2w3e4r 000000 qwerty123 zaq12wsx dragon sunshine princess letmein 654321 monkey 27653 1qaz2wsx 123321
qwertyuiop superman asdfghjkl trustno1 football baseball welcome admin master login hello freedom whatever
qazwsx shadow michael jennifer ashley bailey passw0rd charlie donald solo starwars mustang access flower hottie
loveme ninja azerty batman jordan harley hunter ranger buster thomas tigger robert soccer killer hockey george
andrew daniel michelle jessica pepper summer winter spring autumn secret computer internet samsung google
apple orange banana chocolate cookie cheese pokemon minecraft fortnite matrix liverpool chelsea arsenal
barcelona madrid juventus yankees cowboys eagles lakers maggie ginger biteme pussy fuckyou fuckoff asshole
666666 696969 121212 112233 7777777 888888 999999 987654321 987654 55555 1111 2000 11111111 12341234 123qwe
qwe123 zxcvbnm zxcvbn asdfgh asdf qwer 1qaz 147258369 159753 741852963 963852741 147258 258456 159357
qwertz qwertzuiop azertyuiop aaaaaa abcdef abcdefg abcdefgh abcd1234 a1b2c3 a1b2c3d4 1a2b3c 1q2w3e 1q2w3e4r5t
q1w2e3r4 zaq1xsw2 1qazxsw2 !qaz2wsx qweasd qweasdzxc asdasd asd123 aa123456 a123456 123456a 1234qwer
default changeme guest user root administrator administrateur test test123 testing demo sample pass pass123
password123 password12 password1234 passwort motdepasse contrasena senha parola wachtwoord paswoord wachtwoord1
private system server network security secure letmein1 welcome1 welcome123 hello123 iloveu lovely love loveyou
angel angels baby babygirl butterfly friends family forever happy lucky magic money monkey1 mylove naruto
nicole pass1 peanut phoenix purple qwerty1 rainbow sakura silver smile snoopy sparky star stars sweety tiger
tinkerbell trust unicorn victoria yellow zaq123 zxc123 zxcvb 102030 010203 123654 123789 135790 246810
"""

DUTCH = """
welkom wachtwoord geheim hallo liefde schat schatje lieverd prinses konijn hond poes kat paard vogel fiets auto
vakantie voetbal ajax feyenoord psv twente vitesse heracles graafschap oranje holland nederland amsterdam
rotterdam utrecht denhaag eindhoven groningen zwolle arnhem nijmegen apeldoorn enschede deventer doetinchem
winterswijk lochem zutphen achterhoek gelderland overijssel twentse tukker friesland zomer winter lente herfst
zomertijd wintertijd januari februari maart april mei juni juli augustus september oktober november december
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag gemeente politie beheer beheerder gebruiker
inloggen aanmelden toegang sleutel kantoor werk collega boerderij schuur boer trekker koe koeien varken
buitengebied platteland veilig veiligheid dumping drugs afval riec omgevingsdienst handhaving toezicht
welkom01 welkom123 geheim123 hallo123 qwerty12 mijnwachtwoord wachtwoord123 nieuwwachtwoord nieuw
sinterklaas kerstmis kerst pasen koningsdag tulp molen kaas klompen stroopwafel hagelslag appeltaart
moeder vader mama papa opa oma zus broer kinderen gezin familie vriend vriendin vriendje liefje
jan piet kees klaas henk gerrit willem johan peter mark sander bas daan sem lucas emma julia sophie anna
lotte sanne lisa eva fleur noor maria petra ingrid monique linda marieke
"""

ENGLISH = """
password letmein welcome monkey dragon master shadow sunshine princess football baseball superman batman
trustno1 iloveyou freedom whatever michael jennifer jordan hunter ranger buster soccer hockey killer george
summer winter spring autumn secret computer internet hello charlie pepper ginger cookie chocolate cheese
orange banana apple flower purple yellow silver golden diamond matrix phoenix thunder lightning sunshine
starwars pokemon minecraft guitar music dance heaven angel jesus christ god lovely beautiful family friends
happy lucky money sexy hottie baby girl boy man woman king queen prince admin administrator user guest
london paris berlin newyork america england holland europe spring love
"""


def _words(text: str) -> list[str]:
    return text.split()


SEASONS = _words("zomer winter lente herfst summer spring autumn fall")
YEAR_WORDS = SEASONS + _words(
    "welkom wachtwoord geheim password welcome hallo hello admin beheer beheerder gemeente politie januari "
    "februari maart april mei juni juli augustus september oktober november december voetbal ajax feyenoord psv "
    "oranje nederland holland amsterdam vakantie kerst liefde qwerty letmein"
)
YEARS = range(1950, 2036)
ROWS = _words(
    "1234567890 qwertyuiop asdfghjkl zxcvbnm azertyuiop qsdfghjklm wxcvbn qwertzuiop yxcvbnm 1qaz2wsx3edc4rfv5tgb "
    "zaq12wsxcde34rfv !qaz@wsx#edc 1q2w3e4r5t6y7u8i9o0p q1w2e3r4t5y6u7i8o9p0 qazwsxedcrfvtgbyhnujmikolp "
    "abcdefghijklmnopqrstuvwxyz 01234567890123456789"
)


def _walks() -> set[str]:
    """Every run of 4 to 20 keys along a keyboard row or an alphabet, forwards and backwards."""
    found: set[str] = set()
    for row in ROWS:
        for text in (row, row[::-1]):
            for size in range(4, min(len(text), 20) + 1):
                for start in range(len(text) - size + 1):
                    found.add(text[start : start + size])
    return found


def _repeats() -> set[str]:
    """One character 4 to 20 times, and a short part repeated (``abcabc``, ``12121212``)."""
    found = {c * n for c in "abcdefghijklmnopqrstuvwxyz0123456789!.*#" for n in range(4, 21)}
    for part in ("ab", "abc", "12", "123", "1234", "qwe", "asd", "xo", "ha", "la", "aa1", "a1", "1a"):
        found |= {part * n for n in range(2, 7) if len(part * n) >= 4}
    return found


def _places() -> set[str]:
    """Dutch municipality names (without spaces and punctuation) from the CBS boundaries in this folder."""
    path = HERE / "cbs_gemeenten_2023_rd.geojson"
    if not path.exists():
        return set()
    names = {f["properties"].get("statnaam", "") for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    return {re.sub(r"[\W_]+", "", n.casefold()) for n in names if n}


def build() -> list[str]:
    words = {w for block in (TOP, DUTCH, ENGLISH) for w in _words(block)}
    found = set(words) | _walks() | _repeats() | _places()
    for word in YEAR_WORDS:
        found |= {f"{word}{year}" for year in YEARS}
        found |= {f"{word}{n}" for n in ("1", "12", "123", "1234", "01", "!", "!!", "01!")}
    for word in ("password", "wachtwoord", "welkom", "welcome", "qwerty", "admin", "geheim"):
        found |= {f"{word}{n}" for n in range(100)}
    return sorted(w for w in found if w and w.strip() == w)


def main() -> None:
    lines = build()
    header = [
        "# Refused passwords (lower case, one a line), made by data/make_common_passwords.py; see data/README.md.",
        f"# {len(lines)} entries.",
    ]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} wachtwoorden")


if __name__ == "__main__":
    main()
