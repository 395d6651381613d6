"""PDF handouts, worksheets and keys with fpdf2 (pure Python): curve images, a
table of contents per topic, and Turkish (any Unicode) text in DejaVu Sans, the
font matplotlib ships, so nothing beyond `pip install` is needed.

The same sheets as the HTML export (`worksheet.sheets`): one PDF holds every deck
(each deck a level of the outline, its topics below), or one per deck in a folder.
The export marker goes into the PDF's keywords, which is how a later export
recognises the file as its own.
"""

from __future__ import annotations

from pathlib import Path

from hpquiz.export.handout import Item, Section, sections
from hpquiz.export.job import ExportJob, replace_atomically
from hpquiz.export.target import marker
from hpquiz.export.worksheet import HANDOUT, KEY, WORKSHEET, sheets
from hpquiz.words import deck_words

SUFFIX = ".pdf"
FONT = "DejaVu"
TEXT_SIZE = 10.5
GREY = (90, 90, 90)


def font_files() -> dict[str, str]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": str(folder / "DejaVuSans.ttf"), "B": str(folder / "DejaVuSans-Bold.ttf"),
            "I": str(folder / "DejaVuSans-Oblique.ttf")}


def new_pdf(paper: str, title: str, keywords: str):
    from fpdf import FPDF

    pdf = FPDF(format="A4" if paper == "a4" else "letter")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=16)
    for style, path in font_files().items():
        pdf.add_font(FONT, style, path)
    pdf.set_title(title)
    pdf.set_creator("hpquiz")
    pdf.set_keywords(keywords)
    pdf.set_font(FONT, size=TEXT_SIZE)
    return pdf


