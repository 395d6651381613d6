"""Tuning challenges in deck files: `[[challenges]]` tables, read and checked like cards.

A challenge gives a starting setup, the knobs the learner may turn (the search
space), a budget of trials and a target validation loss, which a trial's mean final
validation loss over 5 seeds must reach (`hpquiz.challenge`):

    [[challenges]]
    id = "rescue-the-learning-rate"
    title = "Rescue a diverging learning rate"
    level = 1                      # 1 (easy) to 5 (hard)
    prompt = "..."
    setup = { learning_rate = 20.0, epochs = 100 }
    space = { learning_rate = [0.0001, 10.0], batch_size = [8, 300] }
    budget = 4
    target = 0.30

In `space`, a numeric knob takes [low, high] (searched on a log scale where the knob's
`KNOBS` entry says so); a choice or an architecture takes the list of its options
(`optimizer = ["sgd", "adam"]`, `hidden = [[4], [16, 16]]`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from hpquiz.deck.fields import Reader, describe, is_int, is_number
from hpquiz.deck.setups import KNOB_NAMES, knob_value, read_setup

FIELDS = ("id", "title", "level", "prompt", "setup", "space", "budget", "target", "explanation")
MAX_BUDGET = 50  # trials a learner makes by hand; the baselines train as many
LEVELS = range(1, 6)


@dataclass(frozen=True)
class SearchKnob:
    """One knob of the search space: a numeric range, or a list of options."""

    name: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    integer: bool = False
    options: tuple = ()

    def allows(self, value: Any) -> bool:
        if self.options:
            return value in self.options
        if not is_number(value):
            return False
        return self.low <= value <= self.high

    def describe(self) -> str:
        from hpquiz.charts.sweeps import value_text

        if self.options:
            return f"{self.name}: one of " + " | ".join(value_text(v) for v in self.options)
        scale = ", log scale" if self.log else ""
        return f"{self.name}: {value_text(self.low)} to {value_text(self.high)}{scale}"


@dataclass(frozen=True)
class Challenge:
    """A tuning challenge: beat `target` (mean final validation loss over 5 seeds) in `budget` trials."""

    id: str
    deck_id: str
    title: str
    level: int
    prompt: str
    setup: Any
    space: tuple[SearchKnob, ...]
    budget: int
    target: float
    explanation: str = ""


def read_challenges(shown: str, deck_id: str, data: dict, problems: list) -> tuple[Challenge, ...] | None:
    """The file's challenges (none is fine); None when any is broken."""
    tables = data.get("challenges", [])
    r = Reader(shown, None, problems)
    if not isinstance(tables, list):
        r.problem("challenges", f"must be [[challenges]] tables, not {describe(tables)}")
        return None
    before = len(problems)
    out = [read_challenge(shown, deck_id, i, t, problems) for i, t in enumerate(tables)]
    seen: set[str] = set()
    for challenge in out:
        if challenge is not None and challenge.id in seen:
            Reader(shown, challenge.id, problems, kind="challenge").problem("id", "is used by two challenges in this file")
        if challenge is not None:
            seen.add(challenge.id)
    return None if len(problems) > before else tuple(out)  # type: ignore[arg-type]


def read_challenge(shown: str, deck_id: str, position: int, table: Any, problems: list) -> Challenge | None:
    label = table.get("id") if isinstance(table, dict) and isinstance(table.get("id"), str) else position + 1
    r = Reader(shown, label, problems, kind="challenge")
    if not isinstance(table, dict):
        r.problem(None, f"must be a [[challenges]] table, not {describe(table)}")
        return None
    before = len(problems)
    r.unknown_keys(table, FIELDS, "a challenge")
    challenge_id = r.slug(table, "id")
    title = r.text(table, "title")
    prompt = r.text(table, "prompt")
    explanation = r.text(table, "explanation", required=False) or ""
    level = _integer(r, table, "level", LEVELS.start, LEVELS.stop - 1)
    budget = _integer(r, table, "budget", 1, MAX_BUDGET)
    target = table.get("target")
    if not is_number(target) or not (0 < target < math.inf):
        r.problem("target", f"must be a validation loss above 0, not {describe(target)}" if "target" in table else "is missing")
        target = None
    setup = read_setup(r, table)
    space = _space(r, table.get("space"), setup) if "space" in table else r.problem("space", "is missing")
    if len(problems) > before or setup is None or not space:
        return None
    return Challenge(challenge_id, deck_id, title, level, prompt, setup, space, budget, float(target), explanation)


def _integer(r: Reader, table: dict, key: str, low: int, high: int) -> int | None:
    value = table.get(key)
    if key not in table:
        r.problem(key, "is missing")
    elif not is_int(value) or not low <= value <= high:
        r.problem(key, f"must be a whole number from {low} to {high}, not {describe(value)}")
    else:
        return value
    return None


def _space(r: Reader, table: Any, setup) -> tuple[SearchKnob, ...] | None:
    from simulator import KNOBS

    if not isinstance(table, dict) or not table:
        r.problem("space", f"must be a table of the knobs to search, like {{ learning_rate = [0.001, 1.0] }}, not {describe(table)}")
        return None
    knobs = []
    for name, spec in table.items():
        field = f"space.{name}"
        if name not in KNOB_NAMES or name in ("seed", "data", "dataset"):
            r.problem(field, "is not a knob a challenge may search (the data and seed are the challenge's own)")
            continue
        knob = KNOBS[name]
        numeric = knob.kind in ("int", "float", "optional_int")
        if not isinstance(spec, list) or not spec:
            r.problem(field, f"must be [low, high] or a list of options, not {describe(spec)}")
            continue
        if numeric and len(spec) == 2 and all(is_number(v) for v in spec):
            low, high = spec
            if not low < high:
                r.problem(field, f"must have low < high, not [{low}, {high}]")
                continue
            searched = SearchKnob(name, low, high, log=bool(knob.log) and low > 0, integer=knob.kind != "float")
            values = [int(low), int(high)] if searched.integer else [float(low), float(high)]
        else:
            converted = []
            for i, option in enumerate(spec):
                ok, value = knob_value(r, f"{field}[{i}]", name, option)
                if ok:
                    converted.append(value)
            if len(converted) != len(spec):
                continue
            searched = SearchKnob(name, options=tuple(converted))
            values = converted
        if setup is not None:
            for value in values:
                try:
                    setup.replace(**{name: value})
                except ValueError as exc:
                    r.problem(field, f"includes {value!r}, which the setup refuses: {str(exc).splitlines()[0]}")
                    break
            else:
                knobs.append(searched)
        else:
            knobs.append(searched)
    return tuple(knobs) if len(knobs) == len(table) else None
