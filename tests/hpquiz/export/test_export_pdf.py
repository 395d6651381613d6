"""PDF export read back with pypdf: text (Turkish letters intact), contents per topic, curve images, keys,
and questions kept whole across page breaks."""

from __future__ import annotations

import pypdf
from export_decks import card

from hpquiz.deck.model import CardType, Deck
from hpquiz.export.formats import export
from hpquiz.export.job import Paper
from hpquiz.words import topic_title


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


def test_a_pdf_worksheet_opens_on_its_name_line_and_its_key_on_the_answers(tricky_deck, tmp_path, media_folder):
    sheet, key = export([tricky_deck], "pdf", tmp_path / "w.pdf", media_folder=media_folder,
                        paper=Paper(worksheet=True, key=True))
    first = pypdf.PdfReader(sheet).pages[0].extract_text()
    assert "Ad soyad:" in first  # a page handed in loose says whose it is: no contents page before it
    assert tricky_deck.cards[0].front.split()[0] in first  # the questions start at once
    assert "Because" in pypdf.PdfReader(key).pages[0].extract_text()


def test_a_pdf_is_replaced_by_the_next_export_of_the_same_decks(tricky_deck, tmp_path, media_folder):
    path = tmp_path / "again.pdf"
    export([tricky_deck], "pdf", path, media_folder=media_folder)
    export([tricky_deck], "pdf", path, media_folder=media_folder)
    assert path.read_bytes().startswith(b"%PDF")


# Keeping questions whole across page breaks. Every text of card n (prompt, options,
# answer, explanation) carries the word `mark(n)`, so the pages a card's text lands on
# can be read back from the PDF.

def mark(n: int) -> str:
    return f"zq{n:02d}q"


LONG_TOPICS = ("first-topic", "second-topic", "third-topic")


def long_deck() -> Deck:
    """Forty choice cards of uneven heights in three topics, about ten pages: page breaks
    fall wherever the questions put them, mid-question unless the writer prevents it."""
    cards = []
    for n in range(1, 41):
        filler = " ".join(["words enough to wrap the line"] * (n % 6 + 1))
        cards.append(card(f"long-{n}", CardType.CHOICE, deck_id="long", topic=LONG_TOPICS[(n - 1) // 14],
                          front=f"{mark(n)} asks {filler}?",
                          options=tuple(f"{mark(n)} option {i}{' ' + filler if i == 1 else ''}"
                                        for i in range(2 + n % 5)),
                          answer=(0,), explanation=f"{mark(n)} because {filler}."))
    return Deck(id="long", title="Long", language="en", cards=tuple(cards))


def page_texts(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def pages_of(pages: list[str], word: str) -> list[int]:
    return [i for i, page in enumerate(pages) if word in page]


def split_cards(path, cards: int) -> dict[int, list[int]]:
    """Card number -> the pages its text is on, for every card whose text is on more than one page."""
    pages = page_texts(path)
    on = {n: pages_of(pages, mark(n)) for n in range(1, cards + 1)}
    assert all(on.values())
    return {n: p for n, p in on.items() if len(p) > 1}


def test_no_question_of_a_pdf_handout_with_answers_is_split_across_pages(tmp_path, media_folder):
    (path,) = export([long_deck()], "pdf", tmp_path / "h.pdf", media_folder=media_folder, with_answers=True)
    assert len(page_texts(path)) >= 8
    assert split_cards(path, 40) == {}


def test_no_question_of_a_pdf_worksheet_or_answer_of_its_key_is_split_across_pages(tmp_path, media_folder):
    sheet, key = export([long_deck()], "pdf", tmp_path / "w.pdf", media_folder=media_folder,
                        paper=Paper(worksheet=True, key=True))
    assert split_cards(sheet, 40) == {}
    assert split_cards(key, 40) == {}


def test_a_pdf_topic_heading_is_on_the_page_of_its_first_question(tmp_path, media_folder):
    (path,) = export([long_deck()], "pdf", tmp_path / "h.pdf", media_folder=media_folder, with_answers=True)
    pages = page_texts(path)
    reader = pypdf.PdfReader(path)
    headings = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    for i, topic in enumerate(LONG_TOPICS):
        first = pages_of(pages, mark(14 * i + 1))[0]
        assert headings[topic_title(topic)] == first
        assert topic_title(topic) in pages[first]


def test_a_pdf_question_taller_than_a_page_starts_a_page_with_its_prompt_and_first_options(tmp_path, media_folder):
    short = card("short", CardType.CHOICE, deck_id="tall", front="A short one", options=("yes", "no"), answer=(0,))
    tall = card("tall", CardType.CHOICE, deck_id="tall", front=f"{mark(99)} has ninety options",
                options=tuple(f"{mark(99)} option {i} " + "long " * 12 for i in range(90)), answer=(0,))
    deck = Deck(id="tall", title="Tall", language="en", cards=(short, tall))
    (path,) = export([deck], "pdf", tmp_path / "t.pdf", media_folder=media_folder, with_answers=True)
    pages = page_texts(path)
    on = pages_of(pages, mark(99))
    assert len(on) > 1 and on == list(range(on[0], on[-1] + 1))
    assert "A short one" not in pages[on[0]]  # the tall question starts a page of its own...
    assert f"{mark(99)} has ninety options A. {mark(99)} option 0" in pages[on[0]]  # ...its prompt and first option


def test_a_pdf_scenario_question_has_its_prompt_chart_and_options_on_one_page(scenario_deck, tmp_path, media_folder):
    knob = scenario_deck.cards[1]
    fillers = tuple(card(f"filler-{i}", CardType.CHOICE, deck_id=knob.deck_id, topic=knob.topic,
                         front="A filler question " + "text " * 30, options=("one", "two", "three"), answer=(0,))
                    for i in range(5))  # the old layout put the prompt at the foot of page 2, the chart on page 3
    deck = Deck(id=scenario_deck.id, title="Scenarios", language="en", cards=(*fillers, knob))
    (path,) = export([deck], "pdf", tmp_path / "s.pdf", media_folder=media_folder)
    pages = page_texts(path)
    (prompt,) = pages_of(pages, "This run diverges")
    assert pages_of(pages, "Question 6: the baseline run") == [prompt]  # the chart's caption
    assert pages_of(pages, "Add dropout 0.5") == [prompt]  # the last option
    assert pypdf.PdfReader(path).pages[prompt].images
