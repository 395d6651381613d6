"""Markdown handouts: one `.md` per deck, curve PNGs in `images/` beside it.

Card text is plain text, so every character Markdown would read as markup
(`*`, `_`, `[`, `<`, `&`, `#`…, and list or heading markers at a line start)
is backslash-escaped: the rendered handout shows exactly what the deck says.
"""

from __future__ import annotations

import re
from pathlib import Path

from hpquiz.export.handout import Item, sections
from hpquiz.export.worksheet import HANDOUT, KEY, WORKSHEET, sheets
from hpquiz.export.target import marker
from hpquiz.export.job import ExportJob
from hpquiz.export.safe_write import Staging
from hpquiz.words import deck_words

SUFFIX = ".md"
IMAGES = "images"
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#!])")
LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def escape(text: str) -> str:
    """Plain text as Markdown that renders to the same text; line breaks kept (hard breaks)."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = INLINE_SPECIAL.sub(r"\\\1", line.strip())
        line = LINE_START.sub(lambda m: m.group(1) + "".join("\\" + c if not c.isdigit() else c for c in m.group(2)), line)
        if line:
            lines.append(line)
    return "\\\n".join(lines)


def image(path: Path, alt: str) -> str:
    return f"![{escape(alt)}]({IMAGES}/{path.name})"


def question_md(item: Item, worksheet: bool = False) -> list[str]:
    choose = f" *{escape(item.words.choose_all)}*" if item.several_right else ""
    parts = [f"**{item.number}.** {escape(item.prompt)}{choose}"]
    if item.setup:
        parts.append(f"*{item.words.setup}* {escape(item.setup)}")
    if item.question_image is not None:
        parts.append(image(item.question_image, item.words.question_figure.format(n=item.number)))
    if item.options:
        box = "☐ " if worksheet else ""
        parts.append("\n".join(f"- {box}{escape(option)}" for option in item.options))
    elif worksheet:
        parts.append("\\\n".join(["\\_" * 40] * 3))
    return parts


def answer_md(item: Item, heading: str) -> list[str]:
    parts = [f"{heading} {escape(item.answer)}"]
    if item.answer_image is not None:
        parts.append(image(item.answer_image, item.words.answer_figure.format(n=item.number)))
    if item.simulated:
        parts.append(f"*{item.words.simulated}* " + escape("; ".join(item.simulated)))
    if item.explanation:
        parts.append(escape(item.explanation))
    if item.source:
        parts.append(f"*{escape(item.source)}*")
    return parts


def render_sheet(deck, secs, mode: str, version: int | None) -> str:
    """A worksheet (questions, room to answer, a name line) or its key alone."""
    words = deck_words(deck.language)
    version_text = words.version.format(v=version) if version else ""
    if mode == KEY:
        parts = [f"# {escape(deck.title)}", f"## {escape(words.answer_key)}" + (f" · {version_text}" if version else "")]
        for section in secs:
            for item in section.items:
                line = f"{item.number}. **{escape(item.answer)}**"
                parts.append(line + (f"\\\n{escape(item.explanation)}" if item.explanation else ""))
        return "\n\n".join(parts) + "\n"
    blank = "\\_"
    parts = [f"# {escape(deck.title)}",
             f"{escape(words.name_line)} {blank * 30}  {escape(words.date_line)} {blank * 12}  {version_text}".strip()]
    for section in secs:
        parts.append(f"## {escape(section.title)}")
        for item in section.items:
            parts.extend(question_md(item, worksheet=True))
    return "\n\n".join(parts) + "\n"


def render(deck, secs, with_answers: bool) -> str:
    words = deck_words(deck.language)
    parts = [f"# {escape(deck.title)}"]
    if deck.description:
        parts.append(escape(deck.description))
    for section in secs:
        parts.append(f"## {escape(section.title)}")
        for item in section.items:
            parts.extend(question_md(item))
            if with_answers:
                parts.extend(answer_md(item, f"**{words.answer}**"))
    if not with_answers:
        parts.append("---")
        parts.append(f"## {escape(words.answer_key)}")
        for section in secs:
            for item in section.items:
                parts.extend(answer_md(item, f"**{item.number}.**"))
    return "\n\n".join(parts) + "\n"


def targets(job: ExportJob) -> list[Path]:
    return [sheet.path for sheet in sheets(job, SUFFIX, combine=False)]


def write(job: ExportJob) -> list[Path]:
    """Write `<deck>.md` per deck (or `out` itself for one deck, or each worksheet and key) and
    its images, all at once (`Staging`); returns the files."""
    staging, counted = Staging(), set()
    for sheet in sheets(job, SUFFIX, combine=False):
        (deck,), path = sheet.decks, sheet.path
        secs = sections(deck, job, report=deck.id not in counted)
        counted.add(deck.id)
        shown = (lambda i: (i.question_image,)) if sheet.mode == WORKSHEET else (
            (lambda i: ()) if sheet.mode == KEY else (lambda i: (i.question_image, i.answer_image)))
        body = render(deck, secs, job.with_answers) if sheet.mode == HANDOUT else render_sheet(
            deck, secs, sheet.mode, sheet.version)
        staging.part(path).write_text(f"<!-- {marker((deck,))} -->\n\n" + body, encoding="utf-8")
        images = [p for s in secs for i in s.items for p in shown(i) if p is not None]
        if images:
            (path.parent / IMAGES).mkdir(exist_ok=True)
            for source in images:
                staging.copy(source, path.parent / IMAGES / source.name)
    return staging.commit()