def text(pdf, value: str, size: float = TEXT_SIZE, style: str = "", height: float = 5.2, color=None) -> None:
    pdf.set_font(FONT, style, size)
    if color:
        pdf.set_text_color(*color)
    pdf.multi_cell(0, height, value, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def picture(pdf, path: Path, caption: str) -> None:
    import struct

    with path.open("rb") as handle:
        pixels_wide, pixels_high = struct.unpack(">II", handle.read(24)[16:24])  # the PNG's IHDR
    width = pdf.epw * 0.82
    height = width * pixels_high / pixels_wide
    if height > pdf.eph * 0.8:  # a tall picture (curves over decision boundaries) fits on a page
        height = pdf.eph * 0.8
        width = height * pixels_wide / pixels_high
    if pdf.get_y() + height + 8 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(str(path), x=pdf.l_margin, w=width, h=height)
    text(pdf, caption, 8.5, "I", 4.2, GREY)
    pdf.ln(1)


def render_toc(pdf, outline) -> None:
    words = pdf.hpquiz_words
    text(pdf, words.contents, 16, "B", 9)
    pdf.ln(2)
    for section in outline:
        indent = 6 * section.level
        pdf.set_x(pdf.l_margin + indent)
        pdf.set_font(FONT, "B" if section.level == 0 else "", TEXT_SIZE)
        link = pdf.add_link(page=section.page_number)
        name = section.name
        pdf.cell(pdf.epw - indent - 12, 6.5, name, link=link)
        pdf.cell(12, 6.5, str(section.page_number), align="R", link=link, new_x="LMARGIN", new_y="NEXT")


def question(pdf, item: Item, mode: str) -> None:
    if pdf.get_y() > pdf.page_break_trigger - 30:
        pdf.add_page()
    choose = f" {item.words.choose_all}" if item.several_right else ""
    text(pdf, f"{item.number}. {item.prompt}{choose}", style="B")
    if item.setup:
        text(pdf, f"{item.words.setup} {item.setup}", 8.5, "", 4.4, GREY)
    if item.question_image is not None:
        picture(pdf, item.question_image, item.words.question_figure.format(n=item.number))
    box = "☐ " if mode == WORKSHEET else ""
    for option in item.options:
        pdf.set_x(pdf.l_margin + 5)
        pdf.set_font(FONT, "", TEXT_SIZE)
        pdf.multi_cell(pdf.epw - 5, 5.2, box + option, align="L", new_x="LMARGIN", new_y="NEXT")
    if mode == WORKSHEET and not item.options:
        for _ in range(3):
            pdf.ln(7)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(3)


def answer(pdf, item: Item, label: str, pictures: bool) -> None:
    if pdf.get_y() > pdf.page_break_trigger - 20:
        pdf.add_page()
    text(pdf, f"{label} {item.answer}", style="B")
    if pictures and item.answer_image is not None:
        picture(pdf, item.answer_image, item.words.answer_figure.format(n=item.number))
    if pictures and item.simulated:
        text(pdf, f"{item.words.simulated} " + "; ".join(item.simulated), 8.5, "", 4.4, GREY)
    if item.explanation:
        text(pdf, item.explanation, 9, "", 4.6)
    if item.source:
        text(pdf, item.source, 8.5, "I", 4.4, GREY)
    pdf.ln(2)


def deck_pages(pdf, deck, secs: list[Section], mode: str, version: int | None, with_answers: bool, level: int) -> None:
    words = deck_words(deck.language)
    if pdf.get_y() > pdf.t_margin + 1:  # the contents placeholder leaves a fresh page behind it
        pdf.add_page()
    if level:
        pdf.start_section(deck.title, level=0)
    text(pdf, deck.title, 17, "B", 8)
    if version:
        text(pdf, words.version.format(v=version), 10, "B", 6)
    if mode == WORKSHEET:
        pdf.ln(2)
        text(pdf, f"{words.name_line} ______________________________    {words.date_line} ____________", 11)
    elif deck.description and mode == HANDOUT:
        text(pdf, deck.description, 9.5, "", 5, GREY)
    pdf.ln(3)
    if mode == KEY:
        pdf.start_section(words.answer_key, level=level)
        text(pdf, words.answer_key, 13, "B", 7)
        for section in secs:
            for item in section.items:
                answer(pdf, item, f"{item.number}.", pictures=False)
        return
    for section in secs:
        pdf.start_section(section.title, level=level)
        text(pdf, section.title, 13, "B", 7)
        pdf.ln(1)
        for item in section.items:
            question(pdf, item, mode)
            if with_answers and mode == HANDOUT:
                answer(pdf, item, words.answer, pictures=True)
    if mode == HANDOUT and not with_answers:
        pdf.add_page()
        pdf.start_section(words.answer_key, level=level)
        text(pdf, words.answer_key, 13, "B", 7)
        for section in secs:
            for item in section.items:
                answer(pdf, item, f"{item.number}.", pictures=True)


def targets(job: ExportJob) -> list[Path]:
    return [sheet.path for sheet in sheets(job, SUFFIX, combine=True)]


def write(job: ExportJob) -> list[Path]:
    """Write each sheet as a PDF; returns the files."""
    written, counted = [], set()
    for sheet in sheets(job, SUFFIX, combine=True):
        first = sheet.decks[0]
        title = first.title if len(sheet.decks) == 1 else " · ".join(d.title for d in sheet.decks)
        pdf = new_pdf(job.paper.size, title, marker(sheet.decks))
        words = deck_words(first.language)
        pdf.hpquiz_words = words
        pdf.add_page()
        text(pdf, title, 18, "B", 9)
        pdf.ln(2)
        pdf.insert_toc_placeholder(render_toc, pages=toc_pages(sheet.decks))
        for deck in sheet.decks:
            secs = sections(deck, job, report=deck.id not in counted)
            counted.add(deck.id)
            deck_pages(pdf, deck, secs, sheet.mode, sheet.version, job.with_answers, 1 if len(sheet.decks) > 1 else 0)
        tmp = sheet.path.with_name(sheet.path.name + ".part")
        pdf.output(str(tmp))
        replace_atomically(tmp, sheet.path)
        written.append(sheet.path)
    return written


def toc_pages(decks) -> int:
    """Pages the contents need: about 34 lines a page, a line per topic (and deck, and key)."""
    lines = sum(len({c.topic for c in d.cards}) + 2 for d in decks)
    return 1 + lines // 34
