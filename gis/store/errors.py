"""Store errors with a Dutch message a user can act on; the original error stays attached."""

from __future__ import annotations

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
        super().__init__(
            f"De database ({where}) is nu niet bereikbaar. Wat u net deed is niet opgeslagen; er is niets half "
            "weggeschreven. Het dashboard maakt vanzelf weer verbinding zodra de database terug is: probeer het "
            "over een minuut opnieuw."
        )
        self.detail = detail


CONFLICT_MESSAGE = (
    "Iemand anders heeft dit tegelijk gewijzigd. Er is niets van uw wijziging opgeslagen; de gegevens zijn "
    "opnieuw geladen. Bekijk ze en voer uw wijziging zo nodig opnieuw in."
)


class ConflictError(StoreError, duckdb.TransactionException):
    """Two writes met: another transaction changed the same record first (nothing of this one was written).
    Also a ``duckdb.TransactionException``, so code that retries write conflicts still catches it."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(CONFLICT_MESSAGE)
        self.detail = detail
