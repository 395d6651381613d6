"""`hpquiz sweep2`: a two-knob map from the user's side, and the map's rules."""

from __future__ import annotations

import json

import pytest

from hpquiz.charts.heatmap import DIVERGED_COLOUR, cell_colour, cell_mark, loss_scale
from hpquiz.cli import main
from hpquiz.knob_map import MapError, knob_map
from simulator import TrainConfig

FAST = ["--epochs", "40", "--n-samples", "200"]


def test_a_map_prints_half_block_cells_marked_with_verdicts_and_writes_a_png(tmp_path, capsys):
    png = tmp_path / "map.png"
    code = main(["sweep2", "learning_rate", "0.001,0.1,50", "batch_size", "16,full", *FAST, "--seeds", "2",
                 "--plot", str(png)])
    out = capsys.readouterr().out
    assert code == 0
    assert "learning_rate →" in out and "batch_size ↓" in out
    assert "▄" in out and "✗" in out  # lr 50 blows up in both rows
    assert "12 runs (3 x 2 cells x 2 seeds)" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_map_as_json_has_one_cell_per_pair(capsys):
    assert main(["sweep2", "hidden", "4;16,16", "weight_decay", "0,0.1", *FAST, "--seeds", "1", "--json"]) == 0
    cells = json.loads(capsys.readouterr().out)["cells"]
    assert [(c["hidden"], c["weight_decay"]) for c in cells] == [([4], 0.0), ([16, 16], 0.0), ([4], 0.1), ([16, 16], 0.1)]
    assert all(c["seeds"] == 1 and c["verdict"] for c in cells)


@pytest.mark.parametrize(
    "argv, words",
    [
        (["sweep2", "learning_rate", "0.1", "learning_rate", "1"], "the two knobs of a map must differ"),
        (["sweep2", "learning_rate", "0.1,abc", "batch_size", "8"], "learning_rate must be a number, not 'abc'"),
        (["sweep2", "batch_size", "8,500", "learning_rate", "0.1", *FAST], "batch_size=500 with learning_rate=0.1"),
        (["sweep2", "learning_rate", "0.1", "batch_size", "8", "--seeds", "0"], "--seeds 0: allowed 1 to 20"),
    ],
)
def test_a_bad_map_is_one_line_and_exit_2(capsys, argv, words):
    assert main(argv) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and words in error


def test_cells_are_judged_on_the_seed_consensus():
    config = TrainConfig(epochs=30, n_samples=200)
    kmap = knob_map(config, "learning_rate", [0.1, 60.0], "batch_size", [32], seeds=3)
    good, blown = kmap.cells[0]
    assert len(good.consensus.runs) == 3 and good.config.learning_rate == 0.1
    assert blown.verdict == "diverged" and blown.val_loss == float("inf")
    assert kmap.best() is good


def test_colours_run_bright_for_low_loss_and_red_for_a_blow_up():
    scale = loss_scale([0.1, 1.0, float("inf")])
    assert scale == (-1.0, 0.0)
    low, high = cell_colour(0.1, scale), cell_colour(1.0, scale)
    assert sum(int(low[i : i + 2], 16) for i in (1, 3, 5)) > sum(int(high[i : i + 2], 16) for i in (1, 3, 5))
    assert cell_colour(float("inf"), scale) == DIVERGED_COLOUR
    assert cell_mark("good", 5, 5) == "✓" and cell_mark("overfitting", 4, 5) == "O4/5"
    with pytest.raises(MapError):
        knob_map(TrainConfig(), "seed", [0], "seed", [1])
