"""The lab as a tuning workbench, driven with real keys: step, pause, play on from the
weights, reset, the pin table, saved setups, a card written from the experiment."""

from __future__ import annotations

import re

import numpy as np
from textual.widgets import DataTable, Input, Select, Static

from tui_helpers import SIZE, press_and_settle, run, set_knob, settle, text_of


async def answer_prompt(pilot, text: str) -> None:
    await settle(pilot)
    prompt = pilot.app.screen.query_one("#prompt-input", Input)
    prompt.value = text
    await pilot.press("enter")
    await settle(pilot)


def test_steps_then_a_new_learning_rate_carries_on_from_the_same_weights(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "12")
            await press_and_settle(pilot, "n", "n")
            lab = app.screen.lab
            assert lab.epochs_done == 2
            assert "Paused at epoch 2 of 12" in text_of(app, "#lab-status")
            await set_knob(pilot, "learning_rate", "0.5")
            assert "goes on from these weights with learning_rate=0.5" in text_of(app, "#lab-status")
            await press_and_settle(pilot, "space")
            assert lab.epochs_done == 12 and len(lab.segments) == 3  # step, step, play on
            _, first, second = lab.segments
            for (W0, _), (W1, _) in zip(first.final_params, second.initial_params):
                np.testing.assert_allclose(W0, W1, rtol=1e-6)
            assert second.config.learning_rate == 0.5 and first.config.learning_rate == 0.1
            assert "from epoch 2: learning_rate=0.5" in text_of(app, "#lab-legend")
            assert app.screen.last_run.epochs_run == 12

    run(scenario)


def test_space_pauses_a_running_training_and_x_resets_to_epoch_zero(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "20000")
            await pilot.press("space")
            await pilot.pause(0.3)
            await press_and_settle(pilot, "space")
            done = app.screen.lab.epochs_done
            assert 0 < done < 20000
            assert text_of(app, "#lab-status").startswith(f"Paused at epoch {done} of 20000")
            await press_and_settle(pilot, "x")
            assert app.screen.lab.epochs_done == 0
            assert text_of(app, "#lab-status").startswith("Reset: epoch 0")

    run(scenario)


def test_a_changed_architecture_cannot_continue_from_the_old_weights(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "10")
            await press_and_settle(pilot, "n")
            await set_knob(pilot, "hidden", "8")
            await press_and_settle(pilot, "space")
            assert app.screen.lab.epochs_done == 1  # refused: nothing trained

    run(scenario)


def test_the_pin_table_shows_differing_knobs_final_losses_and_verdicts(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "20")
            await press_and_settle(pilot, "r", "p")
            await set_knob(pilot, "learning_rate", "0.001")
            await press_and_settle(pilot, "r", "p", "t")
            table = app.screen.query_one("#pin-table", DataTable)
            assert not table.has_class("hidden")
            headers = [str(c.label) for c in table.columns.values()]
            assert headers == ["run", "learning rate", "train loss", "val loss", "verdict"]
            rows = [table.get_row_at(i) for i in range(table.row_count)]
            assert [r[1] for r in rows] == ["0.1", "0.001"]
            assert rows[1][4] == "too slow"
            await press_and_settle(pilot, "t")
            assert table.has_class("hidden")

    run(scenario)


def test_a_setup_saved_to_a_file_and_to_a_slot_reopens_identically(make_app, tmp_path):
    app = make_app(start="lab")
    path = tmp_path / "mine.toml"

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "learning_rate", "0.7")
            await set_knob(pilot, "hidden", "8,4")
            await set_knob(pilot, "batch_size", "full")
            saved = app.screen.query_one("#knobs").config
            await pilot.press("w")
            await answer_prompt(pilot, str(path))
            assert path.exists() and "learning_rate = 0.7" in path.read_text()
            await pilot.press("w")
            await answer_prompt(pilot, "wide and slow")
            await set_knob(pilot, "learning_rate", "0.1")
            await set_knob(pilot, "hidden", "16,16")
            await pilot.press("o")
            await answer_prompt(pilot, str(path))
            assert app.screen.query_one("#knobs").config == saved
            await set_knob(pilot, "learning_rate", "0.2")
            await pilot.press("o")
            await answer_prompt(pilot, "wide and slow")
            assert app.screen.query_one("#knobs").config == saved
            assert "Opened wide and slow" in text_of(app, "#lab-status")
            assert app.ctx.store.setup_names() == ["wide and slow"]

    run(scenario)


