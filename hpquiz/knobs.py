"""Knobs in words: values read from text and setups described to a learner.

One core module for the CLI flags (`hpquiz sim`, `hpquiz sweep`), the lab's knob panel
and the drill screen, so that all three accept the same spelling (`16,16`, `full`,
`none`) and describe a setup the same way. Parsing only turns text into Python values;
ranges are checked by `TrainConfig`, whose `ValueError` becomes a `KnobError` naming
every bad field and its allowed range. The CLI turns that into a usage error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hpquiz.errors import HpquizError

# Words accepted for "no value" in optional knobs: `--batch-size full`, `--early-stopping none`.
NONE_WORDS = ("none", "full", "off", "no")


class KnobError(HpquizError):
    """A knob's value, or a whole setup, that the simulator cannot take; the message names the range."""


class DataFileError(HpquizError):
    """A dataset file (`data = "points.csv"`) that cannot be used; the message names file, row and column."""


def parse_value(field: str, text: str):
    """The Python value of `text` for knob `field`; raises `KnobError`."""
    from simulator import KNOBS

    knob = KNOBS[field]
    kind = knob.kind
    word = text.strip().lower()
    try:
        if kind == "int":
            return int(word)
        if kind == "float":
            return float(word)
        if kind == "optional_int":
            return None if word in NONE_WORDS else int(word)
        if kind == "layers":
            if word in NONE_WORDS or word in ("", "()"):
                return ()
            return tuple(int(part) for part in word.strip("()[]").replace(" ", "").split(",") if part)
        if kind == "path":
            return None if word in NONE_WORDS or not word else text.strip()
    except ValueError:
        raise KnobError(_expected(field, knob, text)) from None
    if kind == "choice":
        if word not in knob.choices:
            raise KnobError(_expected(field, knob, text))
        return word
    return text


def _expected(field: str, knob, text: str) -> str:
    kinds = {
        "int": "a whole number",
        "float": "a number",
        "optional_int": f"a whole number or one of {', '.join(NONE_WORDS[:2])}",
        "layers": "layer widths like 16,16 (or none)",
        "choice": "one of " + ", ".join(map(str, getattr(knob, "choices", ()) or ())),
    }
    return f"{field} must be {kinds.get(knob.kind, 'a value')}, not {text!r}"


def build_config(changes: dict):
    """`TrainConfig(**changes)`, with a bad value reported as a one-line `KnobError`.

    A data file alone means the CSV dataset (`--data points.csv`). A file that cannot be
    used is a `DataFileError`: the knobs were fine, the file is not."""
    from simulator import TrainConfig
    from simulator.csv_data import DatasetError

    try:
        return TrainConfig(**with_csv_dataset(changes))
    except DatasetError as exc:
        raise DataFileError(str(exc)) from None
    except ValueError as exc:
        raise KnobError(one_line(exc)) from None


def with_csv_dataset(changes: dict) -> dict:
    """`changes` with dataset "csv" added when a data file is given and no dataset is."""
    if changes.get("data") is not None and "dataset" not in changes:
        return {**changes, "dataset": "csv"}
    return changes


def one_line(exc: Exception) -> str:
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())


def describe(config) -> str:
    """A one-line summary of a setup, for the head of the output."""
    batch = "full" if config.batch_size is None else str(config.batch_size)
    network = f"hidden {','.join(map(str, config.hidden))} {config.activation}" if config.hidden else "no hidden layer"
    optimizer = f"{config.optimizer} lr {config.learning_rate:g}"
    if "momentum" not in config.ignored_knobs():
        optimizer += f" ({'beta1' if config.optimizer == 'adam' else 'momentum'} {config.momentum:g})"
    if config.data is not None:
        data = f"{config.data} ({config.n_rows} rows)"
    else:
        data = f"{config.dataset} ({config.n_samples} samples, noise {config.noise:g})"
    parts = [
        data,
        network,
        optimizer,
        f"batch {batch}",
        f"{config.epochs} epochs",
    ]
    if config.dropout and "dropout" not in config.ignored_knobs():
        parts.append(f"dropout {config.dropout:g}")
    if config.weight_decay:
        parts.append(f"weight decay {config.weight_decay:g}")
    if config.early_stopping is not None:
        parts.append(f"early stopping {config.early_stopping}")
    parts.append(f"seed {config.seed}")
    return ", ".join(parts)


