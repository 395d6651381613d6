"""The drill: predict with a key, the runs train in a worker, the graded result is stored."""

from __future__ import annotations

import pytest

from hpquiz.deck.model import Card, CardType, Deck, Scenario
from simulator import TrainConfig, Verdict
from tui_helpers import SIZE, footer_keys, label_of, notices, region_text, run, screen_text, settle, text_of


def drill_deck() -> Deck:
    predict = Card(
        id="lr-blowup", deck_id="drills", type=CardType.SCENARIO, topic="learning-rate",
        front="The learning rate is 12. What will the loss do?",
        scenario=Scenario(setup=TrainConfig(learning_rate=12.0, epochs=60), verdict=Verdict.DIVERGED),
        explanation="Steps that large overshoot the minimum further each time.", position=0,
    )
    knob = Card(
        id="lr-fix", deck_id="drills", type=CardType.SCENARIO, topic="learning-rate",
        front="This run blows up. Which change makes it train well?",
        options=("Lower the learning rate to 0.05", "Train for fewer epochs"),
        answer=(0,),
        scenario=Scenario(
            setup=TrainConfig(learning_rate=12.0, epochs=60),
            changes=({"learning_rate": 0.05}, {"epochs": 20}),
            goal=Verdict.GOOD,
        ),
        explanation="A smaller step stops the overshoot.", position=1,
    )
    return Deck(id="drills", title="Drills", language="en", cards=(predict, knob))


def drills_in(db_path) -> list[dict]:
    from hpquiz.store import Store

    with Store.open(db_path) as store:
        return store.drills()


def test_predict_then_run_then_the_graded_result_is_stored(make_app, db_path):
    app = make_app(start="drill", decks=[drill_deck()])
    diverged_key = str(list(Verdict).index(Verdict.DIVERGED) + 1)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert "learning rate is 12" in text_of(app, "#drill-prompt")
            assert app.screen.query_one("#drill-chart").has_class("hidden")
            await pilot.press(diverged_key)
            await settle(pilot)
            assert not app.screen.query_one("#drill-chart").has_class("hidden")
            assert "the setup as given → diverged (5 of 5 seeds)" in text_of(app, "#drill-choices")
            assert "A seed fixes a run's random draws" in text_of(app, "#drill-caption")
            assert "Right" in text_of(app, "#drill-result")
            assert "overshoot" in text_of(app, "#drill-result")
            assert "The setup as given, diverged: training started at a loss of " in text_of(app, "#drill-result")

    run(scenario)
    [drill] = drills_in(db_path)
    assert (drill["card_id"], drill["prediction"], drill["correct"]) == ("lr-blowup", "diverged", True)
    assert drill["simulated"]["baseline"] == "diverged"


def test_the_runs_train_while_the_learner_reads_and_nothing_shows_before_the_prediction(make_app, db_path):
    app = make_app(start="drill", decks=[drill_deck()])
    diverged_key = str(list(Verdict).index(Verdict.DIVERGED) + 1)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await settle(pilot)  # the learner reads the scenario; meanwhile its runs are done
            trained_ahead = screen.training
            assert trained_ahead.is_finished and not trained_ahead.is_cancelled
            assert screen.phase == "predict"
            assert screen.query_one("#drill-chart").has_class("hidden")
            assert screen.query_one("#drill-progress").has_class("hidden")
            assert text_of(app, "#drill-result") == "" and "seeds" not in text_of(app, "#drill-choices")
            assert drills_in(db_path) == []
            await pilot.press(diverged_key)
            # the result comes from the runs trained ahead: nothing is trained after the key
            assert screen.phase == "result" and screen.training is trained_ahead
            assert "diverged (5 of 5 seeds)" in text_of(app, "#drill-choices")

    run(scenario)
    [drill] = drills_in(db_path)
    assert (drill["prediction"], drill["correct"]) == ("diverged", True)


