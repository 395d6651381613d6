"""Drawing a `Chart` with plotext: the TUI widgets (textual-plotext) and the command line.

Log axes are drawn as log10 values on a linear axis, labelled with the real
values at the chart's round ticks: textual-plotext's own log scale raises when
a plot is rebuilt, and plotext's labels would read 10^-0.3. Train losses are
lines, validation losses dots; each run's shape sits on its train line a few
times, so runs are told apart without colour; other seeds are faint lines under
the main ones. A legend is text beside the chart (`legend_rows`), never a box
over the curves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from hpquiz.charts.curves import Chart, Line

__all__ = ["draw_chart", "legend_rows", "SHAPES_PER_LINE"]

SHAPES_PER_LINE = 5  # how often a run's shape is stamped on its train line


def _y(chart: Chart, values: Sequence[float]) -> list[float]:
    return [math.log10(v) for v in values] if chart.y.log else list(values)


def _shape_points(line: Line) -> tuple[list[float], list[float]]:
    n = len(line.x)
    if n <= SHAPES_PER_LINE:
        picks = range(n)
    else:
        picks = sorted({round(i * (n - 1) / (SHAPES_PER_LINE - 1)) for i in range(SHAPES_PER_LINE)})
    return [line.x[i] for i in picks], [line.y[i] for i in picks]


def draw_chart(plt, chart: Chart, title: str = "", *, colour: bool = True) -> None:
    """Draw `chart` on a plotext figure `plt` (the module, or a textual-plotext widget's `plt`)."""

    def paint(style, faint=False):
        if not colour:
            return None
        return style.faint_screen_rgb if faint else style.screen_rgb

    def plot(x, y, **kwargs):
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        plt.plot(list(x), _y(chart, y), **kwargs)

    def scatter(x, y, **kwargs):
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        plt.scatter(list(x), _y(chart, y), **kwargs)

    if title:
        plt.title(title)
    plt.xlabel(chart.x.title)
    # replicas under the main curves, validation under training
    order = sorted(chart.lines, key=lambda line: (not line.replica, line.split == "train"))
    for line in order:
        style = chart.styles[line.series]
        if line.replica:
            if line.split == "train":
                plot(line.x, line.y, marker="braille", color=paint(style, faint=True))
        elif line.split == "validation" and chart.kind == "curves":
            scatter(line.x, line.y, marker="dot", color=paint(style))
        else:
            plot(line.x, line.y, marker="braille", color=paint(style))
            scatter(*_shape_points(line), marker=style.symbol, color=paint(style))
    for marker in chart.markers:
        style = chart.styles[marker.series]
        if marker.kind == "best":
            if colour:
                plt.vline(marker.x, paint(style, faint=True))
            else:
                plt.vline(marker.x)
            scatter([marker.x], [marker.y], marker="○", color=paint(style))
        else:
            symbol = "↑" if marker.kind == "left" else "✕"
            scatter([marker.x], [marker.y], marker=symbol, color=paint(style))
    plt.xlim(chart.x.low, chart.x.high)
    plt.xticks(list(chart.x.ticks), list(chart.x.labels))
    low, high = _y(chart, [chart.y.low, chart.y.high])
    plt.ylim(low, high)
    plt.yticks(_y(chart, chart.y.ticks), list(chart.y.labels))


def legend_rows(chart: Chart) -> list[tuple[str, str, str]]:
    """Per shown run: (its shape, its terminal colour, "label: verdict, note")."""
    return [(style.symbol, style.screen, chart.legend_text(i)) for i, style in enumerate(chart.styles)]
