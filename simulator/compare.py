"""Put a claim to the test: what one change does to one measured quantity, seed by seed.

A `Claim` is a baseline setup, one change of knobs and a measure (see
`simulator.measures`). It is tested on K seeds: the baseline and the changed
setup are trained on the same K seeds (replicas differ only in `seed`), and
each seed gives one paired effect, changed minus baseline, sized the way the
measure says. An effect of at least `min_effect` either way is "higher" or
"lower"; anything smaller is "about the same", which is what gives "same" a
meaning. A direction *holds* when every seed shows it.

The training itself is left to the caller: `claim.configs(k)` lists every run
in the order `Comparison.from_runs` expects, the replicas being exactly those of
the seed consensus (`simulator.consensus.replicate`), so
`consensus_many([claim.setup, claim.changed], k, cache=...)` trains them, reports
progress and lets the result cache serve runs it has seen.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from simulator.config import TrainConfig
from simulator.consensus import SEEDS, replicate
from simulator.measures import MEASURES, Measure

__all__ = ["Claim", "Comparison", "Direction", "DEFAULT_SEEDS"]

DEFAULT_SEEDS = SEEDS


class Direction(StrEnum):
    """What a change does to a measure: the learner's three choices."""

    HIGHER = "higher"
    LOWER = "lower"
    SAME = "same"


@dataclass(frozen=True)
class Claim:
    """`change` applied to `setup` moves `measure` (a MEASURES name); `min_effect` None = the measure's default."""

    setup: TrainConfig
    change: Mapping[str, Any]
    measure: str
    min_effect: float | None = None
    target: float | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.measure not in MEASURES:
            problems.append(f"measure={self.measure!r} (allowed: one of {', '.join(MEASURES)})")
        elif MEASURES[self.measure].needs_target and self.target is None:
            problems.append(f"target is missing: measure {self.measure!r} needs the loss to reach")
        if self.min_effect is not None and not (0 < self.min_effect < math.inf):
            problems.append(f"min_effect={self.min_effect!r} (allowed: 0 < value)")
        if not self.change:
            problems.append("change is empty: a claim is about what one change does")
        if problems:
            raise ValueError("invalid claim: " + "; ".join(problems))

    @property
    def metric(self) -> Measure:
        return MEASURES[self.measure]

    @property
    def threshold(self) -> float:
        return self.metric.min_effect if self.min_effect is None else self.min_effect

    @property
    def changed(self) -> TrainConfig:
        return dataclasses.replace(self.setup, **dict(self.change))

    def configs(self, k: int = DEFAULT_SEEDS) -> list[TrainConfig]:
        """Every run of the test: the baseline on seeds s .. s+k-1, then the changed setup on the same seeds."""
        return replicate(self.setup, k) + replicate(self.changed, k)


@dataclass(frozen=True)
class Comparison:
    """The measured test of a claim: per seed, the baseline's and the changed setup's value and the effect."""

    claim: Claim
    seeds: tuple[int, ...]
    before: tuple[float, ...]
    after: tuple[float, ...]
    effects: tuple[float, ...]
    baseline_runs: tuple = ()
    changed_runs: tuple = ()

    @classmethod
    def from_runs(cls, claim: Claim, runs) -> Comparison:
        """`runs` in the order of `claim.configs(k)`: k baseline runs, then k changed runs."""
        runs = list(runs)
        if len(runs) % 2 or not runs:
            raise ValueError(f"a comparison needs the baseline and the changed runs on the same seeds, got {len(runs)} runs")
        k = len(runs) // 2
        base, changed = runs[:k], runs[k:]
        m = claim.metric
        before = tuple(m(r, claim.target) for r in base)
        after = tuple(m(r, claim.target) for r in changed)
        effects = tuple(m.effect(b, a) for b, a in zip(before, after))
        return cls(claim, tuple(r.config.seed for r in base), before, after, effects, tuple(base), tuple(changed))

    @property
    def directions(self) -> tuple[Direction, ...]:
        """Each seed's direction: at least `min_effect` up or down, else about the same."""
        t = self.claim.threshold
        return tuple(
            Direction.HIGHER if e >= t else Direction.LOWER if e <= -t else Direction.SAME for e in self.effects
        )

    def count(self, direction: Direction | str) -> int:
        return sum(d == Direction(direction) for d in self.directions)

    def holds(self, direction: Direction | str) -> bool:
        """True when every seed shows `direction`."""
        return self.count(direction) == len(self.seeds)

    @property
    def majority(self) -> Direction:
        """The direction most seeds show (ties: same, then lower, then higher)."""
        return max((Direction.SAME, Direction.LOWER, Direction.HIGHER), key=self.count)

    @property
    def unanimous(self) -> Direction | None:
        return self.majority if self.holds(self.majority) else None

    def _finite(self, values) -> np.ndarray:
        a = np.asarray(values, dtype=float)
        return a[np.isfinite(a)]

    def summary(self, values) -> str:
        """'0.412 (0.371–0.455)': the mean over seeds and the range, in the measure's words."""
        m = self.claim.metric
        finite = self._finite(values)
        if finite.size < len(values):
            blown = len(values) - finite.size
            prefix = f"{m.value_text(math.inf)} on {blown} of {len(values)} seeds"
            if not finite.size:
                return prefix
            return f"{prefix}; others {m.value_text(float(finite.mean()))}"
        if finite.size == 1:
            return m.value_text(float(finite[0]))
        return f"{m.value_text(float(finite.mean()))} ({m.value_text(float(finite.min()))}–{m.value_text(float(finite.max()))})"

    def effect_summary(self) -> str:
        """'−38% on average, from −52% to −21%' over the seeds."""
        m = self.claim.metric
        finite = self._finite(self.effects)
        if finite.size < len(self.effects):
            return "a run blew up: " + ", ".join(m.effect_text(e) for e in self.effects)
        if finite.size == 1:
            return m.effect_text(float(finite[0]))
        return (f"{m.effect_text(float(finite.mean()))} on average, from {m.effect_text(float(finite.min()))} "
                f"to {m.effect_text(float(finite.max()))}")

    def describe(self) -> str:
        """One line for screens and feedback: both values, the effect with its spread, the per-seed verdict."""
        m = self.claim.metric
        word = {Direction.HIGHER: "higher", Direction.LOWER: "lower", Direction.SAME: "about the same"}
        tally = ", ".join(f"{word[d]} on {self.count(d)}" for d in Direction if self.count(d))
        return (
            f"{m.label}: baseline {self.summary(self.before)}, changed {self.summary(self.after)}; "
            f"change {self.effect_summary()} over {len(self.seeds)} seeds ({tally}; "
            f"changes under {m.effect_text(self.claim.threshold).lstrip('+')} count as about the same)"
        )
