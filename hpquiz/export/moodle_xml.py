"""Moodle XML: the question bank format that, unlike GIFT, carries pictures.

One `<question type="category">` per deck, then per card:
- choice: `multichoice` (`<single>true</single>` for one right option; several
  right options share the credit in grades Moodle accepts, see `moodle_grades`);
- compare (a claim put to the test): `truefalse`, "do the runs bear the claim
  out?", right answer true iff the card's `claimed` direction is the one every
  seed measured, each answer's feedback giving the measured numbers; a compare
  card without a claim is asked as `multichoice` (higher / lower / about the same);
- scenario: `multichoice` whose per-option feedback says what the simulation did;
  a which-knob card shows the baseline curve in its question text and every run
  in the general feedback, as base64 `<file>` elements referenced by
  `@@PLUGINFILE@@/name.png`, which is how Moodle's importer attaches files;
- basic: `shortanswer`; reverse: two of them, one each way;
- cloze: `multianswer` (Moodle's "embedded answers"), one
  `{1:SHORTANSWER:=answer}` per deletion, so a card using `c1` twice asks both blanks.

The elements are the ones `qformat_xml::readquestions` reads: `<quiz>`,
`<question type=…>`, `<name><text>`, `<questiontext format="html"><text>`,
`<generalfeedback>`, `<answer fraction=… format=…><text>` with `<feedback>`.
ElementTree does the XML escaping; card text is HTML-escaped before, as Moodle
shows question text as HTML. Every question carries the card id as `<idnumber>`.
"""

from __future__ import annotations

import base64
import html
import xml.etree.ElementTree as ET
from pathlib import Path

from hpquiz.deck import Card, CardType, Deck
from hpquiz.export.feedback import scenario_feedback
from hpquiz.export.job import ExportJob, replace_atomically
from hpquiz.export.media import MediaCache
from hpquiz.export.moodle_grades import penalty, percent, shares
from hpquiz.messages import say
from hpquiz.words import deck_words
from hpquiz.export.text import (
    CLOZE_RE,
    claim_html,
    choice_labels,
    html_text,
    right_indexes,
    setup_items,
)

SUFFIX = ".xml"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def text_block(parent: ET.Element, tag: str, content: str, images: tuple[Path, ...] = (), fmt: str = "html") -> None:
    """`<tag format=…><text>content</text><file …>…</file></tag>`; `content` is HTML already."""
    block = sub(parent, tag, format=fmt)
    sub(block, "text", content)
    for path in images:
        sub(block, "file", base64.b64encode(path.read_bytes()).decode("ascii"), name=path.name, path="/",
            encoding="base64")


def picture(path: Path, alt: str) -> str:
    return f'<p><img src="@@PLUGINFILE@@/{html.escape(path.name)}" alt="{html.escape(alt)}"></p>'


def header(question: ET.Element, card: Card, name: str, text: str, feedback: str = "",
           images: tuple[Path, ...] = (), feedback_images: tuple[Path, ...] = ()) -> None:
    name_element = sub(question, "name")
    sub(name_element, "text", name)
    text_block(question, "questiontext", text, images)
    text_block(question, "generalfeedback", feedback, feedback_images)
    sub(question, "defaultgrade", "1")
    sub(question, "penalty", "0.3333333")
    sub(question, "hidden", "0")
    sub(question, "idnumber", name)


def answer(question: ET.Element, fraction: float, content: str, feedback: str = "", fmt: str = "html") -> None:
    element = sub(question, "answer", fraction=percent(fraction), format=fmt)
    sub(element, "text", content)
    text_block(element, "feedback", feedback)


def short_answer(quiz: ET.Element, card: Card, name: str, prompt: str, right: str, feedback: str) -> None:
    """Exact match (case ignored); `*` escaped, as Moodle reads it as a wildcard."""
    question = sub(quiz, "question", type="shortanswer")
    header(question, card, name, html_text(prompt), html_text(feedback))
    sub(question, "usecase", "0")
    answer(question, 1.0, " ".join(right.split()).replace("*", "\\*"), fmt="moodle_auto_format")


def multiple_choice(quiz: ET.Element, card: Card, text: str, labels, right, feedback, general: str,
                    images: tuple[Path, ...] = (), feedback_images: tuple[Path, ...] = ()) -> None:
    question = sub(quiz, "question", type="multichoice")
    header(question, card, card.id, text, general, images, feedback_images)
    right = sorted(set(right))
    single = len(right) == 1
    sub(question, "single", "true" if single else "false")
    sub(question, "shuffleanswers", "true")
    sub(question, "answernumbering", "ABCD")
    sub(question, "showstandardinstruction", "1")
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        text_block(question, tag, "")
    credit = dict(zip(right, shares(len(right)), strict=True))
    wrong = 0.0 if single else -penalty(len(right))
    for i, label in enumerate(labels):
        answer(question, credit.get(i, wrong), html_text(label), html_text(feedback[i]))


