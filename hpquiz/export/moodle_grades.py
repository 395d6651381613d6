"""Grades Moodle accepts for an answer, shared by the GIFT and Moodle XML writers.

Moodle's importer matches every answer fraction against a fixed list
(`question_bank::fraction_options_full`, to within 0.00001) and rejects the
question when one is not on it; a multiple-answer question is also rejected
unless its positive fractions add up to 100% (rounded to two places). So the
credit of n right options cannot simply be 1/n: 1/11 is not on the list. For
such n the options get two neighbouring listed fractions whose sum is 1
(eleven right options: nine at 10% and two at 5%).
"""

from __future__ import annotations

import functools

from hpquiz.export.errors import ExportError

# The positive fractions Moodle lists, highest first (seven decimals, as Moodle stores them).
ALLOWED = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333,
    0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
)


def _adds_up(total: float) -> bool:
    return round(total, 2) == 1.0


@functools.lru_cache(maxsize=64)
def _shares(n: int) -> tuple[float, ...]:
    if n < 1:
        raise ValueError("shares: n must be at least 1")
    best: tuple[float, int, float, float] | None = None
    for a in ALLOWED:
        for b in ALLOWED:
            if b > a:
                continue
            for k in range(n, 0, -1):
                if _adds_up(k * a + (n - k) * b) and (best is None or a - b < best[0]):
                    best = (a - b, k, a, b)
                    break
    if best is None:
        raise ExportError(
            f"{n} right options cannot share the credit in Moodle (its smallest grade is 5%, so at most 20)"
        )
    _, k, a, b = best
    return (a,) * k + (b,) * (n - k)


def shares(n: int) -> list[float]:
    """The credit of each of `n` right options, in option order: listed fractions adding
    up to 1, as even as the list allows (the larger shares go to the first options)."""
    return list(_shares(n))


def penalty(n: int) -> float:
    """What choosing a wrong option costs in a question with `n` right options: one right
    option's credit, so ticking every box scores nothing."""
    return max(shares(n)) if n else 1.0


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a percentage: `100`, `50`, `33.33333`, `-14.28571`."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
