"""Cost-curve charts of simulator runs: PNG images (matplotlib) and terminal text (plotext).

Why two renderers: the command line and the lab show curves in the terminal, while
exported cards, the README and `--plot FILE.png` need real images. Both draw the
same picture: the training loss of each run solid, its validation loss dashed (or
dotted in the terminal), and each run's verdict in its legend label.

A diverged run's loss can reach 1e30 or infinity; drawn as is it would flatten
every other curve to a line at zero. Both renderers therefore drop non-finite
points and cap the loss axis at `Y_CAP_FACTOR` times the largest first-epoch loss
(the height every run starts near), so a blow-up shows as a curve leaving the top.

matplotlib is imported inside the PNG functions with the Agg canvas (no display,
no global pyplot state), so importing this module stays cheap for the TUI.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hpquiz.words import verdict_label

# A loss above this many times the largest first-epoch loss is drawn at the top edge.
Y_CAP_FACTOR = 3.0


def _finite(values) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def loss_cap(runs: Sequence) -> float | None:
    """The top of the loss axis: `Y_CAP_FACTOR` x the largest loss a run started from.

    A run starts from its first step's loss (before any update), else its first
    epoch's loss; the cap never exceeds the highest finite point actually drawn.
    """
    starts = []
    for run in runs:
        first = _finite(getattr(run, "step_loss", ())[:1])
        if not first.size:
            first = _finite(run.train_loss[:1])
        starts.extend(first.tolist())
    tops = [float(np.max(_finite(curve))) for run in runs for curve in (run.train_loss, run.val_loss) if _finite(curve).size]
    if not starts or not tops:
        return None
    return min(max(tops), Y_CAP_FACTOR * max(starts))


def _clipped(curve, cap: float | None) -> tuple[list[int], list[float]]:
    """(epochs, losses) with non-finite points dropped and values above `cap` set to it."""
    loss = np.asarray(curve, dtype=float)
    epochs = np.arange(1, loss.size + 1)
    keep = np.isfinite(loss)
    loss = loss[keep]
    if cap is not None:
        loss = np.minimum(loss, cap)
    return epochs[keep].tolist(), loss.tolist()


def _label(label: str, verdicts: Sequence | None, index: int) -> str:
    if verdicts is None or verdicts[index] is None:
        return label
    return f"{label} [{verdict_label(verdicts[index])}]"


def sweep_axis(field: str, values: Sequence, log: bool | None = None) -> tuple[list[float], list[str], bool]:
    """Positions and tick labels for a sweep's x axis.

    Numbers are placed at their value, or at log10(value) when `log` (default: the
    knob's `KNOBS[field].log` and all values positive). Log is drawn as log10 values
    on a linear axis because plotext's log axes fail when a plot is rebuilt.
    Anything else (choices, layer tuples, None = full batch) is placed at 0, 1, 2, …
    """
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    if not numeric:
        return list(map(float, range(len(values)))), [_value_text(v) for v in values], False
    if log is None:
        log = _knob_is_log(field)
    log = bool(log) and all(v > 0 for v in values)
    positions = [float(np.log10(v)) if log else float(v) for v in values]
    return positions, [_value_text(v) for v in values], log


def _knob_is_log(field: str) -> bool:
    from simulator import KNOBS

    knob = KNOBS.get(field)
    return bool(getattr(knob, "log", False))


def _value_text(value) -> str:
    if value is None:
        return "full"
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def final_losses(runs: Sequence) -> tuple[list[float], list[float]]:
    """Each run's last finite train and validation loss (NaN when it has none)."""

    def last(curve) -> float:
        finite = _finite(curve)
        return float(finite[-1]) if finite.size else float("nan")

    return [last(r.train_loss) for r in runs], [last(r.val_loss) for r in runs]


# --- terminal (plotext) -------------------------------------------------------------


def _plotext(width: int, height: int, color: bool):
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    if not color:
        plt.theme("clear")
    return plt


def _built(plt, color: bool) -> str:
    text = plt.build()
    plt.clear_figure()
    return text if color else plt.uncolorize(text)


def terminal_curves(
    runs: Sequence,
    labels: Sequence[str],
    width: int = 80,
    height: int = 20,
    *,
    verdicts: Sequence | None = None,
    title: str | None = "loss per epoch (train ━, validation ·)",
    color: bool = False,
) -> str:
    """The train/validation loss curves of `runs` as a text chart (no printing)."""
    plt = _plotext(width, height, color)
    cap = loss_cap(runs)
    for index, (run, label) in enumerate(zip(runs, labels, strict=True)):
        name = _label(label, verdicts, index)
        epochs, loss = _clipped(run.train_loss, cap)
        if epochs:
            plt.plot(epochs, loss, label=f"{name} train", marker="braille")
        epochs, loss = _clipped(run.val_loss, cap)
        if epochs:
            plt.plot(epochs, loss, label=f"{name} val", marker="·")
    if title:
        plt.title(title)
    plt.xlabel("epoch")
    return _built(plt, color)


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
    plt = _plotext(width, height, color)
    positions, ticks, is_log = sweep_axis(field, values, log)
    train, val = final_losses(runs)
    cap = loss_cap(runs)
    for name, losses, marker in (("train", train, "braille"), ("val", val, "·")):
        points = [(x, min(y, cap) if cap else y) for x, y in zip(positions, losses) if np.isfinite(y)]
        if points:
            xs, ys = zip(*points)
            plt.plot(list(xs), list(ys), label=f"final {name} loss", marker=marker)
    plt.xticks(positions, ticks)
    plt.title(f"final loss against {field}")
    plt.xlabel(f"{field} (log scale)" if is_log else field)
    return _built(plt, color)


# --- images (matplotlib) ------------------------------------------------------------


def _figure(title: str | None):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 4.5), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if title:
        axes.set_title(_balanced_lines(title), fontsize="medium")
    axes.grid(True, alpha=0.3)
    return figure, axes


