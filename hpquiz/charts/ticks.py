"""Axis ranges and tick marks at round values.

Why round: a learner reads a loss of 0.2 or 0.5 off an axis at a glance, not
-0.699 (a log10 value) or 1.219 (whatever the autoscaler met). Round ticks are
also the same on every machine: the data's last bits change with the BLAS
kernel, a range rounded outward to 1, 2 or 5 x 10^k does not (on any realistic
loss), so snapshots of a chart hold.

Why a decade at least: an autoscaled axis fits any curve to the full height, so
a run whose loss fell by 1% looks like healthy learning. On a log axis at least
ten-to-one high, a 1% fall is flat and a halving is a visible step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "ROUND_MANTISSAS",
    "round_up",
    "round_down",
    "log_range",
    "log_ticks",
    "linear_ticks",
    "number_text",
]

ROUND_MANTISSAS = (1.0, 2.0, 5.0)  # 1, 2, 5 x 10^k: the steps of a readable log axis
MIN_DECADES = 1.0  # a loss axis spans at least 10:1
MARGIN = 1.15  # room above the highest point and below the lowest, as a factor


def _round(value: float, up: bool) -> float:
    """The nearest 1, 2 or 5 x 10^k at or above (`up`) or at or below `value` (> 0)."""
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in ROUND_MANTISSAS]
    tolerance = 1e-9 * value  # 0.2 computed as 0.19999999 still counts as 0.2
    if up:
        return _clean(min(c for c in candidates if c >= value - tolerance))
    return _clean(max(c for c in candidates if c <= value + tolerance))


def _clean(value: float) -> float:
    """2 x 10^-1 as the float 0.2 (not 0.20000000000000004), so labels and tests read exactly."""
    return float(f"{value:.6g}")


def round_up(value: float) -> float:
    return _round(value, True)


def round_down(value: float) -> float:
    return _round(value, False)


def log_range(values: Iterable[float], min_decades: float = MIN_DECADES) -> tuple[float, float]:
    """(low, high) of a log axis showing every finite positive value, rounded outward
    to 1, 2 or 5 x 10^k, at least `min_decades` decades tall.

    The top is kept near the data and the extra height goes below it: losses fall,
    so the empty space under a flat curve is how far it could have gone.
    No finite positive values: the decade (0.1, 1).
    """
    finite = [v for v in values if math.isfinite(v) and v > 0]
    if not finite:
        return 0.1, 1.0
    high = round_up(max(finite) * MARGIN)
    low = round_down(min(finite) / MARGIN)
    if high / low < 10.0**min_decades * (1 - 1e-9):
        low = round_down(high / 10.0**min_decades)
    return low, high


def log_ticks(low: float, high: float, max_ticks: int = 8) -> list[float]:
    """Round values to mark on a log axis from `low` to `high`, at most `max_ticks`.

    The densest of: 1-2-5 in every decade, 1-2-5 with 2 dropped... down to every
    power of ten, then every second, third … power: whichever first fits.
    """
    if not (0 < low < high):
        raise ValueError(f"a log axis needs 0 < low < high, not {low}..{high}")
    first, last = math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1
    inside = lambda v: low * (1 - 1e-9) <= v <= high * (1 + 1e-9)  # noqa: E731
    for mantissas in ((1.0, 2.0, 5.0), (1.0, 5.0), (1.0, 3.0), (1.0,)):
        ticks = [_clean(m * 10.0**e) for e in range(first, last + 1) for m in mantissas]
        ticks = [t for t in ticks if inside(t)]
        if 2 <= len(ticks) <= max_ticks:
            return ticks
        if len(ticks) < 2:
            break
    for stride in range(2, 100):
        ticks = [_clean(10.0**e) for e in range(first, last + 1) if e % stride == 0]
        ticks = [t for t in ticks if inside(t)]
        if len(ticks) <= max_ticks:
            return ticks
    return [low, high]  # pragma: no cover - only for absurd ranges


def linear_ticks(low: float, high: float, max_ticks: int = 6, *, integer: bool = False) -> list[float]:
    """Round values (multiples of 1, 2 or 5 x 10^k) from `low` to `high`, and `low`
    itself when it is a whole number not crowding the next tick (epoch 1 of 1, 50, 100).
    `integer`: steps of 1 at least (epochs, steps)."""
    if high <= low:
        return [low]
    step = 1.0
    for exponent in range(0 if integer else -3, 12):
        for m in ROUND_MANTISSAS:
            step = m * 10.0**exponent
            if (high - low) / step <= max(1, max_ticks - 1):
                break
        else:
            continue
        break
    start = math.ceil(low / step - 1e-9) * step
    ticks = [_clean(start + i * step) for i in range(int((high - start) / step + 1e-9) + 1)]
    if float(low).is_integer() and (not ticks or ticks[0] - low >= 0.5 * step):
        ticks.insert(0, float(low))
    return ticks


def number_text(value: float) -> str:
    """A number as a chart label or marker says it: 0.2, 1, 50, 12.6, 9.4e17, 2e-5, inf."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    if 100 <= abs(value) < 1e4:
        return f"{value:.0f}"
    if 1e-3 <= abs(value) < 100:
        return f"{value:.3g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"
