"""Sources are named by title, in the deck's language, wherever a learner reads them."""

from __future__ import annotations

from hpquiz.deck.model import Card, CardType
from hpquiz.export.anki_notes import note_for
from hpquiz.export.media import MediaCache
from hpquiz.sources import MATERIAL, cited_in, source_line, source_titles


def test_every_material_file_the_decks_cite_has_a_title_in_english_and_turkish():
    from hpquiz.deck import load_decks

    cited = {s for deck in load_decks() for card in deck.cards for s in card.source}
    assert cited <= set(MATERIAL)
    assert all(m.title and m.title_tr and m.title != m.title_tr for m in MATERIAL.values())


def test_both_copies_of_the_lecture_rewrite_are_one_source_and_unknown_citations_stay_as_written():
    titles = source_titles(["000_6a3d63b4c051b5ce.txt", "000_6a3d63b4c051b5ce.repaired.txt", "my notes, p. 3"])
    assert titles == ("Understanding hyperparameters in deep learning (lecture rewrite)", "my notes, p. 3")


def test_a_title_given_in_the_deck_is_shown_in_the_decks_language():
    assert source_line(["Parameters and hyperparameters (lecture notes)"], "tr") == (
        "Kaynak: Parametreler ve hiperparametreler (ders notları)"
    )
    assert source_line([], "en") == ""


def test_the_anki_source_field_carries_the_title(tmp_path):
    card = Card(id="c", deck_id="d", type=CardType.BASIC, topic="learning-rate", front="Q", back="A",
                source=("001_f027e5dd55dc88ab.txt",))
    note = note_for(card, MediaCache(tmp_path), "en")
    assert note.fields[-1].startswith("Source: Parameters and hyperparameters (lecture notes)<!-- hpquiz-source: ")
    assert cited_in(note.fields[-1]) == ["001_f027e5dd55dc88ab.txt"]
