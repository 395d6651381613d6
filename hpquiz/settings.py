"""The learner's settings: deck options (a default for all decks, and per deck), theme, language.

Anki users expect to set per deck how many new cards come each day, how many
reviews at most, the retention FSRS aims for, and whether a card's other side waits
until tomorrow. They live in the progress database (`Store.settings`), as text;
this module gives each key its type, range and default, so the settings screen,
`hpquiz config get|set` and the study session read and refuse values the same way.
A value out of range is a `SettingError` naming the key and the allowed range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hpquiz.errors import HpquizError
from hpquiz.messages import LANGUAGE_SETTINGS
from hpquiz.store.controls import deck_key


class SettingError(HpquizError):
    """A setting name or value that hpquiz does not accept."""


@dataclass(frozen=True)
class Spec:
    """One setting: its kind (int, float, bool, choice), allowed range, default and meaning."""

    key: str
    kind: str
    default: object
    about: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    per_deck: bool = False

    def allowed(self) -> str:
        if self.kind == "int":
            return f"a whole number from {int(self.low)} to {int(self.high)}"
        if self.kind == "float":
            return f"a number from {self.low:.2f} to {self.high:.2f}"
        if self.kind == "bool":
            return "on or off"
        return "one of " + ", ".join(self.choices) if self.choices else "a theme name (the palette's Theme list)"

    def parse(self, text: object, choices: Sequence[str] = ()) -> object:
        """The typed value of `text`, or a SettingError saying what is allowed."""
        raw = str(text).strip()
        bad = SettingError(f"{self.key} must be {self.allowed_with(choices)}, got {raw!r}")
        if self.kind == "int":
            try:
                value = int(raw)
            except ValueError:
                raise bad from None
            if not self.low <= value <= self.high:
                raise bad
            return value
        if self.kind == "float":
            try:
                value = float(raw)
            except ValueError:
                raise bad from None
            if not (math.isfinite(value) and self.low <= round(value, 6) <= self.high):
                raise bad
            return value
        if self.kind == "bool":
            words = {"on": True, "true": True, "yes": True, "1": True, "off": False, "false": False, "no": False, "0": False}
            if raw.lower() not in words:
                raise bad
            return words[raw.lower()]
        options = tuple(choices) or self.choices
        if options:  # "TR" is tr: a choice is one word, whatever its case
            by_case = {option.casefold(): option for option in options}
            if raw.casefold() not in by_case:
                raise bad
            return by_case[raw.casefold()]
        if not raw:
            raise bad
        return raw

    def allowed_with(self, choices: Sequence[str]) -> str:
        return "one of " + ", ".join(choices) if choices else self.allowed()

    def show(self, value: object) -> str:
        if self.kind == "bool":
            return "on" if value else "off"
        if self.kind == "float":
            return f"{value:.6g}"  # 0.955 as typed: two decimals showed it as 0.95, a value nobody set
        return str(value)


SPECS: dict[str, Spec] = {
    spec.key: spec
    for spec in (
        Spec("new-per-day", "int", 20, "new cards introduced per day in a deck", 0, 9999, per_deck=True),
        Spec("reviews-per-day", "int", 200, "most reviews per day in a deck", 0, 99999, per_deck=True),
        Spec("desired-retention", "float", 0.90, "the chance of recall FSRS schedules for", 0.70, 0.99, per_deck=True),
        Spec("bury-siblings", "bool", True, "a card's other side (reverse cards) waits until tomorrow", per_deck=True),
        Spec("theme", "choice", "textual-dark", "the colour theme of the app"),
        Spec("language", "choice", "deck", "the interface's language: deck (follow the deck), en or tr",
             choices=LANGUAGE_SETTINGS),
    )
}
DECK_OPTION_KEYS = tuple(key for key, spec in SPECS.items() if spec.per_deck)


def spec_of(key: str) -> Spec:
    name = key.strip().lower().replace("_", "-")
    if name not in SPECS:
        raise SettingError(f"no setting {key!r}; settings: {', '.join(SPECS)}")
    return SPECS[name]


@dataclass(frozen=True)
class DeckOptions:
    """What one deck uses today (its own values over the defaults for all decks)."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.90
    bury_siblings: bool = True

    @property
    def limits(self) -> tuple[int, int]:
        return self.new_per_day, self.reviews_per_day


@dataclass(frozen=True)
class Settings:
    """Every stored setting, typed; absent ones give their defaults."""

    values: Mapping[str, str]

    @classmethod
    def load(cls, store) -> Settings:
        return cls(dict(store.settings()))

    def get(self, key: str, deck_id: str | None = None) -> object:
        """The value that applies: the deck's own, else the default for all decks, else the built-in one."""
        spec = spec_of(key)
        if deck_id is not None and not spec.per_deck:
            raise SettingError(f"{spec.key} is not a deck option; deck options: {', '.join(DECK_OPTION_KEYS)}")
        for stored in ((deck_key(deck_id, spec.key),) if deck_id is not None else ()) + (spec.key,):
            if stored in self.values:
                try:
                    return spec.parse(self.values[stored])
                except SettingError:
                    continue  # a value stored by an older or hand-edited file: fall back
        return spec.default

    def own(self, key: str, deck_id: str) -> bool:
        """Whether the deck has its own value of `key` (rather than the default for all)."""
        return deck_key(deck_id, spec_of(key).key) in self.values

    def deck_options(self, deck_id: str) -> DeckOptions:
        return DeckOptions(*(self.get(key, deck_id) for key in DECK_OPTION_KEYS))

    def limits(self, deck_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        return {deck_id: self.deck_options(deck_id).limits for deck_id in deck_ids}

    @property
    def theme(self) -> str:
        return str(self.get("theme"))

    @property
    def language(self) -> str:
        return str(self.get("language"))


def set_setting(store, key: str, text: object, deck_id: str | None = None, choices: Sequence[str] = ()) -> object:
    """Check and store one setting (for one deck, or the default for all); returns the typed value.

    `choices` narrows a choice setting to what the caller can show (the theme names Textual has).
    """
    spec = spec_of(key)
    if deck_id is not None and not spec.per_deck:
        raise SettingError(f"{spec.key} is not a deck option; deck options: {', '.join(DECK_OPTION_KEYS)}")
    value = spec.parse(text, choices)
    stored = spec.show(value) if spec.kind != "float" else repr(float(value))
    store.put_setting(spec.key if deck_id is None else deck_key(deck_id, spec.key), stored)
    return value


def unset_setting(store, key: str, deck_id: str | None = None) -> None:
    """Forget a stored value: the deck follows the default for all again (or the default, the built-in one)."""
    spec = spec_of(key)
    store.put_setting(spec.key if deck_id is None else deck_key(deck_id, spec.key), None)
