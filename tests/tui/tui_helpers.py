"""Small decks, a fixed clock and read-backs shared by the TUI tests."""

from __future__ import annotations

from datetime import datetime, timezone

from hpquiz.deck.model import Card, CardType, Deck
from hpquiz.store import Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
SIZE = (100, 30)


def study_deck() -> Deck:
    cards = (
        Card(id="lr-what", deck_id="basics", type=CardType.BASIC, topic="learning-rate",
             front="What does the learning rate set?", back="The size of each gradient-descent step.", position=0),
        Card(id="lr-cloze", deck_id="basics", type=CardType.CLOZE, topic="momentum",
             front="Momentum keeps a running {{c1::average}} of past {{c2::gradients::what}}.",
             back="β = 0.9 is the usual start value.", position=1),
        Card(id="bs-choice", deck_id="basics", type=CardType.CHOICE, topic="batch-size",
             front="Which batch size is the usual starting point?", options=("1", "32", "100000"),
             answer=(1,), explanation="A power of two that fits in memory, such as 32.", position=2),
    )
    return Deck(id="basics", title="Basics", language="en", cards=cards)


def turkish_deck() -> Deck:
    cards = (
        Card(id="tr-hiz", deck_id="temel", type=CardType.REVERSE, topic="learning-rate",
             front="öğrenme hızı", back="learning rate", position=0),
    )
    return Deck(id="temel", title="Temel kavramlar", language="tr", cards=cards)


class Clock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def reviews_in(db_path) -> list[tuple[str, int]]:
    """(card id, rating) of every stored review, read back through a fresh store."""
    with Store.open(db_path) as store:
        return [(r.card_id, int(r.rating)) for r in store.history()]


def run(scenario) -> None:
    """Run an async pilot scenario to completion (no async pytest plugin needed)."""
    import asyncio

    asyncio.run(scenario())


async def settle(pilot) -> None:
    """Wait until every worker has ended (done, failed or cancelled), then for the redraw."""
    import asyncio

    while any(not worker.is_finished for worker in pilot.app.workers):
        await asyncio.sleep(0.02)
    await pilot.pause()


def label_of(shown: str, option: str) -> str:
    """The key (1…n) that picks `option` in the option list on screen: options are shuffled per showing."""
    import re

    for line in shown.splitlines():
        match = re.match(r"\s*[●✓✗■ ]?\s*(\d+)\.? +(.*?)(\s+[←→✓].*)?$", line)
        if match and match.group(2) == option:
            return match.group(1)
    raise AssertionError(f"option {option!r} is not on screen:\n{shown}")


async def mask_simulated_figures(pilot) -> None:
    """Blank every figure of three or more decimals that a text widget shows (a loss, an accuracy).

    They come out of training, whose last bits a BLAS kernel changes, so a snapshot
    must not hold them. Each digit becomes '#': the text keeps its length, so its
    styles (spans) stay where they were and the picture is otherwise unchanged.
    """
    import re

    from rich.text import Text
    from textual.content import Content
    from textual.widgets import Static

    figure = re.compile(r"\d+\.\d{3,}(e[+-]?\d+)?")

    def masked(plain: str) -> str:
        return figure.sub(lambda m: re.sub(r"\d", "#", m.group(0)), plain)

    for widget in pilot.app.screen.query(Static):
        shown = widget.content
        if isinstance(shown, str):
            widget.update(masked(shown))
        elif isinstance(shown, Content):
            widget.update(Content(masked(shown.plain), list(shown.spans)))
        elif isinstance(shown, Text):
            copy = shown.copy()
            copy.plain = masked(shown.plain)
            widget.update(copy)
    await pilot.pause()


def footer_keys(app) -> dict[str, str]:
    """The keys the footer offers now, with what it calls them (dead keys are hidden)."""
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()
            if active.enabled and active.binding.show}


def notices(app) -> list[str]:
    """Every notification shown so far (the status-line messages), oldest first."""
    return [n.message for n in app._notifications]


def screen_text(app) -> str:
    """What the terminal shows now, as plain text: only what is on screen, not what is scrolled away."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def region_text(app, selector: str) -> str:
    """What the terminal shows inside the region of widget `selector` (a panel beside another
    would otherwise interleave its lines with the other's in `screen_text`)."""
    region = app.screen.query_one(selector).region
    rows = screen_text(app).splitlines()[region.y:region.bottom]
    return "\n".join(row[region.x:region.right] for row in rows)


def text_of(app, selector: str) -> str:
    """What the Static `selector` on the current screen shows."""
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).render())


async def set_knob(pilot, field: str, text: str) -> None:
    """Type `text` into the lab's knob box for `field`."""
    from textual.widgets import Input

    pilot.app.screen.query_one(f"#knob-{field}", Input).value = text
    await pilot.pause()


async def press_and_settle(pilot, *keys: str) -> None:
    """Press each key in turn, waiting after each for the work it started."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
