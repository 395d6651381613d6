"""Name what a training run did, the way a teacher reading its cost curves would.

`diagnose(run)` returns one `Verdict` and the reasons for it in plain sentences
with the numbers a learner can check on the chart. The verdicts grade learners'
predictions, so every rule below is a threshold with a name, a value and a reason.
The reasons are English; the first, the evidence sentence an app shows beside a
verdict, also comes as data (`Evidence`: a sentence key and its numbers), so an app
can say it in a learner's own language without parsing English.

Vocabulary used by the rules (all computed from the run's curves):

- *start loss*: where training started, the mean loss of the first epoch's
  minibatch steps (or the loss after epoch 1 if higher; one minibatch alone is too
  noisy). Loss changes are measured as fractions of it, which makes the rules work
  for cross-entropy and for MSE whatever the scale of the targets.
- *judged epoch*: the last epoch, or, for a run that early stopping ended, the
  epoch with the lowest validation loss (the model early stopping keeps).
- *fit quality*: the training metric at the judged epoch, accuracy for
  classification or R² for regression; *poor* below `POOR_ACCURACY` / `POOR_R2`.
- *recent fall*: how much the training loss fell over the last `RECENT_SHARE`
  of the epochs up to the judged one.

The rules are tried in this order; the first that matches gives the verdict:

1. **diverged** — the simulator stopped the run as diverged, or its training loss
   is not finite, or it ended above `DIVERGED_LOSS_FACTOR` x its first-epoch loss.
2. **unstable** — the training loss jumps up between epochs: at least
   `UNSTABLE_MIN_JUMPS` rises each >= `UNSTABLE_JUMP` x the start loss, or one
   rise >= `UNSTABLE_BIG_JUMP` x the start loss. Smooth training only creeps up
   by small amounts; rises this size mean the steps overshoot (a learning rate too
   high for the batch noise) even though the run never blows up. (Measured: SGD
   on the default moons setup has none at lr 0.1 and 12-30 from lr 0.5 to 2.)
3. **overfitting** — the validation loss at the judged epoch is at least
   `OVERFIT_VAL_RISE` above its minimum while the training loss kept falling and
   stays below it (both curves averaged over `OVERFIT_SMOOTHING` of the epochs; not
   applied to early-stopped runs, which are judged at that minimum), or, when the
   fit is not poor, the validation loss is at least `OVERFIT_GAP_RATIO` x the
   training loss *and* above it by at least `OVERFIT_GAP_MIN` x the start loss.
4. **too_slow** — it was still learning when the epochs ran out: a poor fit while
   the weights moved less than `WEIGHTS_BARELY_MOVED` of their initial size (the
   steps were too small or too few to get anywhere; without parameters to compare,
   the loss falling less than `BARELY_MOVED` x the start loss); or the
   recent fall is at least `STILL_FALLING` of the whole fall and at least
   `STILL_FALLING_MIN` x the start loss; or the fit is poor and the recent fall is
   still at least `LEVELLED_OFF` x the start loss. More epochs or a larger
   learning rate would help.
5. **underfitting** — a poor fit although the loss has levelled off: the model is
   too simple (or too constrained) for the data. (Measured: a linear model reaches
   84% on the default moons and 49% on circles; 2x16 tanh reaches 92% on moons.)
6. **good** — none of the above: it fits the training data and generalises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simulator.verdict import Verdict

# 1. diverged: the final training loss is this many times the first-epoch loss.
DIVERGED_LOSS_FACTOR = 10.0

# 2. unstable: a rise between consecutive epochs of at least this fraction of the
#    start loss is a "jump"; this many jumps, or one rise of UNSTABLE_BIG_JUMP.
UNSTABLE_JUMP = 0.15
UNSTABLE_MIN_JUMPS = 3
UNSTABLE_BIG_JUMP = 0.50

# 4-5. poor fit: the training metric at the judged epoch is below these.
POOR_ACCURACY = 0.85
POOR_R2 = 0.70

# 4. too slow: "barely moved" and "still falling" thresholds. Measured on the default
#    moons setup: weights move 1% (lr 1e-4), 8% (lr 1e-3), 13% (50 full-batch epochs)
#    but 34% for a linear model that has converged and 92% for the good default run.
BARELY_MOVED = 0.05
WEIGHTS_BARELY_MOVED = 0.20
RECENT_SHARE = 0.25
STILL_FALLING = 0.20
STILL_FALLING_MIN = 0.25
LEVELLED_OFF = 0.02

# 3. overfitting: validation rise since its minimum, or the train/validation gap.
OVERFIT_VAL_RISE = 0.20
#    the rise is measured on curves averaged over this share of the epochs, and
#    the averaged validation loss must end above the averaged training loss: one
#    noisy epoch of a small validation split must not pass for memorisation.
OVERFIT_SMOOTHING = 0.05
OVERFIT_GAP_RATIO = 2.0
OVERFIT_GAP_MIN = 0.15


# Every sentence an `Evidence` can name (`key`, and the keys of its `parts`): an app that
# renders evidence in its own words needs a text for each.
EVIDENCE_KEYS = (
    "diverged.not_finite_at_start",
    "diverged.grew",
    "diverged.not_finite",
    "unstable.jumps",
    "overfitting.val_rise",
    "overfitting.gap",
    "times.ratio",
    "times.hundreds",
    "fit.accuracy",
    "fit.r2",
    "too_slow.barely_moved",
    "too_slow.barely_moved_weights",
    "too_slow.still_falling",
    "underfitting.levelled_off",
    "good.generalises",
)


@dataclass(frozen=True)
class Evidence:
    """A diagnosis's first reason as data: which sentence it is (`key`, one of
    `EVIDENCE_KEYS`), the numbers it quotes, unformatted, and the phrases it is built
    of (`parts`, each an `Evidence` itself, e.g. "2.1x" or "hundreds of times").

    `reasons[0]` is this sentence in English; an app speaking another language
    formats the same numbers into its own sentence for the key, so a learner reads
    the numbers the chart shows in words of the deck. Tuples, not dicts, so a
    `Diagnosis` stays hashable; `fields` and `to_dict` give the mappings."""

    key: str
    numbers: tuple[tuple[str, int | float], ...] = ()
    parts: tuple[tuple[str, Evidence], ...] = ()

    @classmethod
    def of(cls, key: str, parts: Mapping[str, Evidence] | None = None, **numbers: float) -> Evidence:
        return cls(key, tuple((name, _plain(v)) for name, v in numbers.items()), tuple((parts or {}).items()))

    @property
    def fields(self) -> dict[str, int | float]:
        return dict(self.numbers)

    def to_dict(self) -> dict:
        """JSON-ready (a non-finite number stays a float: `json` writes it as NaN or Infinity)."""
        return {"key": self.key, "numbers": dict(self.numbers),
                "parts": {name: part.to_dict() for name, part in self.parts}}

    @classmethod
    def from_dict(cls, data: Mapping) -> Evidence:
        """The inverse of `to_dict`; a `KeyError`, `TypeError` or `ValueError` for anything else."""
        if data["key"] not in EVIDENCE_KEYS:
            raise ValueError(f"unknown evidence key {data['key']!r}")
        numbers = {name: _plain(v) for name, v in dict(data["numbers"]).items()}
        parts = {name: cls.from_dict(part) for name, part in dict(data["parts"]).items()}
        return cls.of(data["key"], parts, **numbers)


def _plain(value: object) -> int | float:
    """A Python int or float: NumPy scalars out (JSON and `format` treat them alike then)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"evidence numbers are ints or floats, not {value!r}")
    return int(value) if isinstance(value, (int, np.integer)) else float(value)


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on a run and the reasons, each a sentence with numbers from the curves;
    `evidence` is the first reason as data (None for a diagnosis built by hand)."""

    verdict: Verdict
    reasons: tuple[str, ...]
    evidence: Evidence | None = None

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

    @property
    def metric_label(self) -> str:
        return "accuracy" if self.metric_name == "accuracy" else "R²"


def diagnose(run) -> Diagnosis:
    """One verdict for `run` and the reasons, following the rules in the module docstring."""
    with np.errstate(all="ignore"):
        diverged = _diverged(run)
        if diverged:
            evidence, reasons = diverged
            return Diagnosis(Verdict.DIVERGED, reasons, evidence)
        curves = _curves(run)
        for verdict, rule in (
            (Verdict.UNSTABLE, _unstable),
            (Verdict.OVERFITTING, _overfitting),
            (Verdict.TOO_SLOW, _too_slow),
            (Verdict.UNDERFITTING, _underfitting),
        ):
            found = rule(curves)
            if found:
                evidence, reasons = found
                return Diagnosis(verdict, reasons + _context(curves), evidence)
        evidence, reasons = _good(curves)
        return Diagnosis(Verdict.GOOD, reasons + _context(curves), evidence)


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
    """Where training started: the mean loss of the first epoch's steps, or the loss after
    epoch 1 if that is higher (one minibatch alone is too noisy to be the reference)."""
    steps = np.asarray(getattr(run, "step_loss", ()), dtype=float)
    per_epoch = max(1, steps.size // max(1, train.size))
    first = steps[:per_epoch]
    first = first[np.isfinite(first)]
    candidates = ([float(first.mean())] if first.size else []) + [v for v in train[:1].tolist() if np.isfinite(v)]
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


def _times(a: float, b: float) -> str:
    ratio = a / b if b > 0 else np.inf
    return f"{ratio:.1f}x" if ratio < 100 else "hundreds of times"


def _times_evidence(a: float, b: float) -> Evidence:
    """`_times` as data."""
    ratio = a / b if b > 0 else np.inf
    return Evidence.of("times.ratio", ratio=ratio) if ratio < 100 else Evidence.of("times.hundreds")


def _fit_evidence(c: _Curves, j: int) -> Evidence:
    """"accuracy 97% on training, 81% on validation" (or R²) at epoch index `j`, as data."""
    key = "fit.accuracy" if c.metric_name == "accuracy" else "fit.r2"
    return Evidence.of(key, train=c.train_metric[j], val=c.val_metric[j])


def _epoch(index: int) -> int:
    """Learners count epochs from 1."""
    return index + 1


# --- rules ---------------------------------------------------------------------------
# Each rule gives None when it does not match, else (the evidence, the reasons), the
# evidence being the first reason as data.

_Found = tuple[Evidence, tuple[str, ...]] | None


def _diverged(run) -> _Found:
    train = np.asarray(run.train_loss, dtype=float)
    finite = train[np.isfinite(train)]
    if not run.diverged and train.size and np.all(np.isfinite(train)):
        if train[-1] < DIVERGED_LOSS_FACTOR * train[0]:
            return None
    if train.size == 0 or finite.size == 0:
        return Evidence.of("diverged.not_finite_at_start"), (
            "the loss was not a finite number from the very first epoch: the first steps already overshot",)
    steps = np.asarray(getattr(run, "step_loss", ()), dtype=float)[:1]
    start = float(steps[0]) if steps.size and np.isfinite(steps[0]) else _initial_loss(run, train)
    last = train[-1]
    if np.isfinite(last):
        end = f"had grown to {last:.3g}"
        evidence = Evidence.of("diverged.grew", start=start, epochs=train.size, end=last)
    else:
        end = "was no longer a finite number"
        evidence = Evidence.of("diverged.not_finite", start=start, epochs=train.size)
    return evidence, (
        f"training started at a loss of {start:.3g}, and by epoch {train.size} it {end}: "
        "the run blew up and was stopped",
        "each update overshoots the minimum by more than the last one: the learning rate is far too large",
    )


def _unstable(c: _Curves) -> _Found:
    rises = np.diff(c.train) / c.start
    jumps = np.flatnonzero(rises >= UNSTABLE_JUMP)
    biggest = int(np.argmax(rises)) if rises.size else 0
    if jumps.size < UNSTABLE_MIN_JUMPS and (not rises.size or rises[biggest] < UNSTABLE_BIG_JUMP):
        return None
    before, after = c.train[biggest], c.train[biggest + 1]
    evidence = Evidence.of("unstable.jumps", jumps=jumps.size, jump=UNSTABLE_JUMP, epoch=_epoch(biggest + 1),
                           before=before, after=after)
    return evidence, (
        f"training loss jumped up {jumps.size} time{'' if jumps.size == 1 else 's'} between epochs by more than "
        f"{UNSTABLE_JUMP:.0%} of its starting value; the biggest jump, at epoch {_epoch(biggest + 1)}, went from {before:.3g} to {after:.3g}",
        "steps that big overshoot the valley back and forth: lower the learning rate (or use larger batches)",
    )


def _recent_fall(c: _Curves) -> tuple[float, float]:
    """(decrease over the whole run, decrease over its last RECENT_SHARE), in loss units."""
    end = c.judged
    k = max(1, int(round(RECENT_SHARE * (end + 1))))
    total = c.start - c.train[end]
    recent = c.train[max(0, end - k)] - c.train[end]
    return float(total), float(recent)


def _too_slow(c: _Curves) -> _Found:
    total, recent = _recent_fall(c)
    poor = _poor_fit(c)
    still_falling = (recent >= STILL_FALLING * total and recent >= STILL_FALLING_MIN * c.start) or (
        poor and recent >= LEVELLED_OFF * c.start
    )
    if c.weights_moved is not None:
        barely = poor and c.weights_moved < WEIGHTS_BARELY_MOVED
    else:
        barely = poor and total < BARELY_MOVED * c.start
    metric = _metric_text(c, c.train_metric[c.judged])
    if barely:
        moved = "" if c.weights_moved is None else f", and the weights moved only {c.weights_moved:.1%} from their start"
        numbers = dict(epochs=c.judged + 1, start=c.start, end=c.train[c.judged], fall=max(total, 0.0) / c.start)
        evidence = (Evidence.of("too_slow.barely_moved", **numbers) if c.weights_moved is None
                    else Evidence.of("too_slow.barely_moved_weights", **numbers, moved=c.weights_moved))
        return evidence, (
            f"in {c.judged + 1} epochs the training loss only went from {c.start:.3g} to {c.train[c.judged]:.3g} "
            f"({max(total, 0.0) / c.start:.0%} lower){moved}",
            f"training {c.metric_label} is only {metric}: the steps are too small to get anywhere in this many epochs; "
            "raise the learning rate or train for more epochs",
        )
    if still_falling:
        evidence = Evidence.of("too_slow.still_falling", recent_share=RECENT_SHARE, share=recent / total,
                               start=c.start, end=c.train[c.judged])
        return evidence, (
            f"training loss was still falling when the run ended: the last {RECENT_SHARE:.0%} of the epochs brought "
            f"{recent / total:.0%} of the whole decrease (from {c.start:.3g} to {c.train[c.judged]:.3g})",
            f"training {c.metric_label} has reached {metric} and is still improving: it has not finished learning; "
            "train for more epochs or raise the learning rate",
        )
    return None


def _underfitting(c: _Curves) -> _Found:
    if not _poor_fit(c):
        return None
    total, recent = _recent_fall(c)
    metric = _metric_text(c, c.train_metric[c.judged])
    evidence = Evidence.of("underfitting.levelled_off", end=c.train[c.judged], recent_share=RECENT_SHARE,
                           change=abs(recent) / c.start)
    return evidence, (
        f"training loss levelled off at {c.train[c.judged]:.3g} (the last {RECENT_SHARE:.0%} of the epochs "
        f"changed it by only {abs(recent) / c.start:.1%} of its start)",
        f"even on its own training data the model reaches only {c.metric_label} {metric} "
        f"(below {_threshold_text(c)}): it is too simple for this data; add width or layers, "
        "or remove regularisation",
    )


def _moving_average(a: np.ndarray, window: int) -> np.ndarray:
    """Trailing mean over `window` epochs; entry i covers epochs i .. i + window - 1."""
    sums = np.cumsum(np.insert(a, 0, 0.0))
    return (sums[window:] - sums[:-window]) / window


def _overfitting(c: _Curves) -> _Found:
    j, b = c.judged, c.best
    val, train = c.val[j], c.train[j]
    reasons, evidence = [], []
    window = max(1, int(round(OVERFIT_SMOOTHING * c.val.size)))
    if not c.early_stopped and c.val.size > window:
        sval, strain = _moving_average(c.val, window), _moving_average(c.train, window)
        low = int(np.argmin(sval))
        rise = sval[-1] / sval[low] - 1 if sval[low] > 0 else 0.0
        if low < sval.size - 1 and rise >= OVERFIT_VAL_RISE and strain[-1] < strain[low] and sval[-1] > strain[-1]:
            evidence.append(Evidence.of("overfitting.val_rise", window=window, epoch=_epoch(low + window - 1),
                                        low=sval[low], rise=rise, train_low=strain[low], train_end=strain[-1]))
            reasons.append(
                f"validation loss (averaged over {window} epochs) bottomed out at epoch {_epoch(low + window - 1)} "
                f"({sval[low]:.3g}) and rose {rise:.0%} since, while training loss kept falling "
                f"({strain[low]:.3g} to {strain[-1]:.3g})"
            )
    gap = val - train
    if not _poor_fit(c) and val >= OVERFIT_GAP_RATIO * train and gap >= OVERFIT_GAP_MIN * c.start:
        parts = {"times": _times_evidence(val, train), "fit": _fit_evidence(c, j)}
        evidence.append(Evidence.of("overfitting.gap", parts, val=val, train=train, epoch=_epoch(j)))
        reasons.append(
            f"validation loss {val:.3g} is {_times(val, train)} the training loss {train:.3g} at epoch {_epoch(j)}: "
            f"the model fits its training points much better than new ones "
            f"({c.metric_label} {_metric_text(c, c.train_metric[j])} on training, "
            f"{_metric_text(c, c.val_metric[j])} on validation)"
        )
    if not reasons:
        return None
    advice = ("it memorises noise: add dropout or weight decay, use fewer epochs (early stopping), "
              "a smaller network or more data")
    return evidence[0], (*reasons, advice)


def _good(c: _Curves) -> tuple[Evidence, tuple[str, ...]]:
    j = c.judged
    evidence = Evidence.of("good.generalises", start=c.start, end=c.train[j], val=c.val[j])
    return evidence, (
        f"training loss fell from {c.start:.3g} to {c.train[j]:.3g} and validation loss ended close to it at "
        f"{c.val[j]:.3g}",
        f"{c.metric_label} {_metric_text(c, c.train_metric[j])} on training and "
        f"{_metric_text(c, c.val_metric[j])} on validation: it learned the pattern and generalises",
    )


def _context(c: _Curves) -> tuple[str, ...]:
    if not c.early_stopped:
        return ()
    return (
        f"early stopping ended the run at epoch {c.train.size}, {c.train.size - _epoch(c.best)} epochs after "
        f"the lowest validation loss ({c.val[c.best]:.3g} at epoch {_epoch(c.best)}); that epoch's model is judged",
    )
