"""The legend of an exported curve image is whole: every entry's marker, label and verdict inside the image.

The shipped cards' own legend labels (baseline, then each option in full) are drawn
over a few quick runs of one network, one of them blowing up, so the legends carry
verdicts and a "↑ … at epoch" note like the real cards' do; training the cards
themselves would take minutes.
"""

from __future__ import annotations

import pytest

from hpquiz.deck import load_decks
from hpquiz.export.media import run_labels
from hpquiz.export.plots import curves_figure, render_curves_png
from hpquiz.words import deck_words
from simulator import TrainConfig, diagnose, sweep

RATES = [0.1, 50.0, 0.001, 0.5, 0.01]  # the second run (option A, often the longest label) blows up
MARGIN = 0.05  # inches every legend entry keeps clear of the image's edges
CLIPPED = ["lab-csv-plant-growth-diverging", "knob-fix-sine-overfit", "drill-knob-overfitting",
           "knob-fix-sine-diverging", "knob-fix-xor-overfit", "tr-iddia-hiz-asiri"]


@pytest.fixture(scope="module")
def runs():
    """Five runs of one network on seed 0 and, for the faint spread, on seed 1."""
    own = sweep(TrainConfig(optimizer="sgd", epochs=40, n_samples=200), "learning_rate", RATES)
    other = sweep(TrainConfig(optimizer="sgd", epochs=40, n_samples=200, seed=1), "learning_rate", RATES)
    return own, [(run,) for run in other]


@pytest.fixture(scope="module")
def shipped():
    """card id -> (card, its deck's language)."""
    return {card.id: (card, deck.language) for deck in load_decks() for card in deck.cards}


def legend_entries(figure):
    """(text, handle) pairs of every legend on the figure, drawn as when it is saved."""
    from matplotlib.legend import Legend

    figure.canvas.draw()
    legends = figure.findobj(Legend)
    assert legends
    return legends, [pair for legend in legends for pair in zip(legend.get_texts(), legend.legend_handles)]


def inside(box, image, margin: float) -> bool:
    return (box.x0 >= image.x0 + margin and box.x1 <= image.x1 - margin
            and box.y0 >= image.y0 + margin and box.y1 <= image.y1 - margin)


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


@pytest.mark.parametrize("card_id", CLIPPED)
def test_every_legend_entry_of_a_card_image_lies_inside_the_saved_image(card_id, runs, shipped, tmp_path):
    card, language = shipped[card_id]
    labels = run_labels(card, language)
    own, replicas = runs
    own, replicas = own[: len(labels)], replicas[: len(labels)]
    verdicts = [diagnose(run).verdict for run in own]
    figure = curves_figure(own, labels, "The baseline and every option", verdicts, replicas, models=True,
                           language=language)
    legends, entries = legend_entries(figure)
    renderer = figure.canvas.get_renderer()
    image, margin = figure.bbox, MARGIN * figure.dpi
    for text, handle in entries:
        assert inside(text.get_window_extent(renderer), image, margin), f"legend text cut off: {text.get_text()!r}"
        assert inside(handle.get_window_extent(renderer), image, margin), f"marker cut off: {text.get_text()!r}"
    for legend in legends:
        assert not legend.get_window_extent(renderer).overlaps(figure.axes[0].get_window_extent(renderer))
    path = render_curves_png(own, labels, tmp_path / "back.png", "The baseline and every option", verdicts,
                             replicas, models=True, language=language)
    assert png_size(path) == (round(image.width), round(image.height))  # the saved image is the figure measured


@pytest.mark.parametrize("card_id", CLIPPED)
def test_a_legend_entry_names_its_whole_option_and_its_verdict(card_id, runs, shipped):
    card, language = shipped[card_id]
    labels = run_labels(card, language)
    own, replicas = runs
    own, replicas = own[: len(labels)], replicas[: len(labels)]
    verdicts = [diagnose(run).verdict for run in own]
    figure = curves_figure(own, labels, None, verdicts, replicas, models=True, language=language)
    _legends, entries = legend_entries(figure)
    shown = [" ".join(text.get_text().split()) for text, _handle in entries]
    assert not any("…" in entry for entry in shown)
    if not card.scenario.compare:  # a compare card's runs are the setup and the setup with its change
        for option, entry in zip(card.options, shown[1 : len(labels)], strict=True):
            assert option in entry
    for verdict, entry in zip(verdicts, shown):
        assert f": {deck_words(language).verdict(verdict.value)}" in entry


def test_a_long_legend_makes_the_image_taller_not_the_curves_smaller(runs, shipped):
    card, language = shipped["drill-knob-overfitting"]
    own, replicas = runs
    verdicts = [diagnose(run).verdict for run in own]
    short = curves_figure(own, ["baseline", "A", "B", "C", "D"], None, verdicts, replicas, models=True)
    long = curves_figure(own, run_labels(card, language), None, verdicts, replicas, models=True)
    for figure in (short, long):
        figure.canvas.draw()
    assert long.bbox.height > short.bbox.height
    assert long.axes[0].bbox.height >= short.axes[0].bbox.height - 2