def knob_text(kind: str, value: Any, field: str = "") -> str:
    """How a knob's value is written in its input (the CLI spelling)."""
    if value is None:
        return "full" if field == "batch_size" else "none"
    if kind == "layers":
        return ",".join(str(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


SHORT = {
    "n_samples": "n", "val_fraction": "val", "learning_rate": "lr", "batch_size": "batch",
    "weight_decay": "L2", "early_stopping": "early stop", "activation": "", "dataset": "",
    "init": "init", "optimizer": "",
}


def fixed_text(config):
    """The hyperparameters of a run, set before training and never changed by it, as rich `Text`
    (wrapped to fit); rich, not Textual, so the core stays UI-free."""
    from rich.text import Text

    from simulator import KNOBS

    text = Text("Hyperparameters (set by you)\n", style="bold")
    shown = [field for field in KNOBS if field not in config.ignored_knobs()]
    for i, field in enumerate(shown):
        name = SHORT.get(field, field.replace("_", " "))
        if i:
            text.append(" · ", style="dim")
        if name:
            text.append(name + " ", style="dim")
        text.append(knob_text(KNOBS[field].kind, getattr(config, field), field))
    return text


def unused_note(config) -> str:
    """Which knobs this setup does not read, and why, or "" when it reads them all."""
    by_reason: dict[str, list[str]] = {}
    for field, reason in config.ignored_knobs().items():
        by_reason.setdefault(reason, []).append(field)
    parts = [f"{' and '.join(fields)} ({reason})" for reason, fields in by_reason.items()]
    return "Not used by this setup: " + "; ".join(parts) if parts else ""


def changed_knobs(config, base) -> str:
    """A short label of how `config` differs from `base` ("lr 0.5, batch 32")."""
    from simulator import KNOBS

    parts = [
        f"{field}={knob_text(KNOBS[field].kind, getattr(config, field), field)}"
        for field in KNOBS
        if getattr(config, field) != getattr(base, field)
    ]
    return ", ".join(parts) or "defaults"


# Knobs whose useful values follow no simple rule from their range.
TYPICAL_SWEEPS = {
    "seed": "0,1,2,3,4",
    "early_stopping": "none,5,10,20,50",
    "weight_decay": "0,0.0001,0.001,0.01,0.1",
    "momentum": "0,0.5,0.9,0.99",
    "hidden": "4; 16; 16,16; 64,64; 16,16,16",
}


def sweep_separator(field: str) -> str:
    """What separates sweep values: ";" between architectures (whose widths use commas), else ","."""
    from simulator import KNOBS

    return "; " if KNOBS[field].kind == "layers" else ","


def split_sweep(field: str, text: str) -> list[str]:
    """The value texts of a sweep list as typed in the lab ("0.01, 0.1" or "16; 16,16")."""
    return [part.strip() for part in text.split(sweep_separator(field).strip()) if part.strip()]


def sweep_suggestion(field: str, config) -> str:
    """Values worth sweeping for `field` that this setup accepts: every choice, a spread
    over a small range, or multiples of the current value (decades for knobs on a log
    scale). A value the setup refuses is dropped (a batch larger than the training split
    becomes the full batch), so the suggestion always runs."""
    import numpy as np

    from simulator import KNOBS

    knob = KNOBS[field]
    if knob.kind == "path":
        return ""
    if knob.kind == "choice":
        texts = list(map(str, knob.choices))
    elif field in TYPICAL_SWEEPS:
        texts = split_sweep(field, TYPICAL_SWEEPS[field])
    else:
        integer = knob.kind in ("int", "optional_int")
        if not knob.log and knob.low is not None and knob.high is not None and knob.high <= 10:
            top = knob.high - (knob.high - knob.low) / 5 if knob.high_open else knob.high
            values = np.linspace(knob.low, top, 5)
        else:
            current = getattr(config, field, None) if config is not None else None
            current = current or knob.low or 1
            factors = (0.1, 0.3, 1, 3, 10) if knob.log else (0.5, 0.75, 1, 1.5, 2)
            values = np.clip([current * f for f in factors], knob.low, knob.high)
        texts = [str(max(1, round(v))) if integer else f"{v:.3g}" for v in values]
    if config is not None:
        texts = [_fitted(field, t, config) for t in texts]
    return sweep_separator(field).join(t for t in dict.fromkeys(texts) if t is not None)


def _fitted(field: str, text: str, config) -> str | None:
    """`text` if the setup takes it, "full" for a batch beyond the training split, else None."""
    try:
        config.replace(**{field: parse_value(field, text)})
    except (KnobError, ValueError):
        if field == "batch_size":
            return "full"
        return None
    return text


def parse_values(field: str, texts: Sequence[str]) -> list:
    """Values for a sweep over `field`, each parsed like its flag; a bad one is a `KnobError`."""
    from simulator import KNOBS

    if field not in KNOBS:
        known = ", ".join(KNOBS)
        raise KnobError(f"unknown knob {field!r}; choose one of: {known}")
    return [parse_value(field, text) for text in texts]
