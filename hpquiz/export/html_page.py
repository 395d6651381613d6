"""HTML handouts: one self-contained page per deck, images inlined, styled to print cleanly.

Self-contained (images as base64 `data:` URIs, CSS inline) so an instructor can
mail or print a single file. Every piece of card text goes through `html_text`.
"""

from __future__ import annotations

import base64
from pathlib import Path

from hpquiz.export.handout import Item, Section, combined_title, sections
from hpquiz.export.worksheet import HANDOUT, KEY, WORKSHEET, sheets
from hpquiz.export.target import marker
from hpquiz.export.job import ExportJob, replace_atomically
from hpquiz.export.text import html_text
from hpquiz.words import deck_words

SUFFIX = ".html"

CSS = """
body { font-family: system-ui, "Segoe UI", sans-serif; color: #1b1b1b; max-width: 46em;
  margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #bbb; margin-top: 1.6em; }
.description { color: #444; }
.question { margin: 1em 0 1.4em; }
.number { font-weight: bold; }
.setup { font-family: ui-monospace, monospace; font-size: .85em; color: #333; }
.source { color: #666; font-size: .85em; font-style: italic; }
ol.options { margin: .4em 0; }
figure { margin: .6em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
.answer { border-left: 3px solid #1d7a35; padding-left: .8em; margin: .5em 0; }
.answer .label { font-weight: bold; color: #1d7a35; }
.simulated { font-size: .9em; color: #333; }
.deck-index ol { font-size: 1.1em; }
.choose { font-style: italic; color: #444; white-space: nowrap; }
.name-line { margin: 1em 0 1.5em; font-size: 1.05em; }
.name-line .blank { display: inline-block; width: 18em; border-bottom: 1px solid #000; }
.name-line .blank.short { width: 7em; }
.name-line .version { float: right; font-weight: bold; }
.worksheet ol.options { list-style-type: upper-alpha; }
.box { font-size: 1.1em; }
.lines div { border-bottom: 1px solid #888; height: 1.9em; }
ol.key li { margin: .35em 0; }
.key .explanation { color: #444; font-size: .92em; }
article.deck + article.deck { break-before: page; margin-top: 3em; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  .question, .answer, figure { break-inside: avoid; }
  .answer-key { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"""


def data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def figure(path: Path, caption: str) -> str:
    return (
        f'<figure><img src="{data_uri(path)}" alt="{html_text(caption)}">'
        f"<figcaption>{html_text(caption)}</figcaption></figure>"
    )


def question_html(item: Item, worksheet: bool = False) -> str:
    choose = f' <span class="choose">{html_text(item.words.choose_all)}</span>' if item.several_right else ""
    parts = [f'<p class="prompt"><span class="number">{item.number}.</span> {html_text(item.prompt)}{choose}</p>']
    if item.setup:
        parts.append(f'<p class="setup">{html_text(item.words.setup)} {html_text(item.setup)}</p>')
    if item.question_image is not None:
        parts.append(figure(item.question_image, item.words.question_figure.format(n=item.number)))
    if item.labels:
        box = '<span class="box">☐</span> ' if worksheet else ""
        options = "".join(f"<li>{box}{html_text(label)}</li>" for label in item.labels)
        parts.append(f'<ol class="options" type="A">{options}</ol>')
    elif worksheet:
        parts.append('<div class="lines"><div></div><div></div><div></div></div>')
    return "\n".join(parts)


def answer_html(item: Item, label: str) -> str:
    parts = [f'<p><span class="label">{html_text(label)}</span> {html_text(item.answer)}</p>']
    if item.answer_image is not None:
        parts.append(figure(item.answer_image, item.words.answer_figure.format(n=item.number)))
    if item.simulated:
        lines = "".join(f"<li>{html_text(line)}</li>" for line in item.simulated)
        parts.append(f'<ul class="simulated">{lines}</ul>')
    if item.explanation:
        parts.append(f'<p class="explanation">{html_text(item.explanation)}</p>')
    if item.source:
        parts.append(f'<p class="source">{html_text(item.source)}</p>')
    return '<div class="answer">' + "\n".join(parts) + "</div>"


def key_body(deck, secs: list[Section], version: int | None, anchor: str = "") -> list[str]:
    """The key alone: each number's answer and explanation, no pictures (they would not be needed)."""
    words = deck_words(deck.language)
    title = words.answer_key + (f" · {words.version.format(v=version)}" if version else "")
    body = [f'<article class="deck key" id="{anchor}deck" lang="{html_text(deck.language)}"><h1>{html_text(deck.title)}</h1><h2>{html_text(title)}</h2>',
            '<ol class="key">']
    for section in secs:
        for item in section.items:
            explanation = f'<br><span class="explanation">{html_text(item.explanation)}</span>' if item.explanation else ""
            body.append(f'<li value="{item.number}"><b>{html_text(item.answer)}</b>{explanation}</li>')
    body.append("</ol></article>")
    return body


