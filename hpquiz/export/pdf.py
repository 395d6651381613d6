"""PDF handouts, worksheets and keys with fpdf2 (pure Python): curve images, a
table of contents per topic, and Turkish (any Unicode) text in DejaVu Sans, the
font matplotlib ships, so nothing beyond `pip install` is needed.

The same sheets as the HTML export (`worksheet.sheets`): one PDF holds every deck
(each deck a level of the outline, its topics below), or one per deck in a folder.
The export marker goes into the PDF's keywords, which is how a later export
recognises the file as its own.

A question (prompt, setup, chart, options; in a handout with answers, its answer too)
is never split across pages, and a heading always has the question after it on its
page: each is measured before it is drawn (`keep`), since a prompt at the foot of one
page and its chart or last options at the top of the next cannot be read as one.
"""

from __future__ import annotations

from pathlib import Path

from hpquiz.export.handout import Item, Section, combined_title, sections
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
    pdf.hpquiz_lines = {}  # `lines`' memory
    return pdf


def lines(pdf, value: str, width: float, height: float) -> list[str]:
    """`value` broken into lines `width` wide in the current font, by fpdf2's own line
    breaking with nothing drawn, once: every question is measured before it is drawn,
    and breaking lines is most of the time a PDF takes to write."""
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, width, value)
    if key not in pdf.hpquiz_lines:
        pdf.hpquiz_lines[key] = pdf.multi_cell(width, height, value, align="L", dry_run=True, output="LINES")
    return pdf.hpquiz_lines[key]


