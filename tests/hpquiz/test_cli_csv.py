"""Your own CSV on the command line: `hpquiz sim --data`, `hpquiz sweep --data`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hpquiz.cli import main

DATA = Path(__file__).resolve().parents[2] / "decks" / "data"


def test_sim_trains_on_a_csv_and_says_so(capsys):
    assert main(["sim", "--data", str(DATA / "study-hours.csv"), "--epochs", "40"]) == 0
    out = capsys.readouterr().out
    assert "study-hours.csv (160 rows)" in out
    assert "verdict: " in out and "validation accuracy" in out


def test_a_two_column_csv_is_a_regression_with_r2(capsys):
    assert main(["sim", "--data", str(DATA / "plant-growth.csv"), "--epochs", "40", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["metric_name"] == "r2"
    assert payload["config"]["dataset"] == "csv"


def test_sweep_over_a_csv(capsys):
    assert main(["sweep", "learning_rate", "0.01", "0.3", "--data", str(DATA / "study-hours.csv"), "--epochs", "30"]) == 0
    out = capsys.readouterr().out
    assert "trained 2 runs together" in out


@pytest.mark.parametrize(
    "text, words",
    [
        ("x1,x2,label\n1,2,1\n1,oops,0\n", ["row 3, column 2 (x2): 'oops' is not a number"]),
        ("x1,x2,label\n", ["only a header row"]),
        ("x1,x2,label\n1,2,1\n3,4,7\n", ["row 3, column 3 (label): label '7' is not 0 or 1"]),
    ],
)
def test_a_bad_csv_is_one_line_naming_file_row_and_column_and_exit_1(tmp_path, capsys, text, words):
    path = tmp_path / "mine.csv"
    path.write_text(text)
    before = path.read_bytes()
    assert main(["sim", "--data", str(path)]) == 1
    captured = capsys.readouterr()
    error = captured.err.strip()
    assert captured.out == "" and len(error.splitlines()) == 1 and "Traceback" not in error
    assert error.startswith(f"hpquiz: error: {path}: ")
    for word in words:
        assert word in error
    assert path.read_bytes() == before


def test_data_with_a_built_in_dataset_is_a_usage_error(capsys):
    assert main(["sim", "--dataset", "moons", "--data", str(DATA / "study-hours.csv")]) == 2
    assert "data=" in capsys.readouterr().err


def test_the_example_files_are_what_the_script_makes(tmp_path):
    import runpy

    script = Path(__file__).resolve().parents[2] / "scripts" / "make_example_data.py"
    module = runpy.run_path(str(script))
    import numpy as np

    assert "\n".join(module["study_hours"](np.random.default_rng(16))) + "\n" == (DATA / "study-hours.csv").read_text()
    assert "\n".join(module["plant_growth"](np.random.default_rng(17))) + "\n" == (DATA / "plant-growth.csv").read_text()
