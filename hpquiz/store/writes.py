"""`Store`: the writes to the learner's progress file, the only place hpquiz writes SQL.

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
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlite_utils import Database

from hpquiz.scheduler import CardState, Rating, Scheduler, drill_rating, utc
from hpquiz.store.controls import StoreControls
from hpquiz.store.lab import LabRecords
from hpquiz.store.reads import StoreReads
from hpquiz.store.rows import (
    DeckCounts,
    ReviewRecord,
    SyncReport,
    day_start,
    interleave_topics,
    iso,
    state_columns,
    state_json,
)
from hpquiz.store.errors import (
    CorruptDatabase,
    DiskFull,
    ForeignJournal,
    OlderSchema,
    ReadOnlyLocation,
    StoreBusy,
    StoreError,
    UndoRefused,
)
from hpquiz.store.opening import checked_path, missing, read_only_connection, refuse_foreign_journal, refuse_unwritable
from hpquiz.store.schema import SCHEMA_VERSION, inspect, upgrade

if TYPE_CHECKING:
    from hpquiz.deck.model import Deck


T = TypeVar("T")

BUSY_TIMEOUT_SECONDS = 5.0  # the longest any one action waits for another program's lock
READABLE_SINCE = 2  # the oldest schema the reads work on (drills came in 2; 3 only added meta rows)
PROBE_SECONDS = 0.1  # SQLite's own wait per attempt, so a wait is noticed (and told) at once
# Each write stamps the file (see hpquiz.store.journal); older files without the rows are left unstamped.
STAMP_SQL = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'writes'"


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Store(LabRecords, StoreReads, StoreControls):
    """The progress database. Open with `Store.open(path)`; use as a context manager.

    One Store is one connection: use it from one thread at a time.
    """

    read_only = False
    busy_timeout = BUSY_TIMEOUT_SECONDS
    on_busy: Callable[[str], object] | None = None

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
        read_only: bool = False,
        create: bool = True,
        on_busy: Callable[[str], object] | None = None,
        untouched: bool = False,
    ) -> Store:
        """Open (creating or upgrading if needed) the database at `path`.

        `None` means the default location (`hpquiz.paths.default_db_path()`).
        A foreign, newer or damaged file, or a `-wal` that does not belong to it,
        raises a `StoreError` subclass and both files are left byte-identical.
        `read_only` opens through a connection that cannot write (for commands
        that only read; it works in a read-only folder); it and `create=False`
        never create a file (`NoDatabase`). `untouched` (with `read_only`, for a file
        handed in, with no `-wal` beside it) creates no `-wal`/`-shm` beside it either.
        Waits for another program's lock
        last at most `busy_timeout` seconds in all; `on_busy(message)` is called
        as soon as one starts.
        """
        if path is None:
            from hpquiz.paths import default_db_path

            path = default_db_path()
        path = checked_path(path)
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        if not path.exists():
            if read_only or not create:
                raise missing(path)
            if path.with_name(path.name + "-wal").exists():
                raise ForeignJournal(f"{path.name}-wal lies in {path.parent} without the database {path.name}; "
                                     "hpquiz will not start a new database over it: restore both files or move it away")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create the folder {path.parent} ({exc.strerror})") from exc
        else:
            refuse_foreign_journal(path)
            probe = read_only_connection(path, PROBE_SECONDS, untouched=untouched and read_only)
            try:
                version = _wait_busy(lambda: inspect(path, probe), path, busy_timeout, on_busy)
                if read_only:
                    if version < READABLE_SINCE:
                        raise OlderSchema(f"{path}: written by an older hpquiz; open it once with 'hpquiz study' "
                                         "to upgrade it, then read it")
                    store = cls(Database(probe, execute_plugins=False), path, scheduler or Scheduler())
                    store.read_only = True
                    return store
            except BaseException:
                probe.close()
                raise
            probe.close()
        refuse_unwritable(path)
        try:
            conn = sqlite3.connect(str(path), timeout=PROBE_SECONDS, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the database ({exc})") from exc
        try:
            version = _wait_busy(lambda: inspect(path, conn), path, busy_timeout, on_busy)
            db = Database(conn, execute_plugins=False)
            store = cls(db, path, scheduler or Scheduler())
            store.busy_timeout, store.on_busy = busy_timeout, on_busy
            _wait_busy(lambda: db.execute("PRAGMA journal_mode = WAL"), path, busy_timeout, on_busy)
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
        """Run `body` in one BEGIN IMMEDIATE transaction, retried while another program holds the lock.

        The whole wait is bounded by `busy_timeout` seconds; `on_busy` hears at
        once when one starts. The transaction also stamps `meta` (see
        `hpquiz.store.journal`), so a journal can later be matched to its file.
        A failure rolls everything back and says that nothing was saved.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; nothing can be saved")
        conn = self.db.conn

        def attempt() -> T:
            try:
                conn.execute("BEGIN IMMEDIATE")
                result = body()
                conn.execute(STAMP_SQL)
                conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise

        try:
            return _wait_busy(attempt, self.path, self.busy_timeout, self.on_busy)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"{self.path}: refused by the database ({exc}); nothing was saved") from exc
        except sqlite3.DatabaseError as exc:
            raise CorruptDatabase(
                f"{self.path}: the database is damaged ({exc}); nothing was saved. Run 'hpquiz db check'"
            ) from exc

    # -- cards ------------------------------------------------------------------------

    def sync_cards(self, decks: Iterable[Deck], now: datetime) -> SyncReport:
        """Bring the card table in line with `decks` (in one transaction).

        New ids get a fresh state; an id whose content hash changed keeps its
        state and history; ids missing from `decks` are retired (never deleted)
        and come back with their history if they reappear. A card's position
        is its index over all of `decks` in order, which is the order new
        cards are introduced in.
        """
        stamp = iso(now)
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
                [(cid, *state_columns(fresh)) for cid, *_ in inserts],
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


    def preview(self, card_id: str, now: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give this card now (for the answer buttons)."""
        return self.scheduler_for(card_id).preview(self.state(card_id), now)

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
        after, _ = self.scheduler_for(card_id).review(before, rating, now)
        cursor = self.db.execute(
            "INSERT INTO reviews (card_id, rating, reviewed_at, seconds, status_before,"
            " interval_before, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                card_id,
                int(rating),
                iso(now),
                seconds,
                before.status.value,
                before.interval_days,
                state_json(before),
                state_json(after),
            ],
        )
        self._put_state(card_id, after)
        return int(cursor.lastrowid)

    def _put_state(self, card_id: str, state: CardState) -> None:
        self.db.execute(
            "UPDATE card_state SET status = ?, due = ?, stability = ?, difficulty = ?, step = ?,"
            " last_review = ?, reps = ?, lapses = ? WHERE card_id = ?",
            [*state_columns(state), card_id],
        )

    def undo_review(self, review_id: int) -> str:
        """Take back one review by its id (and its drill): the card gets its state from before it.

        Only the review a session itself recorded should be undone, by the id
        `record_review` returned, never "the newest review": another window on
        the same file may have answered since. If that window reviewed this same
        card after it, the card's state is that later answer's, so the undo is
        refused (`UndoRefused`) rather than erase it. Returns the card id.
        """

        def body() -> str:
            row = self.db.execute(
                "SELECT card_id, state_before, state_after FROM reviews WHERE id = ?", [review_id]
            ).fetchone()
            if row is None:
                raise UndoRefused(f"{self.path}: that answer is no longer stored (undone in another window?)")
            card_id, before, after = row
            later = self.db.execute(
                "SELECT count(*) FROM reviews WHERE card_id = ? AND id > ?", [card_id, review_id]
            ).fetchone()[0]
            if later or self.state(card_id) != CardState.from_dict(json.loads(after)):
                raise UndoRefused(
                    f"card {card_id!r} was reviewed again since, in another window; undo would erase that "
                    "answer, so nothing was undone"
                )
            self.db.execute("DELETE FROM drills WHERE review_id = ?", [review_id])
            self.db.execute("DELETE FROM reviews WHERE id = ?", [review_id])
            self._put_state(card_id, CardState.from_dict(json.loads(before)))
            return card_id

        return self._write(body)

    def set_meta(self, key: str, value: str) -> None:
        """Keep `value` under `key` in the meta table (the learner's name, for instance)."""
        if key == "app":
            raise ValueError("the 'app' key marks the file as hpquiz's and cannot be changed")
        self._write(lambda: self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, str(value)],
        ))

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
        if rating is not None:
            rating = Rating(rating)
        else:
            # Without a time taken, a right answer cannot count as fast: Good.
            rating = drill_rating(bool(correct), math.inf if seconds is None else seconds)
        payload = json.dumps({str(k): str(v) for k, v in dict(simulated).items()}, separators=(",", ":"))

        def body() -> int:
            review_id = self._review_locked(card_id, rating, now, seconds)
            cursor = self.db.execute(
                "INSERT INTO drills (card_id, review_id, prediction, simulated, correct, drilled_at,"
                " seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [card_id, review_id, str(prediction), payload, int(bool(correct)), iso(now), seconds],
            )
            return int(cursor.lastrowid)

        return self._write(body)


