"""The FSRS scheduler behind hpquiz's small interface: ratings, previews, drill ratings, states."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpquiz.scheduler import (
    CardState,
    Rating,
    Scheduler,
    Status,
    drill_rating,
    format_interval,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_ratings_are_the_fsrs_ratings():
    assert {r.name: r.value for r in Rating} == {"AGAIN": 1, "HARD": 2, "GOOD": 3, "EASY": 4}
    assert [int(r) for r in Rating] == [int(r) for r in fsrs.Rating]


def test_a_new_card_is_due_at_once():
    state = Scheduler().new_state(T0)
    assert state.status == Status.NEW and state.due == T0 and state.reps == 0


def test_preview_gives_longer_intervals_for_better_ratings():
    scheduler = Scheduler()
    state = scheduler.new_state(T0)
    for _ in range(3):
        state, _ = scheduler.review(state, Rating.GOOD, state.due)
    preview = scheduler.preview(state, state.due)
    assert list(preview) == list(Rating)
    gaps = [preview[r] for r in Rating]
    assert gaps == sorted(gaps) and len(set(gaps)) == 4
    assert gaps[0] < timedelta(hours=1) < timedelta(days=1) < gaps[2]


def test_preview_matches_what_review_then_does():
    scheduler = Scheduler()
    state = scheduler.new_state(T0)
    preview = scheduler.preview(state, T0)
    for rating in Rating:
        after, _ = scheduler.review(state, rating, T0)
        assert after.due - T0 == preview[rating]


def test_the_same_answers_give_the_same_schedule():
    def run():
        scheduler = Scheduler()
        state = scheduler.new_state(T0)
        dues = []
        for rating in [Rating.GOOD] * 6 + [Rating.AGAIN, Rating.GOOD, Rating.EASY]:
            state, _ = scheduler.review(state, rating, state.due)
            dues.append(state.due)
        return dues

    assert run() == run()


def test_a_higher_desired_retention_brings_cards_back_sooner():
    def interval(retention):
        scheduler = Scheduler(desired_retention=retention)
        state = scheduler.new_state(T0)
        for _ in range(4):
            state, _ = scheduler.review(state, Rating.GOOD, state.due)
        return state.interval

    assert interval(0.95) < interval(0.9) < interval(0.8)


@pytest.mark.parametrize("retention", [0.5, 1.0, 1.2, "high"])
def test_a_nonsense_desired_retention_is_refused_with_the_range(retention):
    with pytest.raises(ValueError, match="between 0.7 and 0.99"):
        Scheduler(desired_retention=retention)


def test_forgetting_a_review_card_counts_a_lapse_and_relearns_it():
    scheduler = Scheduler()
    state = scheduler.new_state(T0)
    for _ in range(3):
        state, _ = scheduler.review(state, Rating.GOOD, state.due)
    assert state.status == Status.REVIEW
    after, log = scheduler.review(state, Rating.AGAIN, state.due)
    assert after.status == Status.RELEARNING
    assert after.lapses == 1 and after.reps == state.reps + 1
    assert log.before == state and log.after == after


@pytest.mark.parametrize(
    ("correct", "seconds", "rating"),
    [
        (False, 3.0, Rating.AGAIN),
        (False, 300.0, Rating.AGAIN),
        (True, 5.0, Rating.EASY),
        (True, 20.0, Rating.EASY),
        (True, 20.5, Rating.GOOD),
        (True, 240.0, Rating.GOOD),
    ],
)
def test_drill_rating_rule(correct, seconds, rating):
    assert drill_rating(correct, seconds) == rating


def test_review_refuses_a_naive_time():
    scheduler = Scheduler()
    with pytest.raises(ValueError, match="timezone-aware"):
        scheduler.review(scheduler.new_state(T0), Rating.GOOD, datetime(2025, 3, 1))


def test_review_accepts_any_time_zone_and_works_in_utc():
    scheduler = Scheduler()
    plus3 = timezone(timedelta(hours=3))
    after, _ = scheduler.review(scheduler.new_state(T0), Rating.GOOD, T0.astimezone(plus3))
    assert after.last_review == T0 and after.last_review.tzinfo == timezone.utc


@pytest.mark.parametrize(
    ("gap", "label"),
    [(timedelta(seconds=60), "1m"), (timedelta(minutes=10), "10m"), (timedelta(hours=5), "5h"),
     (timedelta(days=4), "4d"), (timedelta(days=75), "2.5mo"), (timedelta(days=800), "2.2y")],
)
def test_interval_labels_are_short(gap, label):
    assert format_interval(gap) == label


@pytest.mark.parametrize(
    ("gap", "label"),
    [(timedelta(minutes=59, seconds=40), "1h"), (timedelta(hours=23, minutes=50), "1d"),
     (timedelta(days=29, hours=20), "1.0mo"), (timedelta(days=364, hours=12), "1.0y")],
)
def test_an_interval_just_short_of_the_next_unit_is_named_in_it_not_as_24h(gap, label):
    """A day minus the minutes since the review is "1d", as the rating said, never "24h"."""
    assert format_interval(gap) == label


times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
)


@given(
    status=st.sampled_from(Status),
    due=times,
    stability=st.none() | st.floats(0.001, 1e5, allow_nan=False),
    difficulty=st.none() | st.floats(1, 10, allow_nan=False),
    step=st.none() | st.integers(0, 5),
    last_review=st.none() | times,
    reps=st.integers(0, 10_000),
    lapses=st.integers(0, 1000),
)
def test_card_states_survive_the_round_trip_through_json_exactly(**fields):
    state = CardState(**fields)
    assert CardState.from_dict(state.to_dict()) == state