def worksheet_body(deck, secs: list[Section], version: int | None, anchor: str = "") -> list[str]:
    """Questions only, with room to answer, a name line and the version."""
    words = deck_words(deck.language)
    version_text = f'<span class="version">{html_text(words.version.format(v=version))}</span>' if version else ""
    body = [f'<article class="deck worksheet" id="{anchor}deck" lang="{html_text(deck.language)}"><h1>{html_text(deck.title)}</h1>',
            f'<p class="name-line">{html_text(words.name_line)} <span class="blank"></span> '
            f'{html_text(words.date_line)} <span class="blank short"></span> {version_text}</p>']
    for section in secs:
        body.append(f'<section class="topic"><h2>{html_text(section.title)}</h2>')
        for item in section.items:
            body.append(f'<div class="question" id="{anchor}q{item.number}">\n{question_html(item, True)}</div>')
        body.append("</section>")
    body.append("</article>")
    return body


def deck_body(deck, secs: list[Section], with_answers: bool, anchor: str = "") -> list[str]:
    """One deck's part of a page; `anchor` prefixes its ids, so several decks share a page."""
    words = deck_words(deck.language)
    body = [f'<article class="deck" id="{anchor}deck" lang="{html_text(deck.language)}"><h1>{html_text(deck.title)}</h1>']
    if deck.description:
        body.append(f'<p class="description">{html_text(deck.description)}</p>')
    for section in secs:
        body.append(f'<section class="topic"><h2>{html_text(section.title)}</h2>')
        for item in section.items:
            answer = answer_html(item, words.answer) if with_answers else ""
            body.append(f'<div class="question" id="{anchor}q{item.number}">\n{question_html(item)}\n{answer}</div>')
        body.append("</section>")
    if not with_answers:
        body.append(f'<section class="answer-key"><h2>{html_text(words.answer_key)}</h2>')
        for section in secs:
            for item in section.items:
                body.append(answer_html(item, f"{item.number}."))
        body.append("</section>")
    body.append("</article>")
    return body


def render_page(parts: list[tuple[object, list[Section]]], with_answers: bool, marker: str,
                mode: str = HANDOUT, version: int | None = None, paper: str = "a4") -> str:
    """A page of one deck, or of several after an index linking to each."""
    first = parts[0][0]
    body: list[str] = []
    if len(parts) > 1:
        links = "".join(
            f'<li><a href="#{html_text(deck.id)}-deck">{html_text(deck.title)}</a> ({len(deck.cards)})</li>'
            for deck, _ in parts
        )
        body.append(f'<nav class="deck-index"><h1>hpquiz</h1><ol>{links}</ol></nav>')
    for deck, secs in parts:
        anchor = f"{deck.id}-" if len(parts) > 1 else ""
        if mode == WORKSHEET:
            body.extend(worksheet_body(deck, secs, version, anchor))
        elif mode == KEY:
            body.extend(key_body(deck, secs, version, anchor))
        else:
            body.extend(deck_body(deck, secs, with_answers, anchor))
    title = combined_title([deck.title for deck, _ in parts])
    return (
        f'<!DOCTYPE html>\n<html lang="{html_text(first.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="{html_text(marker)}">\n'
        f"<title>{html_text(title)}</title>\n<style>{CSS}{page_css(paper)}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(deck, secs: list[Section], with_answers: bool) -> str:
    return render_page([(deck, secs)], with_answers, marker((deck,)))


def page_css(paper: str) -> str:
    """The printed page: A4 or Letter, with margins a printer can reach."""
    return f"\n@page {{ size: {'A4' if paper == 'a4' else 'letter'}; margin: 16mm 15mm; }}\n"


def targets(job: ExportJob) -> list[Path]:
    return [sheet.path for sheet in sheets(job, SUFFIX, combine=True)]


def write(job: ExportJob) -> list[Path]:
    """Write `<deck>.html` per deck in a folder, or one page `out` holding every deck (and, for
    worksheets, every version and key); returns the files."""
    written, counted = [], set()
    for sheet in sheets(job, SUFFIX, combine=True):
        parts = []
        for deck in sheet.decks:
            parts.append((deck, sections(deck, job, report=deck.id not in counted)))
            counted.add(deck.id)
        tmp = sheet.path.with_name(sheet.path.name + ".part")
        tmp.write_text(render_page(parts, job.with_answers, marker(sheet.decks), sheet.mode, sheet.version,
                                   job.paper.size), encoding="utf-8")
        replace_atomically(tmp, sheet.path)
        written.append(sheet.path)
    return written
