"""Store errors with a Dutch message a user can act on; the original error stays attached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import duckdb


class StoreError(Exception):
    """Base class: ``str(err)`` is a Dutch sentence fit to show to the user."""


class StoreLockedError(StoreError):
    """The database file is held open by another process."""

    def __init__(self, path: str, detail: str = "") -> None:
        pid = ""
        if "PID" in detail:
            pid = " (proces " + detail.split("PID", 1)[1].strip(" )").split(")")[0] + ")"
        super().__init__(
            f"De database '{path}' is in gebruik door een ander programma{pid}. "
            "Sluit dat programma (bijvoorbeeld een tweede dashboard of een import op de "
            "opdrachtregel) en probeer het opnieuw. Er is niets gewijzigd."
        )


class StoreCorruptError(StoreError):
    """The database file exists but cannot be read as a database."""

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            f"Het bestand '{path}' is geen leesbare database of is beschadigd. "
            "Het bestand is niet aangeraakt of overschreven. Zet een reservekopie terug, "
            "of wijs met de instelling VB_DB een ander databasebestand aan."
        )
        self.detail = detail


class StoreWalError(StoreCorruptError):
    """The database's write-ahead log (``<file>.wal``) cannot be replayed: the server stopped mid-change."""

    def __init__(self, path: str, detail: str = "") -> None:
        StoreError.__init__(
            self,
            f"De laatste wijzigingen in de database '{path}' (het logbestand '{path}.wal') kunnen niet worden "
            "teruggezet; het dashboard is waarschijnlijk midden in een wijziging gestopt. Niets is overschreven. "
            "Zet een reservekopie terug, of verplaats het .wal-bestand (de wijzigingen daarin gaan dan verloren).",
        )
        self.detail = detail


class StoreVersionError(StoreError):
    """The database was written by a newer version of the application."""

    def __init__(self, path: str, found: int, known: int) -> None:
        super().__init__(
            f"De database '{path}' heeft schemaversie {found}, deze versie van het dashboard "
            f"kent er {known}. Werk het dashboard bij; de database is niet gewijzigd."
        )


class UnsupportedBackendError(StoreError):
    """The ``VB_DB`` setting names a backend this build cannot open."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"De database-instelling VB_DB='{url}' wordt niet ondersteund. Gebruik een pad naar een DuckDB-bestand "
            "(bijvoorbeeld data/veilig_buitengebied.duckdb) of postgresql://rol@server:5432/database."
        )


class StoreUnavailableError(StoreError):
    """The shared database cannot be reached (stopped, restarting, network gone). Nothing half-written:
    the transaction that was open is rolled back by the server."""

    def __init__(self, where: str, detail: str = "") -> None:
        super().__init__(  # the address is for the command line and the log (``where``), not for a page
            "De database is nu niet bereikbaar. Wat u net deed is niet opgeslagen; er is niets half "
            "weggeschreven. Het dashboard maakt vanzelf weer verbinding zodra de database terug is: probeer het "
            "over een minuut opnieuw."
        )
        self.where = where
        self.detail = detail


CONFLICT_MESSAGE = (
    "Iemand anders heeft dit tegelijk gewijzigd. Er is niets van uw wijziging opgeslagen; de gegevens zijn "
    "opnieuw geladen. Bekijk ze en voer uw wijziging zo nodig opnieuw in."
)
_CONFLICT_EN = (
    "Someone else changed this at the same time. Nothing of your change was saved; the data have been reloaded. "
    "Check them and enter your change again if needed."
)
# A named conflict: the record, who saved it first and when ({when} is "om 14:02" or "op 05-12-2026 om 14:02").
_NAMED = {
    "nl": "{what} is intussen gewijzigd door {who} {when}; laad {it} opnieuw en voer uw wijziging zo nodig opnieuw "
    "in. Er is niets van uw wijziging opgeslagen.",
    "en": "{what} was changed in the meantime by {who} {when}; reload it and enter your change again if needed. "
    "Nothing of your change was saved.",
}
_IT = {"melding": "de melding", "gebied": "het gebied"}  # "laad ... opnieuw" per kind of record (Dutch)
_UNKNOWN_WHO = {"nl": "een andere gebruiker", "en": "another user"}


def _when_text(when: datetime | None, lang: str, today: date | None) -> str:
    if when is None:
        return "zojuist" if lang == "nl" else "just now"
    at = "om" if lang == "nl" else "at"
    if today is not None and when.date() == today:
        return f"{at} {when:%H:%M}"
    on = "op" if lang == "nl" else "on"
    return f"{on} {when:%d-%m-%Y} {at} {when:%H:%M}"


class ConflictError(StoreError, duckdb.TransactionException):
    """Two writes met: another transaction changed the same record first (nothing of this one was written).
    Also a ``duckdb.TransactionException``, so code that retries write conflicts still catches it.

    A named conflict also says which record (``what``, e.g. "Melding 12"), who saved it first (``who``) and
    when (``when``, Dutch local time); ``message(lang)`` gives the sentence in Dutch or English."""

    def __init__(
        self, detail: str = "", *, what: str | None = None, who: str | None = None, when: datetime | None = None,
        what_en: str | None = None, today: date | None = None,
    ) -> None:  # fmt: skip
        self.detail = detail
        self.what = what
        self.what_en = what_en or what
        self.who = who
        self.when = when
        self._today = today
        super().__init__(self.message("nl"))

    @property
    def named(self) -> bool:
        """Whether this conflict names the record that was changed first."""
        return self.what is not None

    def message(self, lang: str = "nl") -> str:
        """The sentence for the user, in Dutch (``nl``) or English (``en``)."""
        lang = "en" if lang == "en" else "nl"
        if self.what is None:
            return _CONFLICT_EN if lang == "en" else CONFLICT_MESSAGE
        today = self._today
        if today is None:
            from gis.clock import now_nl

            today = now_nl().date()
        what = self.what_en if lang == "en" else self.what
        it = _IT.get(what.split()[0].lower(), "de gegevens")
        return _NAMED[lang].format(what=what, who=self.who or _UNKNOWN_WHO[lang],
                                   when=_when_text(self.when, lang, today), it=it)  # fmt: skip


class DuplicateSiteError(StoreError):
    """A new report was refused: since the user's duplicate check, other open reports were logged at the same
    spot (``ids``). Nothing was saved; the form shows the duplicate choice again."""

    def __init__(self, ids: Sequence[int], radius_m: float) -> None:
        self.ids = tuple(int(i) for i in ids)
        n = len(self.ids)
        super().__init__(
            f"Intussen {'is' if n == 1 else 'zijn'} op deze plek (binnen {radius_m:.0f} m) {n} andere "
            f"{'melding' if n == 1 else 'meldingen'} gedaan. Uw melding is nog niet opgeslagen: kies of het "
            "dezelfde plek is of een nieuwe."
        )
