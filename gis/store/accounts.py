"""Accounts, sign-in sessions, sign-in throttling and the audit log in the store.

The audit log is append-only: this module offers ``audit`` (add a line) and ``audit_log`` (read);
nothing in the app updates or deletes a line. Password hashes never leave the store except to
``gis.auth`` for verification (``account_secret``); ``accounts`` lists accounts without them.

The sign-in counters (``login_throttle``) and the first-run setup are decided read-decide-write under
one lock per database file, inside one transaction, retried on a write conflict. The lock is needed:
DuckDB (1.5) lets a transaction that began before another one committed an update of the same row
overwrite it from its older snapshot without a conflict (a lost update), so "one UPDATE" alone does not
make a counter exact. DuckDB lets one process write a file, so a lock in the process is enough. On PostgreSQL
several app processes share the database and the lock holds only within one: there REPEATABLE READ makes the
second of two updates of a counter fail (retried, reading the first one's count), and the second of two first
attempts inserting the same row fail on the key (retried too, then it updates that row).
"""

from __future__ import annotations

import contextlib
import hmac
import os
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import duckdb
import pandas as pd

from gis.clock import now_nl
from gis.domain.accounts import Attempts
from gis.store.errors import ConflictError, StoreError

AUDIT_COLUMNS = "id, logged_at, user_name, role, action, resource, record, detail, outcome"
ACCOUNT_SOURCE = "*"  # the row of login_throttle that counts an account's failures from all sources
SETUP_TOKEN_KEY = "setup_token"  # meta: the SHA-256 of the one-time setup token (removed when used)
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a duplicate key
WRITE_TRIES = 12  # a write conflict is retried this often (with a short random wait) before giving up
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
T = TypeVar("T")


def _file_lock(path: str) -> threading.Lock:
    key = path if path == ":memory:" else os.path.realpath(path)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def _attempts(row: tuple[Any, ...] | None) -> Attempts:
    if row is None:
        return Attempts()
    failures, locked, locks, success = row
    return Attempts(int(failures), _plain(locked), int(locks), _plain(success))


def _write_conflict(exc: BaseException) -> bool:
    """A write that met another one and may be retried: a write conflict, or (PostgreSQL, where the lock above
    holds only within one app process) a row another process inserted after this transaction's snapshot."""
    return isinstance(exc, duckdb.TransactionException) or getattr(exc, "sqlstate", None) == UNIQUE_VIOLATION


def _plain(value: object) -> datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()  # type: ignore[arg-type]


