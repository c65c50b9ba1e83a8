"""Roles as data: the full role x resource x action matrix, layer access, pages, Dutch messages and scope."""

from __future__ import annotations

import pytest

from gis.domain.catalog import Layer
from gis.domain.roles import (
    PAGES,
    POLICIES,
    RESOURCES,
    ROLE_LABELS,
    SMALL_COUNT_SUPPRESSION,
    Access,
    Action,
    PermissionDenied,
    Principal,
    Role,
    can,
    can_edit_record,
    can_open,
    layer_access,
    matrix,
    require,
    require_layer,
)

# Expected rights written out by hand (not derived from POLICIES). Letters: V=view, C=create, U=update,
# D=delete, I=import, E=export, A=admin. Resources not listed allow nothing.
EXPECTED: dict[str, dict[str, str]] = {
    "beheerder": {
        "areas": "VCUDIEA",
        "dumpings": "VCUDIEA",
        "barns": "VCUDIEA",
        "incidents": "VCUDIEA",
        "imports": "VCUDIEA",
        "audit": "VE",
        "accounts": "VCUDIEA",
        "retention": "VCUDIEA",
        "plans": "VCUDIEA",
        "analysis": "VCUDIEA",
        "survey": "VCUDIEA",
        "schouw": "VCUDIEA",
        "measures": "VCUDIEA",
        "ranking": "VCUDIEA",
        "partnership": "VCUDIEA",
        "contacts": "VCUDIEA",
        "certification": "VCUDIEA",
        "keurmerk": "VCUDIEA",
    },
    "coordinator": {
        "areas": "VCUE",
        "plans": "VCUDE",
        "measures": "V",
        "ranking": "VC",
        "partnership": "VCUDE",
        "contacts": "VCUD",
        "certification": "VCE",
        "keurmerk": "V",
        "dumpings": "VE",
        "barns": "VE",
        "incidents": "VE",
        "analysis": "VCE",
        "survey": "VCDIE",
        "schouw": "VCUE",
    },
    "analist": {
        "areas": "V",
        "plans": "VE",
        "measures": "V",
        "ranking": "VC",
        "partnership": "V",
        "contacts": "V",
        "certification": "V",
        "keurmerk": "V",
        "analysis": "VE",
        "schouw": "V",
        "dumpings": "VE",
        "barns": "VE",
        "incidents": "VIE",
        "imports": "V",
    },
    "inspecteur": {
        "areas": "V",
        "plans": "V",
        "measures": "V",
        "ranking": "VC",
        "partnership": "V",
        "contacts": "V",
        "certification": "V",
        "keurmerk": "V",
        "dumpings": "VCU",
        "barns": "VCU",
        "incidents": "V",
        "analysis": "V",
        "schouw": "VCU",
    },
    "werkgroeplid": {
        "areas": "V",
        "plans": "V",
        "measures": "V",
        "ranking": "VC",
        "partnership": "V",
        "contacts": "V",
        "certification": "V",
        "keurmerk": "V",
        "dumpings": "V",
        "barns": "V",
        "incidents": "V",
        "analysis": "V",
        "schouw": "V",
    },
    "auditor": {
        "audit": "VE",
        "areas": "V",
        "plans": "VE",
        "measures": "V",
        "partnership": "VE",
        "certification": "VUE",
        "keurmerk": "V",
        "dumpings": "V",
        "barns": "V",
        "incidents": "V",
        "analysis": "VE",
        "schouw": "V",
    },
    "publiek": {"areas": "V", "dumpings": "V", "barns": "V", "incidents": "V", "keurmerk": "V"},
}
LETTERS = {
    "view": "V",
    "create": "C",
    "update": "U",
    "delete": "D",
    "import": "I",
    "export": "E",
    "admin": "A",
}

R, G, N = Access.RAW, Access.AGGREGATE, Access.NONE
EXPECTED_LAYERS: dict[Role, tuple[Access, Access, Access]] = {  # barns, dumpings, incidents
    Role.ADMIN: (R, R, R),
    Role.COORDINATOR: (R, R, G),
    Role.ANALYST: (R, R, R),
    Role.INSPECTOR: (R, R, G),
    Role.WORKGROUP: (G, G, G),
    Role.AUDITOR: (G, G, G),
    Role.PUBLIC: (G, G, G),
}

