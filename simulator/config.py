"""Every knob of a simulated training run, validated when the config is built.

`TrainConfig` is a frozen dataclass: one field per hyperparameter, each default
with the one-line reason a learner should know (the decks teach the same reasons).
`KNOBS` describes each field (kind, allowed range or choices, log scale, reason)
for the command line, the lab screen and the docs, so the ranges live in one place.
A bad value raises one `ValueError` that lists every bad field with its value and
its allowed range.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.verdict import Verdict

__all__ = ["TrainConfig", "Knob", "KNOBS", "Verdict", "split_sizes", "trajectory_key", "families"]

DATASETS = ("moons", "circles", "spiral", "xor", "blobs", "sine", "csv")
REGRESSION_DATASETS = ("sine",)
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")
INITS = ("he", "xavier", "normal")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
MAX_LAYERS = 8


@dataclass(frozen=True)
class Knob:
    """How one `TrainConfig` field may be set.

    kind: "int", "float", "choice", "layers" (tuple of widths, `low`/`high` bound each
    width), "optional_int" (an int or None) or "path" (a file path or None). `low_open`/`high_open` make a bound strict.
    `log`: a log-scale axis suits this knob (rates spanning decades). `help`: why the default.
    """

    kind: str
    help: str
    choices: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    log: bool = False

    def allowed(self) -> str:
        """The allowed values in words, e.g. "0 < value <= 100" or "one of sgd, adam"."""
        if self.kind == "choice":
            return "one of " + ", ".join(map(str, self.choices))
        if self.kind == "path":
            return "None or the path of a CSV file"
        lo = f"{_num(self.low)} {'<' if self.low_open else '<='} "
        hi = f" {'<' if self.high_open else '<='} {_num(self.high)}"
        if self.kind == "layers":
            return f"a list of at most {MAX_LAYERS} layer widths, each an integer {lo}width{hi} (empty = no hidden layer)"
        text = f"{lo}value{hi}"
        if self.kind == "int":
            return f"an integer {text}"
        if self.kind == "optional_int":
            return f"None or an integer {text}"
        return text

    def check(self, value: Any) -> bool:
        """True when `value` is allowed (type and range); cross-field rules live in TrainConfig."""
        if self.kind == "choice":
            return isinstance(value, str) and value in self.choices
        if self.kind in ("optional_int", "path") and value is None:
            return True
        if self.kind == "path":
            return isinstance(value, str) and bool(value.strip())
        if self.kind == "layers":
            return (
                isinstance(value, tuple)
                and len(value) <= MAX_LAYERS
                and all(_is_int(w) and self._in_range(w) for w in value)
            )
        if self.kind in ("int", "optional_int"):
            return _is_int(value) and self._in_range(value)
        return _is_number(value) and math.isfinite(value) and self._in_range(value)

    def _in_range(self, value: float) -> bool:
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        if self.high is not None and (value >= self.high if self.high_open else value > self.high):
            return False
        return True


def _num(x: float | None) -> str:
    """A bound in words: integers whole (a seed's 4294967295, not 4.29497e+09)."""
    if x is None:
        return "-inf"
    return str(x) if _is_int(x) else f"{x:g}"


def _knob_problem(name: str, value: Any) -> str:
    """How a config refuses a value: "seed=-1 (allowed: an integer 0 <= value <= 4294967295)"."""
    return f"{name}={value!r} (allowed: {KNOBS[name].allowed()})"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


KNOBS: dict[str, Knob] = {
    "dataset": Knob("choice", "moons: two interleaved half-circles, needs a curved boundary but is learnable in seconds", choices=DATASETS),
    "data": Knob("path", "None: a built-in dataset; with dataset csv, the CSV file of your own points (x1,x2,label or x,target)"),
    "n_samples": Knob("int", "400 points: enough to generalise, few enough to train in milliseconds", low=20, high=20000, log=True),
    "noise": Knob("float", "0.3: the classes overlap a little, so a perfect training fit would be memorising", low=0.0, high=2.0),
    "val_fraction": Knob("float", "0.25 held out: enough validation points to see over- and underfitting", low=0.05, high=0.9),
    "hidden": Knob("layers", "two layers of 16: enough capacity for a curved boundary, small enough to stay fast", low=1, high=512),
    "activation": Knob("choice", "tanh: smooth, zero-centred, trains well in small networks", choices=ACTIVATIONS),
    "init": Knob("choice", "xavier: keeps tanh/sigmoid activations at a sensible scale layer after layer (he suits relu)", choices=INITS),
    "optimizer": Knob("choice", "sgd: the plain update, so the learning rate's effect is easiest to see", choices=OPTIMIZERS),
    "learning_rate": Knob("float", "0.1: large enough for SGD to converge within 200 epochs, small enough not to overshoot", low=0.0, high=100.0, low_open=True, log=True),
    "momentum": Knob("float", "0.9: the usual momentum, averaging about the last 10 gradients (used by the momentum optimizer; adam's beta1)", low=0.0, high=1.0, high_open=True),
    "batch_size": Knob("optional_int", "32: small batches give many cheap, slightly noisy steps per epoch (None = full batch)", low=1, high=20000, log=True),
    "epochs": Knob("int", "200 passes over the data: enough for the default setup to level off", low=1, high=20000, log=True),
    "dropout": Knob("float", "0: no regularisation by default, so over- and underfitting show plainly", low=0.0, high=1.0, high_open=True),
    "weight_decay": Knob("float", "0: no L2 penalty by default; add it when the validation loss turns up", low=0.0, high=10.0),
    "early_stopping": Knob("optional_int", "None: train all epochs so the whole curve is visible; a patience in epochs stops at the validation minimum", low=1, high=20000),
    "seed": Knob("int", "0: fixed randomness, so the same setup always gives the same curve", low=0, high=2**32 - 1),
}


def split_sizes(n_samples: int, val_fraction: float) -> tuple[int, int]:
    """(n_train, n_val) for a dataset of `n_samples` points; both at least 1."""
    n_val = min(max(1, round(n_samples * val_fraction)), n_samples - 1)
    return n_samples - n_val, n_val


@dataclass(frozen=True, repr=False)
class TrainConfig:
    """Every hyperparameter of one simulated training run (see KNOBS for ranges and reasons)."""

    dataset: str = "moons"  # two interleaved half-circles: curved but quick to learn
    data: str | None = None  # a built-in dataset needs no file; dataset "csv" reads this one
    n_samples: int = 400  # enough to generalise, few enough to train in milliseconds
    noise: float = 0.3  # classes overlap a little; a perfect training fit would be memorising
    val_fraction: float = 0.25  # held-out share to watch over- and underfitting
    hidden: tuple[int, ...] = (16, 16)  # capacity for a curved boundary, still fast
    activation: str = "tanh"  # smooth and zero-centred, trains well in small nets
    init: str = "xavier"  # keeps tanh activations at a sensible scale through the layers
    optimizer: str = "sgd"  # the plain update: the learning rate's effect is easiest to see
    learning_rate: float = 0.1  # converges within 200 epochs of SGD without overshooting
    momentum: float = 0.9  # averages about the last 10 gradients (momentum; adam's beta1)
    batch_size: int | None = 32  # many cheap, slightly noisy steps per epoch; None = full batch
    epochs: int = 200  # enough for the default setup to level off
    dropout: float = 0.0  # no regularisation by default: over/underfitting show plainly
    weight_decay: float = 0.0  # no L2 penalty by default
    early_stopping: int | None = None  # train every epoch so the whole curve is visible
    seed: int = 0  # same setup, same curve

    def __post_init__(self) -> None:
        if isinstance(self.hidden, list):
            object.__setattr__(self, "hidden", tuple(self.hidden))
        for name, knob in KNOBS.items():
            value = getattr(self, name)
            if knob.kind == "float" and isinstance(value, numbers.Real) and not isinstance(value, bool):
                object.__setattr__(self, name, float(value))
            elif knob.kind in ("int", "optional_int") and isinstance(value, numbers.Integral) and not isinstance(value, bool):
                object.__setattr__(self, name, int(value))
            elif knob.kind == "choice" and isinstance(value, str):
                object.__setattr__(self, name, str(value))
        if isinstance(self.hidden, tuple) and all(isinstance(w, numbers.Integral) and not isinstance(w, bool) for w in self.hidden):
            object.__setattr__(self, "hidden", tuple(int(w) for w in self.hidden))
        problems = [_knob_problem(name, getattr(self, name)) for name, knob in KNOBS.items()
                    if not knob.check(getattr(self, name))]
        if not problems:
            problems += self._cross_field_problems()
        if problems:
            raise ValueError("invalid training config: " + "; ".join(problems))

    def _cross_field_problems(self) -> list[str]:
        if self.dataset == "csv" and self.data is None:
            return ["data=None (allowed: the path of a CSV file when dataset='csv')"]
        if self.dataset != "csv" and self.data is not None:
            return [f"data={self.data!r} (allowed: None unless dataset='csv'; the {self.dataset} dataset reads no file)"]
        n_train = self.n_train  # for csv, reading the file here raises its DatasetError
        if self.batch_size is not None and self.batch_size > n_train:
            rows = f"the {self.n_rows} rows of {self.data}" if self.data else f"n_samples={self.n_samples}"
            return [
                f"batch_size={self.batch_size} (allowed: None or an integer 1 <= value <= {n_train}, "
                f"the training split of {rows} with val_fraction={self.val_fraction:g})"
            ]
        return []

    def table(self):
        """The checked CSV table of `data` (a `simulator.csv_data.Table`), or None for a built-in dataset."""
        if self.data is None:
            return None
        from simulator.csv_data import load_csv

        return load_csv(self.data)

    @property
    def data_hash(self) -> str | None:
        """The SHA-256 of the CSV file's bytes (None for built-in data): a result cache keys on it."""
        table = self.table()
        return None if table is None else table.sha256

    @property
    def is_regression(self) -> bool:
        """True for `sine` and two-column CSVs (MSE loss, R² metric); the rest is binary classification."""
        if self.data is not None:
            return self.table().regression
        return self.dataset in REGRESSION_DATASETS

    @property
    def n_rows(self) -> int:
        """Points in the dataset: the CSV's data rows, else n_samples."""
        return self.table().n_rows if self.data is not None else self.n_samples

    @property
    def n_train(self) -> int:
        return split_sizes(self.n_rows, self.val_fraction)[0]

    @property
    def n_val(self) -> int:
        return split_sizes(self.n_rows, self.val_fraction)[1]

    def ignored_knobs(self) -> dict[str, str]:
        """The knobs this run does not read, each with the reason: changing them changes
        nothing. Momentum under sgd and rmsprop (rmsprop's decay is RMSPROP_RHO), and
        the activation and dropout of a network without hidden layers, and the sample
        count and noise of a CSV dataset. A learner who
        sets momentum 0.9 with plain SGD should be told it does nothing."""
        ignored = {}
        if self.data is not None:
            ignored |= dict.fromkeys(("n_samples", "noise"), "the CSV file sets the points")
        if self.optimizer in ("sgd", "rmsprop"):
            ignored["momentum"] = f"{self.optimizer} has none"
        if not self.hidden:
            ignored |= dict.fromkeys(("activation", "dropout"), "no hidden layer")
        return ignored

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some knobs changed, validated like a new config."""
        return dataclasses.replace(self, **changes)

    def with_seed(self, seed: int) -> TrainConfig:
        """A copy on another seed. Only the seed's own range is checked: no other rule
        reads the seed, so the rest of a valid config stays valid. A warm `deck check`
        makes some two thousand replicas, and validating each anew was a fifth of it."""
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not KNOBS["seed"].check(int(seed)):
            raise ValueError("invalid training config: " + _knob_problem("seed", seed))
        copy = object.__new__(TrainConfig)
        copy.__dict__.update(self.__dict__, seed=int(seed))
        return copy

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the defaults."""
        default = _DEFAULTS
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name) != getattr(default, f.name)}

    def to_dict(self) -> dict[str, Any]:
        """All fields, JSON-ready (hidden as a list)."""
        d = {name: getattr(self, name) for name in _FIELD_NAMES}  # flat values: asdict's deep copy is 10x dearer
        d["hidden"] = list(self.hidden)
        return d

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.changes().items())
        return f"TrainConfig({inner})"


_DEFAULTS = TrainConfig()
_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(TrainConfig))


_TRAJECTORY_KNOBS = tuple(name for name in _FIELD_NAMES if name not in ("epochs", "early_stopping"))


def trajectory_key(config: TrainConfig) -> tuple:
    """What two configs share when they are the same run up to where each ends: every
    knob but the epochs and the early-stopping patience, which decide only where a run
    stops (its data, weights, shuffles and steps up to there are the same bits, so the
    training loop trains them once: see `simulator.training`). A plain tuple: building
    a config would validate it again, a millisecond for a drill's runs."""
    return tuple(getattr(config, name) for name in _TRAJECTORY_KNOBS)


def families(configs: Sequence[TrainConfig], starts: Sequence[object] | None = None) -> list[list[int]]:
    """Indexes into `configs` grouped by `trajectory_key`, in order of first appearance: each
    group is one training run cut where each of its configs ends. A config given starting
    parameters of its own (`starts[i]` not None) is a family of its own."""
    grouped: dict[tuple, list[int]] = {}
    for index, config in enumerate(configs):
        own = starts is not None and starts[index] is not None
        grouped.setdefault((trajectory_key(config), index if own else None), []).append(index)
    return list(grouped.values())
