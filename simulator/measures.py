"""The quantities a claim about one change can be tested on, each defined once.

A `compare` card says what one change does to one measured quantity of a run
("dropout narrows the train/validation gap"); the drill, `deck check` and the
exports all read that quantity from here, so a card, its check and its handout
can never mean different things by "the gap".

Every measure is read at the *judged epoch*, the model a learner would keep:
the last epoch, or, for a run that early stopping ended, the epoch with the
lowest validation loss (as `diagnose` judges it). A run that blew up (the
simulator stopped it as diverged, or its loss is no longer a number) has no
kept model: its final loss, gap and weight norm are `inf` and its accuracy 0,
never a number that looks fine; its best validation loss is still the lowest
it reached before it blew up.

Each measure also says how a difference is sized (`relative`: as a share of
the baseline's value; otherwise in the measure's own units) and the smallest
difference that counts as a change (`min_effect`): below it, "about the same".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["MEASURES", "Measure", "blew_up", "judged_index", "measure", "NOISE_WINDOW"]

# step_noise: the local trend is a centred moving average over 2 * NOISE_WINDOW + 1 steps.
NOISE_WINDOW = 5


def judged_index(run) -> int:
    """0-based index of the judged epoch: the last, or the best validation epoch of an early-stopped run."""
    epochs = len(run.train_loss)
    config = run.config
    early_stopped = config.early_stopping is not None and epochs < config.epochs and not run.diverged
    if not early_stopped:
        return epochs - 1
    val = np.asarray(run.val_loss, dtype=float)
    return int(np.argmin(np.where(np.isfinite(val), val, np.inf)))


def blew_up(run) -> bool:
    """The simulator stopped the run as diverged, or its last training loss is not a number."""
    return bool(run.diverged) or not len(run.train_loss) or not math.isfinite(run.train_loss[-1])


def _loss(value: float) -> float:
    """A loss as a comparable number: not finite (a blown-up run) counts as infinitely high."""
    return float(value) if math.isfinite(value) else math.inf


def final_val_loss(run, target: float | None = None) -> float:
    """val_loss[j]: the validation loss of the kept model (j = judged epoch)."""
    return math.inf if blew_up(run) else _loss(run.val_loss[judged_index(run)])


def best_val_loss(run, target: float | None = None) -> float:
    """min over epochs e <= j of val_loss[e]: the lowest validation loss the run reached."""
    val = np.asarray(run.val_loss[: judged_index(run) + 1], dtype=float)
    finite = val[np.isfinite(val)]
    return float(finite.min()) if finite.size else math.inf


def gap(run, target: float | None = None) -> float:
    """val_loss[j] - train_loss[j]: how much worse the kept model does on new points than on
    its training points (in loss units; large = memorising)."""
    if blew_up(run):
        return math.inf
    j = judged_index(run)
    return _loss(run.val_loss[j]) - _loss(run.train_loss[j])


def step_noise(run, target: float | None = None) -> float:
    """std over the last half of the steps of (step_loss[i] - mean(step_loss[i-w .. i+w])),
    w = NOISE_WINDOW: how far each minibatch's loss jumps around its local trend. Noise from
    small batches or large steps shows here; the slow fall of the loss does not."""
    steps = np.asarray(run.step_loss, dtype=float)
    if not steps.size or not np.all(np.isfinite(steps)):
        return math.inf
    tail = steps[steps.size // 2:]
    w = min(NOISE_WINDOW, (tail.size - 1) // 2)
    if w < 1:
        return 0.0
    trend = np.convolve(tail, np.ones(2 * w + 1) / (2 * w + 1), mode="valid")
    return float(np.std(tail[w:-w] - trend))


def epochs_to_target(run, target: float | None = None) -> float:
    """The first epoch e (counted from 1) with train_loss[e] <= target; a run that never gets
    there counts as epochs + 1 (one more than its budget), so "slower" is never overstated."""
    if target is None:
        raise ValueError("epochs_to_target needs a target loss")
    train = np.asarray(run.train_loss, dtype=float)
    reached = np.flatnonzero(np.isfinite(train) & (train <= target))
    return float(reached[0] + 1) if reached.size else float(run.config.epochs + 1)


def weight_norm(run, target: float | None = None) -> float:
    """sqrt(sum over layers l of ||W_l||_F^2) at epoch j: the size of all weights (biases excluded)."""
    norms = np.asarray(run.weight_norms, dtype=float)
    if not norms.size or blew_up(run):
        return math.inf
    value = float(np.sqrt(np.sum(norms[judged_index(run)] ** 2)))
    return value if math.isfinite(value) else math.inf


def accuracy(run, target: float | None = None) -> float:
    """val_metric[j]: validation accuracy (R² for regression) of the kept model; a blown-up run scores 0."""
    if not len(run.val_metric) or blew_up(run):
        return 0.0
    value = float(run.val_metric[judged_index(run)])
    return value if math.isfinite(value) else 0.0


@dataclass(frozen=True)
class Measure:
    """One measured quantity: its name in deck files, its words, how to read it off a run,
    how a difference is sized and the smallest difference that is not "about the same"."""

    name: str
    label: str
    read: Callable
    relative: bool
    min_effect: float
    needs_target: bool = False
    unit: str = ""

    def __call__(self, run, target: float | None = None) -> float:
        return self.read(run, target)

    @property
    def formula(self) -> str:
        """The definition, from the docstring of the function that computes it."""
        return " ".join((self.read.__doc__ or "").split())

    def effect(self, before: float, after: float) -> float:
        """after - before, as a share of |before| for relative measures (inf where it blew up)."""
        if math.isinf(before) and math.isinf(after):
            return 0.0
        if math.isinf(after) or math.isinf(before):
            return math.copysign(math.inf, after - before)
        diff = after - before
        if not self.relative:
            return diff
        if before == 0:
            return 0.0 if diff == 0 else math.copysign(math.inf, diff)
        return diff / abs(before)

    def effect_text(self, effect: float) -> str:
        """An effect in words: "+35%" for relative measures, "+0.12" or "+3 points" otherwise."""
        if math.isinf(effect):
            return "+∞" if effect > 0 else "−∞"
        if self.relative:
            return f"{effect:+.0%}" if round(effect * 100) else "0%"
        if self.name == "accuracy":
            return f"{effect * 100:+.1f} points" if round(effect * 1000) else "0 points"
        return f"{effect:+.3g}" if float(f"{effect:.3g}") else "0"

    def value_text(self, value: float) -> str:
        if math.isinf(value):
            return "blew up" if self.name != "epochs_to_target" else "never"
        if self.name == "accuracy":
            return f"{value:.0%}"
        if self.name == "epochs_to_target":
            return f"{value:.0f}"
        return f"{value:.3g}"


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("final_val_loss", "final validation loss", final_val_loss, relative=True, min_effect=0.10),
        Measure("best_val_loss", "best validation loss", best_val_loss, relative=True, min_effect=0.10),
        Measure("gap", "train/validation gap", gap, relative=False, min_effect=0.05, unit="loss"),
        Measure("step_noise", "per-step loss noise", step_noise, relative=True, min_effect=0.20),
        Measure("epochs_to_target", "epochs to reach the target loss", epochs_to_target, relative=True,
                min_effect=0.20, needs_target=True, unit="epochs"),
        Measure("weight_norm", "weight norm", weight_norm, relative=True, min_effect=0.10),
        Measure("accuracy", "validation accuracy", accuracy, relative=False, min_effect=0.03),
    )
}


def measure(run, name: str, target: float | None = None) -> float:
    """The value of measure `name` (a key of MEASURES) for `run`."""
    return MEASURES[name](run, target)
