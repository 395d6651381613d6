"""What the learner studies next: due cards first (most overdue first), then new cards."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hpquiz.scheduler import Rating
from hpquiz.store import Store, interleave_topics
from tests.hpquiz.store_decks import T0, deck, two_decks


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        opened.sync_cards(two_decks(), T0)
        yield opened


def test_new_cards_come_in_deck_order_with_topics_interleaved(store):
    assert store.queue(T0) == ["lr-1", "mom-1", "bs-1", "lr-2", "bs-2"]


def test_due_reviews_come_before_new_cards_most_overdue_first(store):
    store.record_review("bs-2", Rating.GOOD, T0)
    store.record_review("bs-2", Rating.GOOD, T0 + timedelta(minutes=10))  # review, due in days
    store.record_review("lr-2", Rating.EASY, T0)  # review, due later than bs-2
    later = max(store.state("bs-2").due, store.state("lr-2").due) + timedelta(days=1)
    assert store.state("bs-2").due < store.state("lr-2").due
    assert store.queue(later, new_limit=100) == ["bs-2", "lr-2", "lr-1", "mom-1", "bs-1"]


def test_cards_not_yet_due_are_left_out(store):
    store.record_review("lr-1", Rating.EASY, T0)
    assert "lr-1" not in store.queue(T0 + timedelta(hours=1))
    assert store.queue(store.state("lr-1").due)[0] == "lr-1"


def test_the_daily_new_card_limit_is_per_deck_and_counts_what_was_introduced_today(store):
    assert store.queue(T0, new_limit=1) == ["lr-1", "bs-1"]
    store.record_review("lr-1", Rating.EASY, T0)
    assert store.queue(T0, new_limit=1) == ["bs-1"]
    store.record_review("bs-1", Rating.EASY, T0)
    assert store.queue(T0 + timedelta(hours=1), new_limit=1) == []
    assert store.queue(T0 + timedelta(days=1), new_limit=1) == ["mom-1", "bs-2"]


def test_each_deck_takes_its_own_limits(store):
    assert store.queue(T0, limits={"lr": (3, 200), "bs": (0, 200)}) == ["lr-1", "mom-1", "lr-2"]
    store.record_review("lr-1", Rating.EASY, T0)
    assert store.left_today(T0, {"lr": (3, 200), "bs": (0, 200)}) == {"lr": (2, 200), "bs": (0, 200)}


def test_new_scenario_cards_do_not_use_up_the_study_limit(store):
    study_cards = {"lr-1", "lr-2", "bs-1", "bs-2"}  # mom-1 plays the scenario card
    store.record_review("mom-1", Rating.GOOD, T0)  # drilled
    assert store.queue(T0, new_limit=2, only=study_cards) == ["lr-1", "bs-1", "lr-2", "bs-2"]


def test_suspended_and_buried_cards_stay_out_of_the_queue(store):
    store.suspend(["lr-1"])
    store.bury(["bs-1"], until=T0 + timedelta(days=1))
    assert store.queue(T0) == ["lr-2", "mom-1", "bs-2"]
    assert store.queue(T0 + timedelta(days=1)) == ["lr-2", "mom-1", "bs-1", "bs-2"]
    store.suspend(["lr-1"], False)
    assert store.queue(T0)[0] == "lr-1"


def test_the_daily_review_limit_caps_due_reviews(store):
    for card_id in ("lr-1", "lr-2", "mom-1"):
        store.record_review(card_id, Rating.EASY, T0)
    later = T0 + timedelta(days=60)
    assert store.queue(later, new_limit=0) == ["lr-1", "lr-2", "mom-1"]
    assert store.queue(later, new_limit=0, review_limit=2) == ["lr-1", "lr-2"]
    store.record_review("lr-1", Rating.GOOD, later)
    assert store.queue(later, new_limit=0, review_limit=2) == ["lr-2"]


def test_learning_cards_are_not_held_back_by_the_review_limit(store):
    store.record_review("lr-1", Rating.AGAIN, T0)
    assert store.queue(T0 + timedelta(minutes=2), new_limit=0, review_limit=0) == ["lr-1"]


def test_learn_ahead_brings_short_learning_steps_in_at_the_end(store):
    store.record_review("lr-1", Rating.AGAIN, T0)  # due one minute later
    assert "lr-1" not in store.queue(T0)
    assert store.queue(T0, learn_ahead=timedelta(minutes=20))[-1] == "lr-1"


def test_the_queue_can_be_limited_to_some_decks(store):
    assert store.queue(T0, deck_ids=["bs"]) == ["bs-1", "bs-2"]
    assert store.queue(T0, deck_ids=[]) == []


def test_retired_cards_never_come_up(store):
    store.sync_cards([deck("bs", ("bs-1", "batch-size"))], T0)
    assert store.queue(T0) == ["bs-1"]


def test_interleaving_keeps_each_topics_order():
    rows = [("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("b2", "b")]
    assert interleave_topics(rows) == ["a1", "b1", "c1", "a2", "b2", "a3"]
