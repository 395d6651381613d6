"""`hpquiz deck preview`: every card as the learner will see it, and as Anki will show it.

The learner's view uses the same helpers as the handouts (cloze blanked per
deletion, options numbered, the answer in words); the Anki view renders our
note types' own templates over the note's fields (the `{{Field}}`, `{{cloze:…}}`,
`{{#Field}}…{{/Field}}` and `{{FrontSide}}` parts Anki uses), one view per card
Anki will make (a reverse note makes two, a cloze one per deletion number).
Scenario cards are not simulated here: their curves are drawn by export and drill.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hpquiz.deck.model import Card, CardType, Deck


@dataclass(frozen=True)
class View:
    title: str
    question: str
    answer: str


def learner_views(card: Card, words) -> list[View]:
    from hpquiz.export.text import answer_text, choice_labels, cloze_answers, cloze_blanked, cloze_numbers, setup_line

    if card.type is CardType.BASIC:
        return [View("study", card.front, card.back)]
    if card.type is CardType.REVERSE:
        return [View("study", card.front, card.back), View("study, reversed", card.back, card.front)]
    if card.type is CardType.CLOZE:
        return [View(f"study c{n}", cloze_blanked(card.front, n), "; ".join(cloze_answers(card.front, n))
                     + (f"\n{card.back}" if card.back else "")) for n in cloze_numbers(card.front)]
    labels = choice_labels(card, words.verdict)
    options = "\n".join(f"  {i + 1}. {label}" for i, label in enumerate(labels))
    several = f" {words.choose_all}" if len(card.answer) > 1 else ""
    front = card.front + several
    if card.type is CardType.SCENARIO:
        front += f"\n{words.setup} {setup_line(card.scenario.setup)}"
        kind = "drill: predict the verdict" if card.scenario.predict else "drill: pick the option"
    else:
        kind = "study"
    answer = answer_text(card, words.verdict) + (f"\n{card.explanation}" if card.explanation else "")
    return [View(kind, f"{front}\n{options}", answer)]


SECTION = re.compile(r"\{\{([#^])([^}]+)\}\}(.*?)\{\{/\2\}\}", re.S)


def render_template(template: str, fields: dict[str, str], cloze: int | None = None, front: str = "") -> str:
    """An Anki card template over the note's fields (the subset our note types use)."""
    from hpquiz.export.text import CLOZE_RE

    def section(m: re.Match[str]) -> str:
        filled = bool(fields.get(m.group(2).strip(), "").strip())
        return m.group(3) if filled == (m.group(1) == "#") else ""

    text = SECTION.sub(section, template).replace("{{FrontSide}}", front)

    def field(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        if name.startswith("cloze:"):
            value = fields.get(name[len("cloze:"):], "")
            return CLOZE_RE.sub(
                lambda c: ("[…]" if not c.group(3) else f"[{c.group(3)}]") if int(c.group(1)) == cloze
                and front == "" else (f"[{c.group(2)}]" if int(c.group(1)) == cloze else c.group(2)), value)
        return fields.get(name, "")

    return re.sub(r"\{\{([^#/^}][^}]*)\}\}", field, text)


def anki_views(card: Card) -> list[View]:
    from hpquiz.export.anki_notes import NOTE_TYPES, note_for
    from hpquiz.export.text import cloze_numbers
    from hpquiz.importing.mapping import to_text

    note_type = NOTE_TYPES[card.type]
    if card.type is CardType.SCENARIO:
        return [View(f"Anki ({note_type.name})", to_text(card.front),
                     "curves and verdicts are simulated when the deck is exported")]
    note = note_for(card, None)  # no media: only scenario notes need simulating
    fields = dict(zip(note_type.fields, note.fields, strict=True))
    views = []
    for name, question, answer in note_type.templates:
        numbers = cloze_numbers(card.front) if note_type.cloze else [None]
        for n in numbers:
            q = render_template(question, fields, n)
            a = render_template(answer, fields, n, front=q)
            a = a.split('<hr id="answer">', 1)[-1]
            label = f"Anki ({note_type.name}, {name}{f' c{n}' if n else ''})"
            views.append(View(label, to_text(q), to_text(a)))
    return views


def preview(deck: Deck) -> Iterator[tuple[Card, list[View]]]:
    from hpquiz.words import deck_words

    words = deck_words(deck.language)
    for card in deck.cards:
        yield card, [*learner_views(card, words), *anki_views(card)]
