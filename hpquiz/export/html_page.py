"""HTML handouts: one self-contained page per deck, images inlined, styled to print cleanly.

Self-contained (images as base64 `data:` URIs, CSS inline) so an instructor can
mail or print a single file. Every piece of card text goes through `html_text`.
"""

from __future__ import annotations

import base64
from pathlib import Path

from hpquiz.export.handout import Item, Section, handout_files, sections
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
ol.options { margin: .4em 0; }
figure { margin: .6em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
.answer { border-left: 3px solid #1d7a35; padding-left: .8em; margin: .5em 0; }
.answer .label { font-weight: bold; color: #1d7a35; }
.simulated { font-size: .9em; color: #333; }
.deck-index ol { font-size: 1.1em; }
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


def question_html(item: Item) -> str:
    parts = [f'<p class="prompt"><span class="number">{item.number}.</span> {html_text(item.prompt)}</p>']
    if item.setup:
        parts.append(f'<p class="setup">{html_text(item.words.setup)} {html_text(item.setup)}</p>')
    if item.question_image is not None:
        parts.append(figure(item.question_image, item.words.question_figure.format(n=item.number)))
    if item.labels:
        options = "".join(f"<li>{html_text(label)}</li>" for label in item.labels)
        parts.append(f'<ol class="options" type="A">{options}</ol>')
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
    return '<div class="answer">' + "\n".join(parts) + "</div>"


def deck_body(deck, secs: list[Section], with_answers: bool, anchor: str = "") -> list[str]:
    """One deck's part of a page; `anchor` prefixes its ids, so several decks share a page."""
    words = deck_words(deck.language)
    body = [f'<article class="deck" id="{anchor}deck"><h1>{html_text(deck.title)}</h1>']
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


def render_page(parts: list[tuple[object, list[Section]]], with_answers: bool, marker: str) -> str:
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
        body.extend(deck_body(deck, secs, with_answers, f"{deck.id}-" if len(parts) > 1 else ""))
    title = first.title if len(parts) == 1 else " · ".join(deck.title for deck, _ in parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{html_text(first.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="{html_text(marker)}">\n'
        f"<title>{html_text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(deck, secs: list[Section], with_answers: bool) -> str:
    return render_page([(deck, secs)], with_answers, marker((deck,)))


def targets(job: ExportJob) -> list[Path]:
    return [path for _, path in handout_files(job, SUFFIX, combine=True)]


def write(job: ExportJob) -> list[Path]:
    """Write `<deck>.html` per deck in a folder, or one page `out` holding every deck; returns the files."""
    written = []
    for decks, path in handout_files(job, SUFFIX, combine=True):
        parts = [(deck, sections(deck, job)) for deck in decks]
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(render_page(parts, job.with_answers, marker(decks)), encoding="utf-8")
        replace_atomically(tmp, path)
        written.append(path)
    return written
