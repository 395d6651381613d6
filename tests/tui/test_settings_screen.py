"""Settings from the TUI: a theme, a language and a deck's limit chosen with keys survive a restart."""

from __future__ import annotations

import pytest
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


def _flat(text: str) -> str:
    """Screen text with its wrapping undone: a sentence split over two lines reads as one."""
    return " ".join(text.split())


def test_at_80x24_every_settings_whole_description_and_range_are_on_screen_when_highlighted(make_app):
    from hpquiz.settings import SPECS
    from tui_helpers import screen_text

    app = make_app()

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("o")
            for number, spec in enumerate(SPECS.values()):
                if number:
                    await pilot.press("down")
                shown = _flat(screen_text(app))
                choices = tuple(app.available_themes) if spec.key == "theme" else ()
                assert spec.about in shown, f"{spec.key}: {spec.about!r} is cut:\n{screen_text(app)}"
                assert spec.allowed_with(choices) in shown, f"{spec.key}: its range is cut:\n{screen_text(app)}"

    run(scenario)


def test_the_deck_switch_reads_as_the_bracket_keys_not_as_an_empty_checkbox(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o")
            scope = text_of(app, "#settings-scope")
            assert "[ / ] other deck" in scope
            assert "[ ]" not in scope
            await pilot.press("right_square_bracket")
            assert "Deck options for deck basics" in text_of(app, "#settings-scope")
            await pilot.press("question_mark")
            assert "[ / ] deck options for all decks, or for one deck" in _flat(str(app.screen.query_one("#help-text").render()))

    run(scenario)


def test_escape_after_a_refused_value_takes_its_error_away_and_offers_home_again(make_app):
    from tui_helpers import footer_keys

    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o", *["down"] * 5, "enter")  # language
            assert footer_keys(app).get("escape") == "Cancel"
            await pilot.press(*"xx", "enter")
            assert "language must be one of deck, en, tr, got 'xx'" in text_of(app, "#settings-status")
            await pilot.press("escape")
            assert text_of(app, "#settings-status") == ""
            assert type(app.screen).__name__ == "SettingsScreen"  # escape cancelled the edit, it did not leave
            assert footer_keys(app).get("escape") == "Home"

    run(scenario)


def test_highlighting_another_setting_takes_the_last_ones_message_away(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o", "delete")  # every deck's value has no default to go back to: said so
            assert "first: the default has no default" in text_of(app, "#settings-status")
            await pilot.press("down")
            assert text_of(app, "#settings-status") == ""

    run(scenario)


def test_clicking_another_setting_while_typing_drops_the_edit_and_its_error(make_app, db_path):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o", "enter", *"abc", "enter")  # new-per-day
            assert "new-per-day must be a whole number from 0 to 9999, got 'abc'" in text_of(app, "#settings-status")
            await pilot.click("#settings-table", offset=(3, 2))  # reviews-per-day: the row under the heading's next
            await pilot.pause()
            assert text_of(app, "#settings-status") == ""
            assert app.screen.query_one("#settings-input").has_class("hidden")
            await pilot.press(*"7", "enter")  # not typed into a box still open for new-per-day
            assert Settings.load(app.ctx.store).get("new-per-day") == 20

    run(scenario)


@pytest.mark.parametrize(("key", "row", "typed", "message"), [
    ("new-per-day", 0, "-5", "new-per-day must be a whole number from 0 to 9999, got '-5'"),
    ("new-per-day", 0, "abc", "new-per-day must be a whole number from 0 to 9999, got 'abc'"),
    ("new-per-day", 0, "nan", "new-per-day must be a whole number from 0 to 9999, got 'nan'"),
    ("desired-retention", 2, "nan", "desired-retention must be a number from 0.70 to 0.99, got 'nan'"),
    ("desired-retention", 2, "1.5", "desired-retention must be a number from 0.70 to 0.99, got '1.5'"),
    ("bury-siblings", 3, "maybe", "bury-siblings must be on or off, got 'maybe'"),
])
def test_a_nonsense_value_typed_is_refused_naming_the_range_and_nothing_is_saved(make_app, key, row, typed, message):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o", *["down"] * row, "enter", *typed, "enter")
            assert message in text_of(app, "#settings-status")
            assert key not in app.ctx.store.settings()

    run(scenario)


def test_at_80x24_a_refused_theme_shows_its_whole_error_under_the_list_of_themes(make_app):
    from tui_helpers import screen_text

    app = make_app()

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("o", *["down"] * 4, "enter", *"x", "enter")  # theme: the longest range there is
            error = f"theme must be one of {', '.join(app.available_themes)}, got 'x'"
            assert error in _flat(screen_text(app)), screen_text(app)

    run(scenario)


def test_delete_on_a_decks_own_value_says_it_follows_every_deck_again_instead_of_the_old_saved_line(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o", "right_square_bracket", "down", "enter", *"55", "enter")  # basics' reviews-per-day
            assert "Saved: reviews-per-day = 55" in text_of(app, "#settings-status")
            await pilot.press("delete")
            assert text_of(app, "#settings-status") == "reviews-per-day: deck basics follows every deck's value again"
            assert app.screen.query_one("#settings-table", DataTable).get_row("reviews-per-day")[1] == "200 (default)"

    run(scenario)