def test_e_writes_the_experiment_as_a_card_that_deck_check_accepts(make_app, tmp_path, capsys):
    from hpquiz.cli import main

    app = make_app(start="lab")
    path = tmp_path / "class.toml"

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "100")
            await set_knob(pilot, "learning_rate", "0.1")
            await press_and_settle(pilot, "r", "p")
            await set_knob(pilot, "learning_rate", "0.0001")
            await press_and_settle(pilot, "r", "p")
            await set_knob(pilot, "learning_rate", "20")
            await pilot.press("e")
            await answer_prompt(pilot, str(path))
            assert "passes deck check as it stands" in text_of(app, "#lab-status")

    run(scenario)
    assert main(["deck", "check", str(path)]) == 0
    assert "1 of 1 scenario card agree" in capsys.readouterr().out


def test_hidden_sweeps_over_architectures(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "10")
            app.screen.query_one("#sweep-field", Select).value = "hidden"
            await pilot.pause()
            app.screen.query_one("#sweep-values", Input).value = "4; 16,16"
            await press_and_settle(pilot, "ctrl+s")
            legend = text_of(app, "#lab-legend")
            assert legend.startswith("hidden: ") and "16,16→" in legend

    run(scenario)


def test_the_proposed_batch_sweep_fits_a_small_training_split(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "n_samples", "100")
            await set_knob(pilot, "epochs", "5")
            app.screen.query_one("#sweep-field", Select).value = "batch_size"
            await pilot.pause()
            assert app.screen.query_one("#sweep-values", Input).value == "3,10,32,full"
            await press_and_settle(pilot, "ctrl+s")
            assert "full→" in text_of(app, "#lab-legend")

    run(scenario)


def test_lab_opens_with_a_setup_given_on_the_command_line(make_app, tmp_path):
    from hpquiz.setup_files import read_setup_file, write_setup_file
    from simulator import TrainConfig

    path = write_setup_file(TrainConfig(learning_rate=0.03, hidden=(32,)), tmp_path / "s.toml")
    app = make_app(start="lab")
    app.lab_setup = read_setup_file(path)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#knobs").config == TrainConfig(learning_rate=0.03, hidden=(32,))

    run(scenario)


