"""Measured quantities of a run, and claims tested on them seed by seed (simulator.measures, simulator.compare)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator import MEASURES, Claim, Comparison, Direction, TrainConfig, measure, train, train_many
from simulator.run import Run

SMALL = TrainConfig(dataset="moons", n_samples=120, hidden=(16,), epochs=40)


def series_run(step_loss, epochs=None) -> Run:
    """A run record holding only a per-step loss series, for the noise measure."""
    steps = np.asarray(step_loss, dtype=float)
    e = epochs or steps.size
    flat = np.full(e, 0.5)
    return Run(SMALL.replace(epochs=e), flat, flat, flat, flat, steps, np.ones((e, 2)), [], [])


@pytest.mark.parametrize("name", list(MEASURES))
def test_every_measure_gives_its_formula_and_a_label(name):
    m = MEASURES[name]
    assert m.label and len(m.formula) > 20
    assert any(symbol in m.formula for symbol in ("[", "sqrt", "std", "min", "-"))


def test_a_run_that_early_stopping_ended_is_measured_at_its_best_validation_epoch():
    config = TrainConfig(dataset="moons", n_samples=60, noise=0.35, hidden=(64, 64), optimizer="adam",
                         learning_rate=0.01, epochs=400, early_stopping=10)
    run = train(config)
    assert run.epochs_run < config.epochs
    best = int(np.argmin(run.val_loss))
    assert measure(run, "final_val_loss") == measure(run, "best_val_loss") == run.val_loss[best]
    assert measure(run, "gap") == run.val_loss[best] - run.train_loss[best]
    assert measure(run, "weight_norm") == pytest.approx(float(np.sqrt(np.sum(run.weight_norms[best] ** 2))))


def test_a_run_that_blew_up_has_no_kept_model_to_measure():
    run = train(SMALL.replace(learning_rate=80.0))
    assert run.diverged
    for name in ("final_val_loss", "gap", "weight_norm"):
        assert measure(run, name) == math.inf
    assert measure(run, "accuracy") == 0.0
    assert math.isfinite(measure(run, "best_val_loss"))


def test_a_run_that_never_reaches_the_target_counts_one_epoch_past_its_budget():
    run = train(SMALL)
    assert measure(run, "epochs_to_target", target=0.0) == SMALL.epochs + 1
    reached = measure(run, "epochs_to_target", target=float(run.train_loss[9]))
    assert reached <= 10


def test_epochs_to_target_without_a_target_is_refused():
    with pytest.raises(ValueError, match="target"):
        measure(train(SMALL.replace(epochs=2)), "epochs_to_target")


def test_step_noise_sees_jumps_around_the_trend_not_the_fall_itself():
    falling = np.linspace(1.0, 0.2, 200)
    jumping = falling + 0.1 * np.where(np.arange(200) % 2, 1.0, -1.0)
    assert measure(series_run(falling), "step_noise") < 1e-9
    assert measure(series_run(jumping), "step_noise") == pytest.approx(0.1, rel=0.15)


def test_weight_decay_lowers_the_weight_norm_on_every_seed():
    claim = Claim(SMALL.replace(optimizer="adam", learning_rate=0.02, epochs=80), {"weight_decay": 0.05}, "weight_norm")
    comparison = Comparison.from_runs(claim, train_many(claim.configs(3)))
    assert comparison.seeds == (0, 1, 2)
    assert comparison.holds(Direction.LOWER)
    assert comparison.unanimous is Direction.LOWER
    assert all(e < -0.3 for e in comparison.effects)


def test_a_change_the_run_does_not_read_measures_about_the_same():
    # plain SGD has no momentum: the runs are identical, every effect is zero
    claim = Claim(SMALL, {"momentum": 0.5}, "final_val_loss")
    comparison = Comparison.from_runs(claim, train_many(claim.configs(2)))
    assert comparison.effects == (0.0, 0.0)
    assert comparison.holds(Direction.SAME) and not comparison.holds(Direction.LOWER)


def test_changes_below_the_minimum_effect_are_about_the_same_and_the_card_can_set_it():
    claim = Claim(SMALL, {"batch_size": 16}, "final_val_loss", min_effect=10.0)
    comparison = Comparison.from_runs(claim, train_many(claim.configs(2)))
    assert comparison.directions == (Direction.SAME, Direction.SAME)
    assert "1000%" in comparison.describe()


def test_the_description_gives_both_values_their_spread_and_the_seed_count():
    claim = Claim(SMALL, {"learning_rate": 0.001}, "epochs_to_target", target=0.45)
    comparison = Comparison.from_runs(claim, train_many(claim.configs(3)))
    text = comparison.describe()
    assert text.startswith("epochs to reach the target loss: baseline ")
    assert "over 3 seeds" in text and "–" in text and "on average" in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(measure="loss"), "measure='loss' (allowed: one of final_val_loss"),
        (dict(measure="epochs_to_target"), "target is missing"),
        (dict(measure="gap", min_effect=-1.0), "min_effect=-1.0"),
        (dict(measure="gap", change={}), "change is empty"),
    ],
)
def test_a_claim_that_cannot_be_tested_says_which_field_is_wrong(kwargs, message):
    fields = dict(setup=SMALL, change={"dropout": 0.3}) | kwargs
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Claim(**fields)
