"""Name what a training run did, the way a teacher reading its cost curves would.

`diagnose(run)` returns one `Verdict` and the reasons for it in plain sentences
with the numbers a learner can check on the chart. The verdicts grade learners'
predictions, so every rule below is a threshold with a name, a value and a reason.

Vocabulary used by the rules (all computed from the per-epoch curves):

- *start loss*: the training loss after the first epoch. Loss changes are measured
  as fractions of it, which makes the rules work for cross-entropy and for MSE
  whatever the scale of the targets.
- *judged epoch*: the last epoch, or, for a run that early stopping ended, the
  epoch with the lowest validation loss (the model early stopping keeps).
- *fit quality*: the training metric at the judged epoch, accuracy for
  classification or R² for regression.

The rules are tried in this order; the first that matches gives the verdict:

1. **diverged** — the simulator stopped the run as diverged, or its training loss
   is not finite, or it ended above `DIVERGED_LOSS_FACTOR` x the start loss.
2. **unstable** — the training loss jumps up between epochs: at least
   `UNSTABLE_MIN_JUMPS` rises each >= `UNSTABLE_JUMP` x the start loss, or one
   rise >= `UNSTABLE_BIG_JUMP` x the start loss. Smooth training only ever
   creeps up by small amounts; rises this size mean steps overshoot (a learning
   rate too high for the batch noise) even if the run never blows up.
3. **too_slow** — the model does not fit the training data yet (fit quality below
   `POOR_ACCURACY` / `POOR_R2`) *and* it was still learning when the epochs ran
   out: either the loss fell less than `BARELY_MOVED` x the start loss and the
   weights moved less than `WEIGHTS_BARELY_MOVED` of their initial size, or the
   last `RECENT_SHARE` of the epochs still brought at least `STILL_FALLING` of
   the whole decrease (a curve that has not levelled off). More epochs or a
   larger learning rate would help.
4. **underfitting** — fit quality below `POOR_ACCURACY` / `POOR_R2` although the
   loss has levelled off: the model is too simple (or too constrained) for the data.
5. **overfitting** — the validation loss at the judged epoch is at least
   `OVERFIT_VAL_RISE` above its minimum while the training loss kept falling, or
   the validation loss is at least `OVERFIT_GAP_RATIO` x the training loss *and*
   above it by at least `OVERFIT_GAP_MIN` x the start loss (a large gap: the
   model memorised its training points).
6. **good** — none of the above: it fits the training data and generalises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.config import Verdict

# 1. diverged: the final training loss is this many times the start loss.
DIVERGED_LOSS_FACTOR = 10.0

# 2. unstable: a rise between consecutive epochs of at least this fraction of the
#    start loss is a "jump"; this many jumps, or one rise of UNSTABLE_BIG_JUMP.
UNSTABLE_JUMP = 0.10
UNSTABLE_MIN_JUMPS = 3
UNSTABLE_BIG_JUMP = 0.50

# 3-4. poor fit: the training metric at the judged epoch is below these.
POOR_ACCURACY = 0.85
POOR_R2 = 0.70

# 3. too slow: "barely moved" and "still falling" thresholds.
BARELY_MOVED = 0.05
WEIGHTS_BARELY_MOVED = 0.05
RECENT_SHARE = 0.25
STILL_FALLING = 0.20
STILL_FALLING_MIN = 0.05
LEVELLED_OFF = 0.02

# 5. overfitting: validation rise since its minimum, or the train/validation gap.
OVERFIT_VAL_RISE = 0.20
OVERFIT_GAP_RATIO = 2.0
OVERFIT_GAP_MIN = 0.15


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on a run and the reasons, each a sentence with numbers from the curves."""

    verdict: Verdict
    reasons: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        object.__setattr__(self, "reasons", tuple(self.reasons))

    def to_dict(self) -> dict:
        return {"verdict": self.verdict.value, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class _Curves:
    """The numbers the rules look at, taken once from a run."""

    train: np.ndarray
    val: np.ndarray
    train_metric: np.ndarray
    val_metric: np.ndarray
    metric_name: str
    start: float
    judged: int  # 0-based index of the judged epoch
    best: int  # 0-based index of the lowest validation loss
    early_stopped: bool
    weights_moved: float | None  # ||final - initial|| / ||initial|| over all weights


def diagnose(run) -> Diagnosis:
    """One verdict for `run` and the reasons, following the rules in the module docstring."""
    with np.errstate(all="ignore"):
        diverged = _diverged(run)
        if diverged:
            return Diagnosis(Verdict.DIVERGED, diverged)
        curves = _curves(run)
        for verdict, rule in (
            (Verdict.UNSTABLE, _unstable),
            (Verdict.OVERFITTING, _overfitting),
            (Verdict.TOO_SLOW, _too_slow),
            (Verdict.UNDERFITTING, _underfitting),
        ):
            reasons = rule(curves)
            if reasons:
                return Diagnosis(verdict, reasons + _context(curves))
        return Diagnosis(Verdict.GOOD, _good(curves) + _context(curves))


# --- facts ---------------------------------------------------------------------------


def _curves(run) -> _Curves:
    train = np.asarray(run.train_loss, dtype=float)
    val = np.asarray(run.val_loss, dtype=float)
    best = int(np.argmin(np.where(np.isfinite(val), val, np.inf))) if val.size else 0
    config = run.config
    early_stopped = (
        getattr(config, "early_stopping", None) is not None and train.size < config.epochs and not run.diverged
    )
    return _Curves(
        train=train,
        val=val,
        train_metric=np.asarray(run.train_metric, dtype=float),
        val_metric=np.asarray(run.val_metric, dtype=float),
        metric_name=run.metric_name,
        start=_initial_loss(run, train),
        judged=best if early_stopped else train.size - 1,
        best=best,
        early_stopped=early_stopped,
        weights_moved=_weights_moved(run),
    )


def _initial_loss(run, train: np.ndarray) -> float:
    """The loss before training: the first step's loss, else the first epoch's (whichever is larger)."""
    steps = np.asarray(getattr(run, "step_loss", ()), dtype=float)
    candidates = [value for value in (steps[:1].tolist() + train[:1].tolist()) if np.isfinite(value)]
    return max(candidates) if candidates else float("nan")


def _weights_moved(run) -> float | None:
    initial = getattr(run, "initial_params", None)
    final = getattr(run, "final_params", None)
    if not initial or not final:
        return None
    moved = sum(float(np.sum((wf - wi) ** 2)) for (wi, _), (wf, _) in zip(initial, final))
    size = sum(float(np.sum(wi**2)) for wi, _ in initial)
    return float(np.sqrt(moved / size)) if size > 0 else None


def _poor_fit(c: _Curves) -> bool:
    metric = c.train_metric[c.judged]
    return bool(metric < (POOR_ACCURACY if c.metric_name == "accuracy" else POOR_R2))


def _metric_text(c: _Curves, value: float) -> str:
    return f"{value:.0%}" if c.metric_name == "accuracy" else f"{value:.2f}"


def _threshold_text(c: _Curves) -> str:
    return f"{POOR_ACCURACY:.0%}" if c.metric_name == "accuracy" else f"{POOR_R2:.2f}"


def _epoch(index: int) -> int:
    """Learners count epochs from 1."""
    return index + 1


# --- rules ---------------------------------------------------------------------------


def _diverged(run) -> tuple[str, ...]:
    train = np.asarray(run.train_loss, dtype=float)
    finite = train[np.isfinite(train)]
    if not run.diverged and train.size and np.all(np.isfinite(train)):
        if train[-1] < DIVERGED_LOSS_FACTOR * train[0]:
            return ()
    if train.size == 0 or finite.size == 0:
        return ("the loss was not a finite number from the very first epoch: the first steps already overshot",)
    low = int(np.argmin(np.where(np.isfinite(train), train, np.inf)))
    last = train[-1]
    end = "was no longer a finite number" if not np.isfinite(last) else f"had grown to {last:.3g}"
    return (
        f"training loss was {train[0]:.3g} after epoch 1 and {train[low]:.3g} at its lowest (epoch {_epoch(low)}), "
        f"but by epoch {train.size} it {end}: the run blew up and was stopped",
        "each update overshoots the minimum by more than the last one: the learning rate is far too large",
    )


def _unstable(c: _Curves) -> tuple[str, ...]:
    rises = np.diff(c.train) / c.start
    jumps = np.flatnonzero(rises >= UNSTABLE_JUMP)
    biggest = int(np.argmax(rises)) if rises.size else 0
    if jumps.size < UNSTABLE_MIN_JUMPS and (not rises.size or rises[biggest] < UNSTABLE_BIG_JUMP):
        return ()
    before, after = c.train[biggest], c.train[biggest + 1]
    return (
        f"training loss jumped up {jumps.size} times between epochs by more than {UNSTABLE_JUMP:.0%} of its "
        f"starting value; the biggest jump, at epoch {_epoch(biggest + 1)}, went from {before:.3g} to {after:.3g}",
        "steps that big overshoot the valley back and forth: lower the learning rate (or use larger batches)",
    )


def _recent_fall(c: _Curves) -> tuple[float, float]:
    """(decrease over the whole run, decrease over its last RECENT_SHARE), in loss units."""
    end = c.judged
    k = max(1, int(round(RECENT_SHARE * (end + 1))))
    total = c.start - c.train[end]
    recent = c.train[max(0, end - k)] - c.train[end]
    return float(total), float(recent)


def _too_slow(c: _Curves) -> tuple[str, ...]:
    total, recent = _recent_fall(c)
    poor = _poor_fit(c)
    still_falling = (recent >= STILL_FALLING * total and recent >= STILL_FALLING_MIN * c.start) or (
        poor and recent >= LEVELLED_OFF * c.start
    )
    barely = (
        poor
        and total < BARELY_MOVED * c.start
        and (c.weights_moved is None or c.weights_moved < WEIGHTS_BARELY_MOVED)
    )
    metric = _metric_text(c, c.train_metric[c.judged])
    if barely:
        moved = "" if c.weights_moved is None else f", and the weights moved only {c.weights_moved:.1%} from their start"
        return (
            f"in {c.judged + 1} epochs the training loss barely moved, from {c.start:.3g} to {c.train[c.judged]:.3g} "
            f"({max(total, 0.0) / c.start:.1%} lower){moved}",
            f"training {c.metric_name} is only {metric}: the steps are too small to get anywhere in this many epochs; "
            "raise the learning rate or train for more epochs",
        )
    if still_falling:
        return (
            f"training loss was still falling when the run ended: the last {RECENT_SHARE:.0%} of the epochs brought "
            f"{recent / total:.0%} of the whole decrease (from {c.start:.3g} to {c.train[c.judged]:.3g})",
            f"training {c.metric_name} has reached {metric} and is still improving: it has not finished learning; "
            "train for more epochs or raise the learning rate",
        )
    return ()


def _underfitting(c: _Curves) -> tuple[str, ...]:
    if not _poor_fit(c):
        return ()
    total, recent = _recent_fall(c)
    metric = _metric_text(c, c.train_metric[c.judged])
    return (
        f"training loss levelled off at {c.train[c.judged]:.3g} (the last {RECENT_SHARE:.0%} of the epochs "
        f"changed it by only {abs(recent) / c.start:.1%} of its start)",
        f"even on its own training data the model reaches only {c.metric_name} {metric} "
        f"(below {_threshold_text(c)}): it is too simple for this data; add width or layers, "
        "or remove regularisation",
    )


def _overfitting(c: _Curves) -> tuple[str, ...]:
    j, b = c.judged, c.best
    val, train = c.val[j], c.train[j]
    rise = val / c.val[b] - 1 if c.val[b] > 0 else 0.0
    reasons = []
    if not c.early_stopped and j > b and rise >= OVERFIT_VAL_RISE and train < c.train[b]:
        reasons.append(
            f"validation loss bottomed out at epoch {_epoch(b)} ({c.val[b]:.3g}) and rose {rise:.0%} since, "
            f"while training loss kept falling ({c.train[b]:.3g} to {train:.3g})"
        )
    gap = val - train
    if not _poor_fit(c) and val >= OVERFIT_GAP_RATIO * train and gap >= OVERFIT_GAP_MIN * c.start:
        reasons.append(
            f"validation loss {val:.3g} is {val / train:.1f}x the training loss {train:.3g} at epoch {_epoch(j)}: "
            f"the model fits its training points much better than new ones "
            f"({c.metric_name} {_metric_text(c, c.train_metric[j])} on training, "
            f"{_metric_text(c, c.val_metric[j])} on validation)"
        )
    if not reasons:
        return ()
    return (*reasons, "it memorises noise: add dropout or weight decay, use fewer epochs (early stopping), "
            "a smaller network or more data")


def _good(c: _Curves) -> tuple[str, ...]:
    j = c.judged
    return (
        f"training loss fell from {c.start:.3g} to {c.train[j]:.3g} and validation loss ended close to it at "
        f"{c.val[j]:.3g}",
        f"{c.metric_name} {_metric_text(c, c.train_metric[j])} on training and "
        f"{_metric_text(c, c.val_metric[j])} on validation: it learned the pattern and generalises",
    )


def _context(c: _Curves) -> tuple[str, ...]:
    if not c.early_stopped:
        return ()
    return (
        f"early stopping ended the run at epoch {c.train.size}, {c.train.size - _epoch(c.best)} epochs after "
        f"the lowest validation loss ({c.val[c.best]:.3g} at epoch {_epoch(c.best)}); that epoch's model is judged",
    )
