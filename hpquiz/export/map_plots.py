"""Two-knob maps drawn: half-block cells in the terminal, a heatmap PNG.

Both draw what `hpquiz.charts.heatmap` decides (cell colours from the validation
loss, a mark per verdict); this module only lays the cells out. In the terminal a
cell is a row of lower half blocks (its colour, with half a line of gap above, so
rows read apart) over a row holding the mark and the loss on the same colour.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from hpquiz.charts.heatmap import MARKS, cell_colour, cell_mark, colour_array, loss_scale, number_text, text_colour, value_text
from hpquiz.words import verdict_label

CELL = 12  # columns per cell: "✓4/5 0.312" and a gap


def _losses(kmap) -> np.ndarray:
    return np.array([[c.val_loss for c in row] for row in kmap.cells])


def key_text(kmap) -> str:
    seeds = len(kmap.cells[0][0].consensus.runs)
    marks = "  ".join(f"{mark} {verdict_label(v)}" for v, mark in MARKS.items())
    basis = f"median of {seeds} seeds" if seeds > 1 else "one seed"
    return f"colour: final validation loss ({basis}), bright = low, red = blew up · {marks}"


def map_text(kmap, colour: bool = True, width: int | None = None):
    """The map as rich `Text` (the lab shows it as is; `terminal_map` prints it);
    cells narrow (to 7 columns, the mark and a 3-digit loss) to fit `width`."""
    from rich.text import Text

    scale = loss_scale(_losses(kmap).ravel())
    y_labels = [value_text(v) for v in kmap.y_values]
    left = max(len(kmap.y), *(len(s) for s in y_labels)) + 1
    cell = CELL if width is None else max(7, min(CELL, (width - left) // len(kmap.x_values)))
    text = Text()
    text.append(" " * left + f"{kmap.x} →\n", style="bold")
    text.append(f"{kmap.y} ↓".ljust(left), style="bold")
    for value in kmap.x_values:
        text.append(value_text(value)[: cell - 1].center(cell))
    text.append("\n")
    for label, row in zip(y_labels, kmap.cells):
        text.append(" " * left)
        for item in row:
            text.append("▄" * (cell - 1) + " ", style=cell_colour(item.val_loss, scale) if colour else "")
        text.append("\n")
        text.append(label.rjust(left - 1) + " ")
        for item in row:
            background = cell_colour(item.val_loss, scale)
            mark = cell_mark(item.verdict, *item.agreement)
            loss = number_text(item.val_loss) if cell >= 10 else f"{item.val_loss:.2g}"
            body = f"{mark} {loss}"[: cell - 1].center(cell - 1)
            text.append(body, style=f"{text_colour(background)} on {background}" if colour else "")
            text.append(" ")
        text.append("\n")
    text.append(key_text(kmap))
    return text


def terminal_map(kmap, colour: bool = True) -> str:
    """The map as text with colours (ANSI) when `colour`, else marks and losses only."""
    from rich.console import Console

    text = map_text(kmap, colour)
    left = max(len(kmap.y), *(len(value_text(v)) for v in kmap.y_values)) + 1
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=colour, color_system="truecolor" if colour else None,
                      width=max(80, left + CELL * len(kmap.x_values) + 2), no_color=not colour, highlight=False)
    console.print(text, soft_wrap=False)
    return buffer.getvalue().rstrip("\n")


def map_figure(kmap, title: str | None = None):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    losses = _losses(kmap)
    scale = loss_scale(losses.ravel())
    rows, cols = losses.shape
    figure = Figure(figsize=(max(5.5, 1.3 * cols + 2.5), max(4.0, 0.9 * rows + 2.2)), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.imshow(colour_array(losses, scale), origin="upper", aspect="auto")
    for i, row in enumerate(kmap.cells):
        for j, cell in enumerate(row):
            background = cell_colour(cell.val_loss, scale)
            axes.text(j, i, f"{cell_mark(cell.verdict, *cell.agreement)}\n{number_text(cell.val_loss)}",
                      ha="center", va="center", fontsize=10, color=text_colour(background))
    axes.set_xticks(range(cols), [value_text(v) for v in kmap.x_values])
    axes.set_yticks(range(rows), [value_text(v) for v in kmap.y_values])
    axes.set_xlabel(kmap.x)
    axes.set_ylabel(kmap.y)
    if title:
        axes.set_title(title, fontsize="medium")
    figure.text(0.5, 0.0, key_text(kmap).replace(" · ", "\n"), ha="center", va="bottom", fontsize="small", wrap=True)
    figure.get_layout_engine().set(rect=(0, 0.08, 1, 0.92))
    return figure


def render_map_png(kmap, path, title: str | None = None) -> Path:
    """Write the map as a PNG heatmap; each cell holds its verdict mark and loss."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    map_figure(kmap, title).savefig(path, format="png")
    return path
