"""The lab driven with real keys: edit knobs, run, pin, sweep, bad values."""

from __future__ import annotations

from textual.widgets import Input, Static

from tui_helpers import SIZE, run, settle


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def set_knob(pilot, field: str, text: str) -> None:
    knob = pilot.app.screen.query_one(f"#knob-{field}", Input)
    knob.value = text
    await pilot.pause()


def test_a_run_then_a_pin_overlays_the_next_run(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "30")
            await pilot.press("ctrl+r")
            await settle(pilot)
            status = text_of(app, "#lab-status")
            assert "30 epochs" in status
            assert "run: epochs=30" in text_of(app, "#lab-legend")
            await pilot.press("p")
            await set_knob(pilot, "learning_rate", "0.5")
            await pilot.press("ctrl+r")
            await settle(pilot)
            key = text_of(app, "#lab-legend")
            assert "pin 1: epochs=30" in key
            assert "run: learning_rate=0.5, epochs=30" in key
            assert len(app.screen.pins) == 1

    run(scenario)


def test_a_bad_knob_value_is_shown_inline_and_nothing_runs(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "learning_rate", "-3")
            error = text_of(app, "#knob-error")
            assert "learning_rate" in error
            assert app.screen.query_one("#knob-learning_rate").has_class("-bad")
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert app.screen.last_run is None
            await set_knob(pilot, "learning_rate", "abc")
            assert "learning_rate must be a number" in text_of(app, "#knob-error")
            await set_knob(pilot, "learning_rate", "0.1")
            assert text_of(app, "#knob-error") == ""

    run(scenario)


def test_a_sweep_plots_final_loss_for_each_value(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "20")
            app.screen.query_one("#sweep-values", Input).value = "0.01, 0.1, 1"
            await pilot.press("ctrl+s")
            await settle(pilot)
            key = text_of(app, "#lab-legend")
            assert key.startswith("learning_rate: ")
            for value in ("0.01", "0.1", "1"):
                assert f"{value}→" in key
            assert not app.screen.query_one("#sweep-chart").has_class("hidden")

    run(scenario)


def test_escape_stops_a_running_training(make_app):
    """The run is held at epoch 5 (in its progress hook) until escape has been pressed."""
    import asyncio
    import threading

    app = make_app(start="lab")
    reached, release = threading.Event(), threading.Event()
    epochs_seen: list[int] = []

    def hold_at_epoch_5(epoch: int) -> None:
        epochs_seen.append(epoch)
        if epoch == 5:
            reached.set()
            release.wait(30)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.screen.epoch_hook = hold_at_epoch_5
            await set_knob(pilot, "epochs", "2000")
            await pilot.press("ctrl+r")
            while not reached.is_set():
                await asyncio.sleep(0.01)
            await pilot.press("escape")
            release.set()
            await settle(pilot)
            assert text_of(app, "#lab-status").startswith("Stopped")
            assert app.screen.last_run is None
            assert max(epochs_seen) == 5  # the epoch after escape was never trained
            assert app.screen.id != "home" and type(app.screen).__name__ == "LabScreen"

    run(scenario)


def test_choosing_a_sweep_knob_proposes_values_that_the_sweep_accepts(make_app):
    from textual.widgets import Select

    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "20")
            app.screen.query_one("#sweep-field", Select).value = "optimizer"
            await pilot.pause()
            assert app.screen.query_one("#sweep-values", Input).value == "sgd,momentum,rmsprop,adam"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "adam→" in text_of(app, "#lab-legend")

    run(scenario)


def test_knobs_the_chosen_setup_does_not_read_are_dimmed_and_named(make_app):
    app = make_app(start="lab")

    def row_of(field: str):
        return app.screen.query_one(f"#knob-{field}").parent

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert row_of("momentum").has_class("-unused")  # the default optimizer is plain sgd
            assert "momentum (sgd has none)" in text_of(app, "#knob-note")
            assert "momentum" not in text_of(app, "#lab-fixed")
            app.screen.query_one("#knob-optimizer").value = "momentum"
            await pilot.pause()
            assert not row_of("momentum").has_class("-unused")
            assert text_of(app, "#knob-note") == ""
            await set_knob(pilot, "hidden", "none")
            assert row_of("activation").has_class("-unused") and row_of("dropout").has_class("-unused")
            assert "no hidden layer" in text_of(app, "#knob-note")

    run(scenario)


def test_the_lab_draws_the_runs_boundary_and_each_pinned_runs_beside_it(make_app):
    from hpquiz.tui.widgets.boundary import BoundaryView

    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=(120, 36)) as pilot:
            screen = app.screen
            screen.query_one("#knob-epochs").value = "20"
            await pilot.press("ctrl+r")
            await settle(pilot)
            current = screen.query_one("#model-run", BoundaryView)
            assert current.run is screen.last_run and current.caption == f"run: {screen.last_verdict.replace('_', ' ')}"
            await pilot.press("p")
            pinned = screen.query_one("#model-pin-0", BoundaryView)
            assert not pinned.has_class("hidden") and pinned.run is screen.pins[0].run
            assert screen.query_one("#model-pin-1").has_class("hidden")
            await pilot.press("c")
            assert pinned.has_class("hidden")

    run(scenario)
