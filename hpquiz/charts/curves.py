"""The rules of a loss chart: what is drawn where, decided once for every renderer.

`loss_chart(series)` turns runs into a `Chart`: axes with round ticks, lines
clipped to the axes, and markers. The TUI (plotext in Textual), the command line
(plotext text) and the PNGs (matplotlib) only draw what it says, so a run looks
the same everywhere. The rules, and why:

- The loss axis is logarithmic, in real loss values at round ticks, at least a
  decade tall (`ticks.log_range`): a 1% fall is flat, a halving is a step.
- Its top is set by the runs that did not blow up (and every run's starting
  loss); a diverged run is drawn until it leaves the top, where a marker gives
  the value it reached: "↑ 9.4e17 at epoch 2". Drawn to scale, a blow-up would
  flatten every other curve to a line on the floor. When every shown run blew
  up there is nothing to flatten, and the axis shows the climb up to 10^4 times
  the starting loss.
- A run that blew up within its first two epochs is drawn from its per-step
  losses (at fractions of an epoch), so the climb is seen, not one dot; when no
  shown run got past epoch 1, the x axis counts update steps instead.
- The x axis ends at the last epoch any shown run trained (an early-stopping
  run's 60 epochs are not drawn on an axis to 1000). An early-stopped run marks
  its best epoch.
- Each shown run has its own colour and shape (`styles`); a series may carry the
  same setup trained on other seeds, drawn faint (the seed spread).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from hpquiz.charts.styles import RunStyle, run_styles
from hpquiz.charts.ticks import linear_ticks, log_range, log_ticks, number_text
from hpquiz.messages import ENGLISH, say
from hpquiz.words import deck_words

__all__ = ["Series", "Axis", "Line", "Marker", "Chart", "loss_chart", "BLOWUP_HEADROOM", "EARLY_BLOWUP_EPOCHS"]

BLOWUP_HEADROOM = 3.0  # a diverged run counts for the axis up to 3x the highest starting loss
LONE_BLOWUP_HEADROOM = 1e4  # ... and when every shown run blew up, nothing is squashed: show the climb
EARLY_BLOWUP_EPOCHS = 2  # a run that blew up this early is drawn step by step


@dataclass(frozen=True)
class Series:
    """One run a chart shows: its label, the run itself (the card's own seed), the
    same setup trained on other seeds (drawn faint), its verdict, and `dim` (a pinned
    run in the lab, drawn in its colour but named quietly)."""

    label: str
    run: object
    replicas: tuple = ()
    verdict: str | None = None
    dim: bool = False

    @classmethod
    def of_runs(cls, label: str, runs: Sequence, verdict: str | None = None) -> "Series":
        """From a seed consensus's runs: runs[0] is the own seed, the rest the replicas."""
        return cls(label, runs[0], tuple(runs[1:]), verdict)


@dataclass(frozen=True)
class Axis:
    """An axis: its range and ticks in data units (real losses on a log axis)."""

    low: float
    high: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    title: str
    log: bool = False


@dataclass(frozen=True)
class Line:
    """A contiguous piece of one curve, inside the axes. `split`: train or validation."""

    series: int
    split: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    replica: bool = False


@dataclass(frozen=True)
class Marker:
    """A point to mark with a note: `kind` is "left" (the curve left the top of the
    chart at x; y is the top), "diverged" (it blew up inside the chart: the ✕ is
    at the peak its text names when that point is drawn, else where the run ended) or "best"
    (an early-stopped run's best epoch)."""

    series: int
    kind: str
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    x: Axis
    y: Axis
    lines: tuple[Line, ...]
    markers: tuple[Marker, ...]
    series: tuple[Series, ...]
    styles: tuple[RunStyle, ...]
    notes: tuple[str, ...] = field(default=())  # per series: its markers' texts, for a legend
    kind: str = "curves"  # curves (loss per epoch), sweep (final loss per knob value), norms
    language: str = ENGLISH  # the axis titles, notes and verdicts are worded in it (messages `chart.*`)

    def legend_text(self, index: int) -> str:
        """"baseline: diverged, ↑ 9.4e17 at epoch 2": a series' label, verdict and notes."""
        series = self.series[index]
        text = series.label
        if series.verdict:
            text += f": {deck_words(self.language).verdict(series.verdict)}"
        if self.notes and self.notes[index]:
            text += f", {self.notes[index]}"
        return text


def _steps_per_epoch(run) -> int:
    epochs = max(1, run.epochs_run)
    return max(1, len(run.step_loss) // epochs)


def start_loss(run) -> float:
    """The loss a run started from: its first step's (before any update), else its first epoch's."""
    for values in (run.step_loss[:1], run.train_loss[:1]):
        if len(values) and math.isfinite(values[0]) and values[0] > 0:
            return float(values[0])
    return math.nan


def _drawn_early(run) -> bool:
    return bool(run.diverged) and run.epochs_run <= EARLY_BLOWUP_EPOCHS and len(run.step_loss) > 0


def _points(run, steps_axis: bool) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The (x, loss) points of a run's train and validation curves, before clipping."""
    train, val = np.asarray(run.train_loss, float), np.asarray(run.val_loss, float)
    E = len(train)
    if steps_axis:
        S = _steps_per_epoch(run)
        steps = np.asarray(run.step_loss[:S], float)
        x = np.arange(len(steps) + (1 if E else 0), dtype=float)
        y = np.concatenate([steps, train[:1]])
        return {"train": (x, y), "validation": (np.array([float(S)] if E else []), val[:1])}
    epochs = np.arange(1, E + 1, dtype=float)
    points = {"train": (epochs, train), "validation": (epochs, val)}
    if _drawn_early(run):
        S = _steps_per_epoch(run)
        steps = np.asarray(run.step_loss[:S], float)
        points["train"] = (np.concatenate([np.arange(len(steps)) / S, epochs]), np.concatenate([steps, train]))
    return points


def clip_to_top(x: np.ndarray, y: np.ndarray, top: float) -> tuple[list[tuple[list[float], list[float]]], float | None]:
    """Pieces of the curve inside the axis (y <= top, finite), and the x where it first
    left through the top (interpolated on the log scale), or None."""
    pieces: list[tuple[list[float], list[float]]] = []
    xs: list[float] = []
    ys: list[float] = []
    left = None
    for i in range(len(x)):
        xi, yi = float(x[i]), float(y[i])
        inside = math.isfinite(yi) and 0 < yi <= top
        if inside:
            xs.append(xi)
            ys.append(yi)
            continue
        if xs and (math.isnan(yi) or yi > top):  # leaves through the top (NaN: it overflowed)
            x0, y0 = xs[-1], ys[-1]
            share = (math.log(top) - math.log(y0)) / (math.log(yi) - math.log(y0)) if math.isfinite(yi) else 1.0
            exit_x = x0 + (xi - x0) * min(1.0, max(0.0, share))
            xs.append(exit_x)
            ys.append(top)
            if left is None:
                left = exit_x
        elif not xs and left is None and (math.isnan(yi) or yi > top):
            left = xi  # above the chart from its first point
        if xs:
            pieces.append((xs, ys))
        xs, ys = [], []
    if xs:
        pieces.append((xs, ys))
    return pieces, left


def _peak(run, steps_axis: bool, language: str = ENGLISH) -> tuple[float, str]:
    """The highest loss a run reached and where, said as on its axis: ("9.4e17", "epoch 2").

    On the update-step axis the number is the peak's x: step k's loss is measured before
    its update, after k - 1 updates, and drawn at x = k - 1 (`_points`), so the text
    names the step under the dot, not one to its right."""
    best, where = -math.inf, 0
    S = _steps_per_epoch(run)
    for index, value in enumerate(np.asarray(run.step_loss, float)):
        if math.isfinite(value) and value > best:
            best, where = value, index if steps_axis else index // S + 1
    for index, value in enumerate(np.asarray(run.train_loss, float)):
        if math.isfinite(value) and value > best:
            best, where = value, S if steps_axis else index + 1
    if not math.isfinite(best) or best <= start_loss(run):
        best, where = math.inf, S if steps_axis else max(1, run.epochs_run)
    return best, say("chart.at_step" if steps_axis else "chart.at_epoch", language, n=where)


def loss_chart(series: Sequence[Series], *, until: int | None = None, max_x_ticks: int = 6, max_y_ticks: int = 8,
               language: str = ENGLISH) -> Chart:
    """The chart of `series`. `until` widens the epoch axis to a planned length (the lab,
    while a run is still training, so the curve grows across a fixed axis); `language`
    words its axis titles, markers and verdicts (an export of a Turkish deck)."""
    series = tuple(series)
    styles = tuple(run_styles(len(series)))
    shown = [(i, s.run, False) for i, s in enumerate(series)] + [
        (i, r, True) for i, s in enumerate(series) for r in s.replicas
    ]
    trained = max((run.epochs_run for _, run, _ in shown), default=0)
    steps_axis = trained <= 1 and any(run.diverged for _, run, _ in shown) and any(len(run.step_loss) for _, run, _ in shown)

    starts = [start_loss(run) for _, run, _ in shown]
    headroom = LONE_BLOWUP_HEADROOM if all(run.diverged for _, run, _ in shown) else BLOWUP_HEADROOM
    ceiling = headroom * max([s for s in starts if math.isfinite(s)], default=math.inf)
    points = {id(run): _points(run, steps_axis) for _, run, _ in shown}
    values = [s for s in starts if math.isfinite(s)]
    for _, run, _ in shown:
        for _x, y in points[id(run)].values():
            finite = y[np.isfinite(y) & (y > 0)]
            values.extend((finite[finite <= ceiling] if run.diverged else finite).tolist())
    low, high = log_range(values)
    y_ticks = log_ticks(low, high, max_y_ticks)
    y_axis = Axis(low, high, tuple(y_ticks), tuple(number_text(t) for t in y_ticks),
                  say("chart.loss_log", language), log=True)

    lines: list[Line] = []
    markers: list[Marker] = []
    notes = [""] * len(series)
    for index, run, replica in shown:
        for split, (x, y) in points[id(run)].items():
            pieces, left = clip_to_top(x, y, high)
            lines.extend(Line(index, split, tuple(px), tuple(py), replica) for px, py in pieces)
            if replica or split != "train" or not run.diverged:
                continue
            peak, where = _peak(run, steps_axis, language)
            at_peak = np.flatnonzero(y == peak) if peak <= high else ()
            if len(at_peak):  # the ✕ sits on the point its text names, not where the run was stopped
                marker = Marker(index, "diverged", float(x[at_peak[0]]), peak,
                                say("chart.blew_up", language, peak=number_text(peak), where=where))
            elif left is not None:
                marker = Marker(index, "left", left, high, say("chart.left", language, peak=number_text(peak), where=where))
            elif pieces:
                marker = Marker(index, "diverged", pieces[-1][0][-1], pieces[-1][1][-1],
                                say("chart.blew_up", language, peak=number_text(peak), where=where))
            else:
                continue
            markers.append(marker)
            notes[index] = marker.text
        if not replica and not run.diverged and run.stopped_epoch is not None and run.epochs_run:
            best = int(run.best_epoch)
            value = float(run.val_loss[best - 1])
            text = say("chart.best_stopped", language, best=best, stopped=run.stopped_epoch)
            if math.isfinite(value) and low <= value <= high:
                markers.append(Marker(index, "best", float(best), value, text))
            notes[index] = text

    early = any(_drawn_early(run) for _, run, _ in shown)
    if steps_axis:
        x_low, x_high = 0.0, float(max(_steps_per_epoch(run) for _, run, _ in shown))
        title = say("chart.update_step", language)
    else:
        x_low = 0.0 if early else 1.0
        x_high = float(max(trained, until or 0, x_low + 1))
        title = say("chart.epoch", language)
    x_ticks = linear_ticks(x_low, x_high, max_x_ticks, integer=True)
    x_axis = Axis(x_low, x_high, tuple(x_ticks), tuple(number_text(t) for t in x_ticks), title)
    return Chart(x_axis, y_axis, tuple(lines), tuple(markers), series, styles, tuple(notes), language=language)
