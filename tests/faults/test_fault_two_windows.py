"""Two windows on one progress file: undo takes back only this window's own answer."""

from __future__ import annotations

import pytest

from hpquiz.scheduler import Rating
from hpquiz.session import StudySession
from hpquiz.store import Store, UndoRefused
from tests.tui.tui_helpers import SIZE, Clock, reviews_in, run, study_deck, turkish_deck


def window(db_path) -> StudySession:
    """A study sitting on its own connection, as a second `hpquiz study` on the same file would be."""
    decks = [study_deck(), turkish_deck()]
    store = Store.open(db_path)
    store.sync_cards(decks, Clock()())
    cards = {card.id: card for deck in decks for card in deck.cards}
    return StudySession(store, cards, Clock())


def test_undo_in_one_window_removes_its_own_answer_not_the_other_windows_newer_ones(db_path):
    a, b = window(db_path), window(db_path)
    try:
        a.reveal()
        a_card = a.answer(Rating.GOOD).card_id  # A answers once
        b.queue.remove(a_card)
        b.answer(Rating.EASY)  # then B twice, on other cards
        b.answer(Rating.HARD)
        b_answers = [(x.card_id, int(x.rating)) for x in b.answered]

        assert a.undo() == a_card
        assert reviews_in(db_path) == b_answers  # B's answers stay, A's is gone
        assert a.current.id == a_card
        assert b.undo() == b_answers[1][0]  # and B's undo takes B's own last answer
        assert reviews_in(db_path) == b_answers[:1]
    finally:
        a.store.close()
        b.store.close()


def test_undo_is_refused_when_the_other_window_reviewed_the_same_card_since(db_path):
    a, b = window(db_path), window(db_path)
    try:
        card = a.current.id
        a.answer(Rating.AGAIN)
        assert b.current.id == card
        b.answer(Rating.EASY)
        after_b = b.store.state(card)

        with pytest.raises(UndoRefused, match=f"card '{card}' was reviewed again since, in another window"):
            a.undo()
        assert a.store.state(card) == after_b  # B's answer and its schedule stand
        assert [r for r, _ in reviews_in(db_path)] == [card, card]
        assert a.undo() is None  # the refused answer left A's undo list
        assert b.undo() == card  # B can still take back its own answer
        assert b.store.state(card) != after_b
    finally:
        a.store.close()
        b.store.close()


def test_the_study_screen_says_undo_was_refused_and_keeps_the_other_windows_answer(make_app, db_path):
    app = make_app(start="study", decks=[study_deck(), turkish_deck()])
    other = window(db_path)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            card = app.screen.session.current.id
            await pilot.press("space", "1")
            other.answer(Rating.GOOD)  # the other window answers the same card
            await pilot.press("u")
            await pilot.pause()
            shown = [n.message for n in app._notifications]
            assert any("was reviewed again since, in another window" in m for m in shown)
            assert reviews_in(db_path) == [(card, 1), (card, 3)]

    try:
        run(scenario)
    finally:
        other.store.close()
