"""The learner's progress: one SQLite file, the only place hpquiz writes SQL.

Why it is built this way:
- Every answer is one `BEGIN IMMEDIATE` transaction committed before the call
  returns, so a crash or a kill never loses an answer the app has shown as
  saved. IMMEDIATE takes the write lock up front: two hpquiz processes on the
  same file queue behind SQLite's busy timeout instead of failing half-way, and
  if that is not enough the whole transaction is retried with backoff.
- WAL mode lets readers (stats, the TUI) run while another process writes.
- A review stores the card's state before and after as JSON, so undo puts the
  card back exactly; cards are never deleted, only retired, so editing or
  removing a deck never destroys history.

Time comes in as `now` (timezone-aware); "today" means a calendar day in the
`tz` the caller passes (UTC by default).
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlite_utils import Database

from hpquiz.scheduler import CardState, Rating, Scheduler, Status, drill_rating, utc
from hpquiz.store_schema import (
    SCHEMA_VERSION,
    CorruptDatabase,
    NewerSchemaError,
    NotAnHpquizDatabase,
    StoreError,
    UnknownCard,
    inspect,
    upgrade,
)

if TYPE_CHECKING:
    from hpquiz.cards import Deck

__all__ = [
    "CorruptDatabase",
    "DeckCounts",
    "NewerSchemaError",
    "NotAnHpquizDatabase",
    "ReviewRecord",
    "Store",
    "StoreBusy",
    "StoreError",
    "SyncReport",
    "UnknownCard",
    "day_start",
]

T = TypeVar("T")

BUSY_TIMEOUT_SECONDS = 5.0
WRITE_ATTEMPTS = 8


class StoreBusy(StoreError):
    """Another program kept the database busy for longer than we are willing to wait."""


@dataclass(frozen=True)
class SyncReport:
    """Card ids touched by `sync_cards`, each tuple in deck order."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckCounts:
    """Cards of one deck: never studied, in (re)learning steps, due now, and all active ones."""

    new: int
    learning: int
    due: int
    total: int


@dataclass(frozen=True)
class ReviewRecord:
    """One stored review."""

    id: int
    card_id: str
    rating: Rating
    reviewed_at: datetime
    seconds: float | None
    before: CardState
    after: CardState