def true_false(quiz: ET.Element, card: Card, media: MediaCache, language: str) -> None:
    """A compare card's claim as Moodle's true/false: the claim, the setup and its change,
    then whether the runs bear the claim out. `deck check`'s rule (which an export
    enforces before writing) is that `answer` held on every seed, so the claim is borne
    out exactly when the direction it states (`claimed`) is that answer. Moodle's
    importer reads `<answer fraction="100"><text>true</text>` as "true is right"."""
    from hpquiz.claims import direction_label, measure_label

    scenario, outcome = card.scenario, media.get(card)
    borne_out = scenario.claimed == scenario.expect
    measure = measure_label(card, language)
    claim, change = claim_html(card, language)
    text = (f"{claim}<p>{html_text(card.front)}</p>{setup_table(card, language)}{change}"
            + f"<p><b>{html_text(say('export.claim_question', language, measure=measure, direction=direction_label(scenario.claimed, language)))}</b></p>")
    measured = say("export.claim_measured", language, measure=measure,
                   actual=direction_label(scenario.expect, language), numbers="; ".join(outcome.measured))
    general = f"<p>{html_text(card.explanation)}</p>" + picture(outcome.back, say("export.alt_every_run", language))
    question = sub(quiz, "question", type="truefalse")
    header(question, card, card.id, text, general, feedback_images=(outcome.back,))
    question.find("penalty").text = "1"  # two choices: a second try earns nothing, as Moodle's own default
    for value, right in (("true", borne_out), ("false", not borne_out)):
        judged = say("export.right_because" if right else "export.no_because", language, text=measured)
        answer(question, 1.0 if right else 0.0, value, html_text(judged), fmt="moodle_auto_format")


def embedded(answer_text: str) -> str:
    """One deletion as Moodle's embedded short answer. Its parser HTML-decodes the answer
    and ends it at an unescaped `~ # }`: so `}` and `#` are backslash-escaped, `~`
    and the backslash become `&#126;` and `&#92;` (the `#` after `&` is not an end;
    a trailing backslash would escape the closing brace), `&` becomes `&#38;` (the
    parser never ends an answer right after `&amp;`), and `*` is escaped as in any
    short answer."""
    text = html.escape(" ".join(answer_text.split()), quote=False)
    text = text.replace("&amp;", "&#38;").replace("\\", "&#92;").replace("~", "&#126;")
    text = text.replace("*", "\\*").replace("}", "\\}")
    text = "".join("\\#" if char == "#" and text[i - 1 : i] != "&" else char for i, char in enumerate(text))
    return "{1:SHORTANSWER:=" + text + "}"


def cloze_text(front: str) -> str:
    """The cloze text as HTML with every deletion an embedded answer (a hint in brackets after it)."""
    parts, at = [], 0
    for m in CLOZE_RE.finditer(front):
        parts.append(html_text(front[at : m.start()]))
        hint = f" [{html_text(m.group(3))}]" if m.group(3) else ""
        parts.append(embedded(m.group(2)) + hint)
        at = m.end()
    parts.append(html_text(front[at:]))
    return "".join(parts)


def setup_table(card: Card, language: str = "en") -> str:
    rows = "".join(
        f"<tr><td><code>{html_text(k)}</code></td><td>{html_text(v)}</td></tr>"
        for k, v in setup_items(card.scenario.setup, language)
    )
    return f"<table>{rows}</table>"


def card_questions(quiz: ET.Element, card: Card, media: MediaCache, language: str = "en") -> None:
    if card.type is CardType.BASIC:
        short_answer(quiz, card, card.id, card.front, card.back, card.back)
    elif card.type is CardType.REVERSE:
        short_answer(quiz, card, card.id, card.front, card.back, card.back)
        short_answer(quiz, card, f"{card.id} (reverse)", card.back, card.front, card.front)
    elif card.type is CardType.CLOZE:
        question = sub(quiz, "question", type="multianswer")
        header(question, card, card.id, cloze_text(card.front), html_text(card.back))
    elif card.type is CardType.CHOICE:
        labels = choice_labels(card)
        feedback = [say("export.right", language) if i in card.answer else "" for i in range(len(labels))]
        multiple_choice(quiz, card, html_text(card.front), labels, card.answer, feedback, html_text(card.explanation))
    elif card.scenario.compare and card.scenario.claimed is not None:
        true_false(quiz, card, media, language)
    else:
        outcome = media.get(card)
        text = f"<p>{html_text(card.front)}</p>{setup_table(card, language)}"
        if card.scenario.compare:
            text += claim_html(card, language)[1]
        images: tuple[Path, ...] = ()
        if outcome.front is not None:
            text += picture(outcome.front, say("export.alt_baseline", language))
            images = (outcome.front,)
        general = f"<p>{html_text(card.explanation)}</p>" + picture(outcome.back, say("export.alt_every_run", language))
        multiple_choice(quiz, card, text, choice_labels(card, deck_words(language).verdict), right_indexes(card),
                        scenario_feedback(card, media, language), general, images, (outcome.back,))


def category(quiz: ET.Element, deck: Deck) -> None:
    question = sub(quiz, "question", type="category")
    block = sub(question, "category")
    sub(block, "text", "$course$/top/hpquiz/" + deck.title.replace("/", "//"))
    info = sub(question, "info", format="html")
    sub(info, "text", html_text(deck.description))
    sub(question, "idnumber", deck.id)


def document(job: ExportJob) -> bytes:
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {job.marker} "))
    for deck in job.decks:
        quiz.append(ET.Comment(f" hpquiz deck {deck.id} "))
        category(quiz, deck)
        for card in deck.cards:
            card_questions(quiz, card, job.media, deck.language)
            job.done(card)
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"


def write(job: ExportJob) -> list[Path]:
    """Write one Moodle XML file, a category per deck; returns [the file]."""
    path = job.single_file(SUFFIX)
    data = document(job)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    replace_atomically(tmp, path)
    return [path]
