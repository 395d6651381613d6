"""Every command the palette lists runs on every screen without crashing the app."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from hpquiz.tui.app import SCREENS
from tui_helpers import SIZE, run, settle


def palette_titles(app) -> list[str]:
    return list(dict.fromkeys(command.title for command in app.get_system_commands(app.screen)))


@pytest.mark.long
@pytest.mark.parametrize("start", SCREENS)
def test_every_palette_command_runs_on_every_screen(make_app, start, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the Screenshot command writes into the working folder
    app = make_app(start=start)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            screen_type = type(app.screen)
            titles = palette_titles(app)
            assert "Keys" in titles and "Theme" in titles
            for title in [t for t in titles if t != "Quit"]:
                await pilot.press("ctrl+p")
                # the search box gets the whole title at once: one search instead of one per letter
                app.screen.query_one(Input).value = title
                await settle(pilot)  # the palette searches in a worker: the match is listed when it ends
                await pilot.press("enter")
                await settle(pilot)
                assert app.is_running, f"{title} on {start} stopped the app"
                # close whatever the command opened (a theme list, a panel), back to the screen
                while type(app.screen).__name__ in ("CommandPalette", "HelpScreen"):
                    await pilot.press("escape")
                if app.screen_stack and type(app.screen) is not screen_type:
                    app.open_screen(start)
                    await pilot.pause()
            await pilot.press("ctrl+p")
            app.screen.query_one(Input).value = "Quit"
            await settle(pilot)
            await pilot.press("enter")
            await pilot.pause()

    run(scenario)
    assert app.return_code == 0
