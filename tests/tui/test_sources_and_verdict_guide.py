"""A card names its source by title after the answer, and `v` opens the verdict guide from any screen."""

from __future__ import annotations

import dataclasses
import importlib


from hpquiz.deck.model import Deck
from tui_helpers import SIZE, run, study_deck, text_of

rules = importlib.import_module("simulator.diagnose")


def cited_deck() -> Deck:
    deck = study_deck()
    first = dataclasses.replace(deck.cards[0], source=("001_f027e5dd55dc88ab.txt",))
    return dataclasses.replace(deck, cards=(first, *deck.cards[1:]))


def test_the_revealed_answer_names_the_material_by_title_not_by_file(make_app):
    app = make_app(start="study", decks=[cited_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space")
            answer = text_of(app, "#card-answer")
            assert "Source: Parameters and hyperparameters (lecture notes)" in answer
            assert "001_f027e5dd55dc88ab" not in answer

    run(scenario)


def test_v_opens_the_verdict_guide_with_the_graders_thresholds_and_escape_closes_it(make_app):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("v")
            guide = text_of(app, "#verdicts-text")
            assert "Unstable or diverged?" in guide and "Too slow or underfitting?" in guide
            assert f"{rules.DIVERGED_LOSS_FACTOR:g} times the first epoch's loss" in guide
            await pilot.press("escape")
            assert not app.screen.query("#verdicts-text")
            assert "What does the learning rate set?" in text_of(app, "#card-question")

    run(scenario)
