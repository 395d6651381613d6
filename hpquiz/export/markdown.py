"""Markdown handouts: one `.md` per deck, curve PNGs in `images/` beside it.

Card text is plain text, so every character Markdown would read as markup
(`*`, `_`, `[`, `<`, `&`, `#`…, and list or heading markers at a line start)
is backslash-escaped: the rendered handout shows exactly what the deck says.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hpquiz.export.handout import Item, handout_files, sections
from hpquiz.export.target import marker
from hpquiz.export.job import ExportJob, replace_atomically
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


def question_md(item: Item) -> list[str]:
    parts = [f"**{item.number}.** {escape(item.prompt)}"]
    if item.setup:
        parts.append(f"*{item.words.setup}* {escape(item.setup)}")
    if item.question_image is not None:
        parts.append(image(item.question_image, item.words.question_figure.format(n=item.number)))
    if item.options:
        parts.append("\n".join(f"- {escape(option)}" for option in item.options))
    return parts


def answer_md(item: Item, heading: str) -> list[str]:
    parts = [f"{heading} {escape(item.answer)}"]
    if item.answer_image is not None:
        parts.append(image(item.answer_image, item.words.answer_figure.format(n=item.number)))
    if item.simulated:
        parts.append(f"*{item.words.simulated}* " + escape("; ".join(item.simulated)))
    if item.explanation:
        parts.append(escape(item.explanation))
    return parts


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
    return [path for _, path in handout_files(job, SUFFIX, combine=False)]


def write(job: ExportJob) -> list[Path]:
    """Write `<deck>.md` per deck (or `out` itself for one deck) and its images; returns the files."""
    written = []
    for (deck,), path in handout_files(job, SUFFIX, combine=False):
        secs = sections(deck, job)
        written.append(path)
        images = [p for s in secs for i in s.items for p in (i.question_image, i.answer_image) if p is not None]
        if images:
            (path.parent / IMAGES).mkdir(exist_ok=True)
            for source in images:
                shutil.copyfile(source, path.parent / IMAGES / source.name)
                written.append(path.parent / IMAGES / source.name)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(f"<!-- {marker((deck,))} -->\n\n" + render(deck, secs, job.with_answers), encoding="utf-8")
        replace_atomically(tmp, path)
    return written
