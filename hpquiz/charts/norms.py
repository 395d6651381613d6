"""The rules of the weight-norm chart: ‖W‖ of each layer from the untrained network on.

The same axes as the loss curves: epochs from 0 (the initial weights, so a run
that lasted one epoch is a line, not a dot on an axis reading 0.5 to 1.5) to the
last epoch trained, and a log axis at round ticks, since a blow-up takes the
norms up by orders of magnitude. A norm that overflowed leaves through the top
with an arrow.
"""

from __future__ import annotations

import numpy as np

from hpquiz.charts.curves import Axis, Chart, Line, Marker, Series, clip_to_top
from hpquiz.charts.styles import run_styles
from hpquiz.charts.ticks import linear_ticks, log_range, log_ticks, number_text

__all__ = ["norms_chart"]


def norms_chart(run, *, max_x_ticks: int = 6, max_y_ticks: int = 6) -> Chart:
    """Series per layer (L1, L2, …): the Frobenius norm of its weights after each epoch."""
    initial = np.array([[np.linalg.norm(W) for W, _ in run.initial_params]])
    norms = np.atleast_2d(np.asarray(run.weight_norms, dtype=float))
    if norms.size == 0:
        norms = np.empty((0, initial.shape[1]))
    table = np.vstack([initial, norms])
    epochs = np.arange(table.shape[0], dtype=float)
    finite = table[np.isfinite(table) & (table > 0)]
    low, high = log_range(finite.tolist())
    lines, markers = [], []
    for layer in range(table.shape[1]):
        pieces, left = clip_to_top(epochs, table[:, layer], high)
        lines.extend(Line(layer, "train", tuple(x), tuple(y)) for x, y in pieces)
        if left is not None:
            markers.append(Marker(layer, "left", left, high, "↑ overflowed"))
    x_high = float(max(1, table.shape[0] - 1))
    x_ticks = linear_ticks(0.0, x_high, max_x_ticks, integer=True)
    y_ticks = log_ticks(low, high, max_y_ticks)
    series = tuple(Series(f"L{layer + 1}", run) for layer in range(table.shape[1]))
    return Chart(
        Axis(0.0, x_high, tuple(x_ticks), tuple(number_text(t) for t in x_ticks), "epoch"),
        Axis(low, high, tuple(y_ticks), tuple(number_text(t) for t in y_ticks), "‖W‖ (log scale)", log=True),
        tuple(lines), tuple(markers), series, tuple(run_styles(len(series))), kind="norms",
    )
