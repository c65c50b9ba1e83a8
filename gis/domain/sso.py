"""Single sign-on (OpenID Connect, e.g. Microsoft Entra ID) as rules: which claim of the identity token
gives the role, and how its values map to our roles and scopes. Pure; ``gis.ui.login`` calls Streamlit's
``st.login`` and hands the claims (``st.user``) here.

Configured in ``.streamlit/secrets.toml`` next to Streamlit's own ``[auth]`` section (see
``.streamlit/secrets.example.toml``)::

    [vb_sso]
    provider = "microsoft"      # the [auth.<provider>] section Streamlit uses
    claim = "roles"             # Entra ID app roles; "groups" for group ids
    default_scope = "*"
    [vb_sso.roles]              # claim value -> role
    "VB.Analist" = "analist"
    [vb_sso.scopes]             # claim value -> scope (optional)
    "VB.Coordinator.Lochem" = "GM0262"

A user whose token carries none of the mapped values gets no access.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from gis.domain.accounts import parse_role, parse_scope
from gis.domain.roles import Principal, Role

# When a token carries several mapped values, the first role in this order wins.
ROLE_ORDER: tuple[Role, ...] = (
    Role.ADMIN, Role.ANALYST, Role.COORDINATOR, Role.INSPECTOR, Role.AUDITOR, Role.WORKGROUP, Role.PUBLIC,
)  # fmt: skip
USER_CLAIMS: tuple[str, ...] = ("email", "preferred_username", "upn", "sub")


@dataclass(frozen=True)
class SsoConfig:
    """How claims become a principal."""

    provider: str
    claim: str
    roles: Mapping[str, Role]
    scopes: Mapping[str, str] = field(default_factory=dict)
    default_scope: str = "*"


def sso_config(secrets: Mapping[str, object]) -> SsoConfig | None:
    """The configuration from the secrets (None when single sign-on is not set up); ValueError (Dutch)
    naming the setting when it is set up wrongly."""
    section = secrets.get("vb_sso") if hasattr(secrets, "get") else None
    auth = secrets.get("auth") if hasattr(secrets, "get") else None
    if not section or not auth:
        return None
    provider = str(section.get("provider", "microsoft"))  # type: ignore[union-attr]
    if provider not in auth:  # type: ignore[operator]
        raise ValueError(f"vb_sso.provider = '{provider}', maar [auth.{provider}] ontbreekt in secrets.toml.")
    roles = {str(k): parse_role(str(v)) for k, v in dict(section.get("roles", {})).items()}  # type: ignore[union-attr]
    if not roles:
        raise ValueError("[vb_sso.roles] is leeg: koppel minstens één waarde van de claim aan een rol.")
    scopes = {str(k): str(v) for k, v in dict(section.get("scopes", {})).items()}  # type: ignore[union-attr]
    default = str(section.get("default_scope", "*"))  # type: ignore[union-attr]
    for value in [*scopes.values(), default]:
        parse_scope(value)  # raises with the wrong value named
    return SsoConfig(provider, str(section.get("claim", "roles")), roles, scopes, default)  # type: ignore[union-attr]


def _values(claims: Mapping[str, object], claim: str) -> list[str]:
    raw = claims.get(claim)
    if raw is None:
        return []
    return [str(v) for v in raw] if isinstance(raw, list | tuple) else [str(raw)]


def principal_from_claims(claims: Mapping[str, object], cfg: SsoConfig) -> Principal | None:
    """The principal for an identity token's claims, or None when no mapped role is present."""
    user = next((str(claims[c]).strip().casefold() for c in USER_CLAIMS if claims.get(c)), "")
    values = _values(claims, cfg.claim)
    mapped = [(cfg.roles[v], v) for v in values if v in cfg.roles]
    if not user or not mapped:
        return None
    role = min((r for r, _v in mapped), key=ROLE_ORDER.index)
    items = {item for v in values if v in cfg.scopes for item in parse_scope(cfg.scopes[v])}
    scope = frozenset(items) or parse_scope(cfg.default_scope)
    return Principal(user[:200], role, scope)