def _balanced_lines(title: str, width: int = 85) -> str:
    """A title over as few lines as fit `width`, of even length: not a long line and a
    last one holding a lone "0"."""
    lines = -(-len(title) // width)
    return "\n".join(textwrap.wrap(title, min(width, -(-len(title) // lines) + 8)))


def _save(figure, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path


def render_curves_png(
    runs: Sequence,
    labels: Sequence[str],
    path,
    title: str | None = None,
    verdicts: Sequence | None = None,
) -> Path:
    """Write a PNG of each run's train (solid) and validation (dashed) loss per epoch."""
    return _save(curves_figure(runs, labels, title, verdicts), path)


def curves_figure(runs: Sequence, labels: Sequence[str], title: str | None = None, verdicts: Sequence | None = None):
    """The figure `render_curves_png` saves.

    The loss axis is logarithmic, as in the app's charts: losses fall over orders
    of magnitude, and on a linear axis the first epochs flatten the rest, so an
    overfitting run's rising validation loss (0.05 to 0.3, say) would be a flat
    line on the floor. One legend entry per run (its colour, label and verdict);
    the line style says train or validation, once, on the axis label. A run that
    blew up often lasts an epoch or two, too short to see as a line, so its last
    point gets an x, as in the app.
    """
    from matplotlib.ticker import FuncFormatter

    figure, axes = _figure(title)
    cap = loss_cap(runs)
    lowest = []
    for index, (run, label) in enumerate(zip(runs, labels, strict=True)):
        color = f"C{index % 10}"
        for curve, style, name in ((run.train_loss, "-", _label(label, verdicts, index)), (run.val_loss, "--", None)):
            epochs, loss = _clipped(curve, cap)
            positive = [value for value in loss if value > 0]
            if positive:
                lowest.append(min(positive))
            axes.plot(epochs, loss, color=color, linestyle=style, label=name if name else "_nolegend_")
            if name and getattr(run, "diverged", False) and epochs:
                axes.plot(epochs[-1:], loss[-1:], color=color, marker="x", markersize=9, linestyle="none")
    axes.set_xlabel("epoch")
    axes.set_ylabel("loss, log scale (solid: train, dashed: validation)")
    axes.set_yscale("log")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:g}"))  # 0.2, not 2 x 10^-1
    axes.yaxis.set_minor_formatter(FuncFormatter(lambda value, _position: _minor_label(axes, value)))
    if cap is not None and lowest:
        axes.set_ylim(bottom=min(lowest) / 1.5, top=cap * 1.5)
    axes.legend(fontsize="small")
    return figure


def _minor_label(axes, value: float) -> str:
    """Between powers of ten: every tick when the axis spans a decade or less (a flat
    curve at 0.69 gets 0.6 and 0.7 beside it), 2 and 5 (0.2, 0.5) up to two decades,
    none on a wider axis, where the powers of ten alone are easier to read."""
    low, high = axes.get_ylim()
    if value <= 0 or low <= 0 or high / low > 100:
        return ""
    lead = round(value / 10 ** np.floor(np.log10(value)))
    return f"{value:g}" if high / low <= 10 or lead in (2, 5) else ""


def render_sweep_png(field: str, values: Sequence, runs: Sequence, path, verdicts: Sequence | None = None) -> Path:
    """Write a PNG of final train and validation loss against the swept value."""
    figure, axes = _figure(f"final loss against {field}")
    positions, ticks, is_log = sweep_axis(field, values)
    train, val = final_losses(runs)
    cap = loss_cap(runs)
    if cap is not None:
        train, val = (np.minimum(train, cap).tolist(), np.minimum(val, cap).tolist())
    axes.plot(positions, train, marker="o", linestyle="-", label="final train loss")
    axes.plot(positions, val, marker="s", linestyle="--", label="final validation loss")
    axes.set_xticks(positions, ticks)
    if verdicts is not None:
        for x, y, verdict in zip(positions, val, verdicts):
            if np.isfinite(y):
                axes.annotate(verdict_label(verdict), (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    if cap is not None:
        axes.set_ylim(bottom=0, top=cap * 1.15)
    axes.set_xlabel(f"{field} (log scale)" if is_log else field)
    axes.set_ylabel("loss")
    axes.legend(fontsize="small")
    return _save(figure, path)
