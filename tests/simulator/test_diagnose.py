"""Each verdict comes out of a setup a learner would recognise, trained for real."""

from __future__ import annotations

import re

import numpy as np
import pytest

from simulator import Diagnosis, TrainConfig, Verdict, diagnose, train, train_many

# The teaching setups, one per verdict, described the way a learner meets them.
SETUPS = {
    "learning rate far too large": (
        TrainConfig(dataset="moons", optimizer="sgd", learning_rate=50.0, batch_size=32, epochs=100),
        Verdict.DIVERGED,
    ),
    "learning rate 20x the sensible SGD rate, not quite blowing up": (
        TrainConfig(dataset="moons", optimizer="sgd", learning_rate=2.0, batch_size=32, epochs=200),
        Verdict.UNSTABLE,
    ),
    "1e-4 with plain SGD for 50 epochs": (
        TrainConfig(dataset="moons", optimizer="sgd", learning_rate=1e-4, batch_size=32, epochs=50),
        Verdict.TOO_SLOW,
    ),
    "no hidden layer on circles": (
        TrainConfig(dataset="circles", hidden=(), optimizer="adam", learning_rate=0.01, batch_size=32, epochs=200),
        Verdict.UNDERFITTING,
    ),
    "wide network on 60 noisy points for thousands of epochs": (
        TrainConfig(
            dataset="moons", n_samples=60, noise=0.35, hidden=(128, 128), activation="relu", init="he",
            optimizer="adam", learning_rate=0.01, batch_size=None, epochs=3000,
        ),
        Verdict.OVERFITTING,
    ),
    "sensible defaults": (TrainConfig(), Verdict.GOOD),
    "sensible setup on the sine regression": (
        TrainConfig(dataset="sine", hidden=(32, 32), activation="tanh", optimizer="adam", learning_rate=0.01, epochs=300),
        Verdict.GOOD,
    ),
}


@pytest.fixture(scope="module")
def diagnosed() -> dict[str, tuple[Diagnosis, Verdict]]:
    names = list(SETUPS)
    runs = train_many([SETUPS[name][0] for name in names])
    return {name: (diagnose(run), SETUPS[name][1]) for name, run in zip(names, runs)}


@pytest.mark.parametrize("setup", list(SETUPS))
def test_teaching_setup_gets_the_verdict_a_teacher_would_give(diagnosed, setup):
    diagnosis, expected = diagnosed[setup]
    assert diagnosis.verdict == expected, diagnosis.reasons


@pytest.mark.parametrize("setup", list(SETUPS))
def test_reasons_are_sentences_with_numbers_from_the_curves(diagnosed, setup):
    diagnosis, _ = diagnosed[setup]
    assert len(diagnosis.reasons) >= 2
    assert all(isinstance(reason, str) and reason for reason in diagnosis.reasons)
    assert any(re.search(r"\d", reason) for reason in diagnosis.reasons)


def test_overfitting_reason_says_where_validation_loss_bottomed_out(diagnosed):
    diagnosis, _ = diagnosed["wide network on 60 noisy points for thousands of epochs"]
    assert any("bottomed out at epoch" in reason and "training loss kept falling" in reason for reason in diagnosis.reasons)


def test_too_slow_reason_tells_the_learner_what_to_change(diagnosed):
    diagnosis, _ = diagnosed["1e-4 with plain SGD for 50 epochs"]
    assert any("learning rate" in reason and "epochs" in reason for reason in diagnosis.reasons)


def test_early_stopping_the_overfitting_setup_prevents_the_overfitting_verdict():
    config, _ = SETUPS["wide network on 60 noisy points for thousands of epochs"]
    run = train(config.replace(early_stopping=20))
    diagnosis = diagnose(run)
    assert run.epochs_run < config.epochs
    assert diagnosis.verdict != Verdict.OVERFITTING, diagnosis.reasons
    assert any("early stopping ended the run" in reason for reason in diagnosis.reasons)


def test_diverged_run_is_diagnosed_without_warnings_or_errors(diagnosed):
    diagnosis, _ = diagnosed["learning rate far too large"]
    assert any("blew up" in reason for reason in diagnosis.reasons)


def test_diagnosis_is_frozen_and_its_verdict_is_the_enum():
    diagnosis = diagnose(train(TrainConfig(epochs=20)))
    assert isinstance(diagnosis.verdict, Verdict)
    with pytest.raises(AttributeError):
        diagnosis.verdict = Verdict.GOOD  # type: ignore[misc]
    assert diagnosis.to_dict()["verdict"] == diagnosis.verdict.value


def test_same_run_gives_the_same_diagnosis():
    config = TrainConfig(epochs=40, seed=3)
    assert diagnose(train(config)) == diagnose(train(config))


def test_regression_underfits_with_a_linear_model_on_the_sine():
    run = train(TrainConfig(dataset="sine", hidden=(), optimizer="adam", learning_rate=0.01, epochs=300))
    diagnosis = diagnose(run)
    assert run.metric_name == "r2"
    assert np.all(np.isfinite(run.train_loss))
    assert diagnosis.verdict == Verdict.UNDERFITTING, diagnosis.reasons
