"""The rules of a sweep chart: final loss against the value of one knob.

The same loss axis as the curves (log, round ticks, a decade at least, its top
set by the runs that did not blow up). A run that blew up is drawn at the top
edge with an arrow and the loss it ended at ("↑ 19.6 at learning_rate 10"), not
clipped silently to a height it never had.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from hpquiz.charts.curves import BLOWUP_HEADROOM, Axis, Chart, Line, Marker, Series, start_loss
from hpquiz.charts.styles import run_styles
from hpquiz.charts.ticks import log_range, log_ticks, number_text

__all__ = ["sweep_chart", "sweep_axis", "final_losses", "value_text"]


def sweep_axis(field: str, values: Sequence, log: bool | None = None) -> tuple[list[float], list[str], bool]:
    """Positions and tick labels for a sweep's x axis.

    Numbers are placed at their value, or at log10(value) when `log` (default: the
    knob's `KNOBS[field].log` and all values positive). Anything else (choices,
    layer tuples, None = full batch) is placed at 0, 1, 2, …
    """
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    if not numeric:
        return list(map(float, range(len(values)))), [value_text(v) for v in values], False
    if log is None:
        from simulator import KNOBS

        log = bool(getattr(KNOBS.get(field), "log", False))
    log = bool(log) and all(v > 0 for v in values)
    positions = [float(np.log10(v)) if log else float(v) for v in values]
    return positions, [value_text(v) for v in values], log


def value_text(value) -> str:
    """A knob value as a tick says it: 0.001, full (batch), 16,16 (layers)."""
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
        array = np.asarray(curve, dtype=float)
        finite = array[np.isfinite(array)]
        return float(finite[-1]) if finite.size else float("nan")

    return [last(r.train_loss) for r in runs], [last(r.val_loss) for r in runs]


def sweep_chart(field: str, values: Sequence, runs: Sequence, *, log: bool | None = None, max_y_ticks: int = 8) -> Chart:
    """Final train loss (series 0) and validation loss (series 1) against the swept value."""
    positions, labels, is_log = sweep_axis(field, values, log)
    train, val = final_losses(runs)
    starts = [s for s in (start_loss(r) for r in runs) if math.isfinite(s)]
    ceiling = BLOWUP_HEADROOM * max(starts, default=math.inf)
    inside = list(starts)
    for run, t, v in zip(runs, train, val):
        for value in (t, v):
            if math.isfinite(value) and value > 0 and (not run.diverged or value <= ceiling):
                inside.append(value)
    low, high = log_range(inside)
    ticks = log_ticks(low, high, max_y_ticks)
    lines, markers = [], []
    for series, finals in enumerate((train, val)):
        xs, ys = [], []
        for x, y, label in zip(positions, finals, labels):
            if not math.isfinite(y) or y <= 0:
                continue
            if y > high:
                markers.append(Marker(series, "left", x, high, f"↑ {number_text(y)} at {field} {label}"))
            xs.append(x)
            ys.append(min(max(y, low), high))
        if xs:
            lines.append(Line(series, "train" if series == 0 else "validation", tuple(xs), tuple(ys)))
    x_axis = Axis(min(positions), max(positions), tuple(positions), tuple(labels),
                  f"{field} (log scale)" if is_log else field)
    y_axis = Axis(low, high, tuple(ticks), tuple(number_text(t) for t in ticks), "final loss (log scale)", log=True)
    notes = tuple("; ".join(m.text for m in markers if m.series == s) for s in (0, 1))
    series = (Series("final train loss", None), Series("final validation loss", None))
    return Chart(x_axis, y_axis, tuple(lines), tuple(markers), series, tuple(run_styles(2)), notes, kind="sweep")
