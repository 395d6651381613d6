"""The material a card's facts come from, named by title rather than by file name.

Deck files may cite a source by its file name in the material folder
(`001_f027e5dd55dc88ab.txt`, which stays unambiguous for authors and tools) or
by its title. Learners only ever see the title: on screen, in Anki notes and in
handouts, all through `source_titles`, so the map below is the one place a
material file gets its name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MATERIAL", "Material", "source_line", "source_title", "source_titles", "cited_marker", "cited_in"]

# Anki shows a card's source by title; the citations as the deck file wrote them ride
# along in an HTML comment, invisible in Anki, so importing the note gives them back.
CITED = re.compile(r"<!-- hpquiz-source: (\[.*?\]) -->", re.DOTALL)


@dataclass(frozen=True)
class Material:
    """One document of the material: its title in English and in Turkish."""

    title: str
    title_tr: str

    def in_language(self, language: str) -> str:
        return self.title_tr if language == "tr" else self.title


_LECTURE_REWRITE = Material(
    "Understanding hyperparameters in deep learning (lecture rewrite)",
    "Derin öğrenmede hiperparametreleri anlamak (dersin yeniden yazımı)",
)

MATERIAL: dict[str, Material] = {
    "000_6a3d63b4c051b5ce.txt": _LECTURE_REWRITE,
    "000_6a3d63b4c051b5ce.repaired.txt": _LECTURE_REWRITE,
    "001_f027e5dd55dc88ab.txt": Material(
        "Parameters and hyperparameters (lecture notes)",
        "Parametreler ve hiperparametreler (ders notları)",
    ),
    "002_cca2b9e1c0f2ecd1.txt": Material(
        "Parameters vs hyperparameters (course notes)",
        "Parametreler ve hiperparametreler (kurs notları)",
    ),
    "003_6eec0483608f1011.txt": Material(
        "Hyperparameters (Turkish lecture transcript)",
        "Hiperparametreler (Türkçe ders dökümü)",
    ),
}

_BY_TITLE = {title: m for m in MATERIAL.values() for title in (m.title, m.title_tr)}


def source_title(source: str, language: str = "en") -> str:
    """A cited source as the learner should read it: a known file or title in `language`,
    anything else (a deck's own citation, a web page) as written."""
    material = MATERIAL.get(source) or _BY_TITLE.get(source)
    return material.in_language(language) if material else source


def source_titles(sources: Iterable[str], language: str = "en") -> tuple[str, ...]:
    """Titles for a card's sources, each once, in order (both copies of the lecture rewrite are one)."""
    titles: list[str] = []
    for source in sources:
        title = source_title(source, language)
        if title not in titles:
            titles.append(title)
    return tuple(titles)


def source_line(sources: Iterable[str], language: str = "en") -> str:
    """"Source: Parameters and hyperparameters (lecture notes)", or "" for a card citing nothing."""
    from hpquiz.messages import say

    titles = source_titles(sources, language)
    return say("source.label", language, titles="; ".join(titles)) if titles else ""


def cited_marker(sources: Iterable[str]) -> str:
    """The citations as written, in an HTML comment (nothing for a card that cites nothing)."""
    cited = list(sources)
    if not cited:
        return ""
    return "<!-- hpquiz-source: " + json.dumps(cited, ensure_ascii=False).replace("--", "\\u002d\\u002d") + " -->"


def cited_in(html_field: str) -> list[str] | None:
    """The citations `cited_marker` put in an exported field, or None when it has none."""
    match = CITED.search(html_field)
    if match is None:
        return None
    try:
        cited = json.loads(match.group(1))
    except ValueError:
        return None
    return [str(c) for c in cited] if isinstance(cited, list) else None
