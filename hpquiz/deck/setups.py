"""Scenario setups and option changes: TOML tables of knobs checked by `TrainConfig`.

The simulator owns the ranges (its `ValueError` names every bad field and the
allowed values); this module only checks that each value has the right shape
for its knob (`simulator.KNOBS`), converts TOML spellings (`hidden = [16, 16]`,
`batch_size = "full"`) and turns the simulator's complaint into problems that
name the card's field, e.g. `setup.learning_rate`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from hpquiz.deck.fields import Reader, describe, is_int, is_number, suggestion
from hpquiz.knobs import NONE_WORDS  # "no value" for optional knobs, spelled as on the command line
from hpquiz.knobs import with_csv_dataset
from simulator import KNOBS, TrainConfig
from simulator.csv_data import DatasetError

KNOB_NAMES = tuple(f.name for f in dataclasses.fields(TrainConfig))

SHAPES = {
    "int": "a whole number",
    "float": "a number",
    "choice": "a string",
    "optional_int": 'a whole number or "none"',
    "layers": "a list of layer widths like [16, 16]",
    "path": 'the path of a CSV file, relative to the deck file (like "data/points.csv")',
}


def knob_value(reader: Reader, field: str, name: str, value: Any) -> tuple[bool, Any]:
    """(ok, value converted for TrainConfig); notes a problem when the shape is wrong."""
    knob = KNOBS.get(name)
    kind = getattr(knob, "kind", None)
    if kind == "int" and is_int(value):
        return True, value
    if kind == "float" and is_number(value):
        try:
            return True, float(value)
        except OverflowError:
            pass
    if kind == "choice" and isinstance(value, str):
        return True, value
    if kind == "optional_int":
        if is_int(value):
            return True, value
        if isinstance(value, str) and value.strip().lower() in NONE_WORDS:
            return True, None
    if kind == "layers" and isinstance(value, list) and all(is_int(v) for v in value):
        return True, tuple(value)
    if kind == "path" and isinstance(value, str) and value.strip():
        return True, str(Path(reader.path).parent / value.strip())
    if kind is None:
        return True, value
    reader.problem(field, f"must be {SHAPES.get(kind, kind)}, not {describe(value)}")
    return False, None


def knob_values(reader: Reader, table: dict, prefix: str) -> tuple[dict[str, Any], bool]:
    """The table's well-shaped knobs converted, and whether every knob was known and well shaped."""
    values: dict[str, Any] = {}
    ok = True
    for name, value in table.items():
        field = prefix + name
        if name not in KNOB_NAMES:
            hint = suggestion(name, KNOB_NAMES) or f" (knobs: {', '.join(KNOB_NAMES)})"
            reader.problem(field, f"is not a simulator knob{hint}")
            ok = False
            continue
        good, converted = knob_value(reader, field, name, value)
        if good:
            values[name] = converted
        ok = ok and good
    return values, ok


def report_rejection(reader: Reader, prefix: str, exc: Exception) -> None:
    """Turn TrainConfig's error ("name=value (allowed: …); …") into one problem per knob it names."""
    text = str(exc).strip() or type(exc).__name__
    body = text.split(": ", 1)[1] if text.startswith("invalid") and ": " in text else text
    for segment in (s.strip() for s in re.split(r";\s+", body) if s.strip()):
        match = re.match(r"(\w+)=(.*?) \(allowed: (.*)\)$", segment, re.DOTALL)
        if match and match.group(1) in KNOB_NAMES:
            name, value, allowed = match.groups()
            reader.problem(prefix + name, f"is {value}, but the simulator allows {allowed}")
            continue
        named = re.search(r"\b(\w+)=", segment)
        name = named.group(1) if named and named.group(1) in KNOB_NAMES else None
        field = prefix + name if name else prefix.rstrip(".")
        reader.problem(field, f"is rejected by the simulator: {segment}")


def read_setup(reader: Reader, table: dict) -> TrainConfig | None:
    """The card's baseline `setup` as a validated TrainConfig, or None after noting problems."""
    setup = reader.table(table, "setup")
    if setup is None:
        return None
    # The well-shaped knobs are range-checked even when others are broken, to report everything at once.
    values, ok = knob_values(reader, setup, "setup.")
    try:
        config = TrainConfig(**with_csv_dataset(values))
    except DatasetError as exc:
        reader.problem("setup.data", f"cannot be used: {exc}")
        return None
    except (ValueError, TypeError, OverflowError) as exc:
        report_rejection(reader, "setup.", exc)
        return None
    return config if ok else None


def read_change(reader: Reader, option: dict, prefix: str, setup: TrainConfig | None) -> dict[str, Any] | None:
    """One option's `change`: known knobs that give a valid config when applied to the setup."""
    change = reader.table(option, "change", prefix=prefix)
    if change is None:
        return None
    values, ok = knob_values(reader, change, prefix + "change.")
    if setup is None:
        return values if ok else None
    try:
        dataclasses.replace(setup, **values)
    except DatasetError as exc:
        reader.problem(prefix + "change.data", f"cannot be used: {exc}")
        return None
    except (ValueError, TypeError, OverflowError) as exc:
        report_rejection(reader, prefix + "change.", exc)
        return None
    return values if ok else None
