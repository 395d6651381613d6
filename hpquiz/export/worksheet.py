"""Printed papers: worksheets, their keys and shuffled versions, for md, html and pdf.

A version is the decks with each topic's questions in a shuffled order and the
options of each choice and which-knob card shuffled, drawn from `seed` and the
version number, so `--seed 7` prints the same versions again. The options move
through `hpquiz.shuffle.shuffled_card`, which carries a which-knob option's knob
changes and the answer along with its text: the version's card is simulated and
drawn in its own order (its curves' legend letters are the sheet's letters, and
with a result cache the runs are not trained again), and its key names the right
options by the letters they have on that sheet. Predict and compare cards keep
their fixed lists (every such card has the same list).

File names: the handout's path for one paper; `-v2` for version 2; `-key` for a
key printed beside its worksheet (`quiz-v2-key.html`).
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from pathlib import Path

from hpquiz.deck import Card, Deck
from hpquiz.export.handout import handout_files
from hpquiz.export.job import ExportJob
from hpquiz.shuffle import shuffled_card

HANDOUT, WORKSHEET, KEY = "handout", "worksheet", "key"


@dataclass(frozen=True)
class Sheet:
    """One file to print: its decks (as this version orders them), path, mode and version."""

    decks: tuple[Deck, ...]
    path: Path
    mode: str
    version: int | None = None


def shuffled(deck: Deck, seed: int, version: int) -> Deck:
    """The deck as version `version` prints it: topics in deck order, questions and options shuffled."""
    rng = random.Random(f"hpquiz:{seed}:{version}:{deck.id}")
    by_topic: dict[str, list[Card]] = {}
    for card in deck.cards:
        by_topic.setdefault(card.topic, []).append(card)
    cards = []
    for topic_cards in by_topic.values():
        rng.shuffle(topic_cards)
        cards.extend(shuffled_card(card, f"sheet:{seed}:v{version}") for card in topic_cards)
    return dataclasses.replace(deck, cards=tuple(cards))


def version_numbers(paper) -> list[int | None]:
    return list(range(1, paper.versions + 1)) if paper.versions > 1 else [None]


def printed_cards(job: ExportJob) -> list[Card]:
    """Every card as some version prints it (options in that version's order), so the
    export can simulate and draw the reordered scenario cards up front with the rest."""
    if not job.paper.printing:
        return []
    seed = job.paper.seed if job.paper.seed is not None else 0
    return [card for version in version_numbers(job.paper) for deck in job.decks
            for card in shuffled(deck, seed, version or 1).cards]


def sheet_path(path: Path, version: int | None, key_beside: bool) -> Path:
    stem = path.stem + (f"-v{version}" if version is not None else "") + ("-key" if key_beside else "")
    return path.with_name(stem + path.suffix)


def sheets(job: ExportJob, suffix: str, combine: bool) -> list[Sheet]:
    """Every file a printed export writes, checked (folders made, replacements allowed)."""
    from hpquiz.export.target import check_replace

    paper = job.paper
    files = handout_files(job, suffix, combine)
    if not paper.printing:
        return [Sheet(decks, path, HANDOUT) for decks, path in files]
    modes = [m for m, wanted in ((WORKSHEET, paper.worksheet), (KEY, paper.key)) if wanted] or [HANDOUT]
    versions = version_numbers(paper)
    seed = paper.seed if paper.seed is not None else 0
    out = []
    for decks, path in files:
        for version in versions:
            ordered = tuple(shuffled(d, seed, version or 1) for d in decks)
            for mode in modes:
                target = sheet_path(path, version, mode == KEY and len(modes) > 1)
                check_replace(target, decks, job.force)
                out.append(Sheet(ordered, target, mode, version))
    return out
