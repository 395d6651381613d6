"""Files the store refuses (left byte-for-byte untouched) and files it upgrades in place."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlite_utils import Database

from hpquiz.scheduler import Rating, Scheduler
from hpquiz.store import CorruptDatabase, NewerSchemaError, NotAnHpquizDatabase, Store
from hpquiz.store.schema import MIGRATION_NAMES, SCHEMA_VERSION, migrations
from tests.hpquiz.store_decks import T0, two_decks


def make_progress_file(path):
    with Store.open(path) as store:
        store.sync_cards(two_decks(), T0)
        store.record_review("lr-1", Rating.GOOD, T0, 2.0)
    return path


def assert_refused_untouched(path, error, message):
    before = path.read_bytes()
    with pytest.raises(error, match=message):
        Store.open(path)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0


def test_a_database_from_a_newer_hpquiz_is_refused_and_untouched(tmp_path):
    path = make_progress_file(tmp_path / "progress.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert_refused_untouched(path, NewerSchemaError, "newer hpquiz.*upgrade hpquiz")


def test_an_unknown_migration_name_means_a_newer_schema(tmp_path):
    path = make_progress_file(tmp_path / "progress.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('hpquiz', '099_future', 'x')"
    )
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert_refused_untouched(path, NewerSchemaError, "newer hpquiz")


def test_an_sqlite_file_of_another_program_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, NotAnHpquizDatabase, "not an hpquiz progress database")


@pytest.mark.parametrize(
    "content",
    [b"just some notes\n" * 20, bytes(range(256)) * 8, b"PK\x03\x04 zip?"],
    ids=["text", "binary", "zip-header"],
)
def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    assert_refused_untouched(path, NotAnHpquizDatabase, "not an SQLite file")


def test_a_truncated_database_is_reported_as_damaged_and_untouched(tmp_path):
    path = make_progress_file(tmp_path / "progress.sqlite3")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3 + 5])
    assert_refused_untouched(path, CorruptDatabase, "damaged")


def test_a_database_with_garbled_pages_is_reported_as_damaged_and_untouched(tmp_path):
    path = make_progress_file(tmp_path / "progress.sqlite3")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data), 7):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, CorruptDatabase, "damaged")


def _rows(path, table):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


def test_a_version_1_database_is_upgraded_in_place_keeping_every_row(tmp_path):
    path = tmp_path / "old.sqlite3"
    # A real version-1 file: only the first migration, then data written by the v1-era code paths.
    db = Database(path)
    migrations.apply(db, stop_before=MIGRATION_NAMES[1])
    old = Store(db, path, Scheduler())
    assert old.schema_version == 1
    old.sync_cards(two_decks(), T0)
    for day in range(4):
        old.record_review("lr-1", Rating.GOOD, T0 + timedelta(days=day * 3), 2.0)
    old.record_review("bs-1", Rating.AGAIN, T0, 8.0)
    old.close()
    tables = ("cards", "card_state", "reviews", "meta")
    before = {table: _rows(path, table) for table in tables}

    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.integrity_check() == "ok"

    after = {table: _rows(path, table) for table in tables}
    assert {k: v for k, v in after.items() if k != "meta"} == {k: v for k, v in before.items() if k != "meta"}
    assert set(before["meta"]) <= set(after["meta"])  # migration 3 only adds the file's journal stamp
    assert {key for key, _ in after["meta"]} == {"app", "file_id", "writes"}
    with Store.open(path) as store:
        # Version 2's drills table works on the upgraded file.
        store.record_drill("mom-1", "good", {"baseline": "good"}, True, T0, 3.0)
        assert len(store.drills()) == 1
        assert len(store.history()) == 6
