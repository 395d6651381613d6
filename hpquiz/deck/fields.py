"""Typed reading of TOML tables that records a problem instead of raising.

TOML gives us dicts of str, int, float, bool, dates, lists and tables. Every
reader here checks one value and, when it is wrong, notes a `DeckProblem` and
returns None, so the loader can go on and report the next problem too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from hpquiz.deck.problems import DeckProblem

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_RULE = "lowercase letters, digits and single hyphens, like 'lr-too-high'"


def describe(value: Any) -> str:
    """A short phrase for a wrong value: "an integer (3)", "a table", "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"an integer ({value})" if abs(value) < 10**12 else "a huge integer"
    if isinstance(value, float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (datetime, date, time)):
        return f"a date/time ({value})"
    return type(value).__name__


def suggestion(word: str, known: Iterable[str]) -> str:
    """"; did you mean 'front'?" when `word` looks like a misspelt known word, else ""."""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {matches[0]!r}?" if matches else ""


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Reader:
    """Reads the fields of one card (or of the `[deck]` table), collecting problems."""

    def __init__(self, path: str, card: str | int | None, problems: list[DeckProblem], kind: str = "card") -> None:
        self.path = path
        self.card = card
        self.problems = problems
        self.kind = kind

    def problem(self, field: str | None, message: str) -> None:
        self.problems.append(DeckProblem(self.path, self.card, field, message, self.kind))

    def unknown_keys(self, table: dict, allowed: Iterable[str], what: str, prefix: str = "",
                     elsewhere: dict[str, str] | None = None) -> None:
        """Report keys of `table` not in `allowed`, with a did-you-mean or `elsewhere[key]` as the hint."""
        allowed = list(allowed)
        for key in table:
            if key in allowed:
                continue
            if elsewhere and key in elsewhere:
                hint = f"; {elsewhere[key]}"
            else:
                hint = suggestion(key, allowed) or f" (known fields: {', '.join(allowed)})"
            self.problem(prefix + key, f"is not a field of {what}{hint}")

    def text(self, table: dict, key: str, required: bool = True, prefix: str = "") -> str | None:
        """A non-blank string; missing is a problem only when `required`."""
        if key not in table:
            if required:
                self.problem(prefix + key, "is missing")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.problem(prefix + key, f"must be a string, not {describe(value)}")
            return None
        if not value.strip():
            self.problem(prefix + key, "is empty")
            return None
        return value

    def slug(self, table: dict, key: str, prefix: str = "") -> str | None:
        value = self.text(table, key, prefix=prefix)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(prefix + key, f"is {value!r}, but must be {SLUG_RULE}")
            return None
        return value

    def choice(self, table: dict, key: str, choices: Iterable[str], what: str) -> str | None:
        """One of `choices` (a string), with a did-you-mean for a near miss."""
        value = self.text(table, key)
        choices = list(choices)
        if value is not None and value not in choices:
            self.problem(key, f"is {value!r}, not a known {what}{suggestion(value, choices)} "
                              f"({what}s: {', '.join(choices)})")
            return None
        return value

    def strings(self, table: dict, key: str, allow_single: bool = False, min_items: int = 0,
                prefix: str = "") -> tuple[str, ...] | None:
        """A list of non-blank strings (or one string when `allow_single`); absent = ()."""
        if key not in table:
            return ()
        value = table[key]
        if allow_single and isinstance(value, str):
            value = [value]
        kind = "a string or a list of strings" if allow_single else "a list of strings"
        if not isinstance(value, list):
            self.problem(prefix + key, f"must be {kind}, not {describe(value)}")
            return None
        ok = True
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(f"{prefix}{key}[{i}]", f"must be a string, not {describe(item)}")
                ok = False
            elif not item.strip():
                self.problem(f"{prefix}{key}[{i}]", "is empty")
                ok = False
        if ok and len(value) < min_items:
            self.problem(prefix + key, f"has {len(value)} item(s), but needs at least {min_items}")
            return None
        return tuple(value) if ok else None

    def indexes(self, table: dict, key: str, count: int | None, what: str) -> tuple[int, ...] | None:
        """`answer`: one index or a non-empty list of distinct indexes into `count` options."""
        if key not in table:
            self.problem(key, "is missing")
            return None
        value = table[key]
        values = value if isinstance(value, list) else [value]
        if not values:
            self.problem(key, f"is an empty list: at least one {what} must be right")
            return None
        if not all(is_int(v) for v in values):
            self.problem(key, f"must be an option number (counting from 0) or a list of them, "
                              f"not {describe(value)}")
            return None
        if len(set(values)) != len(values):
            self.problem(key, f"lists the same option twice: {value}")
            return None
        if count is not None:
            bad = [v for v in values if not 0 <= v < count]
            if bad:
                self.problem(key, f"is {bad[0]}, out of range: there are {count} {what}s, "
                                  f"numbered 0 to {count - 1}")
                return None
        return tuple(values)

    def boolean(self, table: dict, key: str, default: bool) -> bool | None:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {describe(value)}")
            return None
        return value

    def table(self, table: dict, key: str, required: bool = True, prefix: str = "") -> dict | None:
        if key not in table:
            if required:
                self.problem(prefix + key, "is missing")
            return None
        value = table[key]
        if not isinstance(value, dict):
            self.problem(prefix + key, f"must be a table like {{ learning_rate = 0.1 }}, not {describe(value)}")
            return None
        return value
