"""Cards as Anki notes: the note types, their fields and stable ids, for the .apkg and the CSV.

Ids are derived from our stable ids by hashing, never drawn at random: the same
card always gets the same note GUID and the same note type id, so importing an
updated export updates the notes already in Anki (with their review history)
instead of adding duplicates. The field HTML is built here once so the package
and the CSV files carry exactly the same notes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from hpquiz.deck.model import Card, CardType, Deck
from hpquiz.export.media import MediaCache, ScenarioMedia
from hpquiz.export.text import (
    answer_text,
    card_tags,
    choice_labels,
    claim_html,
    cloze_html,
    html_text,
    option_letter,
    setup_items,
)
from hpquiz.messages import say
from hpquiz.sources import cited_marker, source_line
from hpquiz.words import deck_words

# Bump when a note type's fields or templates change incompatibly: Anki keys
# note types on their id, and a changed schema under an old id breaks updates.
NOTE_TYPE_VERSION = 1

CSS = """.card { font-family: system-ui, sans-serif; font-size: 19px; text-align: left;
  color: #1b1b1b; background: #fff; max-width: 46em; margin: 0 auto; line-height: 1.45; }
.nightMode .card, .card.nightMode { color: #eee; background: #222; }
.cloze { font-weight: bold; color: #1a55c4; }
.nightMode .cloze { color: #8db4ff; }
.setup { border-collapse: collapse; font-size: 15px; margin: .5em 0; }
.setup td { padding: 1px 10px 1px 0; }
.setup td:first-child { color: #666; font-family: monospace; }
.answer { font-weight: bold; margin: .5em 0; }
.curves img { max-width: 100%; }
.right { color: #1d7a35; font-weight: bold; }
.source { font-size: 12px; color: #888; margin-top: 1.5em; }
"""

SOURCE = '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'


def stable_id(*parts: str) -> int:
    """An Anki id (in genanki's recommended range 2**30..2**31) that depends only on `parts`."""
    digest = hashlib.sha256("\x1f".join(("hpquiz", *parts)).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(card: Card) -> str:
    """The note GUID of a card: Anki matches re-imported notes on it."""
    import genanki

    return genanki.guid_for("hpquiz", card.id)


@dataclass(frozen=True)
class NoteType:
    """One Anki note type: its fields and card templates (name, question, answer)."""

    card_type: CardType
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]
    cloze: bool = False

    @property
    def model_id(self) -> int:
        return stable_id("note-type", self.card_type.value, str(NOTE_TYPE_VERSION))


def _back(question: str, answer: str) -> str:
    return f'{question}\n<hr id="answer">\n{answer}\n{SOURCE}'


NOTE_TYPES: dict[CardType, NoteType] = {
    CardType.BASIC: NoteType(
        CardType.BASIC,
        "hpquiz basic",
        ("Front", "Back", "Source"),
        (("Card 1", "{{Front}}", _back("{{FrontSide}}", "{{Back}}")),),
    ),
    CardType.REVERSE: NoteType(
        CardType.REVERSE,
        "hpquiz reverse",
        ("Front", "Back", "Source"),
        (
            ("Card 1", "{{Front}}", _back("{{FrontSide}}", "{{Back}}")),
            ("Card 2", "{{Back}}", _back("{{FrontSide}}", "{{Front}}")),
        ),
    ),
    CardType.CLOZE: NoteType(
        CardType.CLOZE,
        "hpquiz cloze",
        ("Text", "Back Extra", "Source"),
        (("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}\n" + SOURCE),),
        cloze=True,
    ),
    CardType.CHOICE: NoteType(
        CardType.CHOICE,
        "hpquiz choice",
        ("Question", "Options", "Answer", "Explanation", "Source"),
        (
            (
                "Card 1",
                "{{Question}}\n{{Options}}",
                _back("{{FrontSide}}", '<div class="answer">{{Answer}}</div>\n{{Explanation}}'),
            ),
        ),
    ),
    CardType.SCENARIO: NoteType(
        CardType.SCENARIO,
        "hpquiz scenario",
        ("Prompt", "Setup", "Baseline", "Options", "Answer", "Curves", "Verdicts", "Explanation", "Source"),
        (
            (
                "Card 1",
                '{{Prompt}}\n{{Setup}}\n{{#Baseline}}<div class="curves">{{Baseline}}</div>{{/Baseline}}\n{{Options}}',
                _back(
                    "{{FrontSide}}",
                    '<div class="answer">{{Answer}}</div>\n<div class="curves">{{Curves}}</div>\n'
                    "{{Verdicts}}\n{{Explanation}}",
                ),
            ),
        ),
    ),
}


@dataclass(frozen=True)
class AnkiNote:
    """One note ready to write: its type, field values (HTML), tags, GUID and media files."""

    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    guid: str
    media: tuple[Path, ...] = ()


def anki_deck_name(deck: Deck, several: bool) -> str:
    """`<title>` alone, or `hpquiz::<title>` when several decks go out together.

    `::` inside a title would make Anki nest decks, so it is reduced to `:`.
    """
    title = deck.title.replace("::", ":").strip() or deck.id
    return f"hpquiz::{title}" if several else title


def img(path: Path, alt: str) -> str:
    return f'<img src="{html_text(path.name)}" alt="{html_text(alt)}">'


def options_html(labels) -> str:
    items = "".join(f"<li>{html_text(label)}</li>" for label in labels)
    return f'<ol type="A">{items}</ol>'


def setup_html(config, language: str = "en") -> str:
    rows = "".join(f"<tr><td>{html_text(k)}</td><td>{html_text(v)}</td></tr>" for k, v in setup_items(config, language))
    return f'<table class="setup">{rows}</table>'


def verdicts_html(card: Card, media: ScenarioMedia, language: str = "en") -> str:
    """One line per simulated run: what it did, and whether it is a right option
    (for a compare card: the measured numbers)."""
    if card.scenario.compare:
        return "<ul>" + "".join(f"<li>{html_text(line)}</li>" for line in media.measured) + "</ul>"
    right = set(card.answer)
    name = deck_words(language).verdict
    shares = [f" ({html_text(media.share(i, language))})" if media.support else "" for i in range(len(media.verdicts))]
    lines = [f"{html_text(say('export.baseline', language))}: {html_text(name(media.baseline_verdict))}{shares[0]}"]
    for i, (label, verdict) in enumerate(zip(card.options, media.option_verdicts, strict=False)):
        mark = ' <span class="right">✓</span>' if i in right else ""
        lines.append(f"{option_letter(i)}. {html_text(label)}: {html_text(name(verdict))}{shares[i + 1]}{mark}")
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def scenario_fields(card: Card, media: ScenarioMedia, language: str = "en") -> tuple[str, ...]:
    predict = card.scenario.predict
    name = deck_words(language).verdict
    baseline = "" if media.front is None else img(media.front, say("export.alt_baseline", language))
    answer = (
        html_text(say("export.simulated_run", language, verdict=name(card.scenario.verdict)))
        if predict
        else html_text(answer_text(card, name))
    )
    setup = setup_html(card.scenario.setup, language)
    if card.scenario.compare:
        statement, change = claim_html(card, language)
        setup = statement + setup + change
    return (
        html_text(card.front),
        setup,
        baseline,
        options_html(choice_labels(card, name)),
        answer,
        img(media.back, say("export.alt_every_run", language)),
        verdicts_html(card, media, language),
        html_text(card.explanation),
    )


def note_for(card: Card, media: MediaCache, language: str = "en") -> AnkiNote:
    """The Anki note of one card (scenario cards are simulated through `media`); its
    Source field names the material by title, in the deck's `language`."""
    note_type = NOTE_TYPES[card.type]
    source = html_text(source_line(card.source, language)) + cited_marker(card.source)
    files: tuple[Path, ...] = ()
    if card.type in (CardType.BASIC, CardType.REVERSE):
        fields = (html_text(card.front), html_text(card.back))
    elif card.type is CardType.CLOZE:
        fields = (cloze_html(card.front), html_text(card.back))
    elif card.type is CardType.CHOICE:
        fields = (
            html_text(card.front),
            options_html(choice_labels(card)),
            html_text(answer_text(card)),
            html_text(card.explanation),
        )
    else:
        scenario_media = media.get(card)
        fields = scenario_fields(card, scenario_media, language)
        files = scenario_media.images
    return AnkiNote(note_type, (*fields, source), tuple(card_tags(card)), note_guid(card), files)

