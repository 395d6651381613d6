"""The card browser driven with real keys: search as you type, filters, history, actions, opening a card."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from hpquiz.store import Store
from tui_helpers import SIZE, footer_keys, notices, reviews_in, run, settle, study_deck, turkish_deck


def listed(app) -> list[str]:
    """The card ids in the browser's table, top to bottom."""
    table = app.screen.query_one("#browse-table", DataTable)
    return [str(table.get_row_at(i)[5]) for i in range(table.row_count)]


def detail(app) -> str:
    return str(app.screen.query_one("#browse-detail", Static).render())


def count_line(app) -> str:
    return str(app.screen.query_one("#browse-count", Static).render())


async def type_search(pilot, text: str) -> None:
    """Type into the search box key by key, as a learner does (it is focused when the browser opens)."""
    box = pilot.app.screen.query_one("#browse-search", Input)
    box.focus()
    box.value = ""
    await pilot.pause()
    for char in text:
        await pilot.press("space" if char == " " else char)
    await pilot.pause()


def test_b_on_home_opens_the_browser_and_typing_narrows_the_list(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            assert type(app.screen).__name__ == "BrowserScreen"
            assert listed(app) == ["lr-what", "lr-cloze", "bs-choice", "tr-hiz"]
            assert count_line(app).startswith("4 of 4 cards")
            await type_search(pilot, "momentum")
            assert listed(app) == ["lr-cloze"]
            await type_search(pilot, "deck:temel")
            assert listed(app) == ["tr-hiz"]
            await type_search(pilot, "type:choice")
            assert listed(app) == ["bs-choice"]
            await type_search(pilot, "topic:learning-rate")
            assert listed(app) == ["lr-what", "tr-hiz"]
            await type_search(pilot, "colour:red")
            assert "unknown filter 'colour:'" in count_line(app)
            await type_search(pilot, "state:due")
            assert listed(app) == [] and "No card matches" in detail(app)
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen"

    run(scenario)


def test_the_highlighted_card_shows_its_reviews_and_when_it_is_due(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space", "3")  # lr-what: Good
            await pilot.press("escape")
            app.open_screen("cards")
            await pilot.pause()
            assert "No reviews yet" not in detail(app)
            shown = detail(app)
            assert "Reviews (1)" in shown and "2025-03-01 09:00" in shown and "Good" in shown
            assert "State: learning" in shown or "State: review" in shown
            assert " d" in shown  # the stability, in days
            await pilot.press("down")  # into the table
            await pilot.press("down")  # lr-cloze, never studied
            assert "State: new, not studied yet" in detail(app) and "No reviews yet." in detail(app)

    run(scenario)
    assert reviews_in(db_path) == [("lr-what", 3)]


def test_suspend_bury_flag_and_reset_from_the_browser_are_stored(make_app, db_path):
    app = make_app(decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            assert "s" not in footer_keys(app)  # typing in the search box: letters are text
            await pilot.press("down")
            assert {"s", "b", "f", "r", "o"} <= set(footer_keys(app))
            await pilot.press("s")
            assert "State: suspended, not studied yet · s brings it back" in detail(app)
            assert app.screen.query_one("#browse-table", DataTable).get_row_at(0)[1:3] == ["suspended", "new"]
            await pilot.press("down", "b")
            assert "State: buried" in detail(app)
            await pilot.press("f", "f")
            assert "flag: orange" in detail(app)
            await pilot.press("r")
            assert "r again resets" in detail(app)
            await pilot.press("r")
            assert "State: buried" in detail(app)  # reset makes it new; it stays buried
            assert any("new again" in m for m in notices(app))

    run(scenario)
    with Store.open(db_path) as store:
        controls = store.controls()
        assert controls["lr-what"][0] is True
        assert controls["lr-cloze"][1] is not None and controls["lr-cloze"][2] == 2
        from datetime import datetime, timezone

        queue = store.queue(datetime(2025, 3, 1, 10, tzinfo=timezone.utc))
        assert "lr-what" not in queue and "lr-cloze" not in queue and "bs-choice" in queue


def test_a_database_error_on_suspend_is_a_message_and_the_same_key_retries(make_app, db_path):
    import sqlite3

    app = make_app(decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.open_screen("cards")
            await pilot.pause()
            await pilot.press("down")
            store = app.ctx.store
            blocker = sqlite3.connect(db_path, timeout=0)
            blocker.execute("BEGIN EXCLUSIVE")
            app.screen.saver.limit = 0.3
            await pilot.press("s")
            while app.screen.saver.busy:
                await pilot.pause(0.05)
            assert any("Nothing of this change was saved" in (n.title or "") for n in app._notifications)
            assert "State: suspended" not in detail(app)
            blocker.rollback()
            blocker.close()
            await pilot.press("s")
            await settle(pilot)
            assert "State: suspended" in detail(app)
            assert store.controls()["lr-what"][0] is True

    run(scenario)


def test_open_studies_a_flashcard_and_drills_a_scenario_card(make_app, db_path):
    from test_drill_screen import drill_deck

    app = make_app(decks=[study_deck(), drill_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            await type_search(pilot, "momentum")
            await pilot.press("down", "o")
            assert type(app.screen).__name__ == "StudyScreen"
            assert "Momentum keeps a running" in str(app.screen.query_one("#card-question").render())
            assert app.screen.session.progress == (0, 1)
            await pilot.press("escape")
            assert type(app.screen).__name__ == "BrowserScreen"
            await type_search(pilot, "lr-fix")
            await pilot.press("down", "enter")
            assert type(app.screen).__name__ == "DrillScreen"
            assert app.screen.card.id == "lr-fix"

    run(scenario)


def test_the_palette_lists_the_card_browser(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            commands = [c.title for c in app.get_system_commands(app.screen)]
            assert "Cards" in commands
            next(c for c in app.get_system_commands(app.screen) if c.title == "Cards").callback()
            await pilot.pause()
            assert type(app.screen).__name__ == "BrowserScreen"

    run(scenario)


def test_a_long_list_is_loaded_page_by_page_as_the_cursor_goes_down(make_app):
    from hpquiz.deck.model import Card, CardType, Deck

    cards = tuple(Card(id=f"c{i:03d}", deck_id="many", type=CardType.BASIC, topic="t", front=f"Question {i}",
                       back="A", position=i) for i in range(300))
    app = make_app(decks=[Deck(id="many", title="Many", language="en", cards=cards)])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            table = app.screen.query_one("#browse-table", DataTable)
            assert table.row_count < 300 and "more as you scroll" in count_line(app)
            await pilot.press("down")
            for _ in range(10):
                await pilot.press("ctrl+end")
            assert table.row_count == 300 and count_line(app) == "300 of 300 cards"
            assert "Question 299" in detail(app)

    run(scenario)


def test_a_card_acted_on_stays_listed_with_its_new_state_until_the_search_changes(make_app):
    app = make_app(decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            await type_search(pilot, "state:new")
            assert listed(app) == ["lr-what", "lr-cloze", "bs-choice"]
            await pilot.press("down", "s")
            assert listed(app) == ["lr-what", "lr-cloze", "bs-choice"] and "State: suspended" in detail(app)
            await type_search(pilot, "state:new")
            assert listed(app) == ["lr-cloze", "bs-choice"]
            await type_search(pilot, "state:suspended")
            assert listed(app) == ["lr-what"]

    run(scenario)


def test_the_card_list_fits_the_screen_again_after_the_terminal_shrinks(make_app):
    """The Front column is cut to the width on every resize, so State, Due and Flag stay on screen at 80."""
    from hpquiz.deck.model import Card, CardType, Deck
    from tui_helpers import screen_text

    front = "When the validation loss rises while the training loss keeps falling, which knob is first suspect?"
    card = Card(id="long-front", deck_id="long", type=CardType.BASIC, topic="t", front=front, back="A", position=0)
    app = make_app(decks=[Deck(id="long", title="Long", language="en", cards=(card,))])

    def header() -> str:
        return next(line for line in screen_text(app).splitlines() if "Front" in line and "State" in line)

    async def scenario():
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.press("b")
            await pilot.press("down")  # the card highlighted: it stays so across the resizes
            assert "Flag" in header() and "Type" in header()
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert header().split()[:4] == ["Front", "State", "Due", "Flag"]  # all four whole on screen
            assert "When the validation loss" in screen_text(app)
            assert app.screen.current.card.id == "long-front"
            await pilot.resize_terminal(160, 40)  # wider again: the front gets its room back
            await pilot.pause()
            assert "Type" in header() and "which knob" in screen_text(app)

    run(scenario)


def help_text(app) -> str:
    return str(app.screen.query_one("#help-text", Static).render())


def test_study_and_drill_opened_from_the_browser_name_cards_as_where_escape_goes(make_app):
    from test_drill_screen import drill_deck

    app = make_app(decks=[study_deck(), drill_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            await type_search(pilot, "momentum")
            await pilot.press("down", "o")
            assert type(app.screen).__name__ == "StudyScreen"
            assert footer_keys(app)["escape"] == "Cards"
            await pilot.press("question_mark")
            assert "back to Cards" in help_text(app) and "Home" not in help_text(app)
            await pilot.press("escape", "escape")
            assert type(app.screen).__name__ == "BrowserScreen"
            await type_search(pilot, "lr-fix")
            await pilot.press("down", "o")
            assert type(app.screen).__name__ == "DrillScreen"
            assert footer_keys(app)["escape"] == "Cards"
            await pilot.press("question_mark")
            assert "else back to Cards" in help_text(app) and "Home" not in help_text(app)
            await pilot.press("escape", "escape")
            assert type(app.screen).__name__ == "BrowserScreen"
            await pilot.press("escape")
            await pilot.press("s")  # opened from Home, the same screens go back Home
            assert footer_keys(app)["escape"] == "Home"

    run(scenario)


def test_a_sitting_opened_from_the_browser_ends_with_escape_back_to_the_cards(make_app):
    app = make_app(decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            await type_search(pilot, "learning rate set")
            await pilot.press("down", "o", "space", "4")  # the one card, Easy: the sitting is over
            bar = str(app.screen.query_one("#rating-bar", Static).render())
            assert "escape  cards" in bar and "home" not in bar
            await pilot.press("space")
            assert any("escape goes back to the cards" in m for m in notices(app))

    run(scenario)



def test_a_card_due_in_a_day_less_some_minutes_shows_in_1d_as_the_rating_said_not_in_24h(make_app):
    from datetime import timedelta

    from tui_helpers import Clock

    import dataclasses

    clock = Clock()
    one_card = dataclasses.replace(study_deck(), cards=study_deck().cards[:1])
    app = make_app(start="study", decks=[one_card], clock=clock)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space", "3")  # lr-what, Good: back in 10 minutes
            clock.now += timedelta(minutes=10)
            await pilot.press("space")
            assert "Good 2d" in str(app.screen.query_one("#rating-bar", Static).render())
            await pilot.press("3", "escape")
            clock.now += timedelta(days=1, minutes=10)  # a day later: due in 23 h 50 min
            await pilot.press("b", "down")
            assert app.screen.query_one("#browse-table", DataTable).get_row_at(0)[2] == "in 1d"
            assert "due in 1d," in detail(app) and "24h" not in detail(app)

    run(scenario)
