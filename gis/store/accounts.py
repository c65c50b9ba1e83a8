"""Accounts, sign-in sessions and the audit log in the store.

The audit log is append-only: this module offers ``audit`` (add a line) and ``audit_log`` (read);
nothing in the app updates or deletes a line. Password hashes never leave the store except to
``gis.auth`` for verification (``account_secret``); ``accounts`` lists accounts without them.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from gis.store.errors import StoreError

AUDIT_COLUMNS = "id, logged_at, user_name, role, action, resource, record, detail, outcome"


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

    def accounts(self) -> pd.DataFrame:
        """All accounts without their password hashes, by name."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT username, display_name, role, scope, created_at, created_by, failed_logins, locked_until, "
            "disabled_at, is_demo FROM accounts ORDER BY username"
        )

    def account_secret(self, username: str) -> dict[str, object] | None:
        """One account with its hash and lock state (for ``gis.auth`` only), or None."""
        df = self.query_df("SELECT * FROM accounts WHERE username = ?", [username])  # type: ignore[attr-defined]
        return None if df.empty else df.iloc[0].to_dict()

    def record_login(self, username: str, ok: bool) -> int:
        """Count a failed sign-in (one UPDATE, so parallel attempts add up) or reset the count and the lock;
        returns the count of failures in a row."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            if ok:
                cur.execute("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE username = ?", [username])
                return 0
            row = cur.execute(
                "UPDATE accounts SET failed_logins = failed_logins + 1 WHERE username = ? RETURNING failed_logins",
                [username],
            ).fetchone()
            return int(row[0]) if row else 0

    def lock_account(self, username: str, until: datetime) -> None:
        """Refuse sign-ins to the account until ``until``."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE accounts SET locked_until = ? WHERE username = ?", [until, username])

    def update_grant(self, username: str, role: str, scope: str, display_name: str) -> None:
        """Set an account's role, scope and name (single sign-on brings them with every sign-in)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE accounts SET role = ?, scope = ?, display_name = ? WHERE username = ?",
                        [role, scope, display_name, username])  # fmt: skip

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Replace an account's password hash (and unlock it)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "UPDATE accounts SET password_hash = ?, password_changed_at = current_timestamp, failed_logins = 0, "
                "locked_until = NULL WHERE username = ?",
                [password_hash, username],
            )

    def set_account_disabled(self, username: str, disabled: bool) -> None:
        """Disable (sessions end) or enable an account."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            stamp = "current_timestamp" if disabled else "NULL"
            cur.execute(f"UPDATE accounts SET disabled_at = {stamp} WHERE username = ?", [username])
            if disabled:
                cur.execute(
                    "UPDATE sessions SET ended_at = current_timestamp, end_reason = 'uitgeschakeld' "
                    "WHERE username = ? AND ended_at IS NULL",
                    [username],
                )

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
        """Note activity on a session (for the idle time-out)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
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