def text(pdf, value: str, size: float = TEXT_SIZE, style: str = "", height: float = 5.2, color=None,
         indent: float = 0, dry: bool = False) -> float:
    """Write `value` from the left margin (plus `indent`) down the page, or with `dry`
    only measure it; returns its height."""
    pdf.set_font(FONT, style, size)
    width = pdf.epw - indent
    broken = lines(pdf, value, width, height)
    if dry:
        return height * len(broken)
    if color:
        pdf.set_text_color(*color)
    for line in broken:
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(width, height, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    return 0.0


def gap(pdf, height: float, dry: bool = False) -> float:
    if not dry:
        pdf.ln(height)
    return height


def section_start(pdf, title: str, level: int, dry: bool = False) -> float:
    """The outline entry (and contents line) of a heading: made where the heading is drawn,
    so it names the page the heading landed on."""
    if not dry:
        pdf.start_section(title, level=level)
    return 0.0


def writing_lines(pdf, count: int = 3, dry: bool = False) -> float:
    """Ruled lines to write an answer on, kept together."""
    if dry:
        return 7.0 * count
    if pdf.will_page_break(7.0 * count):
        pdf.add_page()
    for _ in range(count):
        pdf.ln(7)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    return 0.0


def picture_size(pdf, path: Path) -> tuple[float, float]:
    import struct

    with path.open("rb") as handle:
        pixels_wide, pixels_high = struct.unpack(">II", handle.read(24)[16:24])  # the PNG's IHDR
    width = pdf.epw * 0.82
    height = width * pixels_high / pixels_wide
    if height > pdf.eph * 0.8:  # a tall picture (curves over decision boundaries) fits on a page
        height = pdf.eph * 0.8
        width = height * pixels_wide / pixels_high
    return width, height


def picture(pdf, path: Path, caption: str, dry: bool = False) -> float:
    """An image with its caption under it, never parted from it."""
    width, height = picture_size(pdf, path)
    below = text(pdf, caption, 8.5, "I", 4.2, dry=True)
    if dry:
        return height + below + 1
    if pdf.will_page_break(height + below):
        pdf.add_page()
    pdf.image(str(path), x=pdf.l_margin, w=width, h=height)
    text(pdf, caption, 8.5, "I", 4.2, GREY)
    pdf.ln(1)
    return 0.0


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


# Laying out without splitting. A piece draws one thing, or with `dry=True` only returns
# its height; a block is a list of pieces and blocks, nested from the whole (a question
# and its answer) down to the parts that may go on separate pages if the whole cannot be
# on one (the prompt with its chart; the options). fpdf2's `unbreakable()` is not used:
# it records the drawing calls and replays them on the next page, so nothing inside may
# depend on the position (the worksheet's rules do), it deep-copies the whole document
# (fonts included) for every block, tens of milliseconds each and over 500 blocks in
# `export --all`, and it cannot tell "does not fit the rest of this page" from "does
# not fit any page", so a question taller than a page could not be split sensibly.

def piece(draw, *args, **kwargs):
    """`draw` with its arguments, to be called with the pdf (and `dry`) later."""
    return lambda pdf, dry=False: draw(pdf, *args, dry=dry, **kwargs)


def height_of(pdf, block) -> float:
    if isinstance(block, list):
        return sum(height_of(pdf, part) for part in block)
    return block(pdf, dry=True)


def at_top(pdf) -> bool:
    return pdf.get_y() <= pdf.t_margin + 0.5


def keep(pdf, block, first: bool = True) -> None:
    """Draw `block` on one page: here if it fits the rest of the page, else at the top of
    the next. One taller than a page starts a page of its own (`first`, the outermost
    such block) and is split between its parts, each kept together the same way; only a
    list of pieces taller than a page breaks where its lines fall."""
    if not isinstance(block, list):
        block(pdf)
        return
    need = height_of(pdf, block)
    if (need <= pdf.eph or first) and pdf.will_page_break(need) and not at_top(pdf):
        pdf.add_page()
    if need <= pdf.eph:
        for part in flat(block):
            part(pdf)
        return
    for part in block:
        keep(pdf, part, first=False)


def flat(block) -> list:
    return [p for part in block for p in flat(part)] if isinstance(block, list) else [block]


def heading(title: str, level: int, size: float = 13, after: float = 1) -> list:
    """A topic's (or the key's) heading, drawn only with what follows it (`keep`'s lead)."""
    return [piece(section_start, title, level), piece(text, title, size, "B", 7), piece(gap, after)]


def question_block(item: Item, mode: str, lead: list) -> list:
    """The question as `keep` places it: `lead` (headings not yet drawn), the prompt, its
    setup and chart; then the options or the lines to write on."""
    choose = f" {item.words.choose_all}" if item.several_right else ""
    top = [*lead, piece(text, f"{item.number}. {item.prompt}{choose}", style="B")]
    if item.setup:
        top.append(piece(text, f"{item.words.setup} {item.setup}", 8.5, "", 4.4, GREY))
    if item.question_image is not None:
        top.append(piece(picture, item.question_image, item.words.question_figure.format(n=item.number)))
    box = "☐ " if mode == WORKSHEET else ""
    rest = [piece(text, box + option, indent=5) for option in item.options]
    if mode == WORKSHEET and not item.options:
        rest.append(piece(writing_lines))
    return [top, [*rest, piece(gap, 3)]]


def answer_block(item: Item, label: str, pictures: bool, lead: list | tuple = ()) -> list:
    """The answer as `keep` places it: its line (with `lead`) and picture; then what the
    simulation did, the explanation and the source."""
    top = [*lead, piece(text, f"{label} {item.answer}", style="B")]
    if pictures and item.answer_image is not None:
        top.append(piece(picture, item.answer_image, item.words.answer_figure.format(n=item.number)))
    rest = []
    if pictures and item.simulated:
        rest.append(piece(text, f"{item.words.simulated} " + "; ".join(item.simulated), 8.5, "", 4.4, GREY))
    if item.explanation:
        rest.append(piece(text, item.explanation, 9, "", 4.6))
    if item.source:
        rest.append(piece(text, item.source, 8.5, "I", 4.4, GREY))
    return [top, [*rest, piece(gap, 2)]]


def answer_pages(pdf, secs: list[Section], lead: list, pictures: bool) -> None:
    for section in secs:
        for item in section.items:
            keep(pdf, answer_block(item, f"{item.number}.", pictures, lead))
            lead = []


def deck_header(deck, words, mode: str, version: int | None, level: int) -> list:
    """The deck's title lines: they lead into its first question, like a heading."""
    lead = [piece(section_start, deck.title, 0)] if level else []
    lead.append(piece(text, deck.title, 17, "B", 8))
    if version:
        lead.append(piece(text, words.version.format(v=version), 10, "B", 6))
    if mode == WORKSHEET:
        lead += [piece(gap, 2),
                 piece(text, f"{words.name_line} ______________________________    {words.date_line} ____________", 11)]
    elif deck.description and mode == HANDOUT:
        lead.append(piece(text, deck.description, 9.5, "", 5, GREY))
    return [*lead, piece(gap, 3)]


def deck_pages(pdf, deck, secs: list[Section], mode: str, version: int | None, with_answers: bool, level: int) -> None:
    """One deck's pages. Each question (in a handout with answers, with its answer) goes
    whole on one page, and headings are drawn with the question after them, never alone
    at the foot of a page."""
    words = deck_words(deck.language)
    if pdf.get_y() > pdf.t_margin + 1:  # the contents placeholder leaves a fresh page behind it
        pdf.add_page()
    lead = deck_header(deck, words, mode, version, level)
    if mode == KEY:
        answer_pages(pdf, secs, lead + heading(words.answer_key, level, after=0), pictures=False)
        return
    for section in secs:
        lead += heading(section.title, level)
        for item in section.items:
            block = question_block(item, mode, lead)
            if with_answers and mode == HANDOUT:
                block = [block, answer_block(item, words.answer, pictures=True)]
            keep(pdf, block)
            lead = []
    if lead:  # a deck without cards still shows its title
        keep(pdf, lead)
    if mode == HANDOUT and not with_answers:
        pdf.add_page()
        answer_pages(pdf, secs, heading(words.answer_key, level, after=0), pictures=True)


def targets(job: ExportJob) -> list[Path]:
    return [sheet.path for sheet in sheets(job, SUFFIX, combine=True)]


def write(job: ExportJob) -> list[Path]:
    """Write each sheet as a PDF; returns the files."""
    written, counted = [], set()
    for sheet in sheets(job, SUFFIX, combine=True):
        first = sheet.decks[0]
        title = combined_title([d.title for d in sheet.decks])
        pdf = new_pdf(job.paper.size, title, marker(sheet.decks))
        words = deck_words(first.language)
        pdf.hpquiz_words = words
        pdf.add_page()
        # a handout opens on its contents; a worksheet on its name line (a sheet handed in
        # loose must say whose it is) and a key on its answers
        if sheet.mode == HANDOUT:
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
