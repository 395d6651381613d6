"""Moodle GIFT: multiple-choice for choice and scenario cards, short-answer for the rest.

- choice: multiple choice (`=` right, `~` wrong; several right answers share the
  credit with `~%50%…`, in grades Moodle accepts: `moodle_grades`), the
  explanation as general feedback (`####`).
- scenario: multiple choice whose per-option feedback states what the simulation
  did with that option (its verdict and the diagnosis' first reason); predict
  cards offer the six verdicts. GIFT cannot carry images, so no curves.
- basic: short answer (the back is the accepted answer and the general feedback);
  reverse: two short-answer questions, one each way.
- cloze: one short-answer question per deletion (that deletion blanked, the
  others shown); a number used twice (`c1` … `c1`) gives one question per blank,
  the other blank of that number hidden as `[…]`, so no answer is ever "a; b".
One `$CATEGORY:` per deck. Text is marked `[html]`: it is HTML-escaped first,
then GIFT's special characters `~ = # { } :` and the backslash are escaped
with a backslash, as Moodle's importer expects. GIFT has no escape for `%`:
Moodle reads `%n%` as a grade only right after `~` (or `=` in a short
answer), and never after `=` in multiple choice, so a right option is always
`=label` and a wrong one starting with `%` gets an explicit `~%0%`. In a
short answer `*` is Moodle's wildcard; it is written backslash-star (matched literally).
"""

from __future__ import annotations

import html
from pathlib import Path

from hpquiz.deck.model import Card, CardType, Deck
from hpquiz.export.job import ExportJob, replace_atomically
from hpquiz.export.media import MediaCache
from hpquiz.export.moodle_grades import penalty, percent, shares
from hpquiz.export.text import (
    choice_labels,
    cloze_answers,
    cloze_blanked,
    cloze_numbers,
    right_indexes,
    scenario_text,
)
from hpquiz.export.feedback import scenario_feedback
from hpquiz.messages import say
from hpquiz.words import deck_words

SUFFIX = ".gift"
SPECIAL = "~=#{}:"


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


def literal_answer(text: str) -> str:
    """A short-answer answer as Moodle matches it: one line, `*` escaped so it is not a wildcard."""
    return " ".join(text.split()).replace("*", "\\*")


def plain(text: str) -> str:
    """A short-answer answer: compared with what the student types, so no HTML; one line."""
    return escape(literal_answer(text))


def question(name: str, text: str, body: str) -> str:
    return f"::{escape(name)}::[html]{rich(text)}{{{body}}}"


def short_answer(name: str, text: str, answer: str, feedback: str = "") -> str:
    """A short-answer question. The explicit `%100%` keeps Moodle from reading an answer
    such as `TRUE` as a true/false question, or a leading `%` as a grade."""
    general = f"####{rich(feedback)}" if feedback else ""
    return question(name, text, f"=%100%{plain(answer)}{general}")


def multiple_choice(name: str, text: str, labels, right, feedback, general: str) -> str:
    right = sorted(set(right))
    credit = dict(zip(right, shares(len(right)), strict=True)) if len(right) > 1 else {}
    lines = []
    for i, label in enumerate(labels):
        if credit:
            mark = f"~%{percent(credit[i] if i in credit else -penalty(len(right)))}%"
        elif i in right:
            mark = "="  # Moodle reads no grade after `=` in multiple choice: the label is literal
        else:
            mark = "~%0%" if label.startswith("%") else "~"
        note = f"#{rich(feedback[i])}" if feedback[i] else ""
        lines.append(f"\t{mark}{rich(label)}{note}")
    tail = f"\n\t####{rich(general)}" if general else ""
    return f"::{escape(name)}::[html]{rich(text)}{{\n" + "\n".join(lines) + tail + "\n}"


def card_questions(card: Card, media: MediaCache, language: str = "en") -> list[str]:
    if card.type is CardType.BASIC:
        return [short_answer(card.id, card.front, card.back, card.back)]
    if card.type is CardType.REVERSE:
        return [
            short_answer(card.id, card.front, card.back, card.back),
            short_answer(f"{card.id} (reverse)", card.back, card.front, card.front),
        ]
    if card.type is CardType.CLOZE:
        return [
            short_answer(name, text, answer, card.back) for name, text, answer in cloze_blanks(card)
        ]
    labels = choice_labels(card, deck_words(language).verdict)
    if card.type is CardType.CHOICE:
        feedback = [say("export.right", language) if i in card.answer else "" for i in range(len(labels))]
        return [multiple_choice(card.id, card.front, labels, card.answer, feedback, card.explanation)]
    text = f"{card.front}\n{scenario_text(card, say('export.setup', language), language)}"
    feedback = scenario_feedback(card, media, language)
    return [multiple_choice(card.id, text, labels, right_indexes(card), feedback, card.explanation)]


def cloze_blanks(card: Card) -> list[tuple[str, str, str]]:
    """(name, text, answer) per blank: `id c2` for a number used once; `id c1.1`, `id c1.2`
    when two deletions share a number, each asking one blank with the other hidden."""
    blanks = []
    for n in cloze_numbers(card.front):
        answers = cloze_answers(card.front, n)
        if len(answers) == 1:
            blanks.append((f"{card.id} c{n}", cloze_blanked(card.front, n), answers[0]))
            continue
        for k, answer in enumerate(answers):
            text = cloze_blanked(card.front, n, occurrence=k, hidden="[…]")
            blanks.append((f"{card.id} c{n}.{k + 1}", text, answer))
    return blanks


def category(deck: Deck) -> str:
    """Moodle category path of a deck; a `/` inside a title is written `//` (Moodle's escape)."""
    return "$CATEGORY: $course$/top/hpquiz/" + deck.title.replace("/", "//")


def write(job: ExportJob) -> list[Path]:
    """Write one .gift file with a category per deck; returns [the file]."""
    blocks = [f"// {job.marker}"]
    for deck in job.decks:
        blocks.append(f"// hpquiz deck {deck.id}\n{category(deck)}")
        for card in deck.cards:
            blocks.extend(card_questions(card, job.media, deck.language))
            job.done(card)
    path = job.single_file(SUFFIX)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    replace_atomically(tmp, path)
    return [path]
