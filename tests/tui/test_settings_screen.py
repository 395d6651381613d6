"""Settings from the TUI: a theme, a language and a deck's limit chosen with keys survive a restart."""

from __future__ import annotations

from textual.widgets import DataTable

from hpquiz.settings import Settings
from hpquiz.store import Store
from tui_helpers import SIZE, run, study_deck, text_of, turkish_deck


def test_a_limit_set_on_the_settings_screen_shows_on_home_and_survives_a_restart(make_app, db_path):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o")
            assert type(app.screen).__name__ == "SettingsScreen"
            await pilot.press("enter", *"3", "enter")  # new-per-day, the first row, for every deck
            assert "Saved: new-per-day = 3" in text_of(app, "#settings-status")
            await pilot.press("enter", *"2.5", "enter")
            assert "new-per-day must be a whole number from 0 to 9999, got '2.5'" in text_of(app, "#settings-status")
            await pilot.press("escape", "escape")
            table = app.screen.query_one("#decks", DataTable)
            assert table.get_row("basics")[4] == "3/3 new"

    run(scenario)
    with Store.open(db_path) as store:
        assert Settings.load(store).deck_options("basics").new_per_day == 3
    again = make_app()

    async def restarted():
        async with again.run_test(size=SIZE):
            assert again.screen.query_one("#decks", DataTable).get_row("basics")[4] == "3/3 new"

    run(restarted)


def test_a_theme_picked_in_the_app_is_there_after_a_restart(make_app, db_path):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.theme = "nord"  # what the palette's Theme command does
            await pilot.pause()

    run(scenario)
    again = make_app()

    async def restarted():
        async with again.run_test(size=SIZE):
            assert again.theme == "nord"

    run(restarted)


def test_with_the_language_set_to_turkish_an_english_deck_speaks_turkish(make_app, db_path):
    with Store.open(db_path) as store:
        from hpquiz.settings import set_setting

        set_setting(store, "language", "tr")
    app = make_app(start="study", decks=[study_deck(), turkish_deck()])

    async def scenario():
        async with app.run_test(size=SIZE):
            # study all takes the interface language's decks: only the Turkish one
            assert "öğrenme hızı" in text_of(app, "#card-question")
            assert "cevabı göster" in text_of(app, "#rating-bar")

    run(scenario)


def test_when_the_new_cards_are_done_the_summary_says_so_and_m_studies_more(make_app, db_path):
    with Store.open(db_path) as store:
        from hpquiz.settings import set_setting

        set_setting(store, "new-per-day", "1")
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space", "4")
            summary = text_of(app, "#card-question")
            assert "1 answer on 1 card in" in summary
            assert "Today's new cards are done: 1 introduced, as many as the daily limit allows." in summary
            await pilot.press("m")
            assert "Momentum keeps" in text_of(app, "#card-question")

    run(scenario)


def test_m_with_no_new_card_left_says_so_instead_of_doing_nothing(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            ids = [c.id for c in study_deck().cards]
            app.ctx.store.suspend(ids)
            await pilot.press("escape")
            await pilot.press("enter")
            await pilot.pause()
            assert "Nothing is due right now" in text_of(app, "#card-question")  # suspended: not "new cards done"
            await pilot.press("m")
            await pilot.pause()
            assert any("No new card is left to add here" in n.message for n in app._notifications)

    run(scenario)
