"""`hpquiz sim` and `hpquiz sweep` from the user's side: output, JSON, images, bad flags."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hpquiz.cli import main

FAST = ["--epochs", "30", "--n-samples", "200"]


def test_sim_prints_chart_verdict_reasons_and_time(capsys):
    assert main(["sim", *FAST, "--learning-rate", "0.05", "--hidden", "8,8", "--activation", "tanh"]) == 0
    out = capsys.readouterr().out
    assert "hidden 8,8 tanh" in out
    assert "verdict: " in out
    assert "  - " in out
    assert "final: train loss" in out
    assert "trained in" in out
    assert "epoch" in out  # the chart's x label


def test_sim_names_the_verdict_in_words_not_as_an_id(capsys):
    assert main(["sim", *FAST, "--optimizer", "sgd", "--learning-rate", "0.0001", "--batch-size", "full"]) == 0
    out = capsys.readouterr().out
    assert "verdict: too slow" in out
    assert "too_slow" not in out


def test_sim_reports_a_blown_up_run_as_diverged_not_as_a_crash(capsys):
    code = main(["sim", "--epochs", "60", "--optimizer", "sgd", "--learning-rate", "50", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["diagnosis"]["verdict"] == "diverged"


def test_sim_json_holds_the_run_and_its_diagnosis(capsys):
    assert main(["sim", *FAST, "--batch-size", "full", "--early-stopping", "none", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["diagnosis"]["verdict"] in {"diverged", "unstable", "too_slow", "underfitting", "overfitting", "good"}
    assert payload["diagnosis"]["reasons"]
    assert len(payload["train_loss"]) == 30


def test_sim_plot_writes_a_png(tmp_path, capsys):
    target = tmp_path / "charts" / "run.png"
    target.parent.mkdir()  # --plot never creates folders (tests/faults: a missing one is refused)
    assert main(["sim", *FAST, "--plot", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(target) in capsys.readouterr().out


def test_sweep_prints_one_row_per_value_with_its_verdict(capsys):
    values = ["0.0001", "0.01", "1", "50"]
    assert main(["sweep", "learning_rate", *values, *FAST, "--optimizer", "sgd"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    for value in ("0.0001", "0.01", "1", "50"):
        assert any(line.startswith(value + " ") for line in lines), value
    assert "diverged" in out
    assert "learning_rate (log scale)" in out


def test_sweep_over_a_choice_knob_and_json(capsys):
    assert main(["sweep", "activation", "relu", "tanh", *FAST, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["field"] == "activation"
    assert payload["values"] == ["relu", "tanh"]
    assert [run["diagnosis"]["verdict"] for run in payload["runs"]]


def test_sweep_plot_writes_a_png(tmp_path):
    target = tmp_path / "sweep.png"
    assert main(["sweep", "hidden", "none", "4", "16,16", *FAST, "--plot", str(target)]) == 0
    assert target.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "argv, words",
    [
        (["sim", "--learning-rate", "-3"], ["learning_rate", "-3"]),
        (["sim", "--learning-rate", "fast"], ["learning_rate", "fast"]),
        (["sim", "--activation", "swish"], ["activation", "swish", "relu"]),
        (["sim", "--epochs", "0"], ["epochs"]),
        (["sim", "--dropout", "1.0"], ["dropout"]),
        (["sim", "--hidden", "16,x"], ["hidden"]),
        (["sim", "--colour", "red"], ["--colour"]),
        (["sweep", "learning_speed", "1", "2"], ["learning_speed", "learning_rate"]),
        (["sweep", "learning_rate", "0.1", "abc"], ["learning_rate", "abc"]),
        (["sweep", "dropout", "0.2", "1.5"], ["dropout", "1.5"]),
        (["sweep", "learning_rate", "0.001,0.1,10"], ["separated by spaces: 0.001 0.1 10"]),
    ],
)
def test_bad_flags_give_one_clear_line_and_exit_code_2(capsys, argv, words):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    error = captured.err.strip()
    assert len(error.splitlines()) == 1
    assert "Traceback" not in error
    for word in words:
        assert word in error


def test_every_knob_has_a_flag(capsys):
    from simulator import KNOBS

    with pytest.raises(SystemExit):
        main(["sim", "--help"])
    out = capsys.readouterr().out
    for field in KNOBS:
        assert "--" + field.replace("_", "-") in out


def test_installed_console_script_runs_a_simulation():
    script = Path(sys.executable).with_name("hpquiz")
    if not script.exists():
        pytest.skip("the hpquiz console script is not installed in this environment")
    result = subprocess.run(
        [str(script), "sim", *FAST, "--json"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["diagnosis"]["verdict"]
    bad = subprocess.run([str(script), "sim", "--epochs", "zero"], capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_the_setup_line_names_momentum_only_where_the_optimizer_reads_it():
    from hpquiz.knobs import describe
    from simulator import TrainConfig

    assert "momentum lr 0.1 (momentum 0.9)" in describe(TrainConfig(optimizer="momentum"))
    assert "adam lr 0.01 (beta1 0.9)" in describe(TrainConfig(optimizer="adam", learning_rate=0.01))
    assert "0.9" not in describe(TrainConfig(optimizer="sgd"))
    assert "no hidden layer" in describe(TrainConfig(hidden=(), dropout=0.3))
    assert "dropout" not in describe(TrainConfig(hidden=(), dropout=0.3))


def test_a_nonsensical_hpquiz_tanh_is_refused_before_anything_trains(capsys, monkeypatch):
    monkeypatch.setenv("HPQUIZ_TANH", "fast")
    assert main(["sim", *FAST]) == 2
    captured = capsys.readouterr()
    assert "hpquiz: error: HPQUIZ_TANH='fast': allowed values are tanh, exp" in captured.err
    assert "trained in" not in captured.out and "Traceback" not in captured.err
