"""An experiment in the lab, written as a scenario card an instructor can edit and ship.

The current setup becomes the card's `setup`, each pinned run one option (its
`change` is the knobs in which it differs from the setup), and the answer is what
the simulator says on the seed consensus, the same judgement `deck check` makes: the
options that reach the goal on every seed while the setup reaches it on none. Each
option carries its verdicts as a comment, and an option on a threshold's edge (the
goal on some seeds only) is flagged, because `deck check` would refuse the card
until it is changed or dropped.

The card is appended to a deck file (created with a `[deck]` table when new), with
an id not yet used in that file.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Sequence
from pathlib import Path

from hpquiz.errors import HpquizError
from hpquiz.knobs import describe
from hpquiz.setup_files import inline_table, knob_table, toml_value
from simulator import TrainConfig, Verdict

SOURCE = "002_cca2b9e1c0f2ecd1.txt"  # the lecture's "idea -> code -> experiment" loop
DECK_HEADER = (
    '[deck]\nid = "{id}"\ntitle = "Experiments from the lab"\nlanguage = "en"\n'
    'description = "Scenario cards written from lab experiments (hpquiz lab, key e)."\n'
)


class SkeletonError(HpquizError):
    """The experiment cannot become a card (nothing pinned, a file that cannot be written)."""


@dataclasses.dataclass(frozen=True)
class Skeleton:
    """The card's TOML text and what it states."""

    text: str
    card_id: str
    goal: str
    answer: tuple[int, ...]
    checkable: bool  # False when deck check would refuse it as it stands


def change_of(config: TrainConfig, setup: TrainConfig) -> dict:
    """The knobs in which `config` differs from `setup`."""
    return {
        f.name: getattr(config, f.name)
        for f in dataclasses.fields(TrainConfig)
        if getattr(config, f.name) != getattr(setup, f.name)
    }


def option_label(change: dict) -> str:
    parts = []
    for name, value in knob_table(change).items():
        shown = ",".join(map(str, value)) if isinstance(value, list) else value
        parts.append(f"{name.replace('_', ' ')} {shown:g}" if isinstance(shown, float) else f"{name.replace('_', ' ')} {shown}")
    return "Set " + ", ".join(parts)


def build_skeleton(setup: TrainConfig, pinned: Sequence[TrainConfig], *, card_id: str = "lab-experiment",
                   seeds: int = 5, relative_to: Path | None = None, cache=None) -> Skeleton:
    """Judge setup and pinned runs on `seeds` seeds and write the card."""
    from simulator.consensus import consensus_many

    options: list[tuple[TrainConfig, dict]] = []
    for config in pinned:
        change = change_of(config, setup)
        if change and all(change != other for _, other in options):
            options.append((config, change))
    if len(options) < 2:
        raise SkeletonError(
            f"pin at least two runs that differ from the setup ({len(options)} so far): pinned runs become the options"
        )
    judged = consensus_many([setup, *(c for c, _ in options)], k=seeds, cache=cache)
    base, rest = judged[0], judged[1:]
    goal = _goal(base, rest)
    answer = tuple(i for i, c in enumerate(rest) if c.holds(goal))
    checkable = bool(answer) and base.count(goal) == 0 and all(c.holds(goal) or c.count(goal) == 0 for c in rest)
    seeds_text = f"seeds {setup.seed}-{setup.seed + seeds - 1}"
    lines = [
        "",
        "[[cards]]",
        f"id = {toml_value(card_id)}",
        'type = "scenario"',
        'topic = "tuning-process"',
        'tags = ["which-knob", "from-the-lab"]',
        f"source = {toml_value(SOURCE)}",
        f"prompt = {toml_value(_prompt(setup, base.majority, goal))}",
        f"setup = {inline_table(knob_table(setup.changes(), relative_to))}",
        f"goal = {toml_value(goal)}",
        "options = [",
    ]
    for i, ((config, change), judged_option) in enumerate(zip(options, rest)):
        note = _said(judged_option)
        if 0 < judged_option.count(goal) < len(judged_option.runs):
            note += f"; on the edge: deck check refuses an option that is {goal} on some seeds only"
        entry = f"{{ label = {toml_value(option_label(change))}, change = {inline_table(knob_table(change, relative_to))} }}"
        lines.append(f"  {entry},  # {note}")
    lines.append("]")
    if not answer:
        lines.append(f"# No option is {goal} on every seed: change the options before deck check will pass.")
        answer = tuple(i for i, c in enumerate(rest) if c.majority.value == goal) or (0,)
    lines.append(f"answer = {answer[0] if len(answer) == 1 else toml_value(list(answer))}")
    evidence = "; ".join(f"option {i + 1}: {_said(c)}" for i, c in enumerate(rest))
    lines.append(f"explanation = {toml_value(f'Simulated on {seeds_text}: the setup is {_said(base)}; {evidence}.')}")
    return Skeleton("\n".join(lines) + "\n", card_id, goal, answer, checkable)


def _said(judged) -> str:
    """"too slow on 4 of 5 seeds": the consensus in the verdicts' words."""
    from hpquiz.words import verdict_label

    return f"{verdict_label(judged.majority)} on {judged.count(judged.majority)} of {len(judged.runs)} seeds"


def _goal(base, rest) -> str:
    """"good" when an option gets there; else the verdict some option holds that the setup never shows."""
    candidates = [Verdict.GOOD.value] + [c.majority.value for c in rest]
    for verdict in candidates:
        if base.count(verdict) == 0 and any(c.holds(verdict) for c in rest):
            return verdict
    return Verdict.GOOD.value


def _prompt(setup: TrainConfig, verdict, goal: str) -> str:
    from hpquiz.words import verdict_label

    return (f"{describe(setup)}. This run ends {verdict_label(verdict)}. "
            f"Which single change makes it {verdict_label(goal)}?")


def append_card(setup: TrainConfig, pinned: Sequence[TrainConfig], path: str | Path, *, seeds: int = 5, cache=None) -> Skeleton:
    """Write the experiment as a card into the deck file `path` (created if missing)."""
    file = Path(path)
    existing = ""
    if file.exists():
        try:
            existing = file.read_text(encoding="utf-8")
            document = tomllib.loads(existing)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SkeletonError(f"{file}: cannot add a card to it ({exc})") from None
        used = {c.get("id") for c in document.get("cards", []) if isinstance(c, dict)}
    else:
        used = set()
    card_id, n = "lab-experiment", 1
    while card_id in used:
        n += 1
        card_id = f"lab-experiment-{n}"
    skeleton = build_skeleton(setup, pinned, card_id=card_id, seeds=seeds, relative_to=file.parent, cache=cache)
    head = existing if existing else DECK_HEADER.format(id=_deck_id(file))
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(head.rstrip("\n") + "\n" + skeleton.text, encoding="utf-8")
    except OSError as exc:
        raise SkeletonError(f"{file}: cannot write the card ({exc.strerror or exc})") from None
    return skeleton


def _deck_id(file: Path) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-")
    return slug or "lab-experiments"
