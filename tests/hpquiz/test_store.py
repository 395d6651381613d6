"""The progress store on a real SQLite file: syncing decks, saving answers, undo, drills."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from hpquiz.scheduler import Rating, Status
from hpquiz.store import DeckCounts, Store, StoreError, UndoRefused, UnknownCard
from hpquiz.store.schema import SCHEMA_VERSION
from tests.hpquiz.store_decks import T0, basic, deck, two_decks


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        opened.sync_cards(two_decks(), T0)
        yield opened


def test_first_open_creates_the_file_in_wal_mode_with_foreign_keys(tmp_path):
    path = tmp_path / "nested" / "dir" / "progress.sqlite3"
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert path.exists()


def test_default_location_is_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with Store.open() as store:
        assert store.path == tmp_path / "data" / "hpquiz" / "progress.sqlite3"
    assert store.path.exists()


def test_a_directory_is_refused_with_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


def test_sync_gives_new_cards_a_new_state(store):
    assert store.card_ids() == ["lr-1", "lr-2", "mom-1", "bs-1", "bs-2"]
    state = store.state("lr-1")
    assert state.status == Status.NEW
    assert state.due == T0
    assert state.reps == 0


def test_syncing_the_same_decks_twice_changes_nothing(store):
    report = store.sync_cards(two_decks(), T0 + timedelta(days=1))
    assert report == type(report)()


def test_edited_card_keeps_its_state_and_history(store):
    store.record_review("lr-1", Rating.GOOD, T0, 4.0)
    studied = store.state("lr-1")
    edited = two_decks()
    lr = edited[0]
    cards = (basic("lr-1", "lr", "learning-rate", 0, front="A reworded question?"), *lr.cards[1:])
    edited[0] = dataclasses.replace(lr, cards=cards)

    report = store.sync_cards(edited, T0 + timedelta(hours=1))

    assert report.updated == ("lr-1",)
    assert report.added == report.retired == ()
    assert store.state("lr-1") == studied
    assert [r.rating for r in store.history("lr-1")] == [Rating.GOOD]


def test_removed_card_is_retired_never_deleted_and_returns_with_its_history(store):
    store.record_review("bs-1", Rating.GOOD, T0, 2.0)
    studied = store.state("bs-1")

    report = store.sync_cards(two_decks()[:1], T0 + timedelta(hours=1))
    assert report.retired == ("bs-1", "bs-2")
    assert store.card_ids() == ["lr-1", "lr-2", "mom-1"]
    assert store.is_retired("bs-1")
    assert "bs-1" not in store.queue(T0 + timedelta(days=30))
    assert "bs" not in store.deck_counts(T0)

    report = store.sync_cards(two_decks(), T0 + timedelta(hours=2))
    assert report.restored == ("bs-1", "bs-2")
    assert report.added == ()
    assert store.state("bs-1") == studied
    assert len(store.history("bs-1")) == 1


def test_a_card_id_repeated_across_decks_is_refused(tmp_path):
    with Store.open(tmp_path / "p.db") as store:
        with pytest.raises(StoreError, match="'x-1' appears twice"):
            store.sync_cards([deck("a", ("x-1", "depth")), deck("b", ("x-1", "width"))], T0)
        assert store.card_ids() == []


def test_an_answer_is_committed_before_record_review_returns(store):
    review_id = store.record_review("lr-1", Rating.GOOD, T0, 3.5)
    other = sqlite3.connect(store.path)
    try:
        row = other.execute("SELECT card_id, rating, seconds FROM reviews WHERE id = ?", [review_id]).fetchone()
        status = other.execute("SELECT status FROM card_state WHERE card_id = 'lr-1'").fetchone()[0]
    finally:
        other.close()
    assert row == ("lr-1", 3, 3.5)
    assert status == "learning"


def test_undo_restores_the_previous_state_exactly(store):
    now = T0
    for rating in (Rating.GOOD, Rating.GOOD, Rating.HARD):
        store.record_review("lr-1", rating, now, 1.0)
        now = store.state("lr-1").due
    before = store.state("lr-1")
    review_id = store.record_review("lr-1", Rating.AGAIN, now, 9.0)
    assert store.state("lr-1") != before

    assert store.undo_review(review_id) == "lr-1"

    assert store.state("lr-1") == before
    assert store.state("lr-1").to_dict() == before.to_dict()
    assert [r.rating for r in store.history("lr-1")] == [Rating.GOOD, Rating.GOOD, Rating.HARD]


def test_undo_back_to_a_new_card_puts_it_back_in_the_new_queue(store):
    review_id = store.record_review("lr-1", Rating.EASY, T0)
    assert store.undo_review(review_id) == "lr-1"
    assert store.state("lr-1").status == Status.NEW
    assert store.queue(T0)[0] == "lr-1"


def test_undoing_an_answer_that_is_no_longer_stored_is_refused(store):
    review_id = store.record_review("lr-1", Rating.EASY, T0)
    store.undo_review(review_id)
    with pytest.raises(UndoRefused, match="no longer stored"):
        store.undo_review(review_id)


def test_reviewing_an_unknown_card_names_it(store):
    with pytest.raises(UnknownCard, match="'nope'"):
        store.record_review("nope", Rating.GOOD, T0)
    assert store.history() == []


def test_a_naive_time_is_refused(store):
    with pytest.raises(ValueError, match="timezone-aware"):
        store.record_review("lr-1", Rating.GOOD, datetime(2025, 3, 1, 9))


@pytest.mark.parametrize("seconds", [-1.0, float("nan"), float("inf")])
def test_nonsense_answer_times_are_refused(store, seconds):
    with pytest.raises(ValueError, match="seconds"):
        store.record_review("lr-1", Rating.GOOD, T0, seconds)
    assert store.history() == []


def test_a_drill_is_stored_and_schedules_the_card(store):
    drill_id = store.record_drill(
        "mom-1", "diverged", {"baseline": "diverged"}, correct=False, now=T0, seconds=30.0
    )
    [drill] = store.drills()
    assert drill["id"] == drill_id
    assert drill["prediction"] == "diverged"
    assert drill["simulated"] == {"baseline": "diverged"}
    assert drill["correct"] is False
    [review] = store.history("mom-1")
    assert review.rating == Rating.AGAIN
    assert drill["review_id"] == review.id


def test_undoing_a_drill_answer_removes_the_drill_too(store):
    store.record_drill("mom-1", "good", {"baseline": "good"}, correct=True, now=T0, seconds=5.0)
    [review] = store.history("mom-1")
    assert store.undo_review(review.id) == "mom-1"
    assert store.drills() == []
    assert store.state("mom-1").status == Status.NEW


def test_deck_counts_show_new_learning_and_due_per_deck_each_card_once(store):
    store.record_review("lr-1", Rating.AGAIN, T0)  # learning, due in a minute
    store.record_review("lr-2", Rating.EASY, T0)  # review, due in days
    counts = store.deck_counts(T0, learn_ahead=timedelta(minutes=20))
    assert counts == {
        "lr": DeckCounts(new=1, learning=1, due=0, total=3),  # the learning card is not also "due"
        "bs": DeckCounts(new=2, learning=0, due=0, total=2),
    }
    assert list(counts) == ["lr", "bs"]
    later = store.deck_counts(T0 + timedelta(days=30))
    assert later["lr"] == DeckCounts(new=1, learning=1, due=1, total=3)


def test_deck_counts_leave_out_suspended_and_buried_cards_as_the_queue_does(store):
    store.suspend(["bs-1"])
    store.bury(["bs-2"], until=T0 + timedelta(days=1))
    assert store.deck_counts(T0)["bs"] == DeckCounts(new=0, learning=0, due=0, total=2)
    assert store.queue(T0, deck_ids=["bs"]) == []
    assert store.deck_counts(T0 + timedelta(days=2))["bs"].new == 1  # the burial is over


def test_today_counts_reviews_and_the_streak_in_the_given_time_zone(store):
    for day in range(3):
        store.record_review("bs-2", Rating.GOOD, T0 + timedelta(days=day))
    assert store.today(T0 + timedelta(days=2, hours=1)) == (1, 3)
    # The day after, before any review: the streak is still alive.
    assert store.today(T0 + timedelta(days=3)) == (0, 3)
    # Two days later it is broken.
    assert store.today(T0 + timedelta(days=4)) == (0, 0)


def test_today_uses_the_calendar_day_of_the_time_zone_given(store):
    # 23:30 UTC on 1 March is already 2 March in Istanbul (UTC+3).
    late = datetime(2025, 3, 1, 23, 30, tzinfo=timezone.utc)
    store.record_review("bs-1", Rating.GOOD, late)
    next_morning = datetime(2025, 3, 2, 7, 0, tzinfo=timezone.utc)
    assert store.today(next_morning) == (0, 1)
    assert store.today(next_morning, tz=ZoneInfo("Europe/Istanbul")) == (1, 1)


def test_the_core_loads_without_any_terminal_or_plotting_library():
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; import hpquiz.store, hpquiz.scheduler, hpquiz.stats; "
        "print(sorted(m for m in ('textual', 'plotext', 'matplotlib', 'rich') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
