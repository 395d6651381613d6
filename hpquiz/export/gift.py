"""Moodle GIFT: multiple-choice for choice and scenario cards, short-answer for the rest.

- choice: multiple choice (`=` right, `~` wrong; several right answers share the
  credit with `~%50%…`), the explanation as general feedback (`####`).
- scenario: multiple choice whose per-option feedback states what the simulation
  did with that option (its verdict and the diagnosis' first reason); predict
  cards offer the six verdicts. GIFT cannot carry images, so no curves.
- basic: short answer (the back is the accepted answer and the general feedback);
  reverse: two short-answer questions, one each way.
- cloze: one short-answer question per deletion (that deletion blanked, the
  others shown).
One `$CATEGORY:` per deck. Text is marked `[html]`: it is HTML-escaped first,
then GIFT's special characters `~ = # { } :` and the backslash are escaped
with a backslash, as Moodle's importer expects.
"""

from __future__ import annotations

import html
from pathlib import Path

from hpquiz.deck.model import Card, CardType, Deck
from hpquiz.export.job import ExportJob, replace_atomically
from hpquiz.export.media import MediaCache
from hpquiz.export.text import (
    choice_labels,
    cloze_answers,
    cloze_blanked,
    cloze_numbers,
    right_indexes,
    setup_line,
)
from hpquiz.words import verdict_label

SUFFIX = ".gift"
SPECIAL = "~=#{}:"
# Moodle accepts only these grade percentages; 100/n for n right answers is one of them.
CREDIT = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"}


def escape(text: str) -> str:
    """GIFT-escape: backslash first (so the escapes added next stay single), then `~ = # { } :`."""
    text = text.replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text


def rich(text: str) -> str:
    """Plain card text as GIFT `[html]` text: HTML-escaped, line breaks as `<br>`, GIFT-escaped."""
    escaped = html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")
    return escape(escaped)


def plain(text: str) -> str:
    """A short-answer answer: compared with what the student types, so no HTML; one line."""
    return escape(" ".join(text.split()))


def question(name: str, text: str, body: str) -> str:
    return f"::{escape(name)}::[html]{rich(text)}{{{body}}}"


def short_answer(name: str, text: str, answer: str, feedback: str = "") -> str:
    """A short-answer question. The explicit `%100%` keeps Moodle from reading an answer
    such as `TRUE` as a true/false question, or a leading `%` as a grade."""
    general = f"####{rich(feedback)}" if feedback else ""
    return question(name, text, f"=%100%{plain(answer)}{general}")


def multiple_choice(name: str, text: str, labels, right, feedback, general: str) -> str:
    right = set(right)
    share = CREDIT.get(len(right), f"{100 / max(len(right), 1):.5f}")
    lines = []
    for i, label in enumerate(labels):
        if len(right) > 1:
            mark = f"~%{share}%" if i in right else f"~%-{share}%"
        elif label.startswith("%"):  # a leading % would be read as a grade
            mark = "=%100%" if i in right else "~%0%"
        else:
            mark = "=" if i in right else "~"
        note = f"#{rich(feedback[i])}" if feedback[i] else ""
        lines.append(f"\t{mark}{rich(label)}{note}")
    tail = f"\n\t####{rich(general)}" if general else ""
    return f"::{escape(name)}::[html]{rich(text)}{{\n" + "\n".join(lines) + tail + "\n}"


def scenario_feedback(card: Card, media: MediaCache) -> list[str]:
    """Per option: what the simulation did, so the feedback teaches from the real run."""
    outcome = media.get(card)
    labels = choice_labels(card)
    right = set(right_indexes(card))
    if card.scenario.predict:
        base = verdict_label(outcome.baseline_verdict)
        reason = f" ({outcome.reasons[0]})" if outcome.reasons[0] else ""
        return [
            ("Right: " if i in right else "No: ") + f"the simulated run was {base}{reason}."
            for i in range(len(labels))
        ]
    texts = []
    for i, verdict in enumerate(outcome.option_verdicts):
        reason = f" ({outcome.reasons[i + 1]})" if outcome.reasons[i + 1] else ""
        texts.append(("Right: " if i in right else "No: ") + f"simulated, this run is {verdict_label(verdict)}{reason}.")
    return texts


def card_questions(card: Card, media: MediaCache) -> list[str]:
    if card.type is CardType.BASIC:
        return [short_answer(card.id, card.front, card.back, card.back)]
    if card.type is CardType.REVERSE:
        return [
            short_answer(card.id, card.front, card.back, card.back),
            short_answer(f"{card.id} (reverse)", card.back, card.front, card.front),
        ]
    if card.type is CardType.CLOZE:
        return [
            short_answer(f"{card.id} c{n}", cloze_blanked(card.front, n), "; ".join(cloze_answers(card.front, n)), card.back)
            for n in cloze_numbers(card.front)
        ]
    labels = choice_labels(card)
    if card.type is CardType.CHOICE:
        feedback = ["Right." if i in card.answer else "" for i in range(len(labels))]
        return [multiple_choice(card.id, card.front, labels, card.answer, feedback, card.explanation)]
    text = f"{card.front}\nSetup: {setup_line(card.scenario.setup)}"
    return [
        multiple_choice(card.id, text, labels, right_indexes(card), scenario_feedback(card, media), card.explanation)
    ]


def category(deck: Deck) -> str:
    """Moodle category path of a deck; a `/` inside a title is written `//` (Moodle's escape)."""
    return "$CATEGORY: $course$/top/hpquiz/" + deck.title.replace("/", "//")


def write(job: ExportJob) -> list[Path]:
    """Write one .gift file with a category per deck; returns [the file]."""
    blocks = []
    for deck in job.decks:
        blocks.append(f"// hpquiz deck {deck.id}\n{category(deck)}")
        for card in deck.cards:
            blocks.extend(card_questions(card, job.media))
            job.done(card)
    path = job.single_file(SUFFIX)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    replace_atomically(tmp, path)
    return [path]