class AccountsMixin:
    """Account, session and audit methods; the host provides ``transaction``, ``query_df`` and ``cursor``."""

    # -- accounts ---------------------------------------------------------------------------------
    def has_accounts(self, include_demo: bool = False) -> bool:
        """Whether any (non-demo, unless ``include_demo``) account exists: without one, setup runs first."""
        where = "" if include_demo else " WHERE NOT is_demo"
        row = self.cursor().execute(f"SELECT count(*) FROM accounts{where}").fetchone()  # type: ignore[attr-defined]
        return bool(row and row[0])

    def create_account(
        self, username: str, display_name: str, role: str, scope: str, password_hash: str, created_by: str,
        is_demo: bool = False,
    ) -> None:  # fmt: skip
        """Add an account (the caller checked name, role, scope and hashed the password)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            if cur.execute("SELECT 1 FROM accounts WHERE username = ?", [username]).fetchone():
                raise StoreError(f"De gebruikersnaam '{username}' bestaat al.")
            cur.execute(
                "INSERT INTO accounts (username, display_name, role, scope, password_hash, created_by, is_demo, "
                "password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
                [username, display_name, role, scope, password_hash, created_by, is_demo],
            )

    def create_first_account(
        self, username: str, display_name: str, role: str, scope: str, password_hash: str, setup_token_hash: str
    ) -> None:
        """The first account, at setup: only with the current setup token, only while there is no account, and
        it uses the token up, all in one transaction (of parallel setups exactly one succeeds). StoreError
        (Dutch) otherwise."""

        def work(cur: Any) -> None:
            if cur.execute("SELECT count(*) FROM accounts WHERE NOT is_demo").fetchone()[0]:
                raise StoreError("Het beheerdersaccount is al aangemaakt; log in met uw naam en wachtwoord.")
            row = cur.execute("SELECT value FROM meta WHERE key = ?", [SETUP_TOKEN_KEY]).fetchone()
            if row is None or not hmac.compare_digest(str(row[0]).encode(), setup_token_hash.encode()):
                raise StoreError("Het setup-token klopt niet. U vindt het in de uitvoer van de server bij het "
                                 "starten, of in de instelling VB_SETUP_TOKEN.")  # fmt: skip
            cur.execute("DELETE FROM meta WHERE key = ?", [SETUP_TOKEN_KEY])
            cur.execute(
                "INSERT INTO accounts (username, display_name, role, scope, password_hash, created_by, is_demo, "
                "password_changed_at) VALUES (?, ?, ?, ?, ?, ?, FALSE, current_timestamp)",
                [username, display_name, role, scope, password_hash, username],
            )

        self._locked_write(work)

    def set_setup_token(self, token_hash: str) -> None:
        """Keep the SHA-256 of the one-time setup token (replacing an earlier one)."""

        def work(cur: Any) -> None:
            cur.execute("DELETE FROM meta WHERE key = ?", [SETUP_TOKEN_KEY])
            cur.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [SETUP_TOKEN_KEY, token_hash])

        self._locked_write(work)

    def accounts(self, now: datetime | None = None) -> pd.DataFrame:
        """All accounts without their password hashes, by name, with their sign-in state: failures in a row
        from all sources, until when the account is locked, and from how many sources it is locked now."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT a.username, a.display_name, a.role, a.scope, a.created_at, a.created_by, "
            "coalesce(t.failures, 0) AS failed_logins, "
            "CASE WHEN t.locked_until > ? THEN t.locked_until END AS locked_until, "
            "(SELECT count(*) FROM login_throttle s WHERE s.username = a.username AND s.source <> ? "
            "AND s.locked_until > ?) AS locked_sources, a.disabled_at, a.is_demo "
            "FROM accounts a LEFT JOIN login_throttle t ON t.username = a.username AND t.source = ? "
            "ORDER BY a.username",
            [now or now_nl(), ACCOUNT_SOURCE, now or now_nl(), ACCOUNT_SOURCE],
        )

    def account_secret(self, username: str) -> dict[str, object] | None:
        """One account with its hash and lock state (for ``gis.auth`` only), or None."""
        df = self.query_df("SELECT * FROM accounts WHERE username = ?", [username])  # type: ignore[attr-defined]
        return None if df.empty else df.iloc[0].to_dict()

    def change_sign_in_state(
        self, username: str, source: str, change: Callable[[Attempts, Attempts], tuple[Attempts, Attempts, T]],
        now: datetime,
    ) -> T:  # fmt: skip
        """Read the sign-in state of ``username`` from ``source`` and from all sources, let ``change`` decide
        (``gis.domain.accounts.reserve`` or ``succeeded``), write the new states and return its answer: all
        at once for parallel attempts, retried on a write conflict."""
        if source == ACCOUNT_SOURCE:
            raise ValueError("'*' is geen bron.")
        sql = "SELECT failures, locked_until, locks, last_success FROM login_throttle WHERE username = ? AND source = ?"

        def work(cur: Any) -> T:
            rows = [cur.execute(sql, [username, s]).fetchone() for s in (source, ACCOUNT_SOURCE)]
            new_source, new_account, answer = change(_attempts(rows[0]), _attempts(rows[1]))
            for key, row, state in ((source, rows[0], new_source), (ACCOUNT_SOURCE, rows[1], new_account)):
                values = [state.failures, state.locked_until, state.locks, now, state.last_success]
                if row is None:
                    cur.execute("INSERT INTO login_throttle (failures, locked_until, locks, last_attempt, "
                                "last_success, username, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                [*values, username, key])  # fmt: skip
                else:
                    cur.execute("UPDATE login_throttle SET failures = ?, locked_until = ?, locks = ?, "
                                "last_attempt = ?, last_success = ? WHERE username = ? AND source = ?",
                                [*values, username, key])  # fmt: skip
            return answer

        return self._locked_write(work)

    def unlock_account(self, username: str) -> int:
        """Lift every lock of an account (all sources) and reset its counts; returns how many locks there were."""

        def work(cur: Any) -> int:
            row = cur.execute("SELECT count(*) FROM login_throttle WHERE username = ? AND locked_until IS NOT NULL "
                              "AND locked_until > ?", [username, now_nl()]).fetchone()  # fmt: skip
            cur.execute("UPDATE login_throttle SET failures = 0, locked_until = NULL, locks = 0 WHERE username = ?",
                        [username])  # fmt: skip
            return int(row[0]) if row else 0

        return self._locked_write(work)

    def _locked_write(self, work: Callable[[Any], T]) -> T:
        """Run ``work(cursor)`` in one transaction under this file's sign-in lock; a write conflict
        (``duckdb.TransactionException``) is retried, never raised; StoreError when it keeps conflicting."""
        with _file_lock(str(self.path)):  # type: ignore[attr-defined]
            for attempt in range(WRITE_TRIES):
                try:
                    with self.transaction() as cur:  # type: ignore[attr-defined]
                        return work(cur)
                except Exception as exc:  # the transaction rolled itself back
                    if not _write_conflict(exc):
                        raise
                    time.sleep(random.uniform(0.002, 0.02) * (attempt + 1))
        raise StoreError("De database is te druk; probeer het zo opnieuw.")

    def update_grant(self, username: str, role: str, scope: str, display_name: str) -> None:
        """Set an account's role, scope and name (single sign-on brings them with every sign-in)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE accounts SET role = ?, scope = ?, display_name = ? WHERE username = ?",
                        [role, scope, display_name, username])  # fmt: skip

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Replace an account's password hash (a new hash of the same password, at sign-in)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE accounts SET password_hash = ?, password_changed_at = current_timestamp "
                        "WHERE username = ?", [password_hash, username])  # fmt: skip

    def set_account_disabled(self, username: str, disabled: bool) -> None:
        """Disable (sessions end, half-filled drafts are deleted: they may hold a reporter's notes) or enable an
        account."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            stamp = "current_timestamp" if disabled else "NULL"
            cur.execute(f"UPDATE accounts SET disabled_at = {stamp} WHERE username = ?", [username])
            if disabled:
                cur.execute(
                    "UPDATE sessions SET ended_at = current_timestamp, end_reason = 'uitgeschakeld' "
                    "WHERE username = ? AND ended_at IS NULL",
                    [username],
                )
                cur.execute("DELETE FROM form_drafts WHERE username = ?", [username])

    # -- sessions ---------------------------------------------------------------------------------
    def start_session(self, token_hash: str, username: str, now: datetime) -> None:
        """Record a new sign-in session (by the hash of its token)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("INSERT INTO sessions (token_hash, username, created_at, last_seen) VALUES (?, ?, ?, ?)",
                        [token_hash, username, now, now])  # fmt: skip

    def session(self, token_hash: str) -> dict[str, object] | None:
        """A session with its account's role, scope and state, or None."""
        df = self.query_df(  # type: ignore[attr-defined]
            "SELECT s.*, a.display_name, a.role, a.scope, a.disabled_at, a.is_demo FROM sessions s "
            "JOIN accounts a ON a.username = s.username WHERE s.token_hash = ?",
            [token_hash],
        )
        return None if df.empty else df.iloc[0].to_dict()

    def touch_session(self, token_hash: str, now: datetime) -> None:
        """Note activity on a session (for the idle time-out). Two requests of one session at once (tabs, app
        processes) meet at its row: the one that loses the write conflict has nothing to add (the other just noted
        the activity, or ended the session), so it is not an error for the page."""
        with contextlib.suppress(ConflictError), self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND ended_at IS NULL",
                        [now, token_hash])  # fmt: skip

    def end_session(self, token_hash: str, reason: str) -> None:
        """End a session (signed out, expired); it can never be used again."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "UPDATE sessions SET ended_at = current_timestamp, end_reason = ? WHERE token_hash = ? "
                "AND ended_at IS NULL",
                [reason, token_hash],
            )

    # -- audit log (append-only) ------------------------------------------------------------------
    def audit(
        self, user: str, action: str, resource: str, record: object = None, detail: str | None = None,
        *, role: str | None = None, outcome: str = "ok",
    ) -> None:  # fmt: skip
        """Append one line to the audit log: who, in which role, did what to what, why, and the outcome."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO audit_log (user_name, role, action, resource, record, detail, outcome) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [str(user)[:200], role, action, resource, None if record is None else str(record)[:200],
                 None if detail is None else str(detail)[:2000], outcome],
            )  # fmt: skip

    def audit_log(
        self, since: datetime | None = None, user: str | None = None, action: str | None = None, limit: int = 5000
    ) -> pd.DataFrame:
        """Audit lines, newest first, optionally since a time, by one user or of one action."""
        where, params = [], []
        for clause, value in (("logged_at >= ?", since), ("user_name = ?", user), ("action = ?", action)):
            if value:
                where.append(clause)
                params.append(value)
        sql = f"SELECT {AUDIT_COLUMNS} FROM audit_log"
        sql += (" WHERE " + " AND ".join(where)) if where else ""
        return self.query_df(sql + f" ORDER BY id DESC LIMIT {int(limit)}", params)  # type: ignore[attr-defined]
