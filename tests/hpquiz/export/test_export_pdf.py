"""PDF export read back with pypdf: text (Turkish letters intact), contents per topic, curve images, keys."""

from __future__ import annotations

import pypdf

from hpquiz.export.formats import export
from hpquiz.export.job import Paper


def read(path):
    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def outline_titles(reader) -> list[str]:
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(item.title)

    walk(reader.outline)
    return out


def test_a_pdf_handout_keeps_turkish_text_and_has_contents_per_topic(tricky_deck, tmp_path, media_folder):
    (path,) = export([tricky_deck], "pdf", tmp_path / "h.pdf", media_folder=media_folder)
    reader, text = read(path)
    assert reader.metadata.title == tricky_deck.title
    assert "öğrenme oranı" in text and "çğıİöşü" in text
    assert "İçindekiler" in text and "Cevap anahtarı" in text
    assert outline_titles(reader) == ["Öğrenme hızı", "Yığın boyutu", "Cevap anahtarı"]


def test_scenario_curves_are_in_the_pdf(scenario_deck, tmp_path, media_folder):
    (path,) = export([scenario_deck], "pdf", tmp_path / "s.pdf", media_folder=media_folder)
    reader, text = read(path)
    images = sum(len(page.images) for page in reader.pages)
    assert images == 3  # the which-knob card's baseline, and every run of both cards in the key
    assert "A huge learning rate" in text


def test_several_decks_go_into_one_pdf_each_a_level_of_the_outline(tricky_deck, scenario_deck, tmp_path, media_folder):
    (path,) = export([tricky_deck, scenario_deck], "pdf", tmp_path / "both.pdf", media_folder=media_folder)
    reader, _ = read(path)
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [tricky_deck.title, scenario_deck.title]


def test_a_pdf_worksheet_and_its_key(tricky_deck, tmp_path, media_folder):
    sheet, key = export([tricky_deck], "pdf", tmp_path / "w.pdf", media_folder=media_folder,
                        paper=Paper(worksheet=True, key=True, size="letter"))
    _, sheet_text = read(sheet)
    reader, key_text = read(key)
    assert "Ad soyad:" in sheet_text and "Because" not in sheet_text
    assert "Because" in key_text
    assert round(float(reader.pages[0].mediabox.width)) == 612  # US Letter


def test_a_pdf_is_replaced_by_the_next_export_of_the_same_decks(tricky_deck, tmp_path, media_folder):
    path = tmp_path / "again.pdf"
    export([tricky_deck], "pdf", path, media_folder=media_folder)
    export([tricky_deck], "pdf", path, media_folder=media_folder)
    assert path.read_bytes().startswith(b"%PDF")
