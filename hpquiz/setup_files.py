"""Setups as TOML: the lab's knobs saved and loaded in a scenario card's `setup` format.

A setup file is one `[setup]` table, written exactly as a card's `setup` is: only
the knobs that differ from the simulator's defaults, `hidden = [16, 16]`,
`batch_size = "full"`, `data` relative to the file. It is read back through the
deck's own setup reader, so a saved setup pastes into a card unchanged and is
checked with the same messages (`lab.toml: field 'setup.learning_rate' is -1, but
the simulator allows 0 < value <= 100`). The same text is what the store keeps in a
named slot.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hpquiz.errors import HpquizError

HEADER = "# An hpquiz setup: the knobs that differ from the defaults, as a scenario card's `setup` table.\n"


class SetupError(HpquizError):
    """A setup file or slot that cannot be read, said in one line."""


def toml_value(value: Any) -> str:
    """`value` in TOML: numbers as Python writes them, strings quoted, lists in brackets."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no TOML spelling")
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML spelling for {type(value).__name__}")


def inline_table(table: Mapping[str, Any]) -> str:
    """`{ a = 1, hidden = [16, 16] }`, as a card's `setup` or an option's `change` is written."""
    if not table:
        return "{}"
    return "{ " + ", ".join(f"{key} = {toml_value(value)}" for key, value in table.items()) + " }"


def knob_table(values: Mapping[str, Any], relative_to: Path | None = None) -> dict[str, Any]:
    """Knob values in the spellings a deck file uses: None as "none"/"full", tuples as
    lists, a data path relative to `relative_to` (the folder of the file being written)."""
    table: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            value = "full" if name == "batch_size" else "none"
        elif name == "data":
            value = _portable_path(value, relative_to)
        elif isinstance(value, tuple):
            value = list(value)
        table[name] = value
    return table


def setup_table(config, relative_to: Path | None = None) -> dict[str, Any]:
    """The knobs of `config` that differ from the defaults, ready for TOML."""
    return knob_table(config.changes(), relative_to)


def setup_toml(config, relative_to: Path | None = None) -> str:
    """A whole setup file: the header comment and the `[setup]` table."""
    lines = [HEADER, "[setup]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in setup_table(config, relative_to).items()]
    return "\n".join(lines) + "\n"


def _portable_path(path: str, relative_to: Path | None) -> str:
    absolute = Path(path).resolve()
    if relative_to is None:
        return str(absolute)
    try:
        return os.path.relpath(absolute, Path(relative_to).resolve()).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(absolute)


def parse_setup(text: str, shown: str):
    """The `TrainConfig` of setup-file text. `shown` names it in errors and, as for a
    deck, a relative `data` path is read from the folder of `shown`."""
    from hpquiz.deck.fields import Reader
    from hpquiz.deck.problems import DeckProblem
    from hpquiz.deck.setups import read_setup

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SetupError(f"{shown}: not valid TOML ({exc})") from None
    if "setup" not in document:
        raise SetupError(f"{shown}: no [setup] table (a setup file holds one, as a scenario card's `setup`)")
    extra = sorted(set(document) - {"setup"})
    if extra:
        raise SetupError(f"{shown}: {', '.join(map(repr, extra))} is not part of a setup file; it holds one [setup] table")
    problems: list[DeckProblem] = []
    config = read_setup(Reader(shown, None, problems), document)
    if problems or config is None:
        raise SetupError("; ".join(str(p) for p in problems) or f"{shown}: the setup is not valid")
    return config


def read_setup_file(path: str | os.PathLike[str]):
    """The setup saved in `path`."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SetupError(f"{file}: cannot read the setup ({getattr(exc, 'strerror', None) or exc})") from None
    return parse_setup(text, str(file))


def write_setup_file(config, path: str | os.PathLike[str]) -> Path:
    """Write `config` to `path` as a setup file (a data path relative to the file's folder)."""
    file = Path(path)
    text = setup_toml(config, relative_to=file.parent)
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SetupError(f"{file}: cannot write the setup ({exc.strerror or exc})") from None
    return file
