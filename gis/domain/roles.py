"""Roles, rights and confidentiality as data: one table (`POLICIES`) that pages and stores consult.

Why this shape:

* Police and RIEC incidents are confidential, so only the analyst (and the administrator) see them as records;
  everyone else gets aggregates, with cells of fewer than `SMALL_COUNT_SUPPRESSION` records suppressed.
* Dumping reports carry reporters' names and photos (personal data): only roles that handle the report
  (administrator, inspector) see reporters; photo originals also go to the analyst (evidence of drug waste).
* Survey answers are personal data and never appear in this table as a resource: they are only shown
  aggregated, through the layers and the counts page.

Two kinds of rights are kept apart:

* `layers`: how much of a point layer a role may see (`Access.NONE`, `AGGREGATE`, `RAW`).
* `actions`: what a role may do on a resource. `Action.VIEW` on a layer resource means "may see that layer at
  its layer access level"; it is granted exactly when the layer access is above `NONE`. `Action.IMPORT` on a
  layer means importing records into that layer; the `imports` resource is the history of import batches.
  `Action.EXPORT` exports at the role's layer access level (aggregates only for `AGGREGATE`).

Action values are lowercase English (stable identifiers for logs and configuration); Dutch labels for users
are in `ACTION_LABELS`. Where a role applies is not in this table: a `Principal` carries its own scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType

from gis.domain.catalog import Layer


class Role(StrEnum):
    """The roles of the dashboard; values are the Dutch identifiers stored with accounts."""

    ADMIN = "beheerder"
    COORDINATOR = "coordinator"
    ANALYST = "analist"
    INSPECTOR = "inspecteur"
    WORKGROUP = "werkgroeplid"
    AUDITOR = "auditor"
    PUBLIC = "publiek"


ROLE_LABELS: dict[Role, dict[str, str]] = {
    Role.ADMIN: {"nl": "Beheerder", "en": "Administrator"},
    Role.COORDINATOR: {"nl": "Coördinator (gemeente)", "en": "Coordinator (municipality)"},
    Role.ANALYST: {"nl": "Analist (politie/RIEC)", "en": "Analyst (police/RIEC)"},
    Role.INSPECTOR: {"nl": "Inspecteur (omgevingsdienst)", "en": "Inspector (environmental service)"},
    Role.WORKGROUP: {"nl": "Werkgroeplid", "en": "Working-group member"},
    Role.AUDITOR: {"nl": "Auditor", "en": "Auditor"},
    Role.PUBLIC: {"nl": "Publiek", "en": "Public"},
}


class Access(IntEnum):
    """How much of a point layer a role sees; ordered, so `>=` compares levels."""

    NONE = 0
    AGGREGATE = 1  # grid cells / counts only; cells with fewer than SMALL_COUNT_SUPPRESSION records suppressed
    RAW = 2  # individual records and their fields


ACCESS_LABELS: dict[Access, str] = {
    Access.NONE: "geen",
    Access.AGGREGATE: "geaggregeerde",
    Access.RAW: "volledige",
}

SMALL_COUNT_SUPPRESSION = 5
"""Aggregate cells with fewer than this many records are suppressed for `Access.AGGREGATE`."""
SUPPRESSED = -1
"""A count hidden from an aggregate-only role because it is below `SMALL_COUNT_SUPPRESSION` (shown as "<5")."""


class Action(StrEnum):
    """What a role may do on a resource (lowercase English identifiers; Dutch labels in `ACTION_LABELS`)."""

    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"
    EXPORT = "export"
    ADMIN = "admin"


ACTION_LABELS: dict[Action, str] = {
    Action.VIEW: "bekijken",
    Action.CREATE: "aanmaken",
    Action.UPDATE: "wijzigen",
    Action.DELETE: "verwijderen",
    Action.IMPORT: "importeren",
    Action.EXPORT: "exporteren",
    Action.ADMIN: "beheren",
}

RESOURCES: tuple[str, ...] = (
    "areas",
    "dumpings",
    "barns",
    "incidents",
    "imports",
    "audit",
    "accounts",
    "retention",
    "plans",
    "analysis",
    "survey",
    "schouw",
    "measures",
    "ranking",
    "partnership",
    "contacts",
    "certification",
    "keurmerk",
)

RESOURCE_LABELS: dict[str, str] = {
    "areas": "gebieden",
    "dumpings": "dumpingen",
    "barns": "schuren",
    "incidents": "incidenten",
    "imports": "imports",
    "audit": "auditlog",
    "accounts": "accounts",
    "retention": "bewaartermijnen",
    "plans": "plannen",
    "analysis": "veiligheidsanalyse",
    "survey": "enquêteantwoorden",
    "schouw": "schouwen",
    "measures": "maatregelencatalogus",
    "ranking": "rangschikking en commentaar",
    "partnership": "samenwerking",
    "contacts": "contactgegevens",
    "certification": "certificering",
    "keurmerk": "keurmerkhouders",
}

LAYER_LABELS: dict[Layer, str] = {
    Layer.BARNS: "schuren",
    Layer.DUMPINGS: "dumpingen",
    Layer.INCIDENTS: "incidenten",
}

PAGES: frozenset[str] = frozenset(
    {
        "kaart",
        "gebieden",
        "dumpingen",
        "importeren",
        "hotspots",
        "aantallen",
        "analyse",
        "maatregelen",
        "plan",
        "samenwerking",
        "keurmerk",
        "over",
        "beheer",
        "audit",
    }
)


@dataclass(frozen=True)
class RolePolicy:
    """What one role may see and do. Resources missing from `actions` allow nothing."""

    layers: Mapping[Layer, Access]
    pages: frozenset[str]
    actions: Mapping[str, frozenset[Action]]
    see_reporters: bool  # reporter names and contact details of dumping reports
    see_photo_originals: bool  # unblurred, full-size photos of dumping reports
    own_records_only: frozenset[Layer] = frozenset()  # layers where UPDATE/DELETE is limited to own records


def _policy(
    layers: dict[Layer, Access],
    pages: Iterable[str],
    actions: dict[str, Iterable[Action]],
    *,
    see_reporters: bool = False,
    see_photo_originals: bool = False,
    own_records_only: Iterable[Layer] = (),
) -> RolePolicy:
    """Build a read-only policy (mappings wrapped so the table cannot be changed at run time)."""
    return RolePolicy(
        layers=MappingProxyType(dict(layers)),
        pages=frozenset(pages),
        actions=MappingProxyType({resource: frozenset(acts) for resource, acts in actions.items()}),
        see_reporters=see_reporters,
        see_photo_originals=see_photo_originals,
        own_records_only=frozenset(own_records_only),
    )


_A = Action
_ALL_ACTIONS = frozenset(Action)
_RAW_ALL = {Layer.BARNS: Access.RAW, Layer.DUMPINGS: Access.RAW, Layer.INCIDENTS: Access.RAW}
_AGG_ALL = {Layer.BARNS: Access.AGGREGATE, Layer.DUMPINGS: Access.AGGREGATE, Layer.INCIDENTS: Access.AGGREGATE}
_VIEW = (_A.VIEW,)
_PROCESS = ("maatregelen", "plan", "samenwerking", "keurmerk")  # the partnership's process pages (B2-B4, A2-A5)
# What every member of a partnership may do there: read the catalogue, the plan and the partnership's
# records, rank and comment measures in the meeting, read the members' contact details (personal data: members
# and administrators only) and the certification file.
_MEMBER: dict[str, tuple[Action, ...]] = {
    "measures": (_A.VIEW,),
    "ranking": (_A.VIEW, _A.CREATE),
    "partnership": (_A.VIEW,),
    "contacts": (_A.VIEW,),
    "certification": (_A.VIEW,),
    "keurmerk": (_A.VIEW,),
}

POLICIES: dict[Role, RolePolicy] = {
    # Administrator: everything, except that the audit log is append-only (written by the system, never edited
    # or deleted by a person) so the administrator may only view and export it.
    Role.ADMIN: _policy(
        _RAW_ALL,
        PAGES,
        {resource: _ALL_ACTIONS for resource in RESOURCES} | {"audit": (_A.VIEW, _A.EXPORT)},
        see_reporters=True,
        see_photo_originals=True,
    ),
    # Coordinator (municipality): records of dumpings and barns in the municipality, confidential incidents only
    # aggregated. Draws areas and writes plans; exports (aggregates for incidents). Handles no individual
    # reports, so no reporters and no photo originals (data minimisation).
    Role.COORDINATOR: _policy(
        {Layer.BARNS: Access.RAW, Layer.DUMPINGS: Access.RAW, Layer.INCIDENTS: Access.AGGREGATE},
        {"kaart", "gebieden", "dumpingen", "hotspots", "aantallen", "analyse", *_PROCESS, "over"},
        {
            "areas": (_A.VIEW, _A.CREATE, _A.UPDATE, _A.EXPORT),
            # chooses the measures with the partners and keeps the plan of action, the partnership's records
            # (participants, agreements, minutes, declaration and covenant) and the certification file
            "plans": (_A.VIEW, _A.CREATE, _A.UPDATE, _A.DELETE, _A.EXPORT),
            **_MEMBER,
            "partnership": (_A.VIEW, _A.CREATE, _A.UPDATE, _A.DELETE, _A.EXPORT),
            "contacts": (_A.VIEW, _A.CREATE, _A.UPDATE, _A.DELETE),
            "certification": (_A.VIEW, _A.CREATE, _A.EXPORT),
            # runs the survey and the site walks of the municipality's areas: the only role besides the
            # administrator that reads individual answers (incl. open ones) and freezes measurements
            "analysis": (_A.VIEW, _A.CREATE, _A.EXPORT),
            "survey": (_A.VIEW, _A.CREATE, _A.IMPORT, _A.DELETE, _A.EXPORT),
            "schouw": (_A.VIEW, _A.CREATE, _A.UPDATE, _A.EXPORT),
            "dumpings": (_A.VIEW, _A.EXPORT),
            "barns": (_A.VIEW, _A.EXPORT),
            "incidents": (_A.VIEW, _A.EXPORT),
        },
    ),
    # Analyst (police/RIEC): the only non-admin role with raw incidents; imports incident files and sees the
    # import history. Sees photo originals (evidence), not reporters (not needed for analysis).
    Role.ANALYST: _policy(
        _RAW_ALL,
        {"kaart", "gebieden", "dumpingen", "importeren", "hotspots", "aantallen", "analyse", *_PROCESS, "over"},
        {
            "areas": _VIEW,
            "plans": (_A.VIEW, _A.EXPORT),
            **_MEMBER,
            "analysis": (_A.VIEW, _A.EXPORT),  # survey results only as released figures, no answers
            "schouw": _VIEW,
            "dumpings": (_A.VIEW, _A.EXPORT),
            "barns": (_A.VIEW, _A.EXPORT),
            "incidents": (_A.VIEW, _A.IMPORT, _A.EXPORT),
            "imports": _VIEW,
        },
        see_photo_originals=True,
    ),
    # Inspector (environmental service): records dumpings and barn findings in the field; may change only the
    # dumping reports they created. Contacts reporters, so sees their names and the photo originals.
    # Incidents only aggregated (confidential).
    Role.INSPECTOR: _policy(
        {Layer.BARNS: Access.RAW, Layer.DUMPINGS: Access.RAW, Layer.INCIDENTS: Access.AGGREGATE},
        {"kaart", "gebieden", "dumpingen", "hotspots", "aantallen", "analyse", *_PROCESS, "over"},
        {
            "areas": _VIEW,
            "plans": _VIEW,
            **_MEMBER,
            "analysis": _VIEW,
            "schouw": (_A.VIEW, _A.CREATE, _A.UPDATE),  # walks the area and records findings
            "dumpings": (_A.VIEW, _A.CREATE, _A.UPDATE),
            "barns": (_A.VIEW, _A.CREATE, _A.UPDATE),
            "incidents": _VIEW,
        },
        see_reporters=True,
        see_photo_originals=True,
        own_records_only={Layer.DUMPINGS},
    ),
    # Working-group member: aggregates and plans only, read-only; no record pages (dumpingen, importeren).
    Role.WORKGROUP: _policy(
        _AGG_ALL,
        {"kaart", "hotspots", "aantallen", "gebieden", "analyse", *_PROCESS, "over"},
        {
            "areas": _VIEW,
            "plans": _VIEW,
            **_MEMBER,
            "dumpings": _VIEW,
            "barns": _VIEW,
            "incidents": _VIEW,
            "analysis": _VIEW,
            "schouw": _VIEW,
        },
    ),
    # Auditor: reads (and may export) the audit log, sees areas, plans and aggregated layers; changes nothing.
    Role.AUDITOR: _policy(
        _AGG_ALL,
        {"kaart", "gebieden", "aantallen", "analyse", *_PROCESS, "over", "audit"},
        {
            "audit": (_A.VIEW, _A.EXPORT),
            # reads the partnership's file (no contact details: not a member) and records the audit's result
            "measures": _VIEW,
            "plans": (_A.VIEW, _A.EXPORT),
            "partnership": (_A.VIEW, _A.EXPORT),
            "certification": (_A.VIEW, _A.UPDATE, _A.EXPORT),
            "keurmerk": _VIEW,
            "analysis": (_A.VIEW, _A.EXPORT),  # the analysis report belongs in the certification file
            "schouw": _VIEW,
            "areas": _VIEW,
            "dumpings": _VIEW,
            "barns": _VIEW,
            "incidents": _VIEW,
        },
    ),
    # Public: the regional overview with aggregated maps only. VIEW on the layers only means "may see their
    # aggregates" (see module docstring); plans are internal and not shown.
    Role.PUBLIC: _policy(
        _AGG_ALL,
        {"kaart", "aantallen", "keurmerk", "over"},
        # the list of Keurmerk holders and active municipalities, never the data behind them
        {"areas": _VIEW, "dumpings": _VIEW, "barns": _VIEW, "incidents": _VIEW, "keurmerk": _VIEW},
    ),
}


@dataclass(frozen=True)
class Principal:
    """A signed-in user with one role, bound to the municipalities (e.g. "GM0153") or areas ("area:3") where the
    role applies. "*" in `scope` means everywhere; an administrator covers everywhere whatever the scope."""

    user: str
    role: Role
    scope: frozenset[str] = frozenset()

    @property
    def everywhere(self) -> bool:
        """Whether this principal's role applies to the whole region."""
        return self.role is Role.ADMIN or "*" in self.scope

    def covers(self, municipality_code: str | None, area_ids: Iterable[int] = ()) -> bool:
        """Whether a record in this municipality and/or these areas falls within the principal's scope."""
        if self.everywhere:
            return True
        if municipality_code and not municipality_code.startswith("area:") and municipality_code in self.scope:
            return True
        return any(f"area:{area_id}" in self.scope for area_id in area_ids)


