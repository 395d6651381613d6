"""Command-line flags for the simulator's knobs, generated from `simulator.KNOBS`.

Shared by `hpquiz sim` and `hpquiz sweep` so both accept exactly the same spelling
(`--learning-rate 3 --hidden 16,16 --batch-size full --early-stopping none`), and a
new knob in the simulator becomes a flag without touching the CLI.

Parsing only turns text into Python values; the ranges are checked by `TrainConfig`,
whose `ValueError` (naming every bad field and its allowed range) becomes a
`UsageError`: one line, exit code 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hpquiz.cli import UsageError

# Words accepted for "no value" in optional knobs: `--batch-size full`, `--early-stopping none`.
NONE_WORDS = ("none", "full", "off", "no")


def flag_name(field: str) -> str:
    return "--" + field.replace("_", "-")


def parse_value(field: str, text: str):
    """The Python value of `text` for knob `field`; raises `argparse.ArgumentTypeError`."""
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
    except ValueError:
        raise argparse.ArgumentTypeError(_expected(field, knob, text)) from None
    if kind == "choice":
        if word not in knob.choices:
            raise argparse.ArgumentTypeError(_expected(field, knob, text))
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


def add_knob_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per knob; unset flags keep `TrainConfig`'s defaults."""
    from simulator import KNOBS

    group = parser.add_argument_group("training setup (defaults: a sensible drill-size run)")
    for field, knob in KNOBS.items():
        def convert(text: str, field: str = field):
            return parse_value(field, text)

        convert.__name__ = field  # argparse names the type in its error message
        group.add_argument(
            flag_name(field),
            dest=field,
            type=convert,
            default=argparse.SUPPRESS,
            metavar=_metavar(knob),
            help=_help(knob),
        )


def _metavar(knob) -> str:
    if knob.kind == "choice":
        return "{" + ",".join(map(str, knob.choices)) + "}"
    return {"int": "N", "float": "X", "optional_int": "N|none", "layers": "W,W,…"}.get(knob.kind, "V")


def _help(knob) -> str:
    text = getattr(knob, "help", "") or ""
    low, high = getattr(knob, "low", None), getattr(knob, "high", None)
    if low is not None or high is not None:
        text += f" [range {low if low is not None else '…'} to {high if high is not None else '…'}]"
    return text.replace("%", "%%")


def knob_changes(args: argparse.Namespace) -> dict:
    """The knobs the user set on the command line."""
    from simulator import KNOBS

    return {field: getattr(args, field) for field in KNOBS if hasattr(args, field)}


def build_config(changes: dict):
    """`TrainConfig(**changes)`, with a bad value reported as a one-line `UsageError`."""
    from simulator import TrainConfig

    try:
        return TrainConfig(**changes)
    except ValueError as exc:
        raise UsageError(one_line(exc)) from None


def one_line(exc: Exception) -> str:
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())


def describe(config) -> str:
    """A one-line summary of a setup, for the head of the output."""
    batch = "full" if config.batch_size is None else str(config.batch_size)
    network = f"hidden {','.join(map(str, config.hidden))} {config.activation}" if config.hidden else "no hidden layer"
    optimizer = f"{config.optimizer} lr {config.learning_rate:g}"
    if "momentum" not in config.ignored_knobs():
        optimizer += f" ({'beta1' if config.optimizer == 'adam' else 'momentum'} {config.momentum:g})"
    parts = [
        f"{config.dataset} ({config.n_samples} samples, noise {config.noise:g})",
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


def parse_values(field: str, texts: Sequence[str]) -> list:
    """Values for a sweep over `field`, each parsed like its flag; a bad one is a UsageError."""
    from simulator import KNOBS

    if field not in KNOBS:
        known = ", ".join(KNOBS)
        raise UsageError(f"unknown knob {field!r}; choose one of: {known}")
    values = []
    for text in texts:
        try:
            values.append(parse_value(field, text))
        except argparse.ArgumentTypeError as exc:
            raise UsageError(str(exc)) from None
    return values