PROCESS = ("maatregelen", "plan", "samenwerking", "keurmerk")
EXPECTED_PAGES: dict[Role, set[str]] = {
    Role.ADMIN: set(PAGES),
    Role.COORDINATOR: {"kaart", "gebieden", "dumpingen", "hotspots", "aantallen", "analyse", *PROCESS, "over"},
    Role.ANALYST: {
        "kaart",
        "gebieden",
        "dumpingen",
        "importeren",
        "hotspots",
        "aantallen",
        "analyse",
        *PROCESS,
        "over",
    },
    Role.INSPECTOR: {"kaart", "gebieden", "dumpingen", "hotspots", "aantallen", "analyse", *PROCESS, "over"},
    Role.WORKGROUP: {"kaart", "hotspots", "aantallen", "gebieden", "analyse", *PROCESS, "over"},
    Role.AUDITOR: {"kaart", "gebieden", "aantallen", "analyse", *PROCESS, "over", "audit"},
    Role.PUBLIC: {"kaart", "aantallen", "keurmerk", "over"},
}


def who(role: Role, user: str = "jan", scope: frozenset[str] = frozenset({"*"})) -> Principal:
    return Principal(user, role, scope)


def test_matrix_matches_the_hand_written_table() -> None:
    rows = matrix()
    assert len(rows) == len(Role) * len(RESOURCES) * len(Action) == 7 * 18 * 7
    for role, resource, action, allowed in rows:
        expected = LETTERS[action] in EXPECTED[role].get(resource, "")
        assert allowed is expected, (role, resource, action)


def test_can_follows_the_hand_written_table_for_every_cell() -> None:
    resources = ("areas", "dumpings", "barns", "incidents", "imports", "audit", "accounts", "retention", "plans",
                 "analysis", "survey", "schouw", "measures", "ranking", "partnership", "contacts", "certification",
                 "keurmerk")  # fmt: skip
    assert set(RESOURCES) == set(resources)
    for role in Role:
        for resource in resources:
            for action in Action:
                expected = LETTERS[action.value] in EXPECTED[role.value].get(resource, "")
                assert can(who(role), action, resource) is expected, (role.value, resource, action.value)


def test_all_pages_and_pages_per_role() -> None:
    assert {"kaart", "gebieden", "dumpingen", "importeren", "hotspots", "aantallen", "analyse", "over", "beheer",
            "audit", *PROCESS} == PAGES  # fmt: skip
    for role, pages in EXPECTED_PAGES.items():
        for page in PAGES:
            assert can_open(who(role), page) is (page in pages), (role, page)


@pytest.mark.parametrize("role", list(Role))
def test_layer_access_per_role(role: Role) -> None:
    got = tuple(layer_access(who(role), layer) for layer in (Layer.BARNS, Layer.DUMPINGS, Layer.INCIDENTS))
    assert got == EXPECTED_LAYERS[role]


@pytest.mark.parametrize("role", list(Role))
def test_view_on_a_layer_exactly_when_layer_access_above_none(role: Role) -> None:
    for layer in Layer:
        assert can(who(role), Action.VIEW, str(layer)) is (layer_access(who(role), layer) > Access.NONE)


def test_public_and_workgroup_never_get_raw_incidents() -> None:
    for role in (Role.PUBLIC, Role.WORKGROUP, Role.AUDITOR, Role.COORDINATOR, Role.INSPECTOR):
        assert layer_access(who(role), Layer.INCIDENTS) == Access.AGGREGATE
        with pytest.raises(PermissionDenied):
            require_layer(who(role), Layer.INCIDENTS, Access.RAW)
    assert {role for role in Role if layer_access(who(role), Layer.INCIDENTS) == Access.RAW} == {
        Role.ADMIN,
        Role.ANALYST,
    }


def test_only_admin_administers_accounts_and_retention() -> None:
    for resource in ("accounts", "retention"):
        assert {role for role in Role if can(who(role), Action.ADMIN, resource)} == {Role.ADMIN}
    assert can_open(who(Role.ADMIN), "beheer")
    assert not any(can_open(who(role), "beheer") for role in Role if role is not Role.ADMIN)


def test_audit_log_is_append_only_for_everyone() -> None:
    for role in Role:
        for action in (Action.CREATE, Action.UPDATE, Action.DELETE):
            assert not can(who(role), action, "audit")
    assert {role for role in Role if can(who(role), Action.VIEW, "audit")} == {Role.ADMIN, Role.AUDITOR}


