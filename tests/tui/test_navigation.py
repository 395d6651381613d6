"""Getting around: home keys, escape back, the command palette, help, quitting."""

from __future__ import annotations

from tui_helpers import SIZE, run


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