def _check_seconds(seconds: float | None) -> None:
    if seconds is not None and not (isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"seconds must be a finite number >= 0 or None, got {seconds!r}")


def _wait_busy(
    action: Callable[[], T], path: Path, seconds: float, on_busy: Callable[[str], object] | None = None
) -> T:
    """Run `action`, retried while another program holds a lock, for at most `seconds` in all.

    Every other SQLite error becomes a `StoreError` saying what happened in words
    (disk full, read-only) rather than SQLite's; damage is left to the caller.
    """
    deadline = time.monotonic() + seconds
    told = False
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise _in_words(exc, path) from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"{path}: another program kept the database locked for {seconds:g} s; nothing was saved "
                    "by this action. Close the other program (or wait) and try again"
                ) from exc
            if not told and on_busy is not None:
                on_busy(f"waiting for another program using {path} (up to {seconds:g} s)…")
            told = True
            time.sleep(0.05)


def _in_words(exc: sqlite3.OperationalError, path: Path) -> StoreError:
    text = str(exc)
    if "full" in text:
        return DiskFull(f"{path}: the disk is full (SQLite: {text}); nothing was saved. Free some space and "
                        "try again")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyLocation(f"{path}: cannot be written ({text}); nothing was saved. Check that the file and "
                                "its folder are writable")
    if "disk I/O" in text:
        return StoreError(f"{path}: the disk reported an error ({text}); nothing was saved")
    return StoreError(f"{path}: {text}; nothing was saved")
