"""What the learner controls, kept beside the progress: settings and per-card suspend, bury, flag, reset.

Why in the database (migration 4) and not a separate file: the deck options decide
what the queue holds and how the scheduler spaces reviews, so they belong with the
states they act on; one file to back up, and a second hpquiz process sees a change at once.
Settings are text key/value rows; `hpquiz.settings` gives them types and ranges.

`Store` inherits these methods; writes go through its one-transaction `_write`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hpquiz.scheduler import Scheduler, utc
from hpquiz.store.errors import UnknownCard
from hpquiz.store.rows import iso, state_columns

if TYPE_CHECKING:
    from sqlite_utils import Database

# the key of the desired retention in the settings table (see hpquiz.settings)
RETENTION_KEY = "desired-retention"


def deck_key(deck_id: str, key: str) -> str:
    """The settings row of one deck's own value of `key`."""
    return f"deck:{deck_id}:{key}"


class StoreControls:
    """Settings and card controls over the progress database (mixed into `Store`)."""

    db: Database
    scheduler: Scheduler

    # -- settings ----------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        """Every stored setting as text (absent keys take their defaults)."""
        return {key: value for key, value in self.db.execute("SELECT key, value FROM settings")}

    def put_setting(self, key: str, value: str | None) -> None:
        """Store one setting (None removes it, so the default applies again)."""

        def body() -> None:
            if value is None:
                self.db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                self.db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, str(value)],
                )

        self._write(body)
        self._schedulers = {}

    def scheduler_for(self, card_id: str) -> Scheduler:
        """The scheduler of the card's deck: its desired retention, else the default one's,
        else the store's own scheduler."""
        try:
            row = self.db.execute(
                "SELECT (SELECT value FROM settings WHERE key = 'deck:' || c.deck_id || ':' || ?),"
                " (SELECT value FROM settings WHERE key = ?) FROM cards c WHERE c.id = ?",
                [RETENTION_KEY, RETENTION_KEY, card_id],
            ).fetchone()
        except sqlite3.OperationalError:  # a file from before migration 4 has no settings yet
            row = None
        value = None if row is None else (row[0] or row[1])
        if value is None:
            return self.scheduler
        cache = getattr(self, "_schedulers", None)
        if cache is None:
            cache = self._schedulers = {}
        if value not in cache:
            cache[value] = Scheduler(desired_retention=float(value))
        return cache[value]

    # -- suspend, bury, flag, reset ----------------------------------------------------------

    def _update_cards(self, sql: str, params: list[Any], card_ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(card_ids))
        controls = "card_controls" in sql

        def body() -> int:
            known = {row[0] for row in self.db.execute(
                f"SELECT id FROM cards WHERE id IN ({', '.join('?' * len(ids))})", ids)} if ids else set()
            missing = [i for i in ids if i not in known]
            if missing:
                raise UnknownCard(f"no card {missing[0]!r} in {self.path}")
            if controls:
                self.db.conn.executemany("INSERT OR IGNORE INTO card_controls (card_id) VALUES (?)", [(i,) for i in ids])
            self.db.conn.executemany(sql, [(*params, card_id) for card_id in ids])
            return len(ids)

        return self._write(body)

    def suspend(self, card_ids: Iterable[str], suspended: bool = True) -> int:
        """Keep cards out of every queue until unsuspended (their state and history stay)."""
        return self._update_cards("UPDATE card_controls SET suspended = ? WHERE card_id = ?", [int(bool(suspended))], card_ids)

    def bury(self, card_ids: Iterable[str], until: datetime | None) -> int:
        """Keep cards out of the queue until `until` (the start of tomorrow); None unburies."""
        stamp = None if until is None else iso(utc(until))
        return self._update_cards("UPDATE card_controls SET buried_until = ? WHERE card_id = ?", [stamp], card_ids)

    def flag(self, card_ids: Iterable[str], flag: int) -> int:
        """Mark cards with a flag (0 none, 1–4 as Anki's red, orange, green, blue)."""
        if flag not in range(5):
            raise ValueError(f"flag must be 0 (none) to 4, got {flag!r}")
        return self._update_cards("UPDATE card_controls SET flag = ? WHERE card_id = ?", [flag], card_ids)

    def reset(self, card_ids: Iterable[str], now: datetime) -> int:
        """Make cards new again (their review history is kept for the stats)."""
        fresh = state_columns(self.scheduler.new_state(now))
        return self._update_cards(
            "UPDATE card_state SET status = ?, due = ?, stability = ?, difficulty = ?, step = ?,"
            " last_review = ?, reps = ?, lapses = ? WHERE card_id = ?",
            list(fresh),
            card_ids,
        )

    def reviews_today(self, card_id: str, now: datetime) -> int:
        """How many times the card was reviewed since the start of `now`'s day (UTC)."""
        from hpquiz.store.rows import day_start

        return self.db.execute(
            "SELECT count(*) FROM reviews WHERE card_id = ? AND reviewed_at >= ?", [card_id, iso(day_start(now))]
        ).fetchone()[0]

    def failed_today(self, now: datetime) -> set[str]:
        """Cards rated Again since the start of `now`'s day (UTC): a custom session's "failed today"."""
        from hpquiz.store.rows import day_start

        return {row[0] for row in self.db.execute(
            "SELECT DISTINCT card_id FROM reviews WHERE rating = 1 AND reviewed_at >= ?", [iso(day_start(now))])}

    def controls(self) -> dict[str, tuple[bool, str | None, int]]:
        """card id -> (suspended, buried until as stored text or None, flag), for active cards."""
        rows = self.db.execute(
            "SELECT c.id, coalesce(k.suspended, 0), k.buried_until, coalesce(k.flag, 0) FROM cards c"
            " LEFT JOIN card_controls k ON k.card_id = c.id WHERE c.retired = 0"
        )
        return {card_id: (bool(s), b, f) for card_id, s, b, f in rows}