def test_lab_with_a_broken_setup_file_is_one_error_line_and_exit_1(tmp_path, capsys):
    from hpquiz.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text("[setup]\nlearning_rate = -2\n")
    assert main(["lab", "--db", str(tmp_path / "p.sqlite3"), "--setup", str(bad)]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "bad.toml: field 'setup.learning_rate' is -2.0, but the simulator allows 0 < value <= 100" in error


def test_m_maps_the_sweep_knob_against_a_second_knob(make_app):
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await set_knob(pilot, "epochs", "20")
            await set_knob(pilot, "n_samples", "200")
            app.screen.query_one("#sweep-values", Input).value = "0.01,0.1,60"
            await pilot.press("m")
            await answer_prompt(pilot, "batch_size 16,full")
            view = app.screen.query_one("#map-view", Static)
            assert not view.has_class("hidden")
            shown = str(view.render())
            assert "learning_rate →" in shown and "batch_size ↓" in shown and "✗" in shown
            assert text_of(app, "#lab-status").startswith("Map of learning_rate x batch_size")

    run(scenario)


def challenge_deck(tmp_path):
    """A deck with one 2-trial challenge: a learning rate of 20 to rescue."""
    from hpquiz.deck import load_decks

    path = tmp_path / "mine.toml"
    path.write_text(
        '[deck]\nid = "mine"\ntitle = "Mine"\nlanguage = "en"\n\n'
        '[[cards]]\nid = "mine-basic"\ntype = "basic"\ntopic = "tuning-process"\nfront = "a"\nback = "b"\n'
        'source = "002_cca2b9e1c0f2ecd1.txt"\n\n'
        '[[challenges]]\nid = "quick-rate"\ntitle = "A quick rate"\nlevel = 1\nprompt = "Find a rate."\n'
        'setup = { learning_rate = 20.0, epochs = 30, n_samples = 200 }\n'
        'space = { learning_rate = [0.0001, 10.0] }\nbudget = 2\ntarget = 0.45\n'
    )
    return load_decks([path])


def test_g_plays_a_challenge_in_the_lab_and_records_each_trial(make_app, tmp_path):
    app = make_app(start="lab", decks=challenge_deck(tmp_path))

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("g")
            await answer_prompt(pilot, "quick-rate")
            assert app.screen.query_one("#knobs").config.learning_rate == 20.0
            assert "2 of 2 trials left" in text_of(app, "#lab-status")
            await set_knob(pilot, "batch_size", "8")
            await press_and_settle(pilot, "r")
            assert app.screen.game.left == 2  # batch_size is not in the space: no trial spent
            await set_knob(pilot, "batch_size", "32")
            await set_knob(pilot, "learning_rate", "0.3")
            await press_and_settle(pilot, "r")
            status = text_of(app, "#lab-status")
            # the row is one cell high and cut at 80 columns: the mark, score and trials left come first
            assert re.match(r"[✓✗] (\d\.\d+|blew up) · 1 of 2 trials left · target ≤ 0.45", status)
            assert "learning_rate=0.3 → " in status
            assert "(mean of 5 seeds, " in status  # judged as a card is: on the run's seed and the four after it
            (shown_run,) = app.screen.query_one("#lab-chart").chart.series
            assert len(shown_run.replicas) == 4  # the mean's spread is drawn: the other seeds, faint
            assert shown_run.verdict == app.screen.game.trials[0].verdict  # the legend names the majority
            assert "faint: other seeds" in text_of(app, "#lab-legend")
            await set_knob(pilot, "learning_rate", "10")
            await press_and_settle(pilot, "r")
            await settle(pilot)
            shown = str(app.screen.query_one("#map-view", Static).render())
            assert "grid search" in shown and "random search" in shown
            (attempt,) = app.ctx.store.attempts("quick-rate")
            assert [t.setup for t in attempt.trials] == ["learning_rate=0.3", "learning_rate=10"]
            assert attempt.finished_at is not None and attempt.won is not None

    run(scenario)


def test_a_csv_file_typed_into_the_data_knob_trains_on_it(make_app):
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "decks" / "data" / "study-hours.csv"
    app = make_app(start="lab")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await set_knob(pilot, "epochs", "10")
            await set_knob(pilot, "data", str(data))
            assert app.screen.query_one("#knob-dataset").value == "csv"
            await press_and_settle(pilot, "r")
            assert app.screen.last_run.config.n_rows == 160
            await set_knob(pilot, "data", str(data.with_name("nope.csv")))
            assert "nope.csv: cannot read the file" in text_of(app, "#knob-error")

    run(scenario)


def test_a_challenge_trial_the_database_refuses_does_not_count_and_r_trains_it_again(make_app, tmp_path):
    import sqlite3

    app = make_app(start="lab", decks=challenge_deck(tmp_path))
    app.ctx.busy_limit = 0.5
    locker = sqlite3.connect(app.ctx.store.path, isolation_level=None)

    def refused() -> bool:
        return any("Nothing of this trial was saved" in n.title for n in app._notifications)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("g")
            await answer_prompt(pilot, "quick-rate")
            await set_knob(pilot, "learning_rate", "0.3")
            locker.execute("BEGIN IMMEDIATE")
            await press_and_settle(pilot, "r")
            for _ in range(200):  # the save waits out the lock on timers (0.5 s here), then gives up
                if refused():
                    break
                await pilot.pause(0.05)
            assert refused()
            assert app.is_running and "2 of 2 trials left" in text_of(app, "#lab-status")
            locker.execute("ROLLBACK")
            await press_and_settle(pilot, "r")
            assert "1 of 2 trials left" in text_of(app, "#lab-status")
            (attempt,) = app.ctx.store.attempts("quick-rate")
            assert [t.setup for t in attempt.trials] == ["learning_rate=0.3"]

    try:
        run(scenario)
    finally:
        locker.close()
