"""The progress database's schema: numbered migrations and the checks made before any write.

Migrations use sqlite-utils' `Migrations` (recorded in `_sqlite_migrations`)
and each one also sets `PRAGMA user_version` to its number, so a version is
readable without trusting table contents. Never edit a released migration:
add the next one. A file is only written to after `inspect` has decided it is
an hpquiz database this code understands (or an empty/new file), so a foreign,
newer or broken file is never modified.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database, Migrations

from hpquiz.store.errors import CorruptDatabase, NewerSchemaError, NotAnHpquizDatabase

APP_ID = "hpquiz"
SQLITE_MAGIC = b"SQLite format 3\x00"


migrations = Migrations("hpquiz")
_NUMBERED: list[str] = []


def _numbered(number: int) -> Callable:
    """Register migration `number` (1, 2, …, in order) and stamp user_version with it."""

    def decorate(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        if number != len(_NUMBERED) + 1:
            raise RuntimeError(f"migration {fn.__name__} must be number {len(_NUMBERED) + 1}")
        name = f"{number:03d}_{fn.__name__}"
        _NUMBERED.append(name)

        def run(db: Database) -> None:
            fn(db)
            db.execute(f"PRAGMA user_version = {number}")

        run.__name__ = name
        migrations(name=name)(run)
        return fn

    return decorate


@_numbered(1)
def core(db: Database) -> None:
    """Cards, their scheduling state and every review."""
    for sql in (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"INSERT INTO meta (key, value) VALUES ('app', '{APP_ID}')",
        """CREATE TABLE cards (
            id TEXT PRIMARY KEY,
            deck_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            topic TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            retired INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
        """CREATE TABLE card_state (
            card_id TEXT PRIMARY KEY REFERENCES cards(id),
            status TEXT NOT NULL,
            due TEXT NOT NULL,
            stability REAL,
            difficulty REAL,
            step INTEGER,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card_id TEXT NOT NULL REFERENCES cards(id),
            rating INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            seconds REAL,
            status_before TEXT NOT NULL,
            interval_before REAL,
            state_before TEXT NOT NULL,
            state_after TEXT NOT NULL
        )""",
        "CREATE INDEX reviews_card ON reviews (card_id)",
        "CREATE INDEX reviews_time ON reviews (reviewed_at)",
        "CREATE INDEX card_state_due ON card_state (due)",
    ):
        db.execute(sql)


@_numbered(2)
def drills(db: Database) -> None:
    """Drill results (predict, then run), each linked to the review it scheduled."""
    db.execute(
        """CREATE TABLE drills (
            id INTEGER PRIMARY KEY,
            card_id TEXT NOT NULL REFERENCES cards(id),
            review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL,
            prediction TEXT NOT NULL,
            simulated TEXT NOT NULL,
            correct INTEGER NOT NULL,
            drilled_at TEXT NOT NULL,
            seconds REAL
        )"""
    )
    db.execute("CREATE INDEX drills_card ON drills (card_id)")
    db.execute("CREATE INDEX reviews_mature ON reviews (interval_before, rating)")


@_numbered(3)
def lab(db: Database) -> None:
    """The lab's named setups, and tuning challenges: every attempt and each of its trials."""
    db.execute(
        """CREATE TABLE lab_setups (
            name TEXT PRIMARY KEY,
            setup TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE challenge_attempts (
            id INTEGER PRIMARY KEY,
            challenge_id TEXT NOT NULL,
            target REAL NOT NULL,
            budget INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            best REAL,
            won INTEGER,
            grid_best REAL,
            random_best REAL
        )"""
    )
    db.execute(
        """CREATE TABLE challenge_trials (
            id INTEGER PRIMARY KEY,
            attempt_id INTEGER NOT NULL REFERENCES challenge_attempts(id),
            number INTEGER NOT NULL,
            setup TEXT NOT NULL,
            val_loss REAL,
            verdict TEXT NOT NULL,
            tried_at TEXT NOT NULL,
            UNIQUE (attempt_id, number)
        )"""
    )
    db.execute("CREATE INDEX challenge_attempts_challenge ON challenge_attempts (challenge_id)")


@_numbered(4)
def learner_controls(db: Database) -> None:
    """What the learner decides: settings (theme, language, deck options) and, per card,
    suspended, buried until a time, and a flag; suspended and buried cards stay out of the queue."""
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE card_controls (
            card_id TEXT PRIMARY KEY REFERENCES cards(id),
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_until TEXT,
            flag INTEGER NOT NULL DEFAULT 0
        )"""
    )


@_numbered(5)
def journal_stamp(db: Database) -> None:
    """A random id for this file and a count of its write transactions, so a `-wal` can be matched to
    the file it was written for (hpquiz.store.journal)."""
    import secrets

    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('file_id', ?)", [secrets.token_hex(16)])
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('writes', '0')")


SCHEMA_VERSION = len(_NUMBERED)
MIGRATION_NAMES = tuple(_NUMBERED)


def inspect(path: Path, conn: sqlite3.Connection) -> int:
    """The schema version of the open file (0 = empty, needs creating), read without writing.

    Raises `NotAnHpquizDatabase`, `CorruptDatabase` or `NewerSchemaError`.
    """
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
        if header != SQLITE_MAGIC:
            raise NotAnHpquizDatabase(f"{path}: not an hpquiz progress database (not an SQLite file)")
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return 0
        if "meta" not in tables:
            raise NotAnHpquizDatabase(
                f"{path}: not an hpquiz progress database (an SQLite file with other tables)"
            )
        app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        if app is None or app[0] != APP_ID:
            raise NotAnHpquizDatabase(f"{path}: not an hpquiz progress database (meta says otherwise)")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        applied = set()
        if "_sqlite_migrations" in tables:
            applied = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [migrations.name]
                )
            }
        unknown = sorted(applied - set(MIGRATION_NAMES))
        if version > SCHEMA_VERSION or unknown:
            raise NewerSchemaError(
                f"{path}: written by a newer hpquiz (schema version {version}, this hpquiz knows "
                f"up to {SCHEMA_VERSION}); upgrade hpquiz to open it"
            )
        check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if check != "ok":
            raise CorruptDatabase(f"{path}: the database is damaged ({check}); restore a backup")
        return version
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise
        raise CorruptDatabase(f"{path}: the database is damaged ({exc}); restore a backup") from exc


def upgrade(db: Database, stop_before: str | None = None) -> None:
    """Apply every pending migration; the caller holds a write lock (BEGIN IMMEDIATE)."""
    migrations.apply(db, stop_before=stop_before)
