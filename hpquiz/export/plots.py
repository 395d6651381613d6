"""Charts of simulator runs as PNG images (matplotlib) and terminal text (plotext).

Why two renderers: the command line shows curves in the terminal, while exported
cards, the README and `--plot FILE.png` need real images. Both draw a `Chart`
from `hpquiz.charts`, which decides the axes, ticks, blow-up markers, colours and
shapes, so a run looks the same in the terminal, the app and an exported card.

In a PNG the training loss is solid, the validation loss dashed, other seeds of
the same setup thin and faint; each run has its own colour and marker shape; the
legend sits below the axes, where it cannot cover a curve, and is kept whole: an
entry too long for its column is wrapped onto more lines (never cut, so its verdict
always shows), and the image grows taller by what the wrapping adds.

matplotlib is imported inside the PNG functions with the Agg canvas (no display,
no global pyplot state), so importing this module stays cheap for the TUI.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hpquiz.charts import Chart, Series, loss_chart
from hpquiz.charts.boundary import can_picture, model_picture
from hpquiz.charts.plotext_draw import draw_chart, legend_rows
from hpquiz.charts.sweeps import final_losses, sweep_axis, sweep_chart
from hpquiz.messages import ENGLISH, say

__all__ = [
    "curve_series", "terminal_chart", "terminal_curves", "terminal_sweep",
    "chart_figure", "curves_figure", "render_curves_png", "render_sweep_png",
    "final_losses", "sweep_axis",
]

MARKS_PER_LINE = 6  # marker shapes per curve in a PNG: enough to tell runs apart in grey
WIDTH, CHART_HEIGHT = 7.5, 4.8  # inches: a chart with a legend of one line per entry
CURVES_HEIGHT, MODELS_HEIGHT = 4.9, 2.3  # ... and with the row of model panels under it
LEGEND_MARGIN = 0.15  # inches a legend keeps clear of the image's left and right edges
LEGEND_COLUMNS = 2  # legend entries side by side, when each fits its column...
LEGEND_MAX_LINES = 3  # ... on this many lines at most; else one entry a row, the full width
LEGEND_MIN_WRAP = 16  # characters: no legend line is wrapped narrower


def curve_series(runs: Sequence, labels: Sequence[str], verdicts: Sequence | None = None,
                 replicas: Sequence[Sequence] | None = None) -> list[Series]:
    """Series for `loss_chart` from parallel lists (replicas[i]: run i's setup on other seeds)."""
    return [
        Series(label, run, tuple(replicas[i]) if replicas else (),
               None if verdicts is None or verdicts[i] is None else str(getattr(verdicts[i], "value", verdicts[i])))
        for i, (run, label) in enumerate(zip(runs, labels, strict=True))
    ]


# --- terminal (plotext) -------------------------------------------------------------


def terminal_chart(chart: Chart, width: int = 80, height: int = 20, title: str | None = None, *, color: bool = False) -> str:
    """A chart as text with its legend under it, one run a line (no printing)."""
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    if not color:
        plt.theme("clear")
    draw_chart(plt, chart, title or "", colour=color)
    text = plt.build()
    plt.clear_figure()
    if not color:
        text = plt.uncolorize(text)
    rows = [f"  {symbol} {label}" for symbol, _colour, label in legend_rows(chart)]
    return "\n".join([text.rstrip("\n"), *rows])


def terminal_curves(
    runs: Sequence,
    labels: Sequence[str],
    width: int = 80,
    height: int = 20,
    *,
    verdicts: Sequence | None = None,
    replicas: Sequence[Sequence] | None = None,
    title: str | None = "loss per epoch (train ━, validation ·)",
    color: bool = False,
) -> str:
    """The train/validation loss curves of `runs` as a text chart with a legend."""
    chart = loss_chart(curve_series(runs, labels, verdicts, replicas), max_y_ticks=max(3, height // 3))
    if chart.x.title.startswith("update step"):
        title = "loss per update step (train ━, validation ·)" if title else title
    return terminal_chart(chart, width, height, title, color=color)


def terminal_sweep(
    field: str,
    values: Sequence,
    runs: Sequence,
    width: int = 80,
    height: int = 20,
    *,
    log: bool | None = None,
    color: bool = False,
) -> str:
    """Final train and validation loss against the swept value, as a text chart."""
    chart = sweep_chart(field, values, runs, log=log, max_y_ticks=max(3, height // 3))
    return terminal_chart(chart, width, height, f"final loss against {field}", color=color)


# --- images (matplotlib) ------------------------------------------------------------


def _balanced_lines(title: str, width: int = 85) -> str:
    """A title over as few lines as fit `width`, of even length: not a long line and a
    last one holding a lone "0"."""
    lines = -(-len(title) // width)
    return "\n".join(textwrap.wrap(title, min(width, -(-len(title) // lines) + 8)))


def _new_figure(height: float = CHART_HEIGHT):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, height), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def chart_figure(chart: Chart, title: str | None = None):
    """A matplotlib figure of `chart`: its ticks and ranges exactly, no autoscaling."""
    figure = _new_figure()
    _axes, taller = draw_chart_on(figure, chart, title)
    figure.set_size_inches(WIDTH, CHART_HEIGHT + taller)
    return figure


def _wrap(label: str, width: int) -> str:
    """`label` over lines of at most `width` characters where it can, broken between
    words only: never inside "1e-4", nor on either side of a one-character word, so
    "↑ 13.3" and "epoch 1" stay together."""
    words = label.split(" ")
    glued = words[0] + "".join(("\u00a0" if min(len(a), len(b)) == 1 else " ") + b  # textwrap breaks at " " only
                               for a, b in zip(words, words[1:]))
    lines = textwrap.wrap(glued, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace("\u00a0", " ")


def _widest_fitting(fits, low: int, high: int) -> int | None:
    """The widest wrap in low..high for which `fits(width)`, by bisection (a narrower
    wrap is hardly ever wider, so a few trials do); None when no width tried fits. Only
    a width `fits` accepted is ever returned, so the legend it gives does fit."""
    if fits(high):
        return high
    best = None
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            best, low = middle, middle + 1
        else:
            high = middle
    return best


def _legend_below(figure, handles: list, labels: list[str]) -> float:
    """Put the legend under the axes, every entry whole and clear of the image's sides;
    returns how many inches taller it came out than one line per entry in two columns
    (the figure grows by that, so the curves keep their room).

    Why measure: constrained layout makes room under the axes for a legend placed
    "outside lower center", but it cannot make the image wider, so a legend wider
    than the figure is centred and both its ends are cut off. The entries are wrapped
    (textwrap) until matplotlib's renderer measures the legend inside the margins:
    in two columns while no entry needs more than `LEGEND_MAX_LINES` lines, else in
    one column across the full width."""
    renderer = figure.canvas.get_renderer()
    room = figure.bbox.width - 2 * LEGEND_MARGIN * figure.dpi

    def place(texts: list[str], ncols: int):
        return figure.legend(handles, texts, loc="outside lower center", ncols=ncols, fontsize="small", frameon=False)

    def extent(texts: list[str], ncols: int):
        legend = place(texts, ncols)
        box = legend.get_window_extent(renderer)
        legend.remove()
        return box

    most = min(LEGEND_COLUMNS, len(labels))
    one_line = extent(labels, most).height
    longest = max(LEGEND_MIN_WRAP, *map(len, labels))
    for ncols in range(most, 0, -1):
        width = _widest_fitting(lambda w: extent([_wrap(label, w) for label in labels], ncols).width <= room,
                                LEGEND_MIN_WRAP, longest)
        texts = [_wrap(label, width or LEGEND_MIN_WRAP) for label in labels]
        if width is not None and max(text.count("\n") + 1 for text in texts) <= LEGEND_MAX_LINES:
            break
    legend = place(texts, ncols)
    return max(0.0, legend.get_window_extent(renderer).height - one_line) / figure.dpi


def draw_chart_on(figure, chart: Chart, title: str | None = None):
    """Draw `chart` on a figure (or subfigure) of its own, legend below the axes; returns
    the axes and how many inches taller the figure should grow for a legend wrapped
    onto more lines (see `_legend_below`)."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import NullLocator

    axes = figure.add_subplot()
    if title:
        axes.set_title(_balanced_lines(title), fontsize="medium")
    axes.grid(True, alpha=0.3)
    curves = chart.kind == "curves"
    for line in sorted(chart.lines, key=lambda line: not line.replica):
        style = chart.styles[line.series]
        dashed = curves and line.split == "validation"
        if line.replica:
            axes.plot(line.x, line.y, color=style.paper, alpha=0.3, linewidth=0.8, linestyle="--" if dashed else "-")
            continue
        every = max(1, len(line.x) // MARKS_PER_LINE) if curves else 1
        axes.plot(line.x, line.y, color=style.paper, linestyle="--" if dashed else "-", linewidth=1.6,
                  marker=style.marker, markevery=every, markersize=5 if dashed else 6,
                  markerfacecolor="white" if dashed else style.paper)
    stacked: dict[str, int] = {}
    for marker in chart.markers:
        style = chart.styles[marker.series]
        if marker.kind == "best":
            axes.axvline(marker.x, color=style.paper, linestyle=":", linewidth=1)
            axes.plot([marker.x], [marker.y], marker="o", markersize=9, markerfacecolor="none", color=style.paper)
            continue
        row = stacked.setdefault(marker.kind, 0)
        stacked[marker.kind] = row + 1
        symbol = "^" if marker.kind == "left" else "X"
        axes.plot([marker.x], [marker.y], marker=symbol, markersize=10, color=style.paper, clip_on=False, zorder=5)
        right_half = marker.x > (chart.x.low + chart.x.high) / 2 if chart.kind != "sweep" else marker.x >= max(chart.x.ticks)
        axes.annotate(marker.text, (marker.x, marker.y), textcoords="offset points",
                      xytext=(-8 if right_half else 8, -12 - 13 * row),
                      fontsize=8, color=style.paper, ha="right" if right_half else "left", va="top",
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    axes.set_yscale("log" if chart.y.log else "linear")
    axes.set_ylim(chart.y.low, chart.y.high)
    axes.set_yticks(chart.y.ticks, chart.y.labels)
    axes.yaxis.set_minor_locator(NullLocator())
    axes.set_xlim(chart.x.low, chart.x.high) if chart.kind != "sweep" else axes.margins(x=0.05)
    axes.set_xticks(chart.x.ticks, chart.x.labels)
    axes.set_xlabel(chart.x.title)
    axes.set_ylabel(chart.y.title)
    handles = [
        Line2D([], [], color=style.paper, marker=style.marker, linestyle="--" if chart.kind == "sweep" and i else "-")
        for i, style in enumerate(chart.styles)
    ]
    labels = [chart.legend_text(i) for i in range(len(chart.styles))]
    if curves:
        handles.append(Line2D([], [], color="grey", linestyle="-"))
        labels.append(say("chart.solid_train", chart.language))
        handles.append(Line2D([], [], color="grey", linestyle="--", marker="o", markerfacecolor="white"))
        labels.append(say("chart.dashed_val", chart.language))
        if any(line.replica for line in chart.lines):
            handles.append(Line2D([], [], color="grey", alpha=0.3, linewidth=0.8))
            labels.append(say("chart.faint_seeds", chart.language))
    return axes, _legend_below(figure, handles, labels)


def _save(figure, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path


def curves_figure(runs: Sequence, labels: Sequence[str], title: str | None = None, verdicts: Sequence | None = None,
                  replicas: Sequence[Sequence] | None = None, models: bool = False, language: str = ENGLISH):
    """The figure `render_curves_png` saves; with `models`, each run's decision boundary
    (or fitted curve) in a row under the curves, in the run's colour frame; every word
    the picture adds (axes, legend, markers, verdicts) in `language`."""
    chart = loss_chart(curve_series(runs, labels, verdicts, replicas), language=language)
    if not models or not any(can_picture(run.config) == "" for run in runs):
        return chart_figure(chart, title)
    figure = _new_figure(CURVES_HEIGHT + MODELS_HEIGHT)
    rows = figure.add_gridspec(2, 1, height_ratios=[CURVES_HEIGHT, MODELS_HEIGHT], left=0, right=1, bottom=0, top=1)
    top, bottom = figure.add_subfigure(rows[0]), figure.add_subfigure(rows[1])
    _axes, taller = draw_chart_on(top, chart, title)
    draw_models_on(bottom, runs, chart)
    rows.set_height_ratios([CURVES_HEIGHT + taller, MODELS_HEIGHT])  # a taller legend takes nothing from the panels
    figure.set_size_inches(WIDTH, CURVES_HEIGHT + MODELS_HEIGHT + taller)
    return figure


def draw_models_on(figure, runs: Sequence, chart: Chart) -> None:
    """One small panel per run: what its network learned, titled with its label and verdict."""
    from hpquiz.charts.boundary import POINT_COLOURS, probability_colours
    from hpquiz.words import deck_words

    verdict_label = deck_words(chart.language).verdict
    panels = figure.subplots(1, len(runs), squeeze=False)[0]
    points = [tuple(c / 255 for c in colour) for colour in POINT_COLOURS]
    for index, (axes, run) in enumerate(zip(panels, runs)):
        style, series = chart.styles[index], chart.series[index]
        name = series.label.split(":")[0]
        axes.set_title(f"{name}: {verdict_label(series.verdict)}" if series.verdict else name,
                       fontsize="x-small", color=style.paper)
        axes.set_xticks([])
        axes.set_yticks([])
        axes.set_box_aspect(0.6 if run.config.is_regression else 1.0)  # the plane is not stretched to the row
        for spine in axes.spines.values():
            spine.set_edgecolor(style.paper)
            spine.set_linewidth(2)
        if can_picture(run.config):
            axes.text(0.5, 0.5, say("chart.no_picture", chart.language), ha="center", va="center", fontsize="x-small", transform=axes.transAxes)
            continue
        picture = model_picture(run, 120, 120 if not run.config.is_regression else 1)
        x0, x1, y0, y1 = picture.extent
        (train_xy, train_y), (val_xy, val_y) = picture.train, picture.val
        if picture.regression:
            xs = x0 + (np.arange(len(picture.values)) + 0.5) / len(picture.values) * (x1 - x0)
            axes.scatter(train_xy[:, 0], train_xy[:, 1], s=6, color="0.45", label="training")
            axes.scatter(val_xy[:, 0], val_xy[:, 1], s=10, facecolors="none", edgecolors="0.2", linewidths=0.6)
            axes.plot(xs, np.clip(picture.values, y0, y1), color=style.paper, linewidth=2)
            axes.set_xlim(x0, x1)
            axes.set_ylim(y0, y1)
            continue
        axes.imshow(probability_colours(picture.values), extent=(x0, x1, y0, y1), aspect="auto", interpolation="nearest")
        for xy, y, hollow in ((train_xy, train_y, False), (val_xy, val_y, True)):
            colours = [points[int(label > 0.5)] for label in y]
            if hollow:  # validation points: white inside, so they stand apart from the training points
                axes.scatter(xy[:, 0], xy[:, 1], s=9, facecolors="white", edgecolors=colours, linewidths=0.8)
            else:
                axes.scatter(xy[:, 0], xy[:, 1], s=6, color=colours, linewidths=0)
        axes.set_xlim(x0, x1)
        axes.set_ylim(y0, y1)
    figure.supxlabel(say("chart.models_points" if not runs[0].config.is_regression else "chart.models_curve",
                         chart.language), fontsize="x-small")


def render_curves_png(
    runs: Sequence,
    labels: Sequence[str],
    path,
    title: str | None = None,
    verdicts: Sequence | None = None,
    replicas: Sequence[Sequence] | None = None,
    models: bool = False,
    language: str = ENGLISH,
) -> Path:
    """Write a PNG of each run's train (solid) and validation (dashed) loss per epoch;
    `replicas[i]`: run i's setup on other seeds, drawn faint under it; `models`: each
    run's decision boundary or fitted curve under the curves; its words in `language`."""
    return _save(curves_figure(runs, labels, title, verdicts, replicas, models, language), path)


def render_sweep_png(field: str, values: Sequence, runs: Sequence, path, verdicts: Sequence | None = None) -> Path:
    """Write a PNG of final train and validation loss against the swept value, each
    point's verdict above it."""
    from hpquiz.words import verdict_label

    chart = sweep_chart(field, values, runs)
    figure = chart_figure(chart, f"final loss against {field}")
    axes = figure.axes[0]
    if verdicts is not None:
        tops = {x: y for line in chart.lines for x, y in zip(line.x, line.y)}
        for x, verdict in zip(chart.x.ticks, verdicts):
            if x in tops:
                axes.annotate(verdict_label(verdict), (x, tops[x]), textcoords="offset points", xytext=(0, 7),
                              ha="center", fontsize=7)
    return _save(figure, path)
