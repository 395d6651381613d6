"""Getting around: home keys, escape back, the command palette, help, quitting."""

from __future__ import annotations

import pytest

from tui_helpers import SIZE, run, screen_text, settle


def screen_name(app) -> str:
    return type(app.screen).__name__


def test_home_keys_open_each_screen_and_escape_returns(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            for key, name in (("s", "StudyScreen"), ("t", "StatsScreen"), ("l", "LabScreen"), ("d", "DrillScreen")):
                await pilot.press(key)
                assert screen_name(app) == name
                await pilot.press("escape")
                assert screen_name(app) == "HomeScreen"

    run(scenario)


def test_the_command_palette_opens_the_lab(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p")
            await pilot.press(*"Lab")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert screen_name(app) == "LabScreen"

    run(scenario)


def test_question_mark_shows_the_keys_of_the_current_screen(make_app):
    app = make_app(start="study")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("question_mark")
            assert screen_name(app) == "HelpScreen"
            text = str(app.screen.query_one("#help-text").render())
            assert "Study keys" in text and "undo the last answer" in text
            await pilot.press("escape")
            assert screen_name(app) == "StudyScreen"

    run(scenario)


def test_ctrl_q_quits_from_a_modal(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("question_mark", "ctrl+q")
            await pilot.pause()

    run(scenario)
    assert app.return_code == 0


def test_d_on_home_drills_the_highlighted_deck_and_enter_on_a_drill_deck_opens_the_drill(make_app):
    from hpquiz.deck.model import Card, CardType, Deck, Scenario
    from simulator import TrainConfig, Verdict
    from tui_helpers import study_deck

    scenario_card = Card(id="s1", deck_id="drills", type=CardType.SCENARIO, topic="learning-rate", front="What?",
                         scenario=Scenario(setup=TrainConfig(epochs=5), verdict=Verdict.GOOD))
    drills = Deck(id="drills", title="Drills", language="en", cards=(scenario_card,))
    app = make_app(decks=[study_deck(), drills])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("down", "d")
            assert screen_name(app) == "DrillScreen" and app.screen.deck_id == "drills"
            await pilot.press("escape", "enter")
            assert screen_name(app) == "DrillScreen"
            await pilot.press("escape", "up", "enter")
            assert screen_name(app) == "StudyScreen" and app.screen.deck_id == "basics"

    run(scenario)


def footer_line(app) -> str:
    """The bottom row of the terminal: the footer the learner reads, whichever screen drew it."""
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("key", ["question_mark", "v"])
def test_with_the_help_or_the_verdict_guide_open_over_a_drill_result_the_footer_lists_no_next_scenario(make_app, key):
    from simulator import Verdict
    from test_drill_screen import drill_deck

    app = make_app(start="drill", decks=[drill_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(str(list(Verdict).index(Verdict.DIVERGED) + 1))
            await settle(pilot)
            assert "Next scenario" in footer_line(app)
            await pilot.press(key)
            await pilot.pause()
            footer = footer_line(app)
            assert "Next scenario" not in footer and "Curves/boundaries" not in footer
            assert "esc Close" in footer
            await pilot.press("n")  # the drill's key does nothing under the modal, and is not offered
            assert screen_name(app) in ("HelpScreen", "VerdictGuideScreen")
            await pilot.press("escape")
            assert screen_name(app) == "DrillScreen" and "Next scenario" in footer_line(app)

    run(scenario)


def test_with_the_save_prompt_open_over_the_lab_the_footer_offers_only_cancel(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("w")
            await pilot.pause()
            assert screen_name(app) == "TextPrompt"
            footer = footer_line(app)
            assert "esc Cancel" in footer
            assert "Run" not in footer and "Pin" not in footer and "Quit" not in footer  # q is typed, not a key

    run(scenario)
