"""Hand-damaged rows are reported by row and field; `hpquiz db check` lists them all; `db backup` copies safely."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from hpquiz.cli import main
from hpquiz.scheduler import Rating
from hpquiz.store import DamagedRow, Store
from hpquiz.deck import load_decks
from tests.tui.tui_helpers import T0, study_deck, turkish_deck


@pytest.fixture
def progress(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        store.sync_cards([study_deck(), turkish_deck()], T0)
        store.record_review("lr-what", Rating.GOOD, T0, 3.0)
        store.record_drill("lr-cloze", "good", {"baseline": "good"}, True, T0, 4.0)
    return path


@pytest.fixture
def studied(tmp_path):
    """A progress file on the shipped decks (what `stats` syncs and reads), two answers in."""
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        store.sync_cards(load_decks(), T0)
        first, second = store.card_ids()[:2]
        store.record_review(first, Rating.GOOD, T0, 3.0)
        store.record_review(second, Rating.AGAIN, T0, 3.0)
    return path, first, second


def damage(path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("UPDATE card_state SET due = 'garbage' WHERE card_id = '{a}'", "card_state row '{a}': due = 'garbage'"),
        ("UPDATE card_state SET status = 'zombie' WHERE card_id = '{b}'", "card_state row '{b}': status = 'zombie'"),
        ("UPDATE reviews SET reviewed_at = 'soon' WHERE id = 2", "reviews row 2: reviewed_at = 'soon'"),
    ],
)
def test_a_hand_damaged_row_is_named_by_stats_and_db_check_lists_it(studied, capsys, sql, named):
    progress, a, b = studied
    damage(progress, sql.format(a=a, b=b))
    named = named.format(a=a, b=b)
    assert main(["--db", str(progress), "stats"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err and "run 'hpquiz db check'" in err
    assert main(["--db", str(progress), "db", "check"]) == 1
    captured = capsys.readouterr()
    assert named in captured.out and "1 problem" in captured.err


def test_db_check_reads_only_and_passes_a_healthy_file(progress, capsys):
    before = hashlib.sha256(progress.read_bytes()).hexdigest()
    assert main(["--db", str(progress), "db", "check"]) == 0
    assert "no problems" in capsys.readouterr().out
    assert hashlib.sha256(progress.read_bytes()).hexdigest() == before


def test_db_check_reports_every_damaged_row_not_just_the_first(progress, capsys):
    damage(progress, "UPDATE card_state SET reps = -1, last_review = 'yesterday' WHERE card_id = 'lr-what'")
    damage(progress, "UPDATE drills SET simulated = '[1]', correct = 7")
    damage(progress, "UPDATE reviews SET rating = 9 WHERE id = 1")
    assert main(["--db", str(progress), "db", "check"]) == 1
    out = capsys.readouterr().out
    for line in ("card_state row 'lr-what': last_review = 'yesterday'", "card_state row 'lr-what': reps = -1",
                 "drills row 1: simulated = '[1]'", "drills row 1: correct = 7", "reviews row 1: rating = 9"):
        assert line in out


def test_the_store_names_the_row_when_a_read_meets_it(progress):
    damage(progress, "UPDATE card_state SET due = 'garbage' WHERE card_id = 'lr-what'")
    with Store.open(progress) as store, pytest.raises(DamagedRow, match="card_state row 'lr-what': due"):
        store.state("lr-what")


def test_db_backup_writes_a_consistent_copy_while_another_window_has_the_file_open(progress, tmp_path, capsys):
    other = Store.open(progress)
    try:
        other.record_review("tr-hiz", Rating.EASY, T0, 1.0)  # in the journal, not yet in the main file
        target = tmp_path / "backup.sqlite3"
        assert main(["--db", str(progress), "db", "backup", str(target)]) == 0
        assert "(3 reviews)" in capsys.readouterr().out
        assert not target.with_name(target.name + "-wal").exists()
        with Store.open(target, read_only=True) as copy:
            assert [r.card_id for r in copy.history()] == ["lr-what", "lr-cloze", "tr-hiz"]
        assert main(["--db", str(target), "db", "check"]) == 0
    finally:
        other.close()


def test_db_backup_never_overwrites_and_leaves_no_part_file(progress, tmp_path, capsys):
    target = tmp_path / "backup.sqlite3"
    target.write_text("my notes")
    assert main(["--db", str(progress), "db", "backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err and target.read_text() == "my notes"
    assert main(["--db", str(progress), "db", "backup", str(tmp_path / "no" / "b.sqlite3")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []
