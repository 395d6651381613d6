"""Command-line flags for the simulator's knobs, generated from `simulator.KNOBS`.

Shared by `hpquiz sim` and `hpquiz sweep` so both accept exactly the same spelling
(`--learning-rate 3 --hidden 16,16 --batch-size full --early-stopping none`), and a
new knob in the simulator becomes a flag without touching the CLI. The words
themselves are `hpquiz.knobs`'; this module only turns its `KnobError` into a
`UsageError`: one line, exit code 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hpquiz import knobs
from hpquiz.commands import UsageError


def flag_name(field: str) -> str:
    return "--" + field.replace("_", "-")


def add_knob_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per knob; unset flags keep `TrainConfig`'s defaults."""
    from simulator import KNOBS

    group = parser.add_argument_group("training setup (defaults: a sensible drill-size run)")
    for field, knob in KNOBS.items():
        def convert(text: str, field: str = field):
            try:
                return knobs.parse_value(field, text)
            except knobs.KnobError as exc:
                raise argparse.ArgumentTypeError(str(exc)) from None

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
    return {"int": "N", "float": "X", "optional_int": "N|none", "layers": "W,W,…", "path": "FILE.csv"}.get(knob.kind, "V")


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
    """`knobs.build_config`, a bad value reported as a usage error."""
    try:
        return knobs.build_config(changes)
    except knobs.KnobError as exc:
        raise UsageError(str(exc)) from None


def parse_values(field: str, texts: Sequence[str]) -> list:
    """`knobs.parse_values`, a bad value reported as a usage error. On the command line the
    values are separate arguments: one typed as the lab lists them ("0.001,0.1") gets
    the fix in the same line."""
    values = []
    for text in texts:
        try:
            values += knobs.parse_values(field, [text])
        except knobs.KnobError as exc:
            raise UsageError(f"{exc}{_one_value_per_argument(field, text)}") from None
    return values


def _one_value_per_argument(field: str, text: str) -> str:
    """The fix for several sweep values in one argument (`knobs.split_sweep` finds them), else ""."""
    from simulator import KNOBS

    parts = knobs.split_sweep(field, text) if field in KNOBS else []
    return f"; sweep values are separated by spaces: {' '.join(parts)}" if len(parts) > 1 else ""