def day_start(now: datetime, tz: tzinfo = timezone.utc) -> datetime:
    """The UTC instant at which the calendar day containing `now` began in `tz`."""
    local = utc(now).astimezone(tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    return utc(moment).isoformat(timespec="microseconds")


def _json(state: CardState) -> str:
    return json.dumps(state.to_dict(), separators=(",", ":"))


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def interleave_topics(rows: Sequence[tuple[str, str]]) -> list[str]:
    """Ids of (id, topic) rows taken round-robin over topics, each topic in the given order.

    Topics take turns in the order they first appear, so a session mixes subjects
    while each topic still follows its deck's order.
    """
    by_topic: dict[str, list[str]] = {}
    for card_id, topic in rows:
        by_topic.setdefault(topic, []).append(card_id)
    lanes = list(by_topic.values())
    out: list[str] = []
    for index in range(max((len(lane) for lane in lanes), default=0)):
        out.extend(lane[index] for lane in lanes if index < len(lane))
    return out


class Store:
    """The progress database. Open with `Store.open(path)`; use as a context manager.

    One Store is one connection: use it from one thread at a time.
    """

    def __init__(self, db: Database, path: Path, scheduler: Scheduler) -> None:
        self.db = db
        self.path = path
        self.scheduler = scheduler

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        scheduler: Scheduler | None = None,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Store:
        """Open (creating or upgrading if needed) the database at `path`.

        `None` means the default location (`hpquiz.paths.default_db_path()`).
        A foreign, newer or damaged file raises a `StoreError` subclass and is
        left untouched.
        """
        if path is None:
            from hpquiz.paths import default_db_path

            path = default_db_path()
        path = Path(path).expanduser()
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=busy_timeout, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the database ({exc})") from exc
        try:
            version = _retry_busy(lambda: inspect(path, conn))
            db = Database(conn, execute_plugins=False)
            store = cls(db, path, scheduler or Scheduler())
            _retry_busy(lambda: db.execute("PRAGMA journal_mode = WAL"))
            db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                store._write(lambda: store._upgrade_locked())
        except BaseException:
            conn.close()
            raise
        return store

    def _upgrade_locked(self) -> None:
        # Another process may have created or upgraded the file while we waited.
        if inspect(self.path, self.db.conn) < SCHEMA_VERSION:
            upgrade(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- transactions ---------------------------------------------------------------

    def _write(self, body: Callable[[], T]) -> T:
        """Run `body` in one BEGIN IMMEDIATE transaction, retried with backoff while busy."""
        conn = self.db.conn
        delay = 0.02
        for attempt in range(WRITE_ATTEMPTS):
            try:
                conn.execute("BEGIN IMMEDIATE")
                result = body()
                conn.execute("COMMIT")
                return result
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.rollback()
                if not _is_busy(exc):
                    raise StoreError(f"{self.path}: {exc}") from exc
                if attempt == WRITE_ATTEMPTS - 1:
                    raise StoreBusy(
                        f"{self.path}: another program kept the database busy; nothing was "
                        "saved by this action, try again"
                    ) from exc
                time.sleep(delay)
                delay *= 2
            except sqlite3.DatabaseError as exc:
                if conn.in_transaction:
                    conn.rollback()
                raise CorruptDatabase(f"{self.path}: the database is damaged ({exc})") from exc
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    # -- cards ------------------------------------------------------------------------

    def sync_cards(self, decks: Iterable[Deck], now: datetime) -> SyncReport:
        """Bring the card table in line with `decks` (in one transaction).

        New ids get a fresh state; an id whose content hash changed keeps its
        state and history; ids missing from `decks` are retired (never deleted)
        and come back with their history if they reappear. A card's position
        is its index over all of `decks` in order, which is the order new
        cards are introduced in.
        """
        stamp = _iso(now)
        fresh = self.scheduler.new_state(now)
        wanted: list[tuple[int, Any]] = []
        seen: set[str] = set()
        for deck in decks:
            for card in deck.cards:
                if card.id in seen:
                    raise StoreError(f"card id {card.id!r} appears twice in the decks being synced")
                seen.add(card.id)
                wanted.append((len(wanted), card))

        def body() -> SyncReport:
            known = {
                row[0]: (row[1], bool(row[2]))
                for row in self.db.execute("SELECT id, content_hash, retired FROM cards")
            }
            added, updated, restored, inserts, changes = [], [], [], [], []
            for position, card in wanted:
                digest = card.content_hash
                row = (card.deck_id, position, card.topic, digest, stamp)
                if card.id not in known:
                    added.append(card.id)
                    inserts.append((card.id, *row))
                    continue
                old_hash, was_retired = known[card.id]
                if was_retired:
                    restored.append(card.id)
                if old_hash != digest:
                    updated.append(card.id)
                changes.append((*row, card.id))
            retired = [cid for cid, (_, gone) in known.items() if not gone and cid not in seen]
            self.db.conn.executemany(
                "INSERT INTO cards (id, deck_id, position, topic, content_hash, retired, first_seen,"
                " updated) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
                inserts,
            )
            self.db.conn.executemany(
                "INSERT INTO card_state (card_id, status, due, stability, difficulty, step,"
                " last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(cid, *_state_columns(fresh)) for cid, *_ in inserts],
            )
            self.db.conn.executemany(
                "UPDATE cards SET deck_id = ?1, position = ?2, topic = ?3, retired = 0,"
                " updated = CASE WHEN content_hash = ?4 THEN updated ELSE ?5 END, content_hash = ?4"
                " WHERE id = ?6",
                changes,
            )
            self.db.conn.executemany(
                "UPDATE cards SET retired = 1, updated = ? WHERE id = ?",
                [(stamp, cid) for cid in retired],
            )
            return SyncReport(tuple(added), tuple(updated), tuple(sorted(retired)), tuple(restored))

        return self._write(body)

    def card_ids(self, *, include_retired: bool = False) -> list[str]:
        """Every known card id in introduction order."""
        where = "" if include_retired else " WHERE retired = 0"
        return [row[0] for row in self.db.execute(f"SELECT id FROM cards{where} ORDER BY position, id")]

    def is_retired(self, card_id: str) -> bool:
        row = self.db.execute("SELECT retired FROM cards WHERE id = ?", [card_id]).fetchone()
        if row is None:
            raise UnknownCard(f"no card {card_id!r} in {self.path}")
        return bool(row[0])

    def state(self, card_id: str) -> CardState:
        """The card's current scheduling state."""
        row = self.db.execute(
            "SELECT status, due, stability, difficulty, step, last_review, reps, lapses"
            " FROM card_state WHERE card_id = ?",
            [card_id],
        ).fetchone()
        if row is None:
            raise UnknownCard(f"no card {card_id!r} in {self.path}")
        return _state_from_row(row)

    def preview(self, card_id: str, now: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give this card now (for the answer buttons)."""
        return self.scheduler.preview(self.state(card_id), now)

    # -- the study queue -------------------------------------------------------------

    def queue(
        self,
        now: datetime,
        deck_ids: Iterable[str] | None = None,
        new_limit: int = 20,
        review_limit: int = 200,
        *,
        tz: tzinfo = timezone.utc,
        learn_ahead: timedelta = timedelta(0),
    ) -> list[str]:
        """Card ids to study now, in order.

        1. Cards due by `now` (review, learning and relearning), most overdue
           first; review-state cards count against `review_limit` per day.
        2. New cards, at most `new_limit` per day, in deck order with topics
           interleaved.
        3. (Re)learning cards due within `learn_ahead`, soonest first, so a
           session can finish a card's short learning steps.
        Limits are per calendar day in `tz`, counting reviews already done today.
        """
        now = utc(now)
        since = _iso(day_start(now, tz))
        done_new, done_reviews = self.db.execute(
            "SELECT coalesce(sum(status_before = 'new'), 0), coalesce(sum(status_before = 'review'), 0)"
            " FROM reviews WHERE reviewed_at >= ?",
            [since],
        ).fetchone()
        new_left = max(0, new_limit - done_new)
        reviews_left = max(0, review_limit - done_reviews)

        params: list[Any] = []
        deck_filter = ""
        if deck_ids is not None:
            ids = list(deck_ids)
            deck_filter = f" AND c.deck_id IN ({', '.join('?' * len(ids))})"
            params.extend(ids)
        rows = self.db.execute(
            "SELECT c.id, c.topic, s.status, s.due FROM cards c JOIN card_state s ON s.card_id = c.id"
            f" WHERE c.retired = 0{deck_filter} ORDER BY c.position, c.id",
            params,
        ).fetchall()
        now_text = _iso(now)
        ahead_text = _iso(now + learn_ahead)
        due, fresh, ahead = [], set(), []
        for card_id, _, status, due_text in rows:
            if status == Status.NEW:
                fresh.add(card_id)
            elif due_text <= now_text:
                due.append((due_text, card_id, status))
            elif status != Status.REVIEW and due_text <= ahead_text:
                ahead.append((due_text, card_id))
        out: list[str] = []
        for _, card_id, status in sorted(due):
            if status == Status.REVIEW:
                if reviews_left == 0:
                    continue
                reviews_left -= 1
            out.append(card_id)
        # Interleave over every active card, not just the new ones, so the order
        # of introduction stays the same as cards get studied.
        order = interleave_topics([(card_id, topic) for card_id, topic, _, _ in rows])
        out.extend([card_id for card_id in order if card_id in fresh][:new_left])
        out.extend(card_id for _, card_id in sorted(ahead))
        return out

    def deck_counts(self, now: datetime) -> dict[str, DeckCounts]:
        """Per deck (active cards only): new, in learning steps, due by `now`, total."""
        rows = self.db.execute(
            "SELECT c.deck_id, sum(s.status = 'new'), sum(s.status IN ('learning', 'relearning')),"
            " sum(s.status != 'new' AND s.due <= ?), count(*)"
            " FROM cards c JOIN card_state s ON s.card_id = c.id WHERE c.retired = 0"
            " GROUP BY c.deck_id ORDER BY min(c.position)",
            [_iso(now)],
        )
        return {deck: DeckCounts(new, learning, due, total) for deck, new, learning, due, total in rows}

    # -- reviews ------------------------------------------------------------------------

    def record_review(
        self, card_id: str, rating: Rating | int, now: datetime, seconds: float | None = None
    ) -> int:
        """Schedule the card by `rating` and save the review; returns its id once committed."""
        rating = Rating(rating)
        now = utc(now)
        _check_seconds(seconds)
        return self._write(lambda: self._review_locked(card_id, rating, now, seconds))

    def _review_locked(self, card_id: str, rating: Rating, now: datetime, seconds: float | None) -> int:
        before = self.state(card_id)
        after, _ = self.scheduler.review(before, rating, now)
        cursor = self.db.execute(
            "INSERT INTO reviews (card_id, rating, reviewed_at, seconds, status_before,"
            " interval_before, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                card_id,
                int(rating),
                _iso(now),
                seconds,
                before.status.value,
                before.interval_days,
                _json(before),
                _json(after),
            ],
        )
        self._put_state(card_id, after)
        return int(cursor.lastrowid)

    def _put_state(self, card_id: str, state: CardState) -> None:
        self.db.execute(
            "UPDATE card_state SET status = ?, due = ?, stability = ?, difficulty = ?, step = ?,"
            " last_review = ?, reps = ?, lapses = ? WHERE card_id = ?",
            [*_state_columns(state), card_id],
        )

    def undo_last_review(self) -> str | None:
        """Delete the newest review (and its drill) and restore the card's state before it.

        Returns the card id, or None when there is nothing to undo.
        """

        def body() -> str | None:
            row = self.db.execute(
                "SELECT id, card_id, state_before FROM reviews ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            review_id, card_id, before = row
            self.db.execute("DELETE FROM drills WHERE review_id = ?", [review_id])
            self.db.execute("DELETE FROM reviews WHERE id = ?", [review_id])
            self._put_state(card_id, CardState.from_dict(json.loads(before)))
            return card_id

        return self._write(body)

    def record_drill(
        self,
        card_id: str,
        prediction: str,
        simulated: dict[str, str],
        correct: bool,
        now: datetime,
        seconds: float | None = None,
        *,
        rating: Rating | None = None,
    ) -> int:
        """Save a drill result and schedule the card by it (`drill_rating` unless `rating` is given).

        `simulated` maps what was run (e.g. "baseline", "option 0") to the verdict
        it got. Returns the drill id; drill and review are one transaction.
        """
        now = utc(now)
        _check_seconds(seconds)
        rating = Rating(rating) if rating is not None else drill_rating(bool(correct), seconds or 0.0)
        payload = json.dumps({str(k): str(v) for k, v in dict(simulated).items()}, separators=(",", ":"))

        def body() -> int:
            review_id = self._review_locked(card_id, rating, now, seconds)
            cursor = self.db.execute(
                "INSERT INTO drills (card_id, review_id, prediction, simulated, correct, drilled_at,"
                " seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [card_id, review_id, str(prediction), payload, int(bool(correct)), _iso(now), seconds],
            )
            return int(cursor.lastrowid)

        return self._write(body)

    def history(self, card_id: str | None = None) -> list[ReviewRecord]:
        """Stored reviews, oldest first (of one card, or all)."""
        where, params = ("WHERE card_id = ?", [card_id]) if card_id is not None else ("", [])
        rows = self.db.execute(
            "SELECT id, card_id, rating, reviewed_at, seconds, state_before, state_after"
            f" FROM reviews {where} ORDER BY id",
            params,
        )
        return [
            ReviewRecord(
                id=rid,
                card_id=cid,
                rating=Rating(rating),
                reviewed_at=datetime.fromisoformat(at),
                seconds=secs,
                before=CardState.from_dict(json.loads(before)),
                after=CardState.from_dict(json.loads(after)),
            )
            for rid, cid, rating, at, secs, before, after in rows
        ]

    def review_ids(self) -> set[int]:
        return {row[0] for row in self.db.execute("SELECT id FROM reviews")}

    def drills(self) -> list[dict[str, Any]]:
        """Every drill result, oldest first, with `simulated` decoded."""
        rows = self.db.execute(
            "SELECT id, card_id, review_id, prediction, simulated, correct, drilled_at, seconds"
            " FROM drills ORDER BY id"
        )
        keys = ("id", "card_id", "review_id", "prediction", "simulated", "correct", "drilled_at", "seconds")
        out = []
        for row in rows:
            item = dict(zip(keys, row))
            item["simulated"] = json.loads(item["simulated"])
            item["correct"] = bool(item["correct"])
            out.append(item)
        return out

    # -- today and the reads behind the stats ----------------------------------------

    def today(self, now: datetime, tz: tzinfo = timezone.utc) -> tuple[int, int]:
        """(reviews done today, streak in days).

        The streak counts consecutive calendar days (in `tz`) with at least one
        review, ending today, or yesterday while today has no review yet (a
        streak is not lost until the day is over).
        """
        start = day_start(now, tz)
        end = _next_day(start, tz)
        done = self.db.execute(
            "SELECT count(*) FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ?",
            [_iso(start), _iso(end)],
        ).fetchone()[0]
        return done, self._streak(start if done else _previous_day(start, tz), tz)

    def _streak(self, day: datetime, tz: tzinfo) -> int:
        streak = 0
        while True:
            before = _next_day(day, tz)
            last = self.db.execute(
                "SELECT max(reviewed_at) FROM reviews WHERE reviewed_at < ?", [_iso(before)]
            ).fetchone()[0]
            if last is None or last < _iso(day):
                return streak
            streak += 1
            day = _previous_day(day, tz)

    def review_times(self, since: datetime) -> list[datetime]:
        """When each review at or after `since` happened."""
        rows = self.db.execute(
            "SELECT reviewed_at FROM reviews WHERE reviewed_at >= ? ORDER BY reviewed_at", [_iso(since)]
        )
        return [datetime.fromisoformat(row[0]) for row in rows]

    def mature_review_counts(self, mature_days: float) -> tuple[int, int]:
        """(reviews of cards whose interval was >= mature_days, how many of them were Again)."""
        total, again = self.db.execute(
            "SELECT count(*), coalesce(sum(rating = 1), 0) FROM reviews WHERE interval_before >= ?",
            [mature_days],
        ).fetchone()
        return total, again

    def active_states(self) -> list[tuple[str, str, str, CardState]]:
        """(card id, deck id, topic, state) of every active card, in deck order."""
        rows = self.db.execute(
            "SELECT c.id, c.deck_id, c.topic, s.status, s.due, s.stability, s.difficulty, s.step,"
            " s.last_review, s.reps, s.lapses FROM cards c JOIN card_state s ON s.card_id = c.id"
            " WHERE c.retired = 0 ORDER BY c.position, c.id"
        )
        return [(row[0], row[1], row[2], _state_from_row(row[3:])) for row in rows]

    def drill_outcomes(self) -> list[tuple[str, bool]]:
        """(prediction, correct) of every drill."""
        return [(p, bool(c)) for p, c in self.db.execute("SELECT prediction, correct FROM drills")]

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def _next_day(start: datetime, tz: tzinfo) -> datetime:
    # Add a day on the local calendar, then normalise (DST days are 23 or 25 hours).
    local = start.astimezone(tz)
    return day_start((local + timedelta(days=1, hours=12)).astimezone(timezone.utc), tz)


def _previous_day(start: datetime, tz: tzinfo) -> datetime:
    local = start.astimezone(tz)
    return day_start((local - timedelta(hours=12)).astimezone(timezone.utc), tz)


def _state_columns(state: CardState) -> tuple[Any, ...]:
    return (
        state.status.value,
        _iso(state.due),
        state.stability,
        state.difficulty,
        state.step,
        None if state.last_review is None else _iso(state.last_review),
        state.reps,
        state.lapses,
    )


def _state_from_row(row: Sequence[Any]) -> CardState:
    status, due, stability, difficulty, step, last_review, reps, lapses = row
    return CardState(
        status=Status(status),
        due=datetime.fromisoformat(due),
        stability=stability,
        difficulty=difficulty,
        step=step,
        last_review=None if last_review is None else datetime.fromisoformat(last_review),
        reps=reps,
        lapses=lapses,
    )


def _check_seconds(seconds: float | None) -> None:
    if seconds is not None and not (isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"seconds must be a finite number >= 0 or None, got {seconds!r}")


def _retry_busy(action: Callable[[], T]) -> T:
    """Run a read-only step of opening, retried while another process holds a lock."""
    delay = 0.02
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                raise StoreBusy(f"the database is busy or unreadable ({exc}); try again") from exc
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover
