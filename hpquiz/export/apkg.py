"""Anki packages (.apkg) with genanki: one Anki deck per hpquiz deck, curve images as media.

genanki is imported inside `write`, so the rest of the app never pays for it.
Model ids, deck ids and note GUIDs come from `anki_notes` (hashes of our stable
ids), so re-importing an updated package updates the notes instead of duplicating them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from hpquiz.export.anki_notes import CSS, NOTE_TYPES, NoteType, anki_deck_name, note_for, stable_id
from hpquiz.export.job import ExportJob, replace_atomically
from hpquiz.export.text import html_text

SUFFIX = ".apkg"


def genanki_model(note_type: NoteType):
    import genanki

    return genanki.Model(
        note_type.model_id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in note_type.templates],
        css=CSS,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


def write(job: ExportJob) -> list[Path]:
    """Write one .apkg holding every deck of the job; returns [the file]."""
    import genanki

    models = {card_type: genanki_model(nt) for card_type, nt in NOTE_TYPES.items()}
    anki_decks = []
    media: dict[str, Path] = {}
    for deck in job.decks:
        anki_deck = genanki.Deck(
            stable_id("deck", deck.id), anki_deck_name(deck, job.several), html_text(deck.description)
        )
        for card in deck.cards:
            note = note_for(card, job.media, deck.language)
            anki_deck.add_note(
                genanki.Note(
                    model=models[card.type], fields=list(note.fields), tags=list(note.tags), guid=note.guid
                )
            )
            for path in note.media:
                media[path.name] = path
            job.done(card)
        anki_decks.append(anki_deck)
    path = job.single_file(SUFFIX)
    tmp = path.with_name(path.name + ".part")
    timestamp = job.now.timestamp() if job.now is not None else None
    genanki.Package(anki_decks, media_files=[str(p) for p in media.values()]).write_to_file(
        str(tmp), timestamp=timestamp
    )
    with zipfile.ZipFile(tmp, "a") as archive:
        archive.comment = job.marker.encode("utf-8")  # Anki ignores it; the next export recognises its file
    replace_atomically(tmp, path)
    return [path]
