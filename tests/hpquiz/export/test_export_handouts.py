"""The printable handouts read back: every question, every image, answers where promised."""

from __future__ import annotations

import base64
import dataclasses
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from hpquiz.deck.model import CardType
from hpquiz.export import markdown
from hpquiz.export.formats import export
from hpquiz.export.text import cloze_blanked
from hpquiz.words import deck_words

TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), include_characters=" \n*_`#-+=>!<&[]()|~\\1."),
    min_size=1,
    max_size=60,
)


class Page(HTMLParser):
    """Text, start tags and images of an HTML document."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.tags: list[str] = []
        self.images: list[dict] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "br":
            self.chunks.append("\n")
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return squash("".join(self.chunks))


def squash(text: str) -> str:
    return " ".join(text.split())


def prompt_of(card) -> str:
    return cloze_blanked(card.front) if card.type is CardType.CLOZE else card.front


def test_html_handout_shows_every_question_and_keeps_card_text_literal(tricky_deck, tmp_path, media_folder):
    (path,) = export([tricky_deck], "html", tmp_path / "h.html", media_folder=media_folder)
    source = path.read_text(encoding="utf-8")
    page = Page(source)
    for card in tricky_deck.cards:
        assert squash(prompt_of(card)) in page.text, card.id
    assert "b" not in page.tags and "i" not in page.tags, "card HTML must be shown, not applied"
    assert page.text.index("Cevap anahtarı") > page.text.index(squash(prompt_of(tricky_deck.cards[-1])))
    assert squash(tricky_deck.cards[3].explanation) in page.text
    assert '<html lang="tr">' in source and "@media print" in source


def test_with_answers_puts_each_answer_under_its_question(tricky_deck, tmp_path, media_folder):
    (path,) = export([tricky_deck], "html", tmp_path / "h.html", with_answers=True, media_folder=media_folder)
    page = Page(path.read_text(encoding="utf-8"))
    assert "Cevap anahtarı" not in page.text
    choice = tricky_deck.cards[3]
    assert page.text.index(squash(choice.front)) < page.text.index("Cevap: B. c = d")


def test_html_handout_is_self_contained_with_inline_curve_images(scenario_deck, tmp_path, media_folder):
    (path,) = export([scenario_deck], "html", tmp_path / "s.html", media_folder=media_folder)
    page = Page(path.read_text(encoding="utf-8"))
    assert len(page.images) == 3  # which-knob: baseline with the question; both cards: curves in the key
    for image in page.images:
        assert image["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(image["src"].split(",", 1)[1]).startswith(b"\x89PNG")
        assert image["alt"]
    for card in scenario_deck.cards:
        assert squash(card.front) in page.text


def test_a_turkish_deck_gets_turkish_headings_captions_and_verdicts(scenario_deck, tmp_path, media_folder):
    turkish = dataclasses.replace(scenario_deck, id="senaryolar", language="tr")
    english = Page(export([scenario_deck], "html", tmp_path / "en.html", media_folder=media_folder)[0].read_text("utf-8"))
    page = Page(export([turkish], "html", tmp_path / "tr.html", media_folder=media_folder)[0].read_text("utf-8"))
    assert "Cevap anahtarı" in page.text and "Answer key" not in page.text
    assert "verilen ayar: " in page.text and "(doğru)" in page.text
    assert deck_words("tr").topic(scenario_deck.cards[0].topic) in page.text
    assert any(word in page.text for word in ("ıraksadı", "kararsız", "çok yavaş", "eksik öğrenme", "aşırı öğrenme", " iyi"))
    assert all(image["alt"].startswith(("Soru ", "Cevap ")) for image in page.images)
    assert "Answer key" in english.text and "baseline: " in english.text


def test_markdown_handout_renders_every_question_literally(tricky_deck, tmp_path, media_folder):
    (path,) = export([tricky_deck], "md", tmp_path / "deck.md", media_folder=media_folder)
    page = Page(MarkdownIt("commonmark").render(path.read_text(encoding="utf-8")))
    for card in tricky_deck.cards:
        assert squash(prompt_of(card)) in page.text, card.id
    assert "b" not in page.tags and "i" not in page.tags
    assert page.tags.count("h2") == 3  # two topics and the answer key


def test_markdown_images_sit_beside_the_file(scenario_deck, tmp_path, media_folder):
    files = export([scenario_deck], "md", f"{tmp_path}/out/", media_folder=media_folder)
    md = tmp_path / "out" / "scenarios.md"
    assert files[0] == md
    page = Page(MarkdownIt("commonmark").render(md.read_text(encoding="utf-8")))
    assert len(page.images) == 3
    for image in page.images:
        assert (md.parent / image["src"]).read_bytes().startswith(b"\x89PNG")


def test_one_handout_per_deck_when_several(tricky_deck, scenario_deck, tmp_path, media_folder):
    files = export([tricky_deck, scenario_deck], "html", f"{tmp_path}/handouts/", media_folder=media_folder)
    assert [p.name for p in files] == ["tricky.html", "scenarios.html"]


@given(TEXT)
def test_any_text_renders_unchanged_from_markdown(text):
    rendered = Page(MarkdownIt("commonmark").render(markdown.escape(text))).text
    assert rendered == squash(text)


def test_a_full_batch_setup_is_printed_as_the_deck_file_says_it_not_as_none():
    from hpquiz.export.text import change_line, setup_line
    from simulator import TrainConfig

    line = setup_line(TrainConfig(batch_size=None, epochs=50))
    assert "batch_size=full" in line and "none" not in line
    assert change_line({"batch_size": None}) == "batch_size=full"


def test_a_setup_without_hidden_layers_is_explained_in_the_decks_language():
    from hpquiz.export.text import setup_line
    from simulator import TrainConfig

    assert "hidden=[] (no hidden layer)" in setup_line(TrainConfig(hidden=()))
    assert "hidden=[] (gizli katman yok)" in setup_line(TrainConfig(hidden=()), "tr")


def test_a_page_of_decks_in_two_languages_marks_each_deck_with_its_own(tricky_deck, scenario_deck, tmp_path,
                                                                        media_folder):
    assert tricky_deck.language == "tr" and scenario_deck.language == "en"
    (path,) = export([tricky_deck, scenario_deck], "html", tmp_path / "both.html", media_folder=media_folder)
    page = path.read_text("utf-8")
    # a screen reader or a browser's hyphenation reads the English deck as English, not as the page's Turkish
    assert 'id="tricky-deck" lang="tr"' in page and 'id="scenarios-deck" lang="en"' in page


def test_a_page_of_many_decks_has_a_short_title():
    from hpquiz.export.handout import combined_title

    assert combined_title(["A", "B"]) == "A · B"
    assert combined_title([f"Deck {i}" for i in range(11)]) == "Deck 0 · Deck 1 · … (11)"


def test_topic_headings_read_as_titles_in_the_deck_s_language(tmp_path, media_folder):
    from export_decks import card

    from hpquiz.deck.model import Deck

    def headings(deck) -> list[str]:
        (path,) = export([deck], "md", tmp_path / f"{deck.id}.md", media_folder=media_folder)
        return [line[3:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]

    topics = ("parameters-vs-hyperparameters", "verdicts", "underfitting-overfitting")
    cards = tuple(card(f"c-{t}", CardType.BASIC, deck_id="d", topic=t, front=f"{t}?", back="yes") for t in topics)
    turkish, english = Deck("tr", "Konular", "tr", cards), Deck("en", "Topics", "en", cards)
    assert headings(turkish) == ["Parametreler ve hiperparametreler", "Eğitim sonuçları",
                                 "Eksik öğrenme ve aşırı öğrenme", "Cevap anahtarı"]
    assert headings(english) == ["Parameters vs hyperparameters", "Verdicts", "Underfitting and overfitting",
                                 "Answer key"]
