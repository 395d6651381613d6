"""The printable handout, independent of markup: questions grouped by topic, then answers.

`markdown` and `html_page` render this same structure, so both handouts number
and word every question and answer identically; only escaping and image
embedding differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hpquiz.deck.model import Card, CardType, Deck
from hpquiz.export.job import ExportJob
from hpquiz.export.media import ScenarioMedia
from hpquiz.export.text import (
    answer_text,
    choice_labels,
    cloze_answers,
    cloze_blanked,
    cloze_numbers,
    change_line,
    option_letter,
    right_indexes,
    setup_line,
)
from hpquiz.messages import say
from hpquiz.sources import source_line
from hpquiz.words import DeckWords, deck_words


@dataclass(frozen=True)
class Item:
    """One numbered question of the handout; `media` is set for scenario cards."""

    number: int
    card: Card
    media: ScenarioMedia | None = None
    words: DeckWords = DeckWords()
    language: str = "en"

    @property
    def prompt(self) -> str:
        """The question as plain text (cloze deletions blanked, hints kept)."""
        if self.card.type is CardType.CLOZE:
            return cloze_blanked(self.card.front)
        scenario = self.card.scenario
        if scenario is not None and scenario.compare and scenario.statement:
            return f"{self.card.front}\n({say('drill.claim', self.language)}{scenario.statement})"
        return self.card.front

    @property
    def setup(self) -> str:
        if self.card.type is not CardType.SCENARIO:
            return ""
        scenario = self.card.scenario
        line = setup_line(scenario.setup, self.language)
        if scenario.compare:
            line += f"; {say('drill.change', self.language)}{change_line(scenario.claim.change, self.language)}"
        return line

    @property
    def labels(self) -> tuple[str, ...]:
        """The choices, empty for questions answered in words."""
        if self.card.type not in (CardType.CHOICE, CardType.SCENARIO):
            return ()
        return choice_labels(self.card, self.words.verdict, self.language)

    @property
    def several_right(self) -> bool:
        """More than one right option: the question says "choose all that apply"."""
        return bool(self.labels) and len(right_indexes(self.card)) > 1

    @property
    def options(self) -> tuple[str, ...]:
        """Lettered choices: `A. …`."""
        return tuple(f"{option_letter(i)}. {label}" for i, label in enumerate(self.labels))

    @property
    def question_image(self) -> Path | None:
        return self.media.front if self.media is not None else None

    @property
    def answer_image(self) -> Path | None:
        return self.media.back if self.media is not None else None

    @property
    def answer(self) -> str:
        card = self.card
        if card.type is CardType.CLOZE:
            numbers = cloze_numbers(card.front)
            return "; ".join(f"({n}) {' / '.join(cloze_answers(card.front, n))}" for n in numbers)
        return answer_text(card, self.words.verdict, self.language)

    @property
    def source(self) -> str:
        """Where the facts come from, by title in the deck's language ("" when the card cites nothing)."""
        return source_line(self.card.source, self.language)

    @property
    def explanation(self) -> str:
        return self.card.back if self.card.type is CardType.CLOZE else self.card.explanation

    @property
    def simulated(self) -> tuple[str, ...]:
        """What the simulation did with each run, one line each (scenario cards only)."""
        if self.media is None:
            return ()
        if self.card.scenario.compare:
            return self.media.measured
        w = self.words
        lines = [f"{w.baseline}: {w.verdict(self.media.baseline_verdict)}"]
        right = set(self.card.answer)
        for i, verdict in enumerate(self.media.option_verdicts):
            mark = f" ({w.right})" if i in right else ""
            lines.append(f"{option_letter(i)}: {w.verdict(verdict)}{mark}")
        return tuple(lines)


@dataclass(frozen=True)
class Section:
    topic: str
    items: tuple[Item, ...]
    words: DeckWords = DeckWords()

    @property
    def title(self) -> str:
        return self.words.topic(self.topic)


def sections(deck: Deck, job: ExportJob, report: bool = True) -> list[Section]:
    """The deck's cards grouped by topic (topics in order of first appearance), numbered 1…n.
    `report`: count the cards for the progress bar (once per deck, however many sheets)."""
    by_topic: dict[str, list[Card]] = {}
    for card in deck.cards:
        by_topic.setdefault(card.topic, []).append(card)
    result, number = [], 0
    words = deck_words(deck.language)
    for topic, cards in by_topic.items():
        items = []
        for card in cards:
            number += 1
            media = job.media.get(card) if card.type is CardType.SCENARIO else None
            items.append(Item(number, card, media, words, deck.language))
            if report:
                job.done(card)
        result.append(Section(topic, tuple(items), words))
    return result


def handout_files(job: ExportJob, suffix: str, combine: bool) -> list[tuple[tuple[Deck, ...], Path]]:
    """Which decks go into which handout file: one per deck in a folder `out`; else
    `out` itself, holding every deck when the format can `combine` them (else the
    folder rule's error: several decks need a folder)."""
    from hpquiz.export.target import check_replace, names_folder

    if names_folder(job.out) or (job.several and not combine):
        folder = job.folder("writes one handout per deck")
        files = [((deck,), folder / f"{deck.id}{suffix}") for deck in job.decks]
        for decks, path in files:
            check_replace(path, decks, job.force)
        return files
    return [(job.decks, job.single_file(suffix))]


def combined_title(titles: list[str]) -> str:
    """A page's title, as a browser tab and a printed header show it: every deck's title
    up to three, else the first two and how many there are (eleven titles joined made a
    tab title of five printed lines)."""
    if len(titles) <= 3:
        return " · ".join(titles)
    return f"{titles[0]} · {titles[1]} · … ({len(titles)})"
