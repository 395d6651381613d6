"""Compare cards in the drill: a claim about one change, predicted, then measured on every seed.

A compare card (see `Scenario.compare`) states what one change of knobs does to
one measured quantity ("dropout narrows the train/validation gap"). The learner
predicts the direction (higher, lower, about the same); `simulate` trains the
baseline and the changed setup on the same seeds in one batched call
(`simulator.consensus_many`), and `simulator.Comparison` measures each seed's
paired effect. `grade` judges the prediction against the direction most seeds
show; `check` is `deck check`'s rule: the card's direction must hold on every
seed, by at least the measure's minimum effect (or the card's `min_effect`), so
that "about the same" means changes smaller than that.

`hpquiz.drill` hands compare cards to this module and wraps its answers in its
own result types, so the drill screen, the CLI and the exports call one API for
every scenario kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hpquiz.deck.model import Card
from hpquiz.messages import ENGLISH, say
from hpquiz.outcomes import OverSeeds
from simulator import Comparison, Consensus, Direction, consensus_many
from simulator.consensus import SEEDS

__all__ = ["ClaimOutcome", "DIRECTIONS", "check", "direction_label", "grade", "measure_label", "measured_lines",
           "simulate"]

# The learner's choices, in the order keys 1, 2, 3 pick them.
DIRECTIONS = (Direction.HIGHER, Direction.LOWER, Direction.SAME)


def direction_label(direction: Direction | str, language: str | None = ENGLISH) -> str:
    return say(f"direction.{Direction(direction).value}", language)


def measure_label(card: Card, language: str | None = ENGLISH) -> str:
    return say(f"measure.{card.scenario.claim.measure}", language)


@dataclass(frozen=True)
class ClaimOutcome(OverSeeds):
    """The baseline's and the changed setup's consensus, and the measured comparison.

    It answers the same questions as a verdict scenario's outcome (`runs` on the
    card's own seed, drawn as the main curves; `verdicts`; `diagnoses`), so the
    screens and exports can show its curves like any other scenario's.
    """

    comparison: Comparison
    consensuses: tuple[Consensus, Consensus]

    @property
    def k(self) -> int:
        return len(self.comparison.seeds)

    @property
    def reaching_goal(self) -> tuple[int, ...]:
        return ()

    @property
    def direction(self) -> Direction:
        """What the change did, by the majority of the seeds."""
        return self.comparison.majority

    def share(self, language: str | None = ENGLISH) -> str:
        """"5 of 5 seeds": how many seeds showed the majority direction."""
        return say("seeds.share", language, count=self.comparison.count(self.direction), k=self.k)


def measured_lines(card: Card, outcome: ClaimOutcome, language: str | None = ENGLISH) -> tuple[str, ...]:
    """The measured numbers in the learner's language: each setup's value over the seeds
    (mean and range) on one line, then the paired difference of every seed and the tally."""
    comparison = outcome.comparison
    metric = comparison.claim.metric
    tally = ", ".join(
        f"{direction_label(d, language)}: {say('seeds.share', language, count=comparison.count(d), k=outcome.k)}"
        for d in DIRECTIONS if comparison.count(d)
    )
    effects = [e for e in comparison.effects]
    spread = ", ".join(metric.effect_text(e) for e in effects)
    return (
        f"{say('drill.baseline_measured', language)}: {comparison.summary(comparison.before)} · "
        f"{say('drill.changed_measured', language)}: {comparison.summary(comparison.after)}",
        f"{say('drill.measured_effect', language)}: {spread} ({tally})",
    )


def simulate(card: Card, on_progress: Callable[[int, int], object] | None = None, *, seeds: int = SEEDS,
             cache=None) -> ClaimOutcome:
    """Train the card's baseline and its changed setup on `seeds` seeds each, in one batched call.

    on_progress(epoch, epochs) as in `hpquiz.drill.simulate` (0-based epochs; False cancels)."""
    claim = card.scenario.claim
    hook = None if on_progress is None else (lambda done, total: on_progress(done - 1, total))
    base, changed = consensus_many([claim.setup, claim.changed], seeds, on_progress=hook, cache=cache)
    return ClaimOutcome(Comparison.from_runs(claim, base.runs + changed.runs), (base, changed))


def parse_prediction(prediction: Direction | str | int) -> Direction:
    """A direction from its value ('higher') or its index in DIRECTIONS (what key 1, 2, 3 picks)."""
    if isinstance(prediction, int) and not isinstance(prediction, bool):
        if not 0 <= prediction < len(DIRECTIONS):
            raise ValueError(f"option {prediction} does not exist; a compare card has {len(DIRECTIONS)} "
                             f"({', '.join(d.value for d in DIRECTIONS)})")
        return DIRECTIONS[prediction]
    return Direction(prediction)


def grade(card: Card, prediction: Direction | str | int, outcome: ClaimOutcome,
          language: str = ENGLISH) -> tuple[bool, Direction, str]:
    """Judge a predicted direction against the direction most seeds showed:
    (right or not, the prediction, the sentence saying so)."""
    guess = parse_prediction(prediction)
    actual = outcome.direction
    fields = dict(measure=measure_label(card, language), actual=direction_label(actual, language),
                  share=outcome.share(language))
    if guess == actual:
        message = say("grade.compare_right", language, **fields)
    else:
        message = say("grade.compare_wrong", language, guess=direction_label(guess, language), **fields)
    return guess == actual, guess, message


def check(card: Card, outcome: ClaimOutcome) -> tuple[bool, str, str, str]:
    """deck check's rule: the card's direction holds on every seed, by at least the minimum effect.
    Returns (ok, what the card states, what the seeds showed, the problem or "")."""
    comparison, expect = outcome.comparison, card.scenario.expect
    name = card.scenario.claim.measure
    expected = f"{name}: {expect.value}"
    simulated = f"{name}: {comparison.majority.value} on {comparison.count(comparison.majority)} of {outcome.k}"
    if comparison.holds(expect):
        return True, expected, simulated, ""
    per_seed = ", ".join(f"seed {s} {d.value} ({comparison.claim.metric.effect_text(e)})"
                         for s, d, e in zip(comparison.seeds, comparison.directions, comparison.effects))
    problem = (f"the {comparison.claim.metric.label} is not {expect.value} on every seed: {per_seed} "
               f"(a change under {comparison.claim.metric.effect_text(comparison.claim.threshold).lstrip('+')} "
               "counts as same)")
    return False, expected, simulated, problem