class PermissionDenied(PermissionError):
    """Raised when a principal lacks a right; the message is Dutch and names user, role, action and resource."""


def _role_label(role: Role) -> str:
    return ROLE_LABELS[role]["nl"]


def _check_resource(resource: str) -> None:
    if resource not in RESOURCES:
        raise ValueError(f"Onbekende resource '{resource}'; kies uit: {', '.join(RESOURCES)}.")


def layer_access(principal: Principal, layer: Layer) -> Access:
    """How much of `layer` the principal may see."""
    return POLICIES[principal.role].layers.get(Layer(layer), Access.NONE)


def can(principal: Principal, action: Action, resource: str) -> bool:
    """Whether the principal's role allows `action` on `resource` (scope and ownership are checked elsewhere)."""
    _check_resource(resource)
    return Action(action) in POLICIES[principal.role].actions.get(resource, frozenset())


def can_open(principal: Principal, page: str) -> bool:
    """Whether the principal may open the page with this key."""
    if page not in PAGES:
        raise ValueError(f"Onbekende pagina '{page}'; kies uit: {', '.join(sorted(PAGES))}.")
    return page in POLICIES[principal.role].pages


def can_edit_record(principal: Principal, layer: Layer, created_by: str | None, action: Action = Action.UPDATE) -> bool:
    """Whether the principal may change (or delete) a record of `layer` created by `created_by`."""
    if not can(principal, action, str(layer)):
        return False
    return layer not in POLICIES[principal.role].own_records_only or created_by == principal.user


