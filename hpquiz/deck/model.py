"""The deck model: immutable decks and cards, shared by every part of the app.

Cards are values. The loader (`hpquiz.deck`) builds and validates them from TOML;
the store keys progress on `Card.id`; the study screen, the drill and the
exporters only read them. A card's `content_hash` changes when its text does, so
the store can tell an edited card (same id, new hash, history kept) from a new one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from simulator import Claim, Direction, TrainConfig, Verdict


class CardType(StrEnum):
    """What kind of question a card asks, stored as its value in files and the database."""

    BASIC = "basic"
    REVERSE = "reverse"
    CLOZE = "cloze"
    CHOICE = "choice"
    SCENARIO = "scenario"


@dataclass(frozen=True)
class Scenario:
    """A training setup to reason about, checked by simulating it.

    Three kinds:
    - predict (`verdict` set, `changes` empty): the learner predicts the verdict
      the baseline run gets; `verdict` is the right answer.
    - which-knob (`goal` set, one `changes` entry per option of the card): each
      option applies its knob changes to the baseline; the right options are the
      ones whose runs reach `goal`.
    - compare (`claim` and `expect` set, `changes` holding the claim's one change):
      the learner predicts whether the change makes the claim's measured quantity
      higher, lower or about the same; `expect` is the right answer, and
      `statement` the claim being tested, in the card's words, with `claimed` the
      direction the claim itself states (which the material may get wrong).

    `seeds`: how many seeds the stated answer must hold on (hpquiz.drill.check_outcome):
    "all" of them, or "most" (4 of 5) for a lesson that really is seed-dependent.
    """

    setup: TrainConfig
    changes: tuple[Mapping[str, Any], ...] = ()
    goal: Verdict | None = None
    verdict: Verdict | None = None
    claim: Claim | None = None
    expect: Direction | None = None
    statement: str = ""
    claimed: Direction | None = None
    seeds: str = "all"

    @property
    def predict(self) -> bool:
        return self.verdict is not None

    @property
    def compare(self) -> bool:
        return self.claim is not None

    def option_configs(self) -> tuple[TrainConfig, ...]:
        """The baseline with each option's changes applied, in option order."""
        return tuple(dataclasses.replace(self.setup, **dict(change)) for change in self.changes)

    def configs(self) -> tuple[TrainConfig, ...]:
        """Everything a drill trains: the baseline first, then each option."""
        return (self.setup, *self.option_configs())


class FrozenMapping(Mapping[str, Any]):
    """A read-only copy, so a card's knob changes cannot be altered after loading.

    Unlike `types.MappingProxyType` it pickles, which `deck check` and `export`
    need to hand cards to worker processes (hpquiz/parallel.py).
    """

    __slots__ = ("_data",)

    def __init__(self, mapping: Mapping[str, Any]) -> None:
        self._data = dict(mapping)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"


def frozen_mapping(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return FrozenMapping(mapping)


@dataclass(frozen=True)
class Card:
    """One card. Fields beyond the common ones are used by the types that need them.

    - basic / reverse: `front`, `back` (reverse also quizzes back -> front).
    - cloze: `front` holds the text with `{{c1::answer}}` or `{{c1::answer::hint}}`
      deletions; `back` an optional extra note.
    - choice: `front` the question, `options` the choices, `answer` the indexes of
      the correct ones (one or more), `explanation`.
    - scenario: `front` the prompt, `scenario` the setup; which-knob cards have
      `options` (labels) and `answer` (right option indexes); predict cards have
      neither (the options are the verdicts) and the answer is `scenario.verdict`.
    """

    id: str
    deck_id: str
    type: CardType
    topic: str
    front: str
    back: str = ""
    options: tuple[str, ...] = ()
    answer: tuple[int, ...] = ()
    explanation: str = ""
    scenario: Scenario | None = None
    tags: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    position: int = 0

    @property
    def content_hash(self) -> str:
        """A short hash of what the learner sees and is graded on (not of position)."""
        payload = {
            "type": self.type.value,
            "topic": self.topic,
            "front": self.front,
            "back": self.back,
            "options": list(self.options),
            "answer": list(self.answer),
            "explanation": self.explanation,
            "scenario": None
            if self.scenario is None
            else {
                "setup": repr(self.scenario.setup),
                "changes": [dict(c) for c in self.scenario.changes],
                "goal": self.scenario.goal,
                "verdict": self.scenario.verdict,
                **({} if self.scenario.claim is None else {"compare": {
                    "measure": self.scenario.claim.measure,
                    "min_effect": self.scenario.claim.min_effect,
                    "target": self.scenario.claim.target,
                    "expect": self.scenario.expect,
                    "statement": self.scenario.statement,
                }}),
                # only when declared, so the hashes of cards written before `seeds` existed stay put
                **({"seeds": self.scenario.seeds} if self.scenario.seeds != "all" else {}),
            },
        }
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Deck:
    """One deck file: its metadata and its cards in file order."""

    id: str
    title: str
    language: str
    cards: tuple[Card, ...]
    description: str = ""
    path: Path | None = field(default=None, compare=False)
    challenges: tuple = ()  # `hpquiz.deck.challenges.Challenge`s: tuning challenges in this file
