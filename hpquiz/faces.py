"""What a card shows before and after it is revealed, as styled segments.

The study screen, tests and any other front end need the same answer to
"what is hidden on this card?": cloze deletions become a blank (or their hint)
until the learner reveals them, reverse cards alternate direction, choice cards
list numbered options. Keeping it here (not in a screen) means it is tested
without a terminal and the screen only maps segment kinds to styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from hpquiz.deck.model import Card, CardType

# {{c1::answer}} or {{c1::answer::hint}}; the answer may not contain "}}".
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
BLANK = "[…]"


class Kind(StrEnum):
    """How a piece of text is shown: plain, a hidden deletion, or a revealed one."""

    TEXT = "text"
    BLANK = "blank"
    ANSWER = "answer"


@dataclass(frozen=True)
class Segment:
    text: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Face:
    """The two sides of a card as shown now: the question and what reveal adds."""

    question: tuple[Segment, ...]
    answer: tuple[Segment, ...]
    reversed: bool = False

    @property
    def question_text(self) -> str:
        return "".join(s.text for s in self.question)

    @property
    def answer_text(self) -> str:
        return "".join(s.text for s in self.answer)


def cloze_segments(text: str, revealed: bool) -> tuple[Segment, ...]:
    """`text` with each deletion hidden (`[…]` or `[hint]`) or shown as an answer."""
    out: list[Segment] = []
    last = 0
    for match in CLOZE.finditer(text):
        if match.start() > last:
            out.append(Segment(text[last : match.start()]))
        answer, hint = match.group(2), match.group(3)
        if revealed:
            out.append(Segment(answer, Kind.ANSWER))
        else:
            out.append(Segment(f"[{hint}]" if hint else BLANK, Kind.BLANK))
        last = match.end()
    if last < len(text):
        out.append(Segment(text[last:]))
    return tuple(out)


def face(card: Card, reps: int = 0, order: tuple[int, ...] = ()) -> Face:
    """The card's question and answer; a reverse card asks back-to-front on odd reviews.

    `order` is how a choice card's options are laid out now (order[position] = option
    index, see `hpquiz.shuffle`), so the answer names each right option by the label shown.

    `reps` is how many times the card was reviewed, so a reverse card is
    quizzed both ways in turn without needing a second card id.
    """
    if card.type == CardType.CLOZE:
        answer = cloze_segments(card.front, revealed=True)
        if card.back:
            answer += (Segment("\n\n" + card.back),)
        return Face(cloze_segments(card.front, revealed=False), answer)
    if card.type == CardType.REVERSE and reps % 2 == 1:
        return Face((Segment(card.back),), (Segment(card.front, Kind.ANSWER),), reversed=True)
    if card.type == CardType.CHOICE:
        order = order or tuple(range(len(card.options)))
        right = ", ".join(f"{order.index(i) + 1}. {card.options[i]}" for i in sorted(card.answer, key=order.index))
        answer: tuple[Segment, ...] = (Segment(right, Kind.ANSWER),)
        if card.explanation:
            answer += (Segment("\n\n" + card.explanation),)
        return Face((Segment(card.front),), answer)
    back = card.back or card.explanation
    return Face((Segment(card.front),), (Segment(back, Kind.ANSWER),))