def test_a_prediction_made_before_the_runs_are_done_waits_for_the_same_runs(make_app, db_path):
    app = make_app(start="drill", decks=[slow_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            trained_ahead = screen.training
            screen.action_predict(1)  # directly: pilot presses wait for an idle CPU (see below)
            assert screen.phase == "running"
            assert not screen.query_one("#drill-progress").has_class("hidden")
            await settle(pilot)
            assert screen.phase == "result" and screen.training is trained_ahead

    run(scenario)
    assert len(drills_in(db_path)) == 1


def test_runs_too_big_for_the_machine_are_refused_on_screen_and_n_goes_on(make_app, db_path, monkeypatch):
    monkeypatch.setenv("HPQUIZ_MEMORY_LIMIT", "1MB")  # the cards' 5 seeds need about 2.6 MB
    app = make_app(start="drill", decks=[drill_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert screen.phase == "refused"
            result = text_of(app, "#drill-result")
            assert "Not started: this training needs about" in result and "HPQUIZ_MEMORY_LIMIT" in result
            assert footer_keys(app)["n"] == "Next scenario" and "escape" in footer_keys(app)
            await pilot.press("1")
            assert "cannot be trained here" in notices(app)[-1] and screen.phase == "refused"
            await pilot.press("n")
            await settle(pilot)
            assert "blows up" in text_of(app, "#drill-prompt") and screen.phase == "refused"
            assert app.is_running

    run(scenario)
    assert drills_in(db_path) == []


def test_a_wrong_option_is_graded_wrong_and_next_moves_on(make_app, db_path):
    app = make_app(start="drill", decks=[drill_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.screen.queue = ["lr-fix", "lr-blowup"]
            app.screen.show_card()
            key = label_of(text_of(app, "#drill-choices"), "Train for fewer epochs")
            await pilot.press(key)
            await settle(pilot)
            assert "Not this time" in text_of(app, "#drill-result")
            assert "✓ reaches good" in text_of(app, "#drill-choices")
            assert f"Your option {key}, " in text_of(app, "#drill-result")  # why the chosen run got its verdict
            await pilot.press("n")
            assert "learning rate is 12" in text_of(app, "#drill-prompt")

    run(scenario)
    [drill] = drills_in(db_path)
    assert (drill["card_id"], drill["prediction"], drill["correct"]) == ("lr-fix", "1", False)


def slow_deck() -> Deck:
    """One predict card long enough to train that escape surely comes first."""
    card = Card(
        id="long-run", deck_id="slow", type=CardType.SCENARIO, topic="iterations-and-epochs",
        front="A long run: what happens?",
        scenario=Scenario(setup=TrainConfig(epochs=1000), verdict=Verdict.GOOD),
    )
    return Deck(id="slow", title="Slow", language="en", cards=(card,))


def test_escape_cancels_a_running_drill_and_records_nothing(make_app, db_path):
    app = make_app(start="drill", decks=[slow_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            # called directly: the pilot's key presses wait for the CPU to go idle,
            # which a training worker prevents until it is done
            screen.action_predict(1)
            assert screen.phase == "running"
            screen.action_escape()
            await settle(pilot)
            assert "Cancelled" in text_of(app, "#drill-result")
            assert screen.phase == "predict"
            assert type(app.screen).__name__ == "DrillScreen"
            assert drills_in(db_path) == []
            cancelled = screen.training
            screen.action_predict(1)  # predicting again trains the runs again
            assert screen.phase == "running" and screen.training is not cancelled
            screen.action_escape()
            await settle(pilot)

    run(scenario)
    assert drills_in(db_path) == []


def test_a_turkish_drill_names_the_verdicts_in_turkish_and_grades_the_same(make_app, db_path):
    import dataclasses

    deck = drill_deck()
    turkish = dataclasses.replace(deck, id="alistirma", language="tr",
                                  cards=tuple(dataclasses.replace(c, deck_id="alistirma") for c in deck.cards))
    app = make_app(start="drill", decks=[turkish])
    diverged_key = str(list(Verdict).index(Verdict.DIVERGED) + 1)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.screen.queue = ["lr-blowup"]
            app.screen.show_card()
            assert "Önce tahmin et" in text_of(app, "#drill-choices")
            assert "ıraksadı (diverged)" in text_of(app, "#drill-choices")
            assert "aşırı öğrenme (overfitting)" in text_of(app, "#drill-choices")
            await pilot.press(diverged_key)
            await settle(pilot)
            assert "Predict first" not in text_of(app, "#drill-choices")
            assert "✓ Doğru. Eğitim tahmin ettiğin gibi 5 tohumun 5 tanesinde ıraksadı ile bitti." in text_of(app, "#drill-result")
            assert "verilen ayar → ıraksadı (diverged)" in text_of(app, "#drill-choices")
            result = " ".join(text_of(app, "#drill-result").split())
            assert "Verilen ayar, ıraksadı (diverged): eğitim " in result  # the simulator's evidence, in Turkish
            assert "kayıp patladı ve eğitim durduruldu" in result
            assert "training started at" not in result and "blew up" not in result

    run(scenario)
    [drill] = drills_in(db_path)
    assert (drill["prediction"], drill["correct"]) == ("diverged", True)


def test_b_toggles_between_the_loss_curves_and_what_the_networks_learned(make_app):
    app = make_app(start="drill", decks=[drill_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.screen.queue = ["lr-fix", "lr-blowup"]
            app.screen.show_card()
            models, chart = app.screen.query_one("#drill-models"), app.screen.query_one("#drill-chart")
            await pilot.press("b")  # no result yet: nothing to picture
            assert models.has_class("hidden")
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("b")
            assert not models.has_class("hidden") and chart.has_class("hidden")
            baseline, chosen = app.screen.query_one("#model-baseline"), app.screen.query_one("#model-chosen")
            assert baseline.caption == "baseline: diverged" and chosen.caption == "your option 1: good"
            assert chosen.run is not None and chosen.run.config.learning_rate == 0.05
            await pilot.press("b")
            assert models.has_class("hidden") and not chart.has_class("hidden")
            await pilot.press("n")  # the next card starts from its question, no picture
            assert models.has_class("hidden") and chart.has_class("hidden")

    run(scenario)


def claim_deck() -> Deck:
    from hpquiz.deck.model import frozen_mapping
    from simulator import Claim, Direction

    setup = TrainConfig(dataset="moons", n_samples=120, hidden=(16,), optimizer="adam", learning_rate=0.02, epochs=40)
    claim = Claim(setup, frozen_mapping({"weight_decay": 0.05}), "weight_norm")
    card = Card(
        id="decay-norm", deck_id="claims", type=CardType.SCENARIO, topic="weight-decay",
        front="Add weight decay 0.05. The weight norm will be…",
        scenario=Scenario(setup=setup, changes=(claim.change,), claim=claim, expect=Direction.LOWER,
                          statement="Weight decay keeps the weights small."),
        explanation="Each step pulls every weight towards zero.", position=0,
    )
    return Deck(id="claims", title="Claims", language="en", cards=(card,))


def test_a_compare_card_is_predicted_as_a_direction_then_measured_on_five_seeds(make_app, db_path):
    app = make_app(start="drill", decks=[claim_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            prompt = text_of(app, "#drill-prompt")
            assert "Claim: Weight decay keeps the weights small." in prompt
            assert "Change: weight_decay=0.05" in prompt
            choices = text_of(app, "#drill-choices")
            assert "the weight norm will be…" in choices
            assert " 1  higher" in choices and " 2  lower" in choices and " 3  about the same" in choices
            await pilot.press("2")
            await settle(pilot)
            result = text_of(app, "#drill-result")
            assert "Right" in result and "lower on 5 of 5 seeds" in result
            assert "baseline: " in result and "with the change: " in result and "(lower: 5 of 5 seeds)" in result
            assert "✓ what the seeds showed" in text_of(app, "#drill-choices")

    run(scenario)
    (drill,) = drills_in(db_path)
    assert drill["card_id"] == "decay-norm" and drill["correct"]
    assert drill["prediction"] == "lower"


def tiny_batch_deck() -> Deck:
    """The shipped tiny-batch drill, whose long explanation used to be cut off."""
    from hpquiz.deck import load_decks

    [card] = [c for d in load_decks() for c in d.cards if c.id == "knob-predict-tiny-batch-blobs"]
    return Deck(id=card.deck_id, title="Knob drills", language="en", cards=(card,))


def test_the_footer_offers_only_the_drills_live_keys_and_a_dead_key_says_why(make_app):
    app = make_app(start="drill", decks=[drill_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.screen.queue = ["lr-blowup"]
            app.screen.show_card()
            await pilot.pause()
            keys = footer_keys(app)
            assert "n" not in keys and "b" not in keys and "s" not in keys
            assert keys["escape"] == "Home"
            await pilot.press("n")
            assert any("Predict first" in m for m in notices(app))
            await pilot.press("b")
            assert any("once the result is in" in m for m in notices(app))
            await pilot.press("9")
            assert any("There is no choice 9" in m for m in notices(app))
            await pilot.press(str(list(Verdict).index(Verdict.DIVERGED) + 1))
            await settle(pilot)
            keys = footer_keys(app)
            assert keys["n"] == "Next scenario" and "b" in keys
            assert "s" not in keys  # saved: nothing to save again
            await pilot.press("1")
            assert any("You have predicted already" in m for m in notices(app))
            await pilot.press("s")
            assert any("The result is saved already" in m for m in notices(app))
            assert type(app.screen).__name__ == "DrillScreen"
            await pilot.press("escape")  # Home counts the drill apart from flashcard reviews
            assert "Today: 0 reviews · 1 drill · streak 1 day" in str(app.screen.query_one("#today").render())

    run(scenario)


def test_while_the_runs_train_escape_is_offered_as_cancel(make_app):
    app = make_app(start="drill", decks=[slow_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            screen.action_predict(1)  # directly: pilot presses wait for an idle CPU (see above)
            assert footer_keys(app)["escape"] == "Cancel" and "n" not in footer_keys(app)
            screen.action_cancel()
            await settle(pilot)
            assert footer_keys(app)["escape"] == "Home"

    run(scenario)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_the_tiny_batch_drills_explanation_can_be_scrolled_into_view_in_full(make_app, size):
    deck = tiny_batch_deck()
    [card] = deck.cards
    last_words = card.explanation.split()[-4:]  # "but never blows up."
    app = make_app(start="drill", decks=[deck])

    async def scenario():
        async with app.run_test(size=size) as pilot:
            await pilot.press(str(list(Verdict).index(Verdict.UNSTABLE) + 1))
            await settle(pilot)
            assert app.screen.phase == "result"
            seen = region_text(app, "#drill-text")
            for _ in range(40):  # page by page, as a learner would read it
                if " ".join(last_words) in " ".join(seen.split()):
                    break
                await pilot.press("down")
                seen += "\n" + region_text(app, "#drill-text")
            flat = " ".join(seen.split())
            assert " ".join(last_words) in flat
            assert "Small batches mean noisy updates" in flat  # the middle was on screen on the way

    run(scenario)


def test_drilling_a_deck_without_scenarios_names_the_decks_that_have_them(make_app):
    from tui_helpers import study_deck

    app = make_app(start="drill", decks=[study_deck(), drill_deck()], deck_id="basics")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = text_of(app, "#drill-prompt")
            assert "No scenario cards in these decks." in shown
            assert f"Decks with drills (highlight one on Home and press d): {drill_deck().id}" in shown

    run(scenario)


def shipped_deck(card_id: str) -> Deck:
    """A deck of one shipped scenario card."""
    from hpquiz.deck import load_decks

    [card] = [c for d in load_decks() for c in d.cards if c.id == card_id]
    return Deck(id=card.deck_id, title="Shipped", language="en", cards=(card,))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("deck", [drill_deck, lambda: shipped_deck("knob-fix-noisy-moons")], ids=["predict", "four-options"])
def test_after_the_prediction_the_loss_chart_gets_room_and_the_text_scrolls_in_its_own_region(make_app, size, deck):
    app = make_app(start="drill", decks=[deck()])
    width, height = size

    async def scenario():
        async with app.run_test(size=size) as pilot:
            await pilot.press("1")
            await settle(pilot)
            assert app.screen.phase == "result"
            chart = app.screen.query_one("#drill-chart")
            drawn = chart.region
            assert drawn.height >= 10 and drawn.bottom <= height - 1  # whole, above the footer
            assert drawn.width >= width - 4
            await pilot.press("down", "down")
            assert app.screen.query_one("#drill-text").scroll_y > 0  # the text moved …
            assert chart.region == drawn  # … the chart stayed where it was

    run(scenario)


def test_on_a_wide_screen_the_result_text_sits_beside_the_chart(make_app):
    app = make_app(start="drill", decks=[drill_deck()])

    async def scenario():
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.press("1")
            await settle(pilot)
            chart, text = app.screen.query_one("#drill-chart").region, app.screen.query_one("#drill-prompt").region
            assert chart.x >= text.right and chart.height >= 30
            assert chart.y < text.bottom and text.y < chart.bottom  # side by side, not stacked
            await pilot.press("n")  # the next card's question has the whole width again
            assert app.screen.query_one("#drill-prompt").region.width >= 190

    run(scenario)


def test_the_result_says_what_a_seed_is_in_one_line_under_the_chart(make_app):
    app = make_app(start="drill", decks=[drill_deck()])

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(str(list(Verdict).index(Verdict.DIVERGED) + 1))
            await settle(pilot)
            caption = app.screen.query_one("#drill-caption")
            assert "A seed fixes a run's random draws" in text_of(app, "#drill-caption")
            assert caption.region.height == 1 and "A seed fixes a run's random draws" in screen_text(app)
            assert "A seed fixes" not in text_of(app, "#drill-result")  # not repeated in the text

    run(scenario)


def test_a_compare_cards_chart_names_the_baseline_and_the_changed_run_by_their_markers(make_app):
    app = make_app(start="drill", decks=[claim_deck()])

    async def scenario():
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.press("2")
            await settle(pilot)
            drawn = app.screen.query_one("#drill-chart").chart
            caption = text_of(app, "#drill-caption")
            shown = screen_text(app)
            for style, name in zip(drawn.styles, ["baseline", "with the change"]):
                assert f"{style.symbol} {name}: " in caption and f"{style.symbol} {name}: " in shown
            assert [s.symbol for s in drawn.styles] == ["●", "▲"]

    run(scenario)
