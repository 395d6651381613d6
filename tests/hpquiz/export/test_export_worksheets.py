"""Worksheets, keys and shuffled versions: what a printed test needs, checked on the pages themselves."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from hpquiz.export.formats import export
from hpquiz.export.job import ExportError, Paper


class Text(HTMLParser):
    """The page's visible text, and its questions' options by number."""

    def __init__(self, page: str):
        super().__init__()
        self.chunks: list[str] = []
        self.skip = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.skip = tag in ("style", "title", "script")

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())


def write(decks, tmp_path, media_folder, name="quiz.html", fmt="html", **paper):
    return export(decks, fmt, tmp_path / name, media_folder=media_folder, paper=Paper(**paper))


def test_a_worksheet_has_a_name_line_room_to_answer_and_no_answers(tricky_deck, tmp_path, media_folder):
    (path,) = write([tricky_deck], tmp_path, media_folder, worksheet=True)
    page = path.read_text(encoding="utf-8")
    text = Text(page).text
    assert "Ad soyad:" in text and "Tarih:" in text  # the deck is Turkish
    assert "Cevap anahtarı" not in text and "Because" not in text
    assert page.count('<div class="lines">') == 3  # basic, cloze and reverse: written answers
    assert page.count("☐") == 4 + 3


def test_a_question_with_several_right_options_says_choose_all_that_apply(tricky_deck, tmp_path, media_folder):
    (path,) = write([tricky_deck], tmp_path, media_folder, worksheet=True)
    text = Text(path.read_text(encoding="utf-8")).text
    assert text.count("(uygun olanların hepsini seçin)") == 1
    english = tricky_deck.__class__(**{**tricky_deck.__dict__, "language": "en"})
    (handout,) = export([english], "html", tmp_path / "h.html", media_folder=media_folder)
    assert Text(handout.read_text(encoding="utf-8")).text.count("(choose all that apply)") == 1


def test_the_key_alone_has_every_answer_and_no_question_text(tricky_deck, tmp_path, media_folder):
    sheet, path = write([tricky_deck], tmp_path, media_folder, worksheet=True, key=True)
    text = Text(path.read_text(encoding="utf-8")).text
    assert "Cevap anahtarı" in text and "Because" in text
    assert "Pick two" not in text
    # the multi-answer card's right options, by the letters the worksheet printed them under
    options = options_of(sheet.read_text(encoding="utf-8"), "Pick two")
    assert "; ".join(f"{'ABC'[options.index(w)]}. {w}" for w in sorted(["one", "three"], key=options.index)) in text


def test_versions_shuffle_questions_and_options_each_with_a_key_that_follows(tricky_deck, tmp_path, media_folder):
    files = write([tricky_deck], tmp_path, media_folder, worksheet=True, key=True, versions=3, seed=4)
    assert [p.name for p in files] == ["quiz-v1.html", "quiz-v1-key.html", "quiz-v2.html", "quiz-v2-key.html",
                                       "quiz-v3.html", "quiz-v3-key.html"]
    orders = set()
    for v in (1, 2, 3):
        sheet = (tmp_path / f"quiz-v{v}.html").read_text(encoding="utf-8")
        key = Text((tmp_path / f"quiz-v{v}-key.html").read_text(encoding="utf-8")).text
        # the multi-answer card: its right options are "one" and "three" wherever they landed
        block = sheet.split("Pick two", 1)[1].split("</ol>", 1)[0]
        labels = re.findall(r"☐</span> ([^<]+)</li>", block)
        letters = "; ".join(f"{'ABC'[labels.index(w)]}. {w}" for w in sorted(["one", "three"], key=labels.index))
        assert letters in key
        orders.add(tuple(labels))
        assert f"Sürüm {v}" in Text(sheet).text
    assert len(orders) > 1
    (tmp_path / "again").mkdir()
    again = write([tricky_deck], tmp_path / "again", media_folder, worksheet=True, versions=3, seed=4)
    assert again[0].read_text(encoding="utf-8") == (tmp_path / "quiz-v1.html").read_text(encoding="utf-8")


def test_html_sets_the_page_size(tricky_deck, tmp_path, media_folder):
    (letter,) = write([tricky_deck], tmp_path, media_folder, "l.html", worksheet=True, size="letter")
    (a4,) = write([tricky_deck], tmp_path, media_folder, "a.html", key=True)
    assert "@page { size: letter;" in letter.read_text(encoding="utf-8")
    assert "@page { size: A4;" in a4.read_text(encoding="utf-8")


def test_a_markdown_worksheet_and_key(tricky_deck, tmp_path, media_folder):
    sheet, key = write([tricky_deck], tmp_path, media_folder, "q.md", "md", worksheet=True, key=True)
    assert (sheet.name, key.name) == ("q.md", "q-key.md")
    assert "Ad soyad:" in sheet.read_text(encoding="utf-8") and "Because" not in sheet.read_text(encoding="utf-8")
    assert "Because" in key.read_text(encoding="utf-8")


def test_worksheet_options_are_refused_for_formats_that_are_not_printed(tricky_deck, tmp_path, media_folder):
    with pytest.raises(ExportError, match="md, html and pdf"):
        write([tricky_deck], tmp_path, media_folder, "q.gift", "gift", worksheet=True)
    with pytest.raises(ExportError, match="between 1 and 26"):
        Paper(versions=0)


def sheet_questions(page: str) -> dict[str, list[str]]:
    """Question prompt (its start) -> the option texts in the order the sheet prints them."""
    import html as html_module

    out = {}
    for block in page.split('<div class="question"')[1:]:
        prompt = re.search(r'<p class="prompt"><span class="number">\d+\.</span> ([^<]+)', block)
        if prompt is None or '<ol class="options"' not in block:
            continue
        prompt = prompt.group(1)
        labels = re.findall(r'☐</span> (.+?)</li>', block.split('<ol class="options"', 1)[1].split("</ol>", 1)[0])
        out[html_module.unescape(prompt)] = [html_module.unescape(label) for label in labels]
    return out


def options_of(page: str, start: str) -> list[str]:
    """The option texts, in printed order, of the question whose prompt starts with `start`."""
    (options,) = [o for prompt, o in sheet_questions(page).items() if prompt.startswith(start)]
    return options


def test_each_version_shuffles_which_knob_options_and_its_key_names_the_right_text(scenario_deck, tmp_path,
                                                                                   media_folder):
    import html as html_module

    files = write([scenario_deck], tmp_path, media_folder, worksheet=True, key=True, versions=6, seed=2)
    right = {"This run diverges. Which c": ["Lower the learning rate to 0.5 # safe"]}
    orders = set()
    for v in range(1, 7):
        sheet = (tmp_path / f"quiz-v{v}.html").read_text(encoding="utf-8")
        key = (tmp_path / f"quiz-v{v}-key.html").read_text(encoding="utf-8")
        for prompt, texts in right.items():
            options = options_of(sheet, prompt)
            orders.add(tuple(options))
            letters = "; ".join(f"{'ABCDEFGH'[options.index(t)]}. {t}" for t in sorted(texts, key=options.index))
            assert letters in html_module.unescape(key)
    assert len(orders) == 2  # both orders of the two options occur over six versions
    assert len(files) == 12


def test_a_version_draws_a_which_knob_card_with_its_own_option_order(scenario_deck, tmp_path, media_folder):
    from hpquiz.export.worksheet import shuffled

    knob = next(c for c in scenario_deck.cards if c.id == "s-knob")
    for version in range(1, 7):
        card = next(c for c in shuffled(scenario_deck, 2, version).cards if c.id == "s-knob")
        for option, change in zip(card.options, card.scenario.changes, strict=True):
            assert change == knob.scenario.changes[knob.options.index(option)]  # each text keeps its knob change
        assert [card.options[i] for i in card.answer] == [knob.options[i] for i in knob.answer]