def test_auditor_and_public_change_nothing() -> None:
    """Apart from what the audit itself needs (the auditor records the result of the certification audit) and
    a working-group member's ranking and comments in the meeting, these roles change nothing."""
    own = {Role.AUDITOR: {("certification", Action.UPDATE)}, Role.WORKGROUP: {("ranking", Action.CREATE)}}
    for role in (Role.AUDITOR, Role.PUBLIC, Role.WORKGROUP):
        for resource in RESOURCES:
            for action in (Action.CREATE, Action.UPDATE, Action.DELETE, Action.IMPORT, Action.ADMIN):
                assert can(who(role), action, resource) is ((resource, action) in own.get(role, set()))


def test_reporters_and_photo_originals() -> None:
    assert {role for role in Role if POLICIES[role].see_reporters} == {Role.ADMIN, Role.INSPECTOR}
    assert {role for role in Role if POLICIES[role].see_photo_originals} == {Role.ADMIN, Role.ANALYST, Role.INSPECTOR}


def test_inspector_updates_only_own_dumpings() -> None:
    piet = who(Role.INSPECTOR, "piet")
    assert can_edit_record(piet, Layer.DUMPINGS, "piet")
    assert not can_edit_record(piet, Layer.DUMPINGS, "klaas")
    assert not can_edit_record(piet, Layer.DUMPINGS, None)
    assert can_edit_record(piet, Layer.BARNS, "klaas")
    assert not can_edit_record(piet, Layer.DUMPINGS, "piet", Action.DELETE)
    assert can_edit_record(who(Role.ADMIN), Layer.DUMPINGS, "klaas", Action.DELETE)
    assert not can_edit_record(who(Role.WORKGROUP), Layer.DUMPINGS, "jan")


def test_policies_cover_every_role_and_are_read_only() -> None:
    assert set(POLICIES) == set(Role) == set(ROLE_LABELS)
    assert all(set(labels) == {"nl", "en"} for labels in ROLE_LABELS.values())
    for policy in POLICIES.values():
        assert policy.pages <= PAGES
        assert set(policy.actions) <= set(RESOURCES)
        assert set(policy.layers) == set(Layer)
        with pytest.raises(TypeError):
            policy.actions["accounts"] = frozenset(Action)  # type: ignore[index]
    assert SMALL_COUNT_SUPPRESSION == 5


def test_require_message_is_dutch_and_names_user_role_action_resource() -> None:
    with pytest.raises(PermissionDenied, match=r"^Geen toegang: marie \(Werkgroeplid\) mag dumpingen niet wijzigen\.$"):
        require(who(Role.WORKGROUP, "marie"), Action.UPDATE, "dumpings")
    with pytest.raises(PermissionError, match=r"kees \(Publiek\) mag accounts niet beheren"):
        require(who(Role.PUBLIC, "kees"), Action.ADMIN, "accounts")
    require(who(Role.ANALYST), Action.IMPORT, "incidents")  # allowed: no exception


def test_require_layer_message_is_dutch() -> None:
    message = (
        r"^Geen toegang: kees \(Publiek\) heeft volledige toegang tot de laag incidenten nodig, "
        r"maar heeft geaggregeerde toegang\.$"
    )
    with pytest.raises(PermissionDenied, match=message):
        require_layer(who(Role.PUBLIC, "kees"), Layer.INCIDENTS, Access.RAW)
    require_layer(who(Role.PUBLIC), Layer.INCIDENTS, Access.AGGREGATE)
    require_layer(who(Role.ANALYST), Layer.INCIDENTS, Access.RAW)


def test_unknown_resource_or_page_is_an_error_not_a_silent_no() -> None:
    with pytest.raises(ValueError, match="Onbekende resource 'dumping'"):
        can(who(Role.ADMIN), Action.VIEW, "dumping")
    with pytest.raises(ValueError, match="Onbekende pagina 'kaarten'"):
        can_open(who(Role.ADMIN), "kaarten")


def test_scope_coverage() -> None:
    coordinator = Principal("an", Role.COORDINATOR, frozenset({"GM0153", "area:3"}))
    assert coordinator.covers("GM0153")
    assert coordinator.covers(None, [7, 3])
    assert coordinator.covers("GM0999", [3])
    assert not coordinator.covers("GM0999", [4])
    assert not coordinator.covers(None)
    assert not coordinator.covers("area:3")  # a municipality code is not an area code
    assert Principal("root", Role.ADMIN, frozenset()).covers("GM0999", [42])
    assert Principal("root", Role.ADMIN, frozenset({"GM0153"})).covers("GM0999")
    assert Principal("bob", Role.PUBLIC, frozenset({"*"})).covers(None)
    assert not Principal("nobody", Role.ANALYST, frozenset()).covers("GM0153", [1])
