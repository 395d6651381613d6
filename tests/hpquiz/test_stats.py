"""The progress figures of `hpquiz stats`, computed from a real store with a known history."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from hpquiz.scheduler import Rating, Status
from hpquiz.stats import compute_stats
from hpquiz.stats_view import bar_chart, renderables
from hpquiz.store import Store
from tests.hpquiz.store_decks import T0, two_decks


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        opened.sync_cards(two_decks(), T0)
        yield opened


def test_an_empty_history_gives_zeros_not_errors(store):
    stats = compute_stats(store, T0)
    assert stats.reviews_today == 0 and stats.streak_days == 0
    assert stats.retention is None and stats.drill_accuracy is None
    assert len(stats.reviews_per_day) == 30 and stats.reviews_per_day[-1] == (date(2025, 3, 1), 0)
    assert len(stats.due_forecast) == 14 and all(n == 0 for _, n in stats.due_forecast)
    assert dict(stats.cards_by_state) == {Status.NEW: 5, Status.LEARNING: 0, Status.REVIEW: 0, Status.RELEARNING: 0}
    json.dumps(stats.to_dict())


def test_reviews_per_day_and_streak_follow_the_history(store):
    for day, count in ((0, 2), (1, 1), (3, 3)):
        for i in range(count):
            store.record_review("lr-1", Rating.GOOD, T0 + timedelta(days=day, minutes=i))
    stats = compute_stats(store, T0 + timedelta(days=3, hours=2))
    per_day = dict(stats.reviews_per_day)
    assert per_day[date(2025, 3, 1)] == 2
    assert per_day[date(2025, 3, 2)] == 1
    assert per_day[date(2025, 3, 3)] == 0
    assert per_day[date(2025, 3, 4)] == 3
    assert stats.reviews_today == 3 and stats.streak_days == 1


def mature(store, card_id):
    """Review a card with Good until its interval is at least three weeks."""
    now = T0
    while store.state(card_id).interval is None or store.state(card_id).interval < timedelta(days=21):
        store.record_review(card_id, Rating.GOOD, now)
        now = store.state(card_id).due
    return now


def test_true_retention_counts_only_reviews_of_mature_cards(store):
    due = mature(store, "lr-1")
    store.record_review("lr-1", Rating.AGAIN, due)  # a lapse of a mature card
    mature(store, "lr-2")
    due2 = store.state("lr-2").due
    store.record_review("lr-2", Rating.GOOD, due2)
    store.record_review("bs-1", Rating.AGAIN, T0)  # young card: not counted
    stats = compute_stats(store, due2)
    assert stats.mature_reviews == 2
    assert stats.retention == pytest.approx(0.5)


def test_due_forecast_puts_overdue_cards_today_and_the_rest_on_their_day(store):
    store.record_review("lr-1", Rating.EASY, T0)  # due in some days
    store.record_review("bs-1", Rating.AGAIN, T0)  # due in a minute
    days_ahead = (store.state("lr-1").due.date() - T0.date()).days
    stats = compute_stats(store, T0 + timedelta(hours=1))
    forecast = [n for _, n in stats.due_forecast]
    assert forecast[0] == 1
    assert forecast[days_ahead] == 1
    assert sum(forecast) == 2


def test_cards_by_state_and_mastery_per_topic(store):
    mature(store, "lr-1")
    store.record_review("bs-1", Rating.GOOD, T0)
    stats = compute_stats(store, T0 + timedelta(days=1))
    states = dict(stats.cards_by_state)
    assert states[Status.REVIEW] == 1 and states[Status.LEARNING] == 1 and states[Status.NEW] == 3
    by_topic = {m.topic: m for m in stats.mastery}
    assert by_topic["learning-rate"].cards == 2
    assert by_topic["learning-rate"].mature == 1 and by_topic["learning-rate"].mastery == 0.5
    assert by_topic["batch-size"].studied == 1 and by_topic["batch-size"].mature == 0
    assert by_topic["momentum"].recall is None
    assert 0 < by_topic["learning-rate"].recall <= 1
    assert stats.mastery[0].topic == "learning-rate"


def test_drill_accuracy_and_calibration_per_prediction(store):
    store.record_drill("mom-1", "diverged", {"baseline": "diverged"}, True, T0, 5.0)
    store.record_drill("lr-1", "diverged", {"baseline": "good"}, False, T0, 40.0)
    store.record_drill("lr-2", "overfitting", {"baseline": "overfitting"}, True, T0, 40.0)
    store.record_drill("bs-1", "1", {"option 0": "good", "option 1": "diverged"}, False, T0, 12.0)
    stats = compute_stats(store, T0)
    assert stats.drills == 4 and stats.drill_accuracy == 0.5
    rows = {c.prediction: (c.times, c.matched) for c in stats.calibration}
    assert rows == {"diverged": (2, 1), "overfitting": (1, 1), "option": (1, 0)}


def test_the_json_form_is_complete_and_plain(store):
    store.record_review("lr-1", Rating.GOOD, T0)
    data = json.loads(json.dumps(compute_stats(store, T0).to_dict()))
    assert set(data) >= {
        "reviews_per_day", "reviews_today", "streak_days", "retention", "due_forecast",
        "cards_by_state", "mastery", "drill_accuracy", "calibration",
    }
    assert data["cards_by_state"] == {"new": 4, "learning": 1, "review": 0, "relearning": 0}
    assert data["reviews_per_day"][-1] == {"day": "2025-03-01", "reviews": 1}


def test_bar_chart_is_returned_as_plain_text_of_the_asked_size():
    chart = bar_chart(["01", "02", "03"], [1, 5, 2], width=40, height=8, title="Reviews")
    lines = chart.splitlines()
    assert len(lines) == 8 and all(len(line) <= 40 for line in lines)
    assert "\x1b[" not in chart and "Reviews" in chart


def test_the_terminal_view_shows_tables_and_both_charts(store):
    from rich.console import Console

    store.record_review("lr-1", Rating.GOOD, T0)
    console = Console(width=90, record=True, color_system=None)
    for item in renderables(compute_stats(store, T0), 90):
        console.print(item)
    text = console.export_text()
    for expected in ("Reviews today", "Streak", "True retention", "Mastery per topic",
                     "learning-rate", "Reviews per day", "Cards due"):
        assert expected in text


def test_drill_answers_are_counted_apart_from_flashcard_reviews(store):
    store.record_review("lr-1", Rating.GOOD, T0)
    store.record_drill("mom-1", "too_slow", {"baseline": "too_slow"}, True, T0, 5.0)
    store.record_drill("lr-2", "diverged", {"baseline": "good"}, False, T0, 5.0)
    stats = compute_stats(store, T0)
    assert stats.reviews_today == 1 and stats.drills_today == 2
    assert dict(stats.reviews_per_day)[date(2025, 3, 1)] == 1
    assert stats.streak_days == 1


def test_recall_now_counts_a_card_last_rated_again_as_forgotten(store):
    store.record_review("lr-1", Rating.GOOD, T0)
    store.record_review("lr-2", Rating.GOOD, T0)
    before = {m.topic: m.recall for m in compute_stats(store, T0).mastery}["learning-rate"]
    assert before > 0.9
    store.record_review("lr-2", Rating.AGAIN, T0 + timedelta(minutes=1))
    after = {m.topic: m.recall for m in compute_stats(store, T0 + timedelta(minutes=1)).mastery}["learning-rate"]
    assert after == pytest.approx(before / 2, abs=0.05)  # one of the two studied cards is forgotten


def test_the_progress_reads_in_words_with_no_snake_case_or_none(store):
    from rich.console import Console

    due = mature(store, "lr-1")
    store.record_review("lr-1", Rating.GOOD, due)
    store.record_drill("mom-1", "too_slow", {"baseline": "too_slow"}, True, due, 5.0)
    console = Console(width=100, record=True, color_system=None)
    for item in renderables(compute_stats(store, due), 100):
        console.print(item)
    text = console.export_text()
    assert "recalled 1 of 1 review of mature cards (100%)" in text
    assert "1 flashcard · 1 drill" in text
    assert "1 answered, 1 predicted right (100%)" in text
    assert "too slow" in text
    assert "_" not in text and "None" not in text


def test_with_no_mature_review_the_retention_line_says_so(store):
    from hpquiz.stats_view import retention_text

    assert retention_text(compute_stats(store, T0)) == (
        "no reviews of mature cards yet (mature: an interval of 21 days or more)")
