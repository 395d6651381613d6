"""The curve and boundary pictures of an export speak the deck's language, and each language has its own files."""

from __future__ import annotations

import dataclasses

from hpquiz.drill import simulate
from hpquiz.export.formats import export
from hpquiz.export.media import MediaCache
from hpquiz.export.plots import curves_figure


def figure_words(figure) -> str:
    """Every text matplotlib will draw on the figure: titles, axis labels, legend, notes."""
    from matplotlib.text import Text

    return " | ".join(t.get_text() for t in figure.findobj(Text) if t.get_text().strip())


def test_a_turkish_figure_has_turkish_titles_axes_legend_and_verdicts(scenario_deck):
    knob = next(c for c in scenario_deck.cards if c.id == "s-knob")
    outcome = simulate(knob, seeds=2)
    runs, replicas = list(outcome.runs), list(outcome.replicas)
    labels = ["verilen ayar", "A: hız", "B: dropout"]
    words = figure_words(curves_figure(runs, labels, "Verilen ayar ve her seçenek", list(outcome.verdicts), replicas,
                                       models=True, language="tr"))
    for turkish in ("kayıp (log ölçek)", "epok", "düz çizgi: eğitim kaybı", "kesikli çizgi: doğrulama kaybı",
                    "soluk: aynı ayar, diğer tohumlarda", "her ağın öğrendiği", "ıraksadı"):
        assert turkish in words
    for english in ("loss (log scale)", "training loss", "validation", "diverged", "blew up", "what each network"):
        assert english not in words
    english_words = figure_words(curves_figure(runs, ["baseline", "A", "B"], None, list(outcome.verdicts), replicas,
                                               models=True))
    assert "loss (log scale)" in english_words and "diverged" in english_words


def test_an_english_and_a_turkish_export_of_a_card_keep_their_own_pictures(scenario_deck, tmp_path):
    media = tmp_path / "media"
    turkish = dataclasses.replace(scenario_deck, language="tr")
    (tmp_path / "en").mkdir()
    (tmp_path / "tr").mkdir()
    export([scenario_deck], "md", tmp_path / "en" / "q.md", media_folder=media)
    export([turkish], "md", tmp_path / "tr" / "q.md", media_folder=media)
    knob = next(c for c in scenario_deck.cards if c.id == "s-knob")
    en = MediaCache(media, languages={knob.id: "en"}).get(knob)
    tr = MediaCache(media, languages={knob.id: "tr"}).get(knob)
    assert en.back != tr.back and en.back.exists() and tr.back.exists()
    assert en.back.read_bytes() != tr.back.read_bytes()
    page = (tmp_path / "tr" / "q.md").read_text(encoding="utf-8")
    assert tr.back.name in page and en.back.name not in page
