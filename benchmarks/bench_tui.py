"""How fast the terminal app feels: start to first card, key to next card, drill key to curves.

Run: `.venv/bin/python benchmarks/bench_tui.py` (headless Textual, shipped decks,
a temporary database). Prints each figure next to its target and the ratio
(measured / target; below 1.0 meets it).

1. `hpquiz study` start to the first card on screen: a fresh Python process
   (interpreter start, imports, decks loaded, database created and synced,
   Textual started) until the study screen shows a card; median of 5.
2. Key press to next card: pressing a rating key until the next card is drawn,
   median over a 40-card session.
3. A drill: the prediction key until the curves of the baseline and every
   option are drawn, each trained on 5 seeds (a 4-option card: 25 runs), for the
   shipped scenario with the most options (a typical 4-option card if none has
   4); median of 5, every round trained afresh (no result cache); target 0.4 s.
   The runs start training as the card is shown, so this is measured twice: the
   key pressed as the card appears (the whole training still to wait for), and
   after 2 s on the card (a learner reads a scenario for longer than that). Then
   the same with the result cache warm (the runs read back from disk), the key
   pressed at once.
4. The card browser on 20,000 cards (a synthetic deck of that size, synced
   first): from pushing the screen until its list and the first card's detail
   are drawn, median of 5; target 0.3 s. Then search as you type: each key of a
   query typed into the search box until the filtered list is drawn (each key's
   median over three typings), median over the keys and the slowest key;
   target 50 ms a key.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST_CARD_SCRIPT = """
import asyncio, sys, time
from hpquiz.tui.app import HpquizApp
from hpquiz.tui.context import AppContext
from hpquiz.tui.screens.study import StudyScreen
shown = []
original = StudyScreen.draw
def draw(screen):
    original(screen)
    if not shown:
        screen.call_after_refresh(lambda: shown.append(time.time()))
StudyScreen.draw = draw
ctx = AppContext.open(sys.argv[1])
app = HpquizApp(ctx, start="study")
async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        while not shown:
            await asyncio.sleep(0.001)
        assert str(app.screen.query_one("#card-question").render()).strip()
    print(shown[0])
