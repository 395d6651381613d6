"""The chart rules (hpquiz.charts), checked on the runs they draw."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpquiz.charts import Series, loss_chart, log_range, log_ticks, number_text, run_style, run_styles
from hpquiz.charts.norms import norms_chart
from hpquiz.charts.styles import MAX_RUNS
from hpquiz.charts.sweeps import sweep_chart
from hpquiz.charts.ticks import linear_ticks
from simulator import Run, TrainConfig, sweep, train, train_many


def is_round(value: float) -> bool:
    """1, 2, 3 or 5 x 10^k."""
    mantissa = value / 10 ** math.floor(math.log10(value) + 1e-9)
    return any(abs(mantissa - m) < 1e-6 for m in (1, 2, 3, 5))


def made_run(train_loss, val_loss=None, step_loss=None, *, diverged=False, stopped=None, best=1, epochs=100):
    """A Run holding exactly these curves (a value, as the simulator returns them)."""
    train_loss = np.asarray(train_loss, float)
    val_loss = np.asarray(train_loss if val_loss is None else val_loss, float)
    step_loss = np.asarray(train_loss if step_loss is None else step_loss, float)
    params = [(np.ones((2, 1)), np.zeros(1))]
    E = len(train_loss)
    return Run(TrainConfig(epochs=epochs), train_loss, val_loss, np.zeros(E), np.zeros(E), step_loss,
               np.ones((E, 1)), params, params, diverged=diverged, stopped_epoch=stopped, best_epoch=best)


@pytest.fixture(scope="module")
def lr_runs():
    """Too slow, sensible and blown-up runs of the same network (lr 1e-4, 0.1, 50)."""
    return sweep(TrainConfig(epochs=60), "learning_rate", [1e-4, 0.1, 50.0])


# --- ticks ----------------------------------------------------------------------------


def test_log_ticks_are_one_two_five_in_each_decade():
    assert log_ticks(0.1, 1.0) == [0.1, 0.2, 0.5, 1.0]
    assert log_ticks(0.02, 1.0) == [0.02, 0.05, 0.1, 0.2, 0.5, 1.0]
    assert log_ticks(1e-3, 1e20) == [1e-3, 1.0, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18]


@given(st.lists(st.floats(1e-6, 1e6), min_size=1, max_size=30), st.integers(3, 10))
def test_a_log_axis_holds_every_value_spans_a_decade_and_ticks_round_values(values, max_ticks):
    low, high = log_range(values)
    assert low <= min(values) and max(values) <= high
    assert high / low >= 10 * (1 - 1e-9)
    assert is_round(low) and is_round(high)
    ticks = log_ticks(low, high, max_ticks)
    assert 2 <= len(ticks) <= max_ticks and all(is_round(t) and low <= t * (1 + 1e-9) for t in ticks)
    assert all(re.fullmatch(r"\d+(\.\d+)?(e-?\d+)?", number_text(t)) for t in ticks)


def test_epoch_ticks_are_whole_round_numbers_from_the_first_epoch():
    assert linear_ticks(1, 200, integer=True) == [1, 50, 100, 150, 200]
    assert linear_ticks(1, 2, integer=True) == [1, 2]
    assert linear_ticks(0, 10, integer=True) == [0, 2, 4, 6, 8, 10]


def test_numbers_read_as_a_person_writes_them():
    assert [number_text(v) for v in (9.4e17, 12.63, 0.5432, 2e-5, 0.2, 1000, math.inf)] == [
        "9.4e17", "12.6", "0.543", "2e-5", "0.2", "1000", "inf"]


# --- the loss axis --------------------------------------------------------------------


def test_a_too_slow_run_looks_flat(lr_runs):
    slow = lr_runs[0]
    chart = loss_chart([Series("slow", slow)])
    assert chart.y.high / chart.y.low >= 10
    drawn = [y for line in chart.lines if line.split == "train" for y in line.y]
    share = math.log(max(drawn) / min(drawn)) / math.log(chart.y.high / chart.y.low)
    assert share < 0.05  # less than 5% of the chart's height


def test_loss_ticks_are_round_real_values_not_log10_units(lr_runs):
    chart = loss_chart([Series(str(i), run) for i, run in enumerate(lr_runs)])
    assert chart.y.log and all(is_round(t) for t in chart.y.ticks)
    assert all(not label.startswith("-") for label in chart.y.labels)


def test_a_blow_up_leaves_the_top_with_the_value_it_reached():
    run = made_run([0.7, 9.4e17], step_loss=[0.69] * 20, diverged=True)
    good = made_run(np.linspace(0.7, 0.1, 100))
    chart = loss_chart([Series("good", good), Series("lr 50", run)])
    (marker,) = [m for m in chart.markers if m.series == 1]
    assert marker.kind == "left" and marker.text == "↑ 9.4e17 at epoch 2"
    assert marker.y == chart.y.high and 1 <= marker.x <= 2
    blown = [line for line in chart.lines if line.series == 1 and line.split == "train"]
    assert blown[-1].y[-1] == chart.y.high  # drawn up to the edge, not stopped below it
    assert "↑ 9.4e17 at epoch 2" in chart.legend_text(1)


def test_a_blow_up_does_not_flatten_the_runs_that_did_not(lr_runs):
    chart = loss_chart([Series(str(i), run) for i, run in enumerate(lr_runs)])
    assert lr_runs[2].diverged
    assert chart.y.high <= 5 * max(run.step_loss[0] for run in lr_runs)
    assert [m.kind for m in chart.markers] == ["left"]


def test_a_run_that_blew_up_in_epoch_one_is_drawn_over_its_update_steps():
    run = train(TrainConfig(learning_rate=50.0))
    assert run.diverged and run.epochs_run == 1
    chart = loss_chart([Series("lr 50", run)])
    assert chart.x.title.startswith("update step")
    steps = len(run.step_loss)
    assert chart.x.high == steps
    drawn = sum(len(line.x) for line in chart.lines if line.split == "train")
    assert drawn >= steps  # every step's loss, not one dot
    assert chart.y.high > 10 * run.step_loss[0]  # alone, the climb is shown, not cut at the start


def test_a_blow_up_over_update_steps_names_the_step_its_peak_is_drawn_at():
    steps = [0.7, 4.0, 55.0, 100.0, 70.0, 27.0, 142.0, 40.0, 23.0, 68.0]
    run = made_run([12.5], step_loss=steps, diverged=True, epochs=100)
    chart = loss_chart([Series("lr 50", run)])
    assert chart.x.title.startswith("update step")
    (marker,) = chart.markers
    peak_x = next(x for line in chart.lines if line.split == "train"
                  for x, y in zip(line.x, line.y) if y == 142.0)
    assert peak_x == 6 and marker.text.endswith("142 at step 6")
    assert (marker.x, marker.y) == (6, 142.0)  # the ✕ is drawn on that point, not at the run's last step


def test_the_sine_blow_up_is_drawn_with_its_size():
    runs = train_many([TrainConfig(dataset="sine", learning_rate=1.0, epochs=100),
                       TrainConfig(dataset="sine", learning_rate=0.01, epochs=100)])
    chart = loss_chart([Series("lr 1", runs[0]), Series("lr 0.01", runs[1])])
    (marker,) = chart.markers
    assert re.fullmatch(r"↑ \d(\.\d)?e\d+ at epoch \d", marker.text)


def test_the_epoch_axis_ends_where_the_longest_shown_run_stopped():
    stopped = train(TrainConfig(epochs=1000, early_stopping=5, hidden=(64, 64), n_samples=100))
    assert stopped.stopped_epoch is not None and stopped.epochs_run < 500
    chart = loss_chart([Series("early", stopped)])
    assert chart.x.high == stopped.epochs_run
    (best,) = [m for m in chart.markers if m.kind == "best"]
    assert best.x == stopped.best_epoch
    assert f"best epoch {stopped.best_epoch}" in chart.legend_text(0)
    assert loss_chart([Series("early", stopped)], until=1000).x.high == 1000


def test_other_seeds_are_drawn_as_replica_lines_of_their_series(lr_runs):
    replicas = train_many([lr_runs[1].config.replace(seed=s) for s in (1, 2)])
    chart = loss_chart([Series.of_runs("ok", [lr_runs[1], *replicas])])
    assert {line.replica for line in chart.lines} == {False, True}
    assert all(line.series == 0 for line in chart.lines)


# --- styles ---------------------------------------------------------------------------


def test_no_two_shown_runs_share_a_colour_or_a_shape():
    styles = run_styles(MAX_RUNS)
    for attribute in ("paper", "screen", "symbol", "marker"):
        assert len({getattr(s, attribute) for s in styles}) == MAX_RUNS
    with pytest.raises(ValueError, match="no two share a colour"):
        run_style(MAX_RUNS)


# --- sweeps and norms -----------------------------------------------------------------


def test_a_sweep_point_that_blew_up_is_marked_at_the_edge_with_its_loss():
    values = [0.01, 0.1, 10.0]
    runs = sweep(TrainConfig(epochs=60), "learning_rate", values)
    chart = sweep_chart("learning_rate", values, runs)
    assert runs[2].diverged
    texts = [m.text for m in chart.markers]
    assert texts and all(re.fullmatch(r"↑ [\d.e]+ at learning_rate 10", t) for t in texts)
    assert all(float(t.split()[1]) > chart.y.high for t in texts)


def test_the_weight_norm_chart_starts_from_the_untrained_weights_on_whole_epochs():
    run = train(TrainConfig(learning_rate=50.0))
    chart = norms_chart(run)
    assert chart.x.low == 0 and chart.x.high == 1 and chart.x.ticks == (0, 1)
    assert chart.y.log and all(is_round(t) for t in chart.y.ticks)


losses = st.lists(st.one_of(st.floats(1e-4, 1e20), st.just(math.inf), st.just(math.nan)), min_size=1, max_size=40)


@given(st.lists(st.tuples(losses, st.booleans()), min_size=1, max_size=MAX_RUNS))
def test_any_curves_stay_inside_the_axes_and_every_blow_up_is_marked(curves):
    runs = [made_run(values, diverged=diverged) for values, diverged in curves]
    chart = loss_chart([Series(str(i), run) for i, run in enumerate(runs)])
    assert chart.y.high / chart.y.low >= 10 * (1 - 1e-9)
    for line in chart.lines:
        assert all(chart.y.low <= y <= chart.y.high for y in line.y)
        assert all(chart.x.low <= x <= chart.x.high for x in line.x)
    assert chart.x.high >= max(run.epochs_run for run in runs)
    marked = {m.series for m in chart.markers if m.kind in ("left", "diverged")}
    drawn = {line.series for line in chart.lines}
    assert {i for i, run in enumerate(runs) if run.diverged and i in drawn} <= marked
