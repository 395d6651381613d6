"""Options shuffled at every showing: the answer cannot be read off the layout."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from hypothesis import given
from hypothesis import strategies as st

from hpquiz.deck import load_decks
from hpquiz.deck.model import Card, CardType, Deck
from hpquiz.scheduler import Rating
from hpquiz.session import StudySession
from hpquiz.shuffle import has_shuffled_options, option_order, positions, seeded_order, shuffled_card
from hpquiz.store import Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


@given(st.text(min_size=1, max_size=20), st.integers(0, 10_000), st.integers(0, 12))
def test_an_order_is_a_permutation_and_the_same_every_time(key, seed, n):
    order = seeded_order(key, seed, n)
    assert sorted(order) == list(range(n))
    assert seeded_order(key, seed, n) == order


def shipped_shuffled_cards() -> list[Card]:
    return [card for deck in load_decks() for card in deck.cards if has_shuffled_options(card)]


def test_over_the_shipped_decks_the_right_answer_is_spread_across_positions():
    cards = shipped_shuffled_cards()
    assert len(cards) > 50
    first_right = Counter()
    for card in cards:
        for showing in range(4):
            where = positions(option_order(card, showing))
            first_right[min(where[i] for i in card.answer)] += 1
    total = sum(first_right.values())
    # in the files the first option is right in most cards; shown, no position is a tell
    in_files = sum(0 in card.answer for card in cards) / len(cards)
    assert in_files > 0.6
    assert first_right[0] / total < 0.5
    assert all(first_right[p] > 0 for p in range(3))


def test_a_card_is_shown_in_a_new_order_at_later_showings():
    for card in shipped_shuffled_cards()[:20]:
        orders = {option_order(card, showing) for showing in range(6)}
        assert len(orders) > 1, card.id


def test_predict_cards_keep_their_fixed_verdict_order():
    predict = [c for d in load_decks() for c in d.cards if c.type is CardType.SCENARIO and c.scenario.predict]
    assert predict and not any(has_shuffled_options(c) for c in predict)


def test_an_exported_card_keeps_each_option_with_its_change_and_its_grade():
    for card in shipped_shuffled_cards():
        out = shuffled_card(card, seed=7)
        assert sorted(out.options) == sorted(card.options)
        assert {out.options[i] for i in out.answer} == {card.options[i] for i in card.answer}
        if card.scenario is not None:
            pairs = dict(zip(card.options, map(dict, card.scenario.changes)))
            assert dict(zip(out.options, map(dict, out.scenario.changes))) == pairs
        assert shuffled_card(card, seed=7) == out


def choice_deck() -> Deck:
    card = Card(id="pick", deck_id="d", type=CardType.CHOICE, topic="t", front="Which?",
                options=("a", "b", "c", "d", "e"), answer=(0,))
    return Deck(id="d", title="D", language="en", cards=(card,))


def test_undo_shows_the_same_order_again_and_grading_follows_the_option(tmp_path):
    deck = choice_deck()
    with Store.open(tmp_path / "p.sqlite3") as store:
        store.sync_cards([deck], T0)
        s = StudySession(store, {c.id: c for c in deck.cards}, lambda: T0)
        first = s.order
        assert s.face.answer_text.startswith(f"{first.index(0) + 1}. a")
        result = s.choose(0)
        assert result.correct and result.order == first and result.rating == Rating.GOOD
        assert s.order != first  # its next showing (a learning step) draws again
        s.undo()
        assert s.order == first