def require(principal: Principal, action: Action, resource: str) -> None:
    """Raise `PermissionDenied` unless `can(principal, action, resource)`."""
    if not can(principal, action, resource):
        raise PermissionDenied(
            f"Geen toegang: {principal.user} ({_role_label(principal.role)}) mag "
            f"{RESOURCE_LABELS[resource]} niet {ACTION_LABELS[Action(action)]}."
        )


def require_layer(principal: Principal, layer: Layer, needed: Access) -> None:
    """Raise `PermissionDenied` unless the principal's access to `layer` is at least `needed`."""
    have = layer_access(principal, layer)
    if have < needed:
        raise PermissionDenied(
            f"Geen toegang: {principal.user} ({_role_label(principal.role)}) heeft "
            f"{ACCESS_LABELS[Access(needed)]} toegang tot de laag {LAYER_LABELS[Layer(layer)]} nodig, "
            f"maar heeft {ACCESS_LABELS[have]} toegang."
        )


def matrix() -> list[tuple[str, str, str, bool]]:
    """Every (role, resource, action, allowed), in enum and `RESOURCES` order, for documentation and tests."""
    return [
        (role.value, resource, action.value, action in POLICIES[role].actions.get(resource, frozenset()))
        for role in Role
        for resource in RESOURCES
        for action in Action
    ]
