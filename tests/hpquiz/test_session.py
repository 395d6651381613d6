"""The headless study session over a real store file: reveal, rate, undo, finish."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpquiz.deck.model import Card, CardType, Deck
from hpquiz.faces import Kind, cloze_segments, face
from hpquiz.scheduler import Rating, Status
from hpquiz.session import StudySession
from hpquiz.store import Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def small_deck() -> Deck:
    cards = (
        Card(id="b1", deck_id="d", type=CardType.BASIC, topic="learning-rate", front="Q1?", back="A1.", position=0),
        Card(
            id="c1",
            deck_id="d",
            type=CardType.CLOZE,
            topic="momentum",
            front="The {{c1::learning rate}} sets the {{c2::step::size of what}}.",
            back="extra",
            position=1,
        ),
        Card(
            id="ch1",
            deck_id="d",
            type=CardType.CHOICE,
            topic="batch-size",
            front="Pick?",
            options=("a", "b", "c"),
            answer=(1,),
            explanation="because b",
            position=2,
        ),
        Card(id="r1", deck_id="d", type=CardType.REVERSE, topic="depth", front="F", back="B", position=3),
    )
    return Deck(id="d", title="D", language="en", cards=cards)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as s:
        s.sync_cards([small_deck()], T0)
        yield s


def session(store, clock=None) -> StudySession:
    cards = {c.id: c for c in small_deck().cards}
    return StudySession(store, cards, clock or Clock())


def test_each_answer_is_saved_before_the_next_card_shows(store):
    clock = Clock()
    s = session(store, clock)
    first = s.current.id
    clock.tick(7)
    s.reveal()
    s.answer(Rating.EASY)
    assert [r.card_id for r in store.history()] == [first]
    assert store.history()[0].seconds == pytest.approx(7)
    assert s.current.id != first
    assert not s.revealed


def test_undo_puts_the_card_back_as_it_was(store):
    s = session(store)
    first = s.current.id
    before = store.state(first)
    s.answer(Rating.EASY)
    assert s.undo() == first
    assert s.current.id == first
    assert store.state(first) == before
    assert store.history() == []
    assert s.progress == (0, 4)


def test_again_brings_the_card_back_later_in_the_sitting(store):
    s = session(store)
    first = s.current.id
    s.answer(Rating.AGAIN)
    assert s.queue[-1] == first
    assert s.progress == (1, 5)
    s.undo()
    assert s.queue.count(first) == 1


def test_a_full_sitting_finishes_with_a_summary(store):
    clock = Clock()
    s = session(store, clock)
    while not s.finished:
        clock.tick(2)
        if s.current.type == CardType.CHOICE:
            s.choose(1)
        else:
            s.answer(Rating.EASY)
    # the choice card (Good, a learning step of 10 minutes) comes back once in the sitting
    assert s.summary.reviewed == 5
    assert s.summary.cards == 4
    assert s.summary.ratings == {Rating.EASY: 3, Rating.GOOD: 2}
    assert s.summary.recalled_share == 1.0
    assert all(store.state(c.id).status == Status.REVIEW for c in small_deck().cards)


@pytest.mark.parametrize("picked, correct, rating", [((1,), True, Rating.GOOD), ((0,), False, Rating.AGAIN)])
def test_choice_cards_are_graded_automatically(store, picked, correct, rating):
    s = session(store)
    while s.current.type != CardType.CHOICE:
        s.answer(Rating.EASY)
    result = s.choose(*picked)
    assert (result.correct, result.rating) == (correct, rating)
    assert store.history()[-1].rating == rating


def test_picking_an_option_that_does_not_exist_is_refused(store):
    s = session(store)
    while s.current.type != CardType.CHOICE:
        s.answer(Rating.EASY)
    with pytest.raises(ValueError, match="option 4 does not exist"):
        s.choose(3)


def test_preview_gives_an_interval_for_every_rating_growing_with_the_rating(store):
    s = session(store)
    gaps = s.preview()
    assert list(gaps) == list(Rating)
    assert gaps[Rating.AGAIN] < gaps[Rating.EASY]


def test_scenario_cards_are_left_to_the_drill(tmp_path):
    from simulator import TrainConfig

    from hpquiz.deck.model import Scenario
    from simulator import Verdict

    card = Card(
        id="s1",
        deck_id="d",
        type=CardType.SCENARIO,
        topic="learning-rate",
        front="What happens?",
        scenario=Scenario(setup=TrainConfig(), verdict=Verdict.GOOD),
        position=9,
    )
    deck = small_deck()
    deck = Deck(id="d", title="D", language="en", cards=deck.cards + (card,))
    with Store.open(tmp_path / "p.sqlite3") as st:
        st.sync_cards([deck], T0)
        s = StudySession(st, {c.id: c for c in deck.cards}, Clock())
        assert "s1" not in s.queue
        assert s.summary.skipped_scenarios == 1


def test_cloze_deletions_are_hidden_until_revealed():
    text = "The {{c1::learning rate}} sets the {{c2::step::size of what}}."
    hidden = cloze_segments(text, revealed=False)
    assert "".join(s.text for s in hidden) == "The […] sets the [size of what]."
    shown = cloze_segments(text, revealed=True)
    assert "".join(s.text for s in shown) == "The learning rate sets the step."
    assert [s.text for s in shown if s.kind == Kind.ANSWER] == ["learning rate", "step"]


def test_reverse_cards_are_asked_both_ways_in_turn():
    card = small_deck().cards[3]
    assert face(card, reps=0).question_text == "F"
    assert face(card, reps=1).question_text == "B"
    assert face(card, reps=1).answer_text == "F"


def test_the_session_runs_without_textual():
    import subprocess
    import sys

    code = "import sys, hpquiz.session, hpquiz.faces; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


plain = st.text(alphabet=st.characters(blacklist_characters="{}:", blacklist_categories=("Cs",)), max_size=12)
answers = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)


@given(st.lists(st.tuples(plain, answers, st.one_of(st.none(), plain.filter(bool))), min_size=1, max_size=4), plain)
def test_any_cloze_hides_every_answer_and_reveals_the_plain_sentence(parts, tail):
    lowered = [(before.lower(), answer, hint.lower() if hint else None) for before, answer, hint in parts]
    text = "".join(
        f"{before}{{{{c{i + 1}::{answer}{'::' + hint if hint else ''}}}}}"
        for i, (before, answer, hint) in enumerate(lowered)
    ) + tail.lower()
    hidden = "".join(s.text for s in cloze_segments(text, revealed=False))
    shown = "".join(s.text for s in cloze_segments(text, revealed=True))
    assert shown == "".join(before + answer for before, answer, _ in lowered) + tail.lower()
    for _, answer, _ in lowered:
        assert answer not in hidden


def test_a_custom_sitting_ends_with_its_cards_not_with_a_made_up_new_card_limit(store):
    s = StudySession(store, {c.id: c for c in small_deck().cards}, Clock(), cards=["b1"])
    s.answer(Rating.EASY)
    assert s.finished
    assert s.why_empty() == ("summary.custom_done", {})


def test_when_the_daily_limit_stops_new_cards_the_summary_counts_those_introduced_today(store):
    s = StudySession(store, {c.id: c for c in small_deck().cards}, Clock(), new_limit=2)
    while not s.finished:
        s.choose(1) if s.current.type == CardType.CHOICE else s.answer(Rating.EASY)
    assert s.why_empty() == ("summary.new_done", {"count": 2})
    off = StudySession(store, {c.id: c for c in small_deck().cards}, Clock(), new_limit=0)
    assert off.why_empty() == ("summary.new_off", {})
