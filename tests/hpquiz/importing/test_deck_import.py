"""`hpquiz deck import`: real Anki packages (new and legacy format, made by Anki itself),
our own exports round-tripped, Anki text and Quizlet files, and bad files in one line."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import pytest

from hpquiz.cli import main
from hpquiz.deck import load_deck, load_decks
from hpquiz.export.formats import export

FIXTURES = Path(__file__).parent / "fixtures"  # made by make_fixtures.py with the `anki` package 26.x


def same_cards(deck):
    return {c.id: dataclasses.replace(c, position=0) for c in deck.cards}


def import_file(source, out, *extra) -> int:
    return main(["deck", "import", str(source), "--out", str(out), *extra])


@pytest.mark.parametrize("package", ["new-format.apkg", "legacy.apkg"])
def test_an_anki_package_becomes_a_deck_that_loads_with_its_media_beside_it(package, tmp_path, capsys):
    out = tmp_path / "imported.toml"
    assert import_file(FIXTURES / package, out) == 0
    printed = capsys.readouterr().out
    deck = load_deck(out)
    by_type = sorted(c.type.value for c in deck.cards)
    assert by_type == ["basic", "basic", "cloze", "reverse"]
    basic = next(c for c in deck.cards if c.front == "Öğrenme oranı çok büyükse?")
    assert basic.back == "Kayıp artar & sıçrar.\n[image: eğri.png]"
    assert basic.tags == ("lr", "week1")
    assert deck.title == "Optimizasyon"
    cloze = next(c for c in deck.cards if c.type.value == "cloze")
    assert cloze.front == "{{c1::Adam}} iki ortalama tutar; {{c1::RMSprop}} bir; {{c2::SGD}} hiç."
    assert (tmp_path / "imported-media" / "eğri.png").read_bytes().startswith(b"\x89PNG")
    assert "Three ways note 'x': note type 'Three ways' makes 3 cards per note" in printed


def test_both_package_formats_and_a_reimport_give_the_same_ids(tmp_path):
    ids = []
    for package in ("new-format.apkg", "legacy.apkg", "new-format.apkg"):
        out = tmp_path / "d.toml"
        assert import_file(FIXTURES / package, out, "--force") == 0
        ids.append([c.id for c in load_deck(out).cards])
    assert ids[0] == ids[1] == ids[2]


@pytest.mark.parametrize("deck_id", ["architecture", "tr-hiperparametreler"])
def test_a_shipped_deck_exported_to_apkg_and_imported_gives_the_same_cards(deck_id, tmp_path, capsys):
    shipped = next(d for d in load_decks() if d.id == deck_id)
    (package,) = export([shipped], "apkg", tmp_path / "deck.apkg", media_folder=tmp_path / "media")
    out = tmp_path / "back.toml"
    assert import_file(package, out) == 0
    back = load_deck(out)
    assert (back.id, back.title, back.language, back.description) == (
        shipped.id, shipped.title, shipped.language, shipped.description)
    expected = {k: c for k, c in same_cards(shipped).items() if c.type.value != "scenario"}
    assert same_cards(back) == expected
    scenarios = sum(c.type.value == "scenario" for c in shipped.cards)
    if scenarios:
        assert f"Skipped {scenarios} notes" in capsys.readouterr().out


def test_a_package_of_several_shipped_decks_imports_with_ids_of_its_own_that_deck_check_accepts(tmp_path):
    decks = [d for d in load_decks() if d.id in ("architecture", "tuning-process")]
    (package,) = export(decks, "apkg", tmp_path / "two.apkg", media_folder=tmp_path / "media")
    out = tmp_path / "two.toml"
    assert import_file(package, out) == 0
    imported = load_deck(out)
    shipped_ids = {c.id for d in load_decks() for c in d.cards}
    assert len(imported.cards) == sum(len(d.cards) for d in decks)
    assert not {c.id for c in imported.cards} & shipped_ids
    assert main(["deck", "check", str(out)]) == 0


def test_our_csv_export_imports_back(tmp_path):
    shipped = next(d for d in load_decks() if d.id == "architecture")
    export([shipped], "csv", f"{tmp_path}/csv/", media_folder=tmp_path / "media")
    out = tmp_path / "choice.toml"
    assert import_file(tmp_path / "csv" / "hpquiz-choice.csv", out) == 0
    expected = {k: c for k, c in same_cards(shipped).items() if c.type.value == "choice"}
    assert same_cards(load_deck(out)) == expected


def test_a_quizlet_export_becomes_basic_cards_with_stable_ids(tmp_path):
    tsv = tmp_path / "set.tsv"
    tsv.write_text("learning rate\tstep size of each update\nbatch size\texamples per step\n", encoding="utf-8")
    out = tmp_path / "q.toml"
    assert import_file(tsv, out) == 0
    deck = load_deck(out)
    assert [(c.type.value, c.front, c.back) for c in deck.cards] == [
        ("basic", "learning rate", "step size of each update"), ("basic", "batch size", "examples per step")]
    tsv.write_text("batch size\texamples per step\nlearning rate\tthe step\n", encoding="utf-8")
    assert import_file(tsv, out, "--force") == 0
    assert {c.front: c.id for c in load_deck(out).cards} == {c.front: c.id for c in deck.cards}


def test_an_anki_text_export_without_a_note_type_column_is_basic_notes(tmp_path):
    txt = tmp_path / "notes.txt"
    txt.write_text("#separator:tab\n#html:true\n#tags column:3\nFront <b>x</b>\tBack&amp;y\ttag1 tag2\n", encoding="utf-8")
    assert import_file(txt, tmp_path / "n.toml") == 0
    (card,) = load_deck(tmp_path / "n.toml").cards
    assert (card.front, card.back, card.tags) == ("Front x", "Back&y", ("tag1", "tag2"))


def bad(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("junk.apkg", b"\x00\x01not a zip at all\xff", "not an Anki package (not a zip file)"),
        ("junk.txt", b"a\tb\nnot \xff utf-8", "line 2, column 5: not UTF-8 text (byte 0xff)"),
        ("words.txt", b"just some words\nwithout tabs\n", "line 1: expected term<TAB>definition"),
        ("empty.tsv", b"", "no notes in the file"),
        ("latin1.tsv", "ağ\tnet\n".encode("utf-8") + "çay\ttea\n".encode("latin-1"), "line 2, column 1: not UTF-8"),
    ],
)
def test_a_bad_or_foreign_file_is_one_line_and_exit_1(name, data, message, tmp_path, capsys):
    assert import_file(bad(tmp_path, name, data), tmp_path / "x.toml") == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x.toml").exists()


def test_a_zip_that_is_not_an_anki_package_is_one_line(tmp_path, capsys):
    path = tmp_path / "photos.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"jpeg")
    assert import_file(path, tmp_path / "x.toml") == 1
    assert "no Anki collection in it" in capsys.readouterr().err


def test_a_damaged_collection_is_one_line(tmp_path, capsys):
    path = tmp_path / "broken.apkg"
    shutil.copyfile(FIXTURES / "legacy.apkg", tmp_path / "ok.apkg")
    with zipfile.ZipFile(tmp_path / "ok.apkg") as source, zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, data[: len(data) // 3] if item.filename == "collection.anki21" else data)
    assert import_file(path, tmp_path / "x.toml") == 1
    err = capsys.readouterr().err.strip()
    assert "broken.apkg" in err and len(err.splitlines()) == 1


def test_an_existing_deck_file_is_kept_without_force(tmp_path, capsys):
    out = tmp_path / "mine.toml"
    out.write_text("# my deck\n", encoding="utf-8")
    assert import_file(FIXTURES / "legacy.apkg", out) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "# my deck\n"