asyncio.run(main())
"""


def first_card_seconds(rounds: int = 5) -> float:
    """Wall time from launching the process to the first card drawn (the child stamps it)."""
    times = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.time()
            out = subprocess.run(
                [sys.executable, "-c", FIRST_CARD_SCRIPT, str(Path(tmp) / "bench.sqlite3")],
                check=True,
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            times.append(float(out.stdout.strip().splitlines()[-1]) - start)
    return statistics.median(times)


async def _press_and_time(app, key: str, char: str | None, drawn: asyncio.Event, stamp: list) -> float:
    """Seconds from posting a key event until the screen drew the change and refreshed.

    Measured inside the app (the study screen's `draw` schedules a stamp after
    the next refresh), not with the pilot's idle detection, which waits for
    the CPU to go quiet and so measures the machine's load instead.
    """
    from textual import events

    drawn.clear()
    start = time.perf_counter()
    app.post_message(events.Key(key, char))
    await asyncio.wait_for(drawn.wait(), timeout=5)
    return stamp[0] - start


async def _next_card_times(db: Path, cards: int) -> list[float]:
    from hpquiz.deck.model import CardType
    from hpquiz.tui.app import HpquizApp
    from hpquiz.tui.context import AppContext
    from hpquiz.tui.screens.study import StudyScreen

    ctx = AppContext.open(db)
    app = HpquizApp(ctx, start="study")
    drawn = asyncio.Event()
    stamp = [0.0]
    original = StudyScreen.draw

    def draw_and_stamp(screen) -> None:
        original(screen)

        def done() -> None:
            stamp[0] = time.perf_counter()
            drawn.set()

        screen.call_after_refresh(done)

    StudyScreen.draw = draw_and_stamp
    times = []
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            for _ in range(cards):
                card = screen.session.current
                if card is None:
                    break
                if card.type == CardType.CHOICE:
                    # options are shuffled per showing: the right ones are under these labels now
                    labels = [str(screen.session.order.index(i) + 1) for i in card.answer]
                    if len(labels) > 1:  # pick each right option, then enter grades
                        for label in labels:
                            await _press_and_time(app, label, label, drawn, stamp)
                        times.append(await _press_and_time(app, "enter", None, drawn, stamp))
                    else:
                        times.append(await _press_and_time(app, labels[0], labels[0], drawn, stamp))
                    await _press_and_time(app, "space", " ", drawn, stamp)
                else:
                    await _press_and_time(app, "space", " ", drawn, stamp)
                    times.append(await _press_and_time(app, "4", "4", drawn, stamp))
            await pilot.pause()
    finally:
        StudyScreen.draw = original
    return times


def four_option_card():
    """A which-knob card like the shipped ones: a diverging baseline and four changes."""
    from hpquiz.deck.model import Card, CardType, Scenario
    from simulator import TrainConfig, Verdict

    changes = ({"learning_rate": 0.1}, {"dropout": 0.5}, {"epochs": 50}, {"batch_size": 8})
    return Card(
        id="bench-which-knob", deck_id="bench", type=CardType.SCENARIO, topic="learning-rate",
        front="This run diverges. Which single change makes it converge?",
        options=("Lower the learning rate to 0.1", "Add dropout 0.5", "Train 50 epochs", "Batch size 8"),
        answer=(0,),
        scenario=Scenario(setup=TrainConfig(learning_rate=12.0, epochs=150), changes=changes, goal=Verdict.GOOD),
    )


async def _drill_times(db: Path, rounds: int, cache=None, reading: float = 0.0) -> tuple[list[float], str, int]:
    """Seconds from the prediction key to the curves drawn, the key pressed `reading`
    seconds after the card is shown (each round shows it afresh)."""
    from textual import events

    from hpquiz.deck.model import CardType, Deck
    from hpquiz.tui.app import HpquizApp
    from hpquiz.tui.context import AppContext

    ctx = AppContext.open(db, cache=cache)
    shipped = [c for c in ctx.cards_by_id.values() if c.type == CardType.SCENARIO and len(c.options) >= 4]
    if shipped:
        scenario = max(shipped, key=lambda c: len(c.options))
    else:  # no shipped 4-option scenario yet: a typical one
        scenario = four_option_card()
        ctx.close()
        ctx = AppContext.open(db, decks=[*ctx.decks, Deck(id="bench", title="Bench", language="en", cards=(scenario,))],
                              cache=cache)
    app = HpquizApp(ctx, start="drill")
    times = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await pilot.pause()  # the first showing's runs, trained ahead: not timed
        drawn = asyncio.Event()
        original = screen._show_outcome

        def show_and_stamp(*args) -> None:
            original(*args)
            screen.call_after_refresh(drawn.set)

        screen._show_outcome = show_and_stamp
        for _ in range(rounds):
            screen.queue = [scenario.id]
            screen.show_card()  # its runs start training
            await asyncio.sleep(reading)  # not pilot.pause(): that waits for the CPU to go idle
            drawn.clear()
            start = time.perf_counter()
            app.post_message(events.Key("1", "1"))
            await asyncio.wait_for(drawn.wait(), timeout=30)
            times.append(time.perf_counter() - start)
            assert screen.phase == "result", screen.phase
    return times, scenario.id, len(scenario.options)


def big_deck(n: int = 20000):
    """`n` basic cards across 50 topics, with enough words to make searching real work."""
    from hpquiz.deck.model import Card, CardType, Deck

    words = ("learning rate", "momentum", "batch size", "dropout", "weight decay", "epochs", "adam", "warmup")
    cards = tuple(
        Card(id=f"big-{i:05d}", deck_id="big", type=CardType.BASIC, topic=f"topic-{i % 50}",
             front=f"Card {i}: what does {words[i % len(words)]} do when it is {i % 97} times larger?",
             back=f"It changes the run in way number {i % 13}.", tags=(f"t{i % 7}",), position=i)
        for i in range(n)
    )
    return Deck(id="big", title="Big", language="en", cards=cards)


async def _browser_times(db: Path, rounds: int, query: str, typings: int = 3) -> tuple[list[float], list[float]]:
    """(seconds to open the browser, each round; each key's median over `typings` typings of
    `query`): a key is slow when it is slow every time, not when the host hiccuped once."""
    from textual import events

    from hpquiz.tui.app import HpquizApp
    from hpquiz.tui.context import AppContext
    from hpquiz.tui.screens.browser import BrowserScreen

    ctx = AppContext.open(db, decks=[big_deck()])
    app = HpquizApp(ctx)
    drawn = asyncio.Event()
    original = BrowserScreen.refilter

    def refilter_and_stamp(screen, keep=None) -> None:
        original(screen, keep)
        screen.call_after_refresh(drawn.set)

    BrowserScreen.refilter = refilter_and_stamp
    opened, keys = [], []
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(rounds):
                await pilot.pause()
                drawn.clear()
                start = time.perf_counter()
                app.push_screen(BrowserScreen())
                await asyncio.wait_for(drawn.wait(), timeout=30)
                opened.append(time.perf_counter() - start)
                assert app.screen.query_one("#browse-table").row_count > 0
                app.pop_screen()
            app.push_screen(BrowserScreen())
            await pilot.pause()

            async def press(key: str, char: str | None) -> float:
                await pilot.pause()
                drawn.clear()
                start = time.perf_counter()
                app.post_message(events.Key(key, char))
                await asyncio.wait_for(drawn.wait(), timeout=30)
                return time.perf_counter() - start

            passes = []
            for _ in range(typings):
                passes.append([await press("space" if char == " " else char, char) for char in query])
                assert app.screen.matches, "the typed query should match some cards"
                for _ in query:  # erased again, untimed
                    await press("backspace", None)
            keys = [statistics.median(times) for times in zip(*passes)]
    finally:
        BrowserScreen.refilter = original
    return opened, keys


def report(name: str, seconds: float, target: float) -> None:
    print(f"{name:<44} {seconds * 1000:9.1f} ms   target {target * 1000:7.0f} ms   ratio {seconds / target:5.2f}")


def main() -> None:
    report("start to first card (fresh process)", first_card_seconds(), 1.0)
    with tempfile.TemporaryDirectory() as tmp:
        times = asyncio.run(_next_card_times(Path(tmp) / "a.sqlite3", 40))
        report(f"key press to next card (median of {len(times)})", statistics.median(times), 0.030)
    from simulator.cache import ResultCache
    from simulator.consensus import SEEDS

    with tempfile.TemporaryDirectory() as tmp:
        times, card_id, options = asyncio.run(_drill_times(Path(tmp) / "b.sqlite3", 5))
        runs = (options + 1) * SEEDS
        print(f"drill {card_id} ({runs} runs), key to curves:")
        report("  key as the card appears (all to train)", statistics.median(times), 0.4)
        times, _, _ = asyncio.run(_drill_times(Path(tmp) / "b2.sqlite3", 5, reading=2.0))
        report("  key after 2 s on the card", statistics.median(times), 0.4)
        cache = ResultCache(Path(tmp) / "cache")
        times, _, _ = asyncio.run(_drill_times(Path(tmp) / "c.sqlite3", 6, cache))
        report("  the same, result cache warm", statistics.median(times[1:]), 0.4)
    with tempfile.TemporaryDirectory() as tmp:
        query = "momentum 42 times"
        opened, keys = asyncio.run(_browser_times(Path(tmp) / "d.sqlite3", 5, query))
        report("open the browser on 20,000 cards", statistics.median(opened), 0.3)
        report(f"search as you type ({len(keys)} keys, median)", statistics.median(keys), 0.050)
        report("  slowest key", max(keys), 0.050)


if __name__ == "__main__":
    main()
