"""Home's deck table driven through the pilot: what a learner sees of it at any terminal size."""

from __future__ import annotations

from hpquiz.deck.model import Card, CardType, Deck
from tui_helpers import run, screen_text

LONG_TITLE = "Regularisation, underfitting and overfitting: weight decay, dropout, early stopping"


def long_titled_deck() -> Deck:
    card = Card(id="wd-what", deck_id="regularisation", type=CardType.BASIC, topic="weight-decay",
                front="What does weight decay do?", back="It pulls every weight towards zero.", position=0)
    return Deck(id="regularisation", title=LONG_TITLE, language="en", cards=(card,))


def header_line(app) -> str:
    return next(line for line in screen_text(app).splitlines() if "Deck" in line and "New" in line)


def test_the_deck_table_fits_the_screen_again_after_the_terminal_shrinks(make_app):
    app = make_app(decks=[long_titled_deck()])

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert header_line(app).split()[-2:] == ["today", "Cards"]
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            header = header_line(app)
            assert header.split()[-2:] == ["today", "Cards"]  # every column still on screen
            assert len(header.rstrip()) <= 80
            [row] = [line for line in screen_text(app).splitlines() if line.strip().startswith("Regularisation")]
            assert row.rstrip().endswith("20/20 new   1")  # the counts beside the title
            await pilot.resize_terminal(120, 30)  # and wider again: the title gets the room back
            await pilot.pause()
            [row] = [line for line in screen_text(app).splitlines() if line.strip().startswith("Regularisation")]
            assert "weight decay" in row

    run(scenario)


def test_end_and_home_in_the_deck_table_jump_to_the_last_and_the_first_deck(make_app):
    from tui_helpers import study_deck, turkish_deck

    app = make_app(decks=[study_deck(), long_titled_deck(), turkish_deck()])

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            about = lambda: str(app.screen.query_one("#deck-about").render())  # noqa: E731
            assert about().startswith("basics ·")
            await pilot.press("end")
            assert about().startswith("temel ·")  # the last deck's line under the table
            await pilot.press("home")
            assert about().startswith("basics ·")

    run(scenario)
