"""The lab's records in the store: named setups and tuning-challenge attempts.

A mixin of `Store` (it writes through `Store._write`, one transaction per call), kept
apart from the study records so each module keeps one job. Setups are stored as the
TOML text of a `[setup]` table (`hpquiz.setup_files`), exactly what a file would
hold. A challenge attempt is written trial by trial: a learner who quits mid-way
keeps the trials made, and the attempt stays unfinished.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hpquiz.scheduler import utc
from hpquiz.store.errors import StoreError
from hpquiz.store.rows import iso

MAX_SETUP_NAME = 60


@dataclass(frozen=True)
class Trial:
    """One proposed setup of a challenge and what it reached."""

    number: int
    setup: str
    val_loss: float | None
    verdict: str
    tried_at: str


@dataclass(frozen=True)
class Attempt:
    """One try at a challenge: its trials, and the comparison once it is finished."""

    id: int
    challenge_id: str
    target: float
    budget: int
    started_at: str
    finished_at: str | None
    best: float | None
    won: bool | None
    grid_best: float | None
    random_best: float | None
    trials: tuple[Trial, ...]


def _finite_or_none(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


class LabRecords:
    """Store methods for the lab (mixed into `Store`)."""

    db: Any

    # -- named setups ---------------------------------------------------------------

    def save_setup(self, name: str, setup_text: str, now: datetime) -> None:
        """Keep `setup_text` under `name`, replacing an earlier setup of that name."""
        name = name.strip()
        if not name or len(name) > MAX_SETUP_NAME or any(ord(c) < 32 for c in name):
            raise StoreError(f"a setup name is 1 to {MAX_SETUP_NAME} printable characters, not {name!r}")

        def body() -> None:
            self.db.execute(
                "INSERT INTO lab_setups (name, setup, saved_at) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET setup = excluded.setup, saved_at = excluded.saved_at",
                [name, setup_text, iso(utc(now))],
            )

        self._write(body)  # type: ignore[attr-defined]

    def setup_text(self, name: str) -> str | None:
        row = self.db.execute("SELECT setup FROM lab_setups WHERE name = ?", [name.strip()]).fetchone()
        return None if row is None else row[0]

    def setup_names(self) -> list[str]:
        """Saved setup names, the most recently saved first."""
        return [r[0] for r in self.db.execute("SELECT name FROM lab_setups ORDER BY saved_at DESC, name")]

    # -- challenges -----------------------------------------------------------------

    def start_attempt(self, challenge_id: str, target: float, budget: int, now: datetime) -> int:
        def body() -> int:
            cursor = self.db.execute(
                "INSERT INTO challenge_attempts (challenge_id, target, budget, started_at) VALUES (?, ?, ?, ?)",
                [challenge_id, float(target), int(budget), iso(utc(now))],
            )
            return int(cursor.lastrowid)

        return self._write(body)  # type: ignore[attr-defined]

    def record_trial(self, attempt_id: int, setup: str, val_loss: float | None, verdict: str, now: datetime) -> int:
        """Save the next trial of an unfinished attempt; returns its number (from 1)."""

        def body() -> int:
            row = self.db.execute(
                "SELECT budget, finished_at, (SELECT COUNT(*) FROM challenge_trials WHERE attempt_id = a.id)"
                " FROM challenge_attempts a WHERE id = ?",
                [attempt_id],
            ).fetchone()
            if row is None:
                raise StoreError(f"no challenge attempt {attempt_id}")
            budget, finished, used = row
            if finished is not None or used >= budget:
                raise StoreError(f"challenge attempt {attempt_id} has no trials left ({used} of {budget} used)")
            self.db.execute(
                "INSERT INTO challenge_trials (attempt_id, number, setup, val_loss, verdict, tried_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [attempt_id, used + 1, setup, _finite_or_none(val_loss), str(verdict), iso(utc(now))],
            )
            return used + 1

        return self._write(body)  # type: ignore[attr-defined]

    def finish_attempt(self, attempt_id: int, best: float | None, won: bool, grid_best: float | None,
                       random_best: float | None, now: datetime) -> None:
        def body() -> None:
            self.db.execute(
                "UPDATE challenge_attempts SET finished_at = ?, best = ?, won = ?, grid_best = ?, random_best = ?"
                " WHERE id = ?",
                [iso(utc(now)), _finite_or_none(best), int(bool(won)), _finite_or_none(grid_best),
                 _finite_or_none(random_best), attempt_id],
            )

        self._write(body)  # type: ignore[attr-defined]

    def attempts(self, challenge_id: str | None = None) -> list[Attempt]:
        """Attempts (of one challenge, or all), oldest first, each with its trials."""
        where, args = ("WHERE challenge_id = ?", [challenge_id]) if challenge_id is not None else ("", [])
        rows = list(self.db.execute(
            "SELECT id, challenge_id, target, budget, started_at, finished_at, best, won, grid_best, random_best"
            f" FROM challenge_attempts {where} ORDER BY id", args,
        ))
        trials: dict[int, list[Trial]] = {}
        for attempt_id, *fields in self.db.execute(
            "SELECT attempt_id, number, setup, val_loss, verdict, tried_at FROM challenge_trials ORDER BY attempt_id, number"
        ):
            trials.setdefault(attempt_id, []).append(Trial(*fields))
        return [
            Attempt(r[0], r[1], r[2], r[3], r[4], r[5], r[6], None if r[7] is None else bool(r[7]), r[8], r[9],
                    tuple(trials.get(r[0], ())))
            for r in rows
        ]
