"""Curve charts from real runs: PNG files and terminal text, diverged runs included."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from hpquiz.export.plots import (
    curves_figure,
    render_curves_png,
    render_sweep_png,
    sweep_axis,
    terminal_curves,
    terminal_sweep,
)
from hpquiz.words import verdict_label
from simulator import TrainConfig, diagnose, sweep

PNG = b"\x89PNG\r\n\x1a\n"
RATES = [0.001, 0.1, 50.0]


@pytest.fixture(scope="module")
def runs():
    """A slow, a sensible and a diverging run of the same network."""
    return sweep(TrainConfig(optimizer="sgd", epochs=40, n_samples=200), "learning_rate", RATES)


def test_curves_png_is_written_even_with_a_diverged_run(runs, tmp_path):
    verdicts = [diagnose(run).verdict for run in runs]
    assert "diverged" in verdicts
    path = render_curves_png(runs, [f"lr {r}" for r in RATES], tmp_path / "a" / "curves.png", "lr", verdicts)
    assert path.read_bytes()[:8] == PNG


def test_sweep_png_is_written(runs, tmp_path):
    path = render_sweep_png("learning_rate", RATES, runs, tmp_path / "sweep.png")
    assert path.read_bytes()[:8] == PNG


def test_terminal_curves_label_each_run_with_its_verdict(runs):
    verdicts = [diagnose(run).verdict for run in runs]
    text = terminal_curves(runs, ["slow", "ok", "big"], 90, 20, verdicts=verdicts)
    assert f"slow: {verdict_label(verdicts[0])}" in text
    assert "\x1b[" not in text  # plain text unless colour is asked for
    assert len(text.splitlines()) >= 15


def test_terminal_sweep_puts_rates_on_a_log_axis(runs):
    text = terminal_sweep("learning_rate", RATES, runs, 90, 20)
    assert "learning_rate (log scale)" in text
    assert "0.001" in text and "50" in text


def test_sweep_axis_places_choices_and_full_batch_in_order():
    positions, labels, is_log = sweep_axis("batch_size", [8, 32, None])
    assert positions == [0.0, 1.0, 2.0] and labels == ["8", "32", "full"] and not is_log
    positions, labels, is_log = sweep_axis("learning_rate", [0.01, 1.0])
    assert is_log and positions == [-2.0, 0.0]
    assert sweep_axis("hidden", [(), (16, 16)])[1] == ["none", "16,16"]


def test_importing_plots_does_not_load_matplotlib():
    code = "import sys, hpquiz.export.plots; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_curve_images_use_a_log_loss_axis_and_one_legend_entry_per_run(runs):
    verdicts = [diagnose(run).verdict for run in runs]
    figure = curves_figure(runs, [f"lr {r}" for r in RATES], "lr", verdicts)
    axes = figure.axes[0]
    assert axes.get_yscale() == "log"
    entries = [text.get_text() for text in figure.legends[0].get_texts()]
    assert [e.split(",")[0] for e in entries[: len(RATES)]] == [f"lr {r}: {verdict_label(v)}" for r, v in zip(RATES, verdicts)]
    assert "dashed: validation loss" in entries


def test_the_legend_of_an_image_never_covers_the_curves(runs):
    figure = curves_figure(runs, [f"lr {r}" for r in RATES], "lr", [diagnose(run).verdict for run in runs])
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    legend = figure.legends[0].get_window_extent(renderer)
    plot = figure.axes[0].get_window_extent(renderer)
    assert not legend.overlaps(plot)


def test_curve_images_label_the_loss_axis_at_round_values_only(runs):
    axes = curves_figure(runs, [f"lr {r}" for r in RATES]).axes[0]
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels and all(float(label) in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10) for label in labels)
    assert not axes.yaxis.get_minorticklabels() or not any(t.get_text() for t in axes.yaxis.get_minorticklabels())


def test_a_long_title_wraps_into_even_lines_not_a_lone_last_word(runs):
    title = "circles (400 samples, noise 0.3), no hidden layer, sgd lr 0.1, batch 32, 150 epochs, seed 0"
    lines = curves_figure(runs[:1], ["run"], title).axes[0].get_title().splitlines()
    assert len(lines) == 2
    assert min(map(len, lines)) > len(title) / 3


def test_curve_images_can_carry_each_runs_decision_boundary_under_the_curves(runs):
    verdicts = [diagnose(run).verdict for run in runs]
    figure = curves_figure(runs, [f"lr {r}" for r in RATES], "lr", verdicts, models=True)
    axes = figure.axes
    assert len(axes) == 1 + len(runs)
    panels = axes[1:]
    assert [p.get_title() for p in panels] == [f"lr {r}: {verdict_label(v)}" for r, v in zip(RATES, verdicts)]
    assert all(p.images for p in panels)  # the plane coloured by the predicted probability
    assert all(len(p.collections) == 2 for p in panels)  # training points, validation points


def test_a_sine_image_draws_the_fitted_function_over_the_data():
    run = sweep(TrainConfig(dataset="sine", epochs=30, learning_rate=0.05), "seed", [0])[0]
    panel = curves_figure([run], ["fit"], models=True).axes[1]
    assert not panel.images and len(panel.lines) == 1 and len(panel.collections) == 2
