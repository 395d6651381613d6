"""Text helpers shared by every export format: escaping, cloze, labels, setups.

Card text is plain text written by people (it may contain `<`, `&`, quotes,
braces, Turkish letters). Each format needs it escaped its own way; the HTML
flavour lives here because Anki, the CSV files, GIFT and the HTML handout all
carry HTML, and getting it right in one place keeps a `<` from ever becoming a tag.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Sequence

from hpquiz.deck.model import Card, CardType
from hpquiz.words import verdict_label
from simulator import Verdict

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)

# The setup fields always shown, even when they keep their default value:
# without them a reader cannot picture the run at all.
ALWAYS_SHOWN = ("dataset", "hidden", "optimizer", "learning_rate", "epochs")


def html_text(text: str) -> str:
    """Plain text as HTML: special characters escaped, line breaks kept as `<br>`."""
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def cloze_html(text: str) -> str:
    """Cloze text as HTML, keeping the `{{cN::answer::hint}}` markers Anki understands.

    `html.escape` leaves braces and colons alone, so the markers survive escaping.
    """
    return html_text(text)


def cloze_numbers(text: str) -> list[int]:
    """The distinct deletion numbers of a cloze text, ascending (`c1`, `c2` -> [1, 2])."""
    return sorted({int(m.group(1)) for m in CLOZE_RE.finditer(text)})


def cloze_blanked(
    text: str, number: int | None = None, blank: str = "_____", *, occurrence: int | None = None, hidden: str = ""
) -> str:
    """The cloze text with deletion `number` blanked (all of them when None), others revealed.

    A hint, when given, follows the blank in brackets: `_____ [what is taken]`.
    With `occurrence`, only that one (0-based) of number's deletions is the blank; its
    other deletions read `hidden`, so asking one blank never reveals its twin.
    """
    seen = -1

    def replace(m: re.Match[str]) -> str:
        nonlocal seen
        if number is None or int(m.group(1)) == number:
            seen += 1
            if occurrence is not None and seen != occurrence:
                return hidden
            return f"{blank} [{m.group(3)}]" if m.group(3) else blank
        return m.group(2)

    return CLOZE_RE.sub(replace, text)


def cloze_answers(text: str, number: int | None = None) -> list[str]:
    """The hidden answers of deletion `number` (all deletions when None), in text order."""
    return [m.group(2) for m in CLOZE_RE.finditer(text) if number is None or int(m.group(1)) == number]


def option_letter(index: int) -> str:
    """A, B, C… for option 0, 1, 2…"""
    return chr(ord("A") + index)


def anki_tag(text: str) -> str:
    """An Anki tag: no spaces allowed (Anki splits tags on whitespace), so they become `_`."""
    return "_".join(text.split())


def card_tags(card: Card) -> list[str]:
    """The card's topic, then its own tags, as Anki tags, without duplicates."""
    tags: list[str] = []
    for raw in (card.topic, *card.tags):
        tag = anki_tag(raw)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def format_value(value: object, name: str = "", language: str = "en") -> str:
    """A knob's value as a deck file spells it: no batch size is the full batch (`full`,
    as the prompt says), no early stopping `none`; an empty layer list is explained in
    the deck's `language`."""
    from hpquiz.messages import say

    if name == "batch_size" and value is None:
        return "full"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(str(v) for v in value) + "]" if value else say("export.no_hidden_layer", language)
    if value is None:
        return "none"
    return str(value)


def setup_items(config, language: str = "en") -> list[tuple[str, str]]:
    """The knobs worth showing for a training setup, as (name, value) pairs.

    The key knobs always, then every other knob that differs from its default:
    a full dump of sixteen fields would hide the one that matters.
    """
    defaults = type(config)()
    items = []
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.name in ALWAYS_SHOWN or value != getattr(defaults, f.name):
            items.append((f.name, format_value(value, f.name, language)))
    return items


