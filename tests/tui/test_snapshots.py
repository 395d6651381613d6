"""What each screen looks like at 100×30, compared with the stored SVG snapshots.

Deterministic by construction: a fixed clock (T0), seeded simulator setups,
and every worker finished before the picture is taken. The same on any CPU:
a screen that shows training shows smooth runs far from any verdict's edge,
whose curves OpenBLAS's kernels (Haswell, SkylakeX) cannot move by a cell, and
every simulated figure (a loss, an accuracy) is blanked before the picture is
taken, since its last digits belong to the kernel; a blow-up is chaotic, so it is
tested by pilot tests that read the verdict, never by a picture.
Update with
`pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate change.
"""

from __future__ import annotations

from tui_helpers import SIZE, mask_simulated_figures, settle, study_deck


def test_home_screen(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_study_screen_front_of_a_cloze_card(make_app, snap_compare):
    app = make_app(start="study", decks=[study_deck()])
    assert snap_compare(app, terminal_size=SIZE, press=["space", "4"])


def test_study_screen_revealed_with_intervals(make_app, snap_compare):
    app = make_app(start="study", decks=[study_deck()])
    assert snap_compare(app, terminal_size=SIZE, press=["space"])


def test_study_screen_choice_feedback(make_app, snap_compare):
    app = make_app(start="study", decks=[study_deck()])
    assert snap_compare(app, terminal_size=SIZE, press=["space", "4", "space", "4", "1"])


def test_help_screen_lists_the_study_keys(make_app, snap_compare):
    app = make_app(start="study", decks=[study_deck()])
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"])


def test_stats_screen(make_app, snap_compare):
    app = make_app(start="study", decks=[study_deck()])
    assert snap_compare(app, terminal_size=SIZE, press=["space", "3", "escape", "t"])


async def _lab_run_and_pin(pilot) -> None:
    screen = pilot.app.screen
    screen.query_one("#knob-epochs").value = "40"
    await pilot.press("ctrl+r")
    await settle(pilot)
    await pilot.press("p")
    screen.query_one("#knob-learning_rate").value = "2"
    await pilot.press("ctrl+r")
    await settle(pilot)
    await mask_simulated_figures(pilot)


def test_lab_screen_after_a_run_and_a_pin(make_app, snap_compare):
    app = make_app(start="lab")
    assert snap_compare(app, terminal_size=SIZE, run_before=_lab_run_and_pin)


async def _drill_predicted(pilot) -> None:
    from simulator import Verdict

    await pilot.press(str(list(Verdict).index(Verdict.GOOD) + 1))
    await settle(pilot)
    await mask_simulated_figures(pilot)


def steady_deck():
    """One predict card whose runs fall smoothly on every seed (good on seeds 0-4)."""
    from hpquiz.deck.model import Card, CardType, Deck, Scenario
    from simulator import TrainConfig, Verdict

    card = Card(
        id="steady", deck_id="drills", type=CardType.SCENARIO, topic="learning-rate",
        front="The default setup, trained for 60 epochs. What will the run do?",
        scenario=Scenario(setup=TrainConfig(epochs=60), verdict=Verdict.GOOD),
        explanation="A moderate step on a problem this size converges and generalises.",
    )
    return Deck(id="drills", title="Drills", language="en", cards=(card,))


def test_drill_screen_before_predicting(make_app, snap_compare):
    from test_drill_screen import drill_deck

    assert snap_compare(make_app(start="drill", decks=[drill_deck()]), terminal_size=SIZE)


def test_drill_screen_with_the_result(make_app, snap_compare):
    app = make_app(start="drill", decks=[steady_deck()])
    assert snap_compare(app, terminal_size=SIZE, run_before=_drill_predicted)


async def _lab_too_slow(pilot) -> None:
    screen = pilot.app.screen
    screen.query_one("#knob-epochs").value = "60"
    screen.query_one("#knob-learning_rate").value = "0.0001"
    await pilot.press("ctrl+r")
    await settle(pilot)
    await mask_simulated_figures(pilot)


def test_lab_screen_a_too_slow_run_looks_flat_beside_its_unlearned_boundary(make_app, snap_compare):
    app = make_app(start="lab")
    assert snap_compare(app, terminal_size=SIZE, run_before=_lab_too_slow)


def underfit_deck():
    """A which-knob card whose runs all settle (none blows up), so their pictures are
    the same under any BLAS kernel: a straight line on circles, then a ring."""
    from hpquiz.deck.model import Card, CardType, Deck, Scenario
    from simulator import TrainConfig, Verdict

    card = Card(
        id="circles-underfit", deck_id="shapes", type=CardType.SCENARIO, topic="capacity",
        front="A network without hidden layers on the circles. Which change makes it fit?",
        options=("Add two hidden layers of 16", "Train twice as long"),
        answer=(0,),
        scenario=Scenario(
            setup=TrainConfig(dataset="circles", hidden=(), epochs=60),
            changes=({"hidden": (16, 16)}, {"epochs": 120}),
            goal=Verdict.GOOD,
        ),
        explanation="A straight line cannot separate a disc from the ring around it.", position=0,
    )
    return Deck(id="shapes", title="Shapes", language="en", cards=(card,))


async def _drill_knob_boundaries(pilot) -> None:
    await pilot.press("1")
    await settle(pilot)
    await pilot.press("b")
    await pilot.pause()
    await mask_simulated_figures(pilot)


def test_drill_result_shows_the_boundaries_of_the_baseline_and_the_chosen_option(make_app, snap_compare):
    app = make_app(start="drill", decks=[underfit_deck()])
    assert snap_compare(app, terminal_size=SIZE, run_before=_drill_knob_boundaries)


def test_settings_screen(make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, press=["o"])


def test_study_screen_turkish_card_revealed(make_app, snap_compare):
    app = make_app(start="study", deck_id="temel")
    assert snap_compare(app, terminal_size=SIZE, press=["space"])


def test_card_browser_with_a_reviewed_card_highlighted(make_app, snap_compare):
    """One card studied (Good), then the browser from Home: its review, state and due time below the list."""
    app = make_app(start="study", decks=[study_deck()])
    assert snap_compare(app, terminal_size=SIZE, press=["space", "3", "escape", "b", "down"])
