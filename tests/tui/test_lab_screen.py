"""The lab driven with real keys: edit knobs, run, pin, sweep, bad values."""

from __future__ import annotations

from textual.widgets import Input

from tui_helpers import SIZE, footer_keys, notices, run, screen_text, set_knob, settle, text_of


async def train(pilot, epochs: int) -> None:
    """Set the epochs, run (ctrl+r) and wait for the run to end."""
    await set_knob(pilot, "epochs", str(epochs))
    await pilot.press("ctrl+r")
    await settle(pilot)


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
            assert footer_keys(app)["escape"] == "Home"
            await pilot.press("escape")  # the second press leaves, asking first: the knobs are edited
            assert text_of(app, "#lab-status").startswith("Leave the lab? The knobs are edited (epochs=2000)")
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen"

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


def test_work_too_big_for_the_machine_is_not_started_and_the_lab_stays_usable(make_app, monkeypatch):
    """Issue 13: the simulator refuses oversize work before allocating; the lab says so and goes on."""
    monkeypatch.setenv("HPQUIZ_MEMORY_LIMIT", "50M")
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "n_samples", "20000")
            await set_knob(pilot, "hidden", "512,512")
            await set_knob(pilot, "batch_size", "full")
            await set_knob(pilot, "epochs", "2")
            await pilot.press("ctrl+r")
            await settle(pilot)
            status = text_of(app, "#lab-status")
            assert status.startswith("Not started: this training needs about ")
            assert "allowed by HPQUIZ_MEMORY_LIMIT" in status
            app.screen.query_one("#sweep-values", Input).value = "0.01, 0.1"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert text_of(app, "#lab-status").startswith("Not started: ")
            await set_knob(pilot, "n_samples", "200")
            await set_knob(pilot, "hidden", "8")
            await set_knob(pilot, "batch_size", "32")
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert "2 epochs" in text_of(app, "#lab-status")  # the lab still trains
            assert type(app.screen).__name__ == "LabScreen"
        assert app.return_code in (None, 0)

    run(scenario)


def test_escape_asks_before_leaving_an_unpinned_run_and_a_second_escape_leaves(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await train(pilot, epochs=20)
            await pilot.press("escape")
            status = text_of(app, "#lab-status")
            assert status.startswith("Leave the lab? The last run is not pinned and the knobs are edited (epochs=20)")
            assert type(app.screen).__name__ == "LabScreen"
            await pilot.press("p")  # any other key answers no: the question starts over
            await pilot.press("escape")
            assert text_of(app, "#lab-status").startswith("Leave the lab? The knobs are edited (epochs=20)")
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen"

    run(scenario)


def test_a_lab_with_nothing_to_lose_is_left_with_one_escape(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await train(pilot, epochs=20)
            await pilot.press("p")
            await set_knob(pilot, "epochs", "200")  # back to the setup it opened with
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen"

    run(scenario)


def test_the_labs_footer_offers_only_keys_that_act_and_a_dead_key_says_why(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            keys = footer_keys(app)
            assert not {"p", "c", "t", "x"} & set(keys)
            assert keys["escape"] == "Home" and keys["space"] == "Play"
            await pilot.press("p")
            assert any("Run something first" in m for m in notices(app))
            await pilot.press("t")
            assert any("Pin runs first" in m for m in notices(app))
            await train(pilot, epochs=20)
            keys = footer_keys(app)
            assert "p" in keys and "x" in keys and "c" not in keys
            await pilot.press("p")
            assert {"c", "t"} <= set(footer_keys(app))
            await pilot.press("tab")
            assert footer_keys(app)["escape"] == "Leave knob"

    run(scenario)


def test_the_focused_knob_has_a_clear_bar_beside_it(make_app):
    app = make_app(start="lab")

    def row_line(label: str) -> str:
        return next(line for line in screen_text(app).splitlines() if f"{label} " in line[:20])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert not row_line("learning rate").startswith("▌")
            app.screen.query_one("#knob-learning_rate").focus()
            await pilot.pause()
            assert row_line("learning rate").startswith("▌")
            assert not row_line("batch size").startswith("▌")
            await pilot.press("escape")  # leaves the knob, not the lab
            assert not row_line("learning rate").startswith("▌")
            assert type(app.screen).__name__ == "LabScreen"

    run(scenario)
