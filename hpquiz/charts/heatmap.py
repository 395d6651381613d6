"""The rules of a two-knob map: a colour per cell from its validation loss, a mark per verdict.

Colour follows log10 of the final validation loss on a perceptually even scale
(viridis' stops): dark is high loss, bright is low, so the good region stands out
the same way in the terminal and in a PNG. A run that blew up has no loss to place
on the scale: it is drawn in one fixed red and marked ✗. Every cell carries the
mark of its verdict and, when the seeds disagree, how many agreed ("✓4/5").
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from hpquiz.charts.sweeps import value_text
from hpquiz.charts.ticks import number_text

__all__ = ["MARKS", "DIVERGED_COLOUR", "cell_colour", "loss_scale", "cell_mark", "text_colour", "value_text", "number_text"]

# viridis at nine evenly spaced points, from its dark end to its bright end
_VIRIDIS = ((68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
            (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37))
DIVERGED_COLOUR = "#B22222"
MARKS = {
    "good": "✓",
    "overfitting": "O",
    "underfitting": "U",
    "too_slow": "S",
    "unstable": "~",
    "diverged": "✗",
}


def loss_scale(losses: Sequence[float]) -> tuple[float, float]:
    """(low, high) log10 range of the finite losses; a flat map still gets a tenth of a decade."""
    finite = [math.log10(v) for v in losses if v > 0 and math.isfinite(v)]
    if not finite:
        return 0.0, 1.0
    low, high = min(finite), max(finite)
    if high - low < 0.1:
        middle = (low + high) / 2
        low, high = middle - 0.05, middle + 0.05
    return low, high


def cell_colour(loss: float, scale: tuple[float, float]) -> str:
    """"#rrggbb" for a loss: bright for low, dark for high; the diverged red for inf/NaN."""
    if not (loss > 0 and math.isfinite(loss)):
        return DIVERGED_COLOUR
    low, high = scale
    share = 1.0 - (math.log10(loss) - low) / (high - low)  # 1 = lowest loss = brightest
    share = min(1.0, max(0.0, share)) * (len(_VIRIDIS) - 1)
    i = min(int(share), len(_VIRIDIS) - 2)
    t = share - i
    rgb = [round(a + (b - a) * t) for a, b in zip(_VIRIDIS[i], _VIRIDIS[i + 1])]
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def text_colour(background: str) -> str:
    """Black or white, whichever reads on `background`."""
    r, g, b = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


def cell_mark(verdict: str, agreed: int, seeds: int) -> str:
    """"✓" when every seed agrees, "✓4/5" when not."""
    mark = MARKS.get(verdict, "?")
    return mark if agreed == seeds else f"{mark}{agreed}/{seeds}"


def colour_array(losses: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """(rows, cols, 3) RGB in [0, 1] for a PNG."""
    out = np.empty(losses.shape + (3,))
    for index, loss in np.ndenumerate(losses):
        colour = cell_colour(float(loss), scale)
        out[index] = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return out
