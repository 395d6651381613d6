"""Terminal charts of training runs: loss curves, weight norms, sweeps.

Losses span orders of magnitude (a diverging run next to a good one), so they
are plotted as log10 values on a *linear* axis: textual-plotext's own log axis
raises ValueError when a plot is rebuilt. Non-finite points (a blown-up run)
are dropped; the run's verdict says what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.text import Text
from textual_plotext import PlotextPlot

from hpquiz.words import verdict_label

# Colours both plotext and rich know by these names, so a legend can match the lines.
COLOURS = ("cyan", "magenta", "green", "yellow", "red", "blue", "white")
LOG_FLOOR = -4.0
LOG_CEILING = 3.0


@dataclass(frozen=True)
class Curve:
    """One run's losses as drawn: a label, per-epoch train and validation loss, a verdict."""

    label: str
    train: np.ndarray
    val: np.ndarray
    verdict: str = ""
    dim: bool = False


def log_losses(values: np.ndarray) -> tuple[list[int], list[float]]:
    """Epoch numbers (from 1) and log10 losses of the finite points, clipped to the chart."""
    values = np.asarray(values, dtype=float)
    epochs = np.arange(1, len(values) + 1)
    keep = np.isfinite(values) & (values > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.clip(np.log10(values[keep]), LOG_FLOOR, LOG_CEILING)
    return epochs[keep].tolist(), logs.tolist()


def legend(curves: Sequence[Curve]) -> Text:
    """Colour key: ━ train, • validation, then each run's label and verdict."""
    text = Text()
    text.append("━ train  • validation", style="dim")
    for i, curve in enumerate(curves):
        text.append("\n" if i % 2 == 0 else "   ")
        text.append("■ ", style=COLOURS[i % len(COLOURS)])
        text.append(curve.label, style="dim" if curve.dim else "")
        if curve.verdict:
            text.append(f": {verdict_label(curve.verdict)}", style="bold")
    return text


class LossChart(PlotextPlot):
    """Train (solid line) and validation (dotted) loss of several runs, overlaid."""

    def show_curves(self, curves: Sequence[Curve], title: str = "", epochs: int | None = None) -> None:
        """Draw `curves`; `epochs` fixes the x axis to the planned length, so a run
        that blew up at epoch 3 is seen ending at epoch 3 of 150."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        plt.xlabel("epoch")
        if epochs is not None and epochs > 1:
            plt.xlim(1, epochs)
        for i, curve in enumerate(curves):
            colour = COLOURS[i % len(COLOURS)]
            # validation first, so the training line stays visible where they overlap
            x, y = log_losses(curve.val)
            if x:
                plt.scatter(x, y, marker="dot", color=colour)
            x, y = log_losses(curve.train)
            if x:
                plt.plot(x, y, marker="braille", color=colour)
                if curve.verdict == "diverged":
                    plt.text("✕ blew up", x[-1], y[-1], color=colour, alignment="left")
        self.refresh()


class NormsChart(PlotextPlot):
    """The weight norm of each layer over the epochs: the parameters the run learned."""

    def show_norms(self, norms: np.ndarray | None, title: str = "‖W‖ per layer") -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        plt.xlabel("epoch")
        if norms is not None and np.size(norms):
            norms = np.atleast_2d(np.asarray(norms, dtype=float))
            epochs = list(range(1, norms.shape[0] + 1))
            for layer in range(norms.shape[1]):
                column = norms[:, layer]
                keep = np.isfinite(column)
                if keep.any():
                    plt.plot(
                        [e for e, k in zip(epochs, keep) if k],
                        column[keep].tolist(),
                        marker="braille",
                        color=COLOURS[layer % len(COLOURS)],
                        label=f"L{layer + 1}",
                    )
        self.refresh()


class SweepChart(PlotextPlot):
    """Final validation loss against the value of one knob."""

    def show_sweep(self, field: str, values: Sequence, finals: Sequence[float], log_x: bool) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("final validation loss")
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        xs: list[float]
        if numeric and log_x and all(v > 0 for v in values):
            xs = [float(np.log10(v)) for v in values]
            plt.xlabel(f"log10 {field}")
        elif numeric:
            xs = [float(v) for v in values]
            plt.xlabel(field)
        else:
            xs = list(range(1, len(values) + 1))
            plt.xticks(xs, [str(v) for v in values])
            plt.xlabel(field)
        ys = np.asarray(finals, dtype=float)
        keep = np.isfinite(ys) & (ys > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.clip(np.log10(ys[keep]), LOG_FLOOR, LOG_CEILING).tolist()
        kept = [x for x, k in zip(xs, keep) if k]
        plt.ylabel("log10 loss")
        if kept:
            plt.plot(kept, logs, marker="braille", color="cyan")
            plt.scatter(kept, logs, marker="●", color="yellow")
        self.refresh()
