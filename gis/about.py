"""The About page's text: purpose, data sources with licences, and the open database (which software and
version, where, schema version; never a role name or password)."""

from __future__ import annotations

import re

from gis.domain.roles import Role
from gis.i18n import t
from gis.store import Store

_PURPOSE = {
    "nl": (
        "Dit dashboard ondersteunt de publiek-private samenwerking **KIEK UUT Veilig Buitengebied** in "
        "Oost-Nederland: gemeenten, boeren, politie, brandweer, omgevingsdienst, RIEC en natuurbeheerders "
        "die samen ondermijning in het buitengebied aanpakken (leegstaande schuren als drugslab of "
        "hennepkwekerij, drugsafvaldumpingen, boeren die door criminelen worden benaderd). Het legt "
        "gebiedsgrenzen, leegstaande schuren, dumpingen en incidenten op één kaart."
    ),
    "en": (
        "This dashboard supports the public-private partnership **KIEK UUT Veilig Buitengebied** "
        "(Safe Countryside) in the eastern Netherlands: municipalities, farmers, police, fire brigade, "
        "environmental service, RIEC and nature managers fighting organised crime in rural areas "
        "(vacant barns used as drug labs or cannabis farms, drug-waste dumping, farmers approached by "
        "criminals). It overlays area boundaries, vacant barns, dumpings and incidents on one map."
    ),
}
_SOURCES = (
    "- Gemeente- en provinciegrenzen 2023: CBS / Kadaster via PDOK, gegeneraliseerd door cartomap/nl, "
    "CC-BY 4.0, RD New (EPSG:28992).\n"
    "- Achtergrondkaarten: PDOK BRT-Achtergrondkaart en Luchtfoto (Kadaster / Beeldmateriaal "
    "Nederland), OpenStreetMap (ODbL).\n"
    "- Kaartbibliotheken: Leaflet (BSD-2), Leaflet.draw en Leaflet.markercluster (MIT), meegeleverd."
)


_ROLE = re.compile(r"://[^@/]*@")  # the user (and any password) part of a URL


def database_line(store: Store, lang: str) -> str:
    """One line on the open database: location, software and version, schema version, demo or production.

    For PostgreSQL the location is ``postgresql://host:port/database``: the store's path has no password, and
    the role name is left out too. The location and the exact server version only for the administrator (the
    About page is open to every role, and a host name and version only help someone looking for a way in)."""
    demo = "demo" if store.is_demo() else ("productie" if lang == "nl" else "production")
    shared = store.backend == "postgis"
    kind = ("gedeelde database" if lang == "nl" else "shared database") if shared else (
        "ingebouwde database" if lang == "nl" else "embedded database")  # fmt: skip
    principal = getattr(store, "principal", None)
    if principal is not None and principal.role is not Role.ADMIN:
        engine = "PostgreSQL + PostGIS" if shared else "DuckDB"
        return f"{engine}, {kind}, schema v{store.schema_version()}, {demo}"
    where = _ROLE.sub("://", store.path)
    software = store.server_version()
    if shared:
        software = f"{software} + PostGIS, {kind}"
    return f"`{where}` ({software}, schema v{store.schema_version()}, {demo})"


def about_markdown(store: Store, lang: str) -> str:
    """Markdown for the About page."""
    return (
        f"## {t('about_title', lang)}\n\n{_PURPOSE.get(lang, _PURPOSE['nl'])}\n\n"
        f"### {'Bronnen' if lang == 'nl' else 'Sources'}\n{_SOURCES}\n\n"
        f"### Database\n{database_line(store, lang)}\n"
    )
