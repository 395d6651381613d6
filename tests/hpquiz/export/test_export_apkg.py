"""The .apkg opened as Anki would open it: notes, cards, note types, decks, tags, media."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

from anki_reader import from_html, read_apkg
from export_decks import TRICKY, make_tricky_deck

from hpquiz.export.formats import export

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def write_apkg(decks, path, media_folder):
    return export(decks, "apkg", path, now=NOW, media_folder=media_folder)


def test_every_card_becomes_one_note_and_special_characters_survive(tricky_deck, tmp_path, media_folder):
    (path,) = write_apkg([tricky_deck], tmp_path / "out.apkg", media_folder)
    package = read_apkg(path, tmp_path)
    assert len(package.notes) == len(tricky_deck.cards)
    basic = package.fields(_guid(package, "t-basic", tricky_deck))
    assert from_html(basic["Front"]) == tricky_deck.cards[0].front
    assert from_html(basic["Back"]) == f"A: {TRICKY}"
    assert "<b>" not in basic["Back"], "card text must be escaped, not interpreted as HTML"
    choice = package.fields(_guid(package, "t-choice", tricky_deck))
    assert from_html(choice["Explanation"]) == f"Because {TRICKY}"
    assert "&lt;g&gt; &amp; {h}" in choice["Options"]
    assert from_html(choice["Answer"]) == "B. c = d"


def test_reverse_makes_two_cards_and_each_cloze_deletion_its_own_card(tricky_deck, tmp_path, media_folder):
    (path,) = write_apkg([tricky_deck], tmp_path / "out.apkg", media_folder)
    package = read_apkg(path, tmp_path)
    ords = {}
    for c in package.cards:
        ords.setdefault(c["nid"], []).append(c["ord"])
    by_id = {n["guid"]: sorted(ords[n["id"]]) for n in package.notes}
    assert by_id[_guid(package, "t-reverse", tricky_deck)] == [0, 1]
    assert by_id[_guid(package, "t-cloze", tricky_deck)] == [0, 1]
    assert by_id[_guid(package, "t-basic", tricky_deck)] == [0]
    cloze = package.fields(_guid(package, "t-cloze", tricky_deck))
    assert "{{c1::öğrenme oranı}}" in cloze["Text"]
    assert "{{c2::a = b # c::ipucu ~}}" in cloze["Text"]
    cloze_models = [m for m in package.models.values() if m["type"] == 1]
    assert [m["name"] for m in cloze_models] == ["hpquiz cloze"]


def test_tags_come_from_topic_and_tags_without_spaces(tricky_deck, tmp_path, media_folder):
    (path,) = write_apkg([tricky_deck], tmp_path / "out.apkg", media_folder)
    package = read_apkg(path, tmp_path)
    tags = package.note(_guid(package, "t-basic", tricky_deck))["tags"].split()
    assert tags == ["learning-rate", "two_words", "ışık"]


def test_reexport_of_an_edited_deck_keeps_guids_and_ids_so_anki_updates(tmp_path, media_folder):
    first = make_tricky_deck()
    edited_card = dataclasses.replace(first.cards[0], back="A new answer")
    second = dataclasses.replace(first, cards=(edited_card, *first.cards[1:]))
    (a,) = write_apkg([first], tmp_path / "a.apkg", media_folder)
    (b,) = export([second], "apkg", tmp_path / "b.apkg", now=datetime(2026, 1, 1, tzinfo=UTC), media_folder=media_folder)
    pa, pb = read_apkg(a, tmp_path), read_apkg(b, tmp_path)
    assert [n["guid"] for n in pa.notes] == [n["guid"] for n in pb.notes]
    assert [n["mid"] for n in pa.notes] == [n["mid"] for n in pb.notes]
    assert set(pa.models) == set(pb.models)
    assert {c["did"] for c in pa.cards} == {c["did"] for c in pb.cards}
    assert from_html(pb.fields(pb.notes[0]["guid"])["Back"]) == "A new answer"


def test_several_decks_become_subdecks_of_hpquiz(tmp_path, media_folder):
    one, two = make_tricky_deck("one", "First"), make_tricky_deck("two", "Second")
    two = dataclasses.replace(two, cards=tuple(dataclasses.replace(c, id=c.id + "-2") for c in two.cards))
    (path,) = write_apkg([one, two], tmp_path / "both.apkg", media_folder)
    package = read_apkg(path, tmp_path)
    names = {d["name"] for d in package.decks.values()}
    assert {"hpquiz::First", "hpquiz::Second"} <= names
    first_id = next(int(i) for i, d in package.decks.items() if d["name"] == "hpquiz::First")
    assert sum(c["did"] == first_id for c in package.cards) == 7  # 5 notes: reverse and cloze give 2 cards


def test_a_single_deck_keeps_its_plain_title(tricky_deck, tmp_path, media_folder):
    (path,) = write_apkg([tricky_deck], tmp_path / "one.apkg", media_folder)
    names = {d["name"] for d in read_apkg(path, tmp_path).decks.values()}
    assert "Zor: <İşaretler> & {özel} :karakterler" in names


def test_scenario_notes_carry_their_curve_images(scenario_deck, tmp_path, media_folder):
    (path,) = write_apkg([scenario_deck], tmp_path / "s.apkg", media_folder)
    package = read_apkg(path, tmp_path)
    referenced = set()
    for note in package.notes:
        referenced |= set(re.findall(r'<img src="([^"]+)"', note["flds"]))
    assert referenced == set(package.media), "every image is shipped and every shipped image is used"
    assert len(package.media) == 3  # predict: back only; which-knob: front and back
    assert all(data.startswith(b"\x89PNG\r\n\x1a\n") for data in package.media.values())
    knob = package.fields(_guid(package, "s-knob", scenario_deck))
    assert "<img" in knob["Baseline"] and "<img" in knob["Curves"]
    assert "A. Lower the learning rate to 0.5 # safe" in from_html(knob["Verdicts"])
    predict = package.fields(_guid(package, "s-predict", scenario_deck))
    assert predict["Baseline"] == "", "the predict card's front must not show the answer's curve"
    assert from_html(predict["Answer"]) == "The simulated run: diverged"


def _guid(package, card_id, deck):
    from hpquiz.export.anki_notes import note_guid

    card = next(c for c in deck.cards if c.id == card_id)
    return note_guid(card)


def test_a_turkish_scenario_note_describes_its_pictures_in_turkish(scenario_deck, tmp_path, media_folder):
    turkish = dataclasses.replace(scenario_deck, language="tr")
    (path,) = write_apkg([turkish], tmp_path / "tr.apkg", media_folder)
    knob = read_apkg(path, tmp_path).fields(_guid(read_apkg(path, tmp_path), "s-knob", turkish))
    assert 'alt="verilen ayarla eğitimin kayıp eğrileri"' in knob["Baseline"]
    assert 'alt="simüle edilen bütün eğitimlerin kayıp eğrileri"' in knob["Curves"]
    assert "loss curves" not in knob["Baseline"] + knob["Curves"]