def setup_line(config, language: str = "en") -> str:
    """The setup as one line of plain text: `dataset=moons, hidden=(16, 16), …`."""
    return ", ".join(f"{name}={value}" for name, value in setup_items(config, language))


def scenario_text(card: Card, setup_word: str = "Setup:", language: str = "en") -> str:
    """The lines under a scenario's prompt in a handout or quiz: the claim tested (compare
    cards), the setup, and the change a compare card makes, in the deck's `language`."""
    from hpquiz.messages import say

    scenario = card.scenario
    lines = []
    if scenario.compare and scenario.statement:
        lines.append(f"{say('drill.claim', language)}{scenario.statement}")
    lines.append(f"{setup_word} {setup_line(scenario.setup, language)}")
    if scenario.compare:
        lines.append(f"{say('drill.change', language)}{change_line(scenario.claim.change, language)}")
    return "\n".join(lines)


def claim_html(card: Card, language: str = "en") -> tuple[str, str]:
    """A compare card's claim (when it has one) and its change, as HTML paragraphs for
    quiz banks and Anki, labelled in the deck's language."""
    from hpquiz.messages import say

    scenario = card.scenario
    claim = f"<p><i>{html_text(say('drill.claim', language) + scenario.statement)}</i></p>" if scenario.statement else ""
    change = say("drill.change", language).strip()
    return claim, f"<p><b>{html_text(change)}</b> {html_text(change_line(scenario.claim.change, language))}</p>"


def measured_feedback(card: Card, measured: Sequence[str], language: str = "en") -> list[str]:
    """Per direction of a compare card: right or not, then the measured numbers."""
    from hpquiz.claims import DIRECTIONS
    from hpquiz.messages import say

    right = set(right_indexes(card))
    text = say("export.measured", language, numbers="; ".join(measured))
    return [say("export.right_because" if i in right else "export.no_because", language, text=text)
            for i in range(len(DIRECTIONS))]


def change_line(change, language: str = "en") -> str:
    """An option's knob change as plain text: `learning_rate=0.1` (`batch_size=full` for the full batch)."""
    return ", ".join(f"{name}={format_value(value, name, language)}" for name, value in dict(change).items())


def is_compare(card: Card) -> bool:
    return card.type is CardType.SCENARIO and card.scenario is not None and card.scenario.compare


def choice_labels(card: Card, name_verdict: Callable[[Verdict], str] = verdict_label,
                  language: str = "en") -> tuple[str, ...]:
    """The options a learner picks from: the card's options, every verdict (as
    `name_verdict` words it: a handout in the deck's language) for predict cards,
    or higher / lower / about the same for compare cards."""
    if is_compare(card):
        from hpquiz.claims import DIRECTIONS, direction_label

        return tuple(direction_label(d, language) for d in DIRECTIONS)
    if card.type is CardType.SCENARIO and card.scenario is not None and card.scenario.predict:
        return tuple(name_verdict(v) for v in Verdict)
    return card.options


def right_indexes(card: Card) -> tuple[int, ...]:
    """Indexes into `choice_labels(card)` of the right options."""
    if is_compare(card):
        from hpquiz.claims import DIRECTIONS

        return (DIRECTIONS.index(card.scenario.expect),)
    if card.type is CardType.SCENARIO and card.scenario is not None and card.scenario.predict:
        return (list(Verdict).index(Verdict(card.scenario.verdict)),)
    return card.answer


def answer_text(card: Card, name_verdict: Callable[[Verdict], str] = verdict_label, language: str = "en") -> str:
    """The right answer in words, for answer keys and Anki's back side."""
    if card.type in (CardType.BASIC, CardType.REVERSE):
        return card.back
    if card.type is CardType.CLOZE:
        return "; ".join(cloze_answers(card.front))
    labels = choice_labels(card, name_verdict, language)
    return "; ".join(f"{option_letter(i)}. {labels[i]}" for i in right_indexes(card))


def join_nonempty(parts: Sequence[str], sep: str) -> str:
    return sep.join(p for p in parts if p)
