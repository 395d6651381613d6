"""Predict, then run: a scenario card -> simulations on several seeds -> a graded outcome.

A scenario card states a training setup. The learner commits a prediction
first (a verdict, the option they think fixes the run, or for a compare card
the direction a measured quantity will move: see `hpquiz.claims`); `simulate`
then trains the baseline and every option on `SEEDS` seeds each, all in one
batched `train_many` call (`simulator.consensus_many`, through the result cache
when one is given), and `diagnose` labels each run. `grade` judges the prediction
against the consensus of what the simulation did (the most common verdict over the
seeds), not against the text of the card, and never against a screen position:
an option is its index in the card. `check_card` is the author's side of the same
rule: the card's stated answer must hold on every seed (`hpquiz deck check`), or
on most of them for a card that declares `seeds = "most"` (see `check_outcome`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hpquiz import claims
from hpquiz.deck.model import Card, CardType
from hpquiz.errors import HpquizError
from hpquiz.messages import ENGLISH, say
from hpquiz.outcomes import OverSeeds
from hpquiz.words import deck_words
from simulator import Consensus, Verdict, consensus_many, replicate
from simulator.consensus import SEEDS, most_needed

if TYPE_CHECKING:
    from hpquiz.batched import RunPool

# simulate(): on_progress(epoch, epochs) after each epoch (0-based, like the simulator's on_epoch;
# epochs adds up the groups of shapes train_many trains one after another); False cancels.
# check_cards(): on_progress(runs_done, runs_total) as the pooled runs are trained.
Progress = Callable[[int, int], object]

# Starting two worker processes takes about 0.35 s, so below ~1 s of work one process wins:
# in seconds as hpquiz/batched.py estimates them, and in simulation_cost units (the
# development machine trains about 54 million a second).
PARALLEL_MIN_SECONDS = 1.0
PARALLEL_MIN_COST = 50e6


class NotAScenario(HpquizError):
    """A drill was asked for a card that is not a scenario card."""


@dataclass(frozen=True)
class ScenarioOutcome(OverSeeds):
    """What the simulation did: one consensus per setup (baseline first, then each option).

    `verdicts` are the consensus verdicts (each setup's most common one); `runs` are
    the runs on the card's own seed, drawn as the main curves; `diagnoses` explain
    each verdict with the first run that got it, so a reason never contradicts it.
    """

    consensuses: tuple[Consensus, ...]
    goal: Verdict | None = None

    @property
    def k(self) -> int:
        return self.consensuses[0].k

    @property
    def reaching_goal(self) -> tuple[int, ...]:
        """The options whose consensus verdict is the goal."""
        return tuple(i for i, v in enumerate(self.option_verdicts) if self.goal is not None and v == self.goal)

    def share(self, index: int, language: str = ENGLISH) -> str:
        """"5 of 5 seeds": how many seeds got setup `index`'s verdict (0 = the baseline)."""
        c = self.consensuses[index]
        return say("seeds.share", language, count=c.count(c.majority), k=c.k)


@dataclass(frozen=True)
class DrillResult:
    """A graded prediction: `expected` is the card's stated answer, `simulated` the verdicts (baseline first)."""

    correct: bool
    prediction: Verdict | int
    expected: Verdict | tuple[int, ...]
    simulated: tuple[Verdict, ...]
    message: str


@dataclass(frozen=True)
class CheckResult:
    """`deck check` for one card: what the card states, what the simulation did, and why they differ."""

    card_id: str
    expected: str
    simulated: str
    ok: bool
    problem: str = ""


def scenario_of(card: Card):
    if card.type is not CardType.SCENARIO or card.scenario is None:
        raise NotAScenario(f"card {card.id!r} is a {card.type.value} card, not a scenario to simulate")
    return card.scenario


def simulate(card: Card, on_progress: Progress | None = None, *, seeds: int = SEEDS, cache=None) -> ScenarioOutcome:
    """Train the baseline and every option of a scenario card on `seeds` seeds each (one
    `train_many` call, through `cache`, a `simulator.cache.ResultCache`, when given)."""
    scenario = scenario_of(card)
    if scenario.compare:
        return claims.simulate(card, on_progress, seeds=seeds, cache=cache)
    hook = None if on_progress is None else (lambda done, total: on_progress(done - 1, total))
    return ScenarioOutcome(tuple(consensus_many(scenario.configs(), seeds, on_progress=hook, cache=cache)),
                           scenario.goal)


def grade(
    card: Card, prediction: Verdict | str | int, outcome: ScenarioOutcome, language: str = ENGLISH
) -> DrillResult:
    """Judge a prediction against the consensus of the seeds; the message is in `language`
    and names the share of seeds behind each verdict.

    A which-knob prediction is the option's index in the card (never a position on
    screen: the screen shuffles the options), so grading does not depend on the order shown.
    """
    scenario = scenario_of(card)
    if scenario.compare:
        correct, guess, message = claims.grade(card, prediction, outcome, language)
        return DrillResult(correct, guess, scenario.expect, outcome.verdicts, message)
    simulated = outcome.verdicts
    name = deck_words(language).verdict
    if scenario.predict:
        guess = Verdict(prediction)
        actual = outcome.baseline_verdict
        correct = guess == actual
        share = outcome.share(0, language)
        if correct:
            message = say("grade.predict_right", language, actual=name(actual), share=share)
        else:
            message = say("grade.predict_wrong", language, guess=name(guess), actual=name(actual), share=share)
        return DrillResult(correct, guess, scenario.verdict, simulated, message)
    index = int(prediction)
    if not 0 <= index < len(card.options):
        raise ValueError(f"option {index} does not exist; card {card.id!r} has {len(card.options)} options")
    goal = scenario.goal
    correct = index in outcome.reaching_goal
    reached = outcome.option_verdicts[index]
    share = outcome.share(index + 1, language)
    right = "; ".join(f"“{card.options[i]}”" for i in outcome.reaching_goal) or say(
        "grade.none_of_the_options", language
    )
    if correct:
        message = say("grade.option_right", language, option=card.options[index], goal=name(goal), share=share)
    else:
        message = say(
            "grade.option_wrong", language, option=card.options[index], reached=name(reached), goal=name(goal),
            right=right, share=share,
        )
    return DrillResult(correct, index, card.answer, simulated, message)


def check_outcome(card: Card, outcome: ScenarioOutcome) -> CheckResult:
    """deck check's rule for one simulated card: the stated answer must hold on every seed.

    On one seed the answer holds when a predict card's baseline gets the stated
    verdict, or when a which-knob card's baseline misses the goal and exactly the
    stated options reach it. A card with `seeds = "most"` needs `most_needed(k)` of
    the k seeds (4 of 5) instead, and is refused when its answer holds on every
    seed anyway (from 5 seeds on, where "most" is less than all): the declaration
    would then excuse nothing. Runs that disagree between seeds are shown seed by
    seed: "option 1 (batch size 64): good on seeds 0, 1, 3; overfitting on 2, 4".
    """
    scenario = scenario_of(card)
    if scenario.compare:
        ok, expected, simulated, problem = claims.check(card, outcome)
        return CheckResult(card.id, expected, simulated, ok, problem)
    k = outcome.k
    most = scenario.seeds == "most"
    need = most_needed(k) if most else k
    base, options = outcome.consensuses[0], outcome.consensuses[1:]
    problems = []
    if scenario.predict:
        stated = scenario.verdict
        agree = base.count(stated)
        if agree < need:
            problems.append(f"the baseline run ends {base.majority.value}, not {stated.value}" if base.unanimous
                            else f"baseline: {base.by_verdict()}")
        expected, simulated = stated.value, word(base)
    else:
        goal = scenario.goal
        stated = set(card.answer)
        agree = sum(
            base.verdicts[s] != goal and all((o.verdicts[s] == goal) == (i in stated) for i, o in enumerate(options))
            for s in range(k)
        )
        if agree < need:
            if base.holds(goal):
                problems.append(f"the baseline already ends {goal.value}, so no change is needed")
            elif base.count(goal):
                problems.append(f"baseline: {base.by_verdict()}")
            for i, option in enumerate(options):
                if i in stated and option.holds(goal) or i not in stated and not option.count(goal):
                    continue
                if option.unanimous:
                    problems.append(f"option {i} ends {option.majority.value}, not {goal.value}" if i in stated
                                    else f"option {i} also reaches {goal.value} but is not in the answer")
                else:
                    problems.append(f"option {i} ({change_words(scenario.changes[i])}): {option.by_verdict()}")
        verdicts = ", ".join(f"{i} {word(o)}" for i, o in enumerate(options))
        expected = f"{goal.value}: {indexes(card.answer)}"
        simulated = f"{goal.value}: {indexes(outcome.reaching_goal)}; baseline {word(base)}; options {verdicts}"
    if most:
        expected += " (on most seeds)"
    if 0 < agree < need:
        rule = f"at least {need} (most)" if most else "every seed"
        problems.append(f"the answer holds on {agree} of {k} seeds; it must hold on {rule}")
    elif most and agree == k and need < k:
        problems.append(f'seeds = "most" excuses nothing: the answer holds on every one of the {k} seeds; remove it')
    return CheckResult(card.id, expected, simulated, not problems, "\n".join(problems))


def failure_lines(results: Sequence[CheckResult]) -> list[str]:
    """What `deck check` and a refused `export` print for each failing card: its id and
    stated answer, then one indented line per problem."""
    lines = []
    for result in results:
        if not result.ok:
            lines.append(f"{result.card_id}: states {result.expected}")
            lines += [f"  {problem}" for problem in result.problem.splitlines()]
    return lines


def word(consensus: Consensus) -> str:
    """A consensus in a table cell: "good", or "good 3/5" when the seeds disagree."""
    if consensus.unanimous:
        return consensus.majority.value
    return f"{consensus.majority.value} {consensus.count(consensus.majority)}/{consensus.k}"


def change_words(change) -> str:
    """An option's change in knob words: "batch size 64", "learning rate 0.01, epochs 400"."""
    def value(v) -> str:
        if v is None:
            return "full"
        if isinstance(v, (tuple, list)):
            return ",".join(map(str, v)) or "none"
        return f"{v:g}" if isinstance(v, float) else str(v)

    return ", ".join(f"{name.replace('_', ' ')} {value(v)}" for name, v in dict(change).items())


def indexes(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]" if values else "none"


def check_card(card: Card, seeds: int = SEEDS, cache=None) -> CheckResult:
    """Simulate one scenario card on `seeds` seeds and compare with its stated answer."""
    return check_outcome(card, simulate(card, seeds=seeds, cache=cache))


def check_cards(cards: Sequence[Card], on_progress: Progress | None = None, jobs: int = 1, *,
                seeds: int = SEEDS, cache=None) -> list[CheckResult]:
    """`check_card` for many cards. Their runs are trained first, pooled across cards and
    spread over `jobs` processes (hpquiz/batched.py); the cards are then judged here.
    `on_progress(runs_done, runs_total)` as the runs come in."""
    return check_cards_pooled(cards, on_progress, jobs, seeds=seeds, cache=cache)[0]


def check_cards_pooled(cards: Sequence[Card], on_progress: Progress | None = None, jobs: int = 1, *,
                       seeds: int = SEEDS, cache=None, extra: Sequence = ()) -> tuple[list[CheckResult], RunPool]:
    """`check_cards`, training the `extra` configs (a deck's challenge searches) in the
    same pool, and that pool beside the results, to serve the extra runs from."""
    from hpquiz.batched import train_pooled

    # judging reads no parameter snapshots: cached runs come without them (a warm check's
    # main cost); none of these runs is drawn
    pool = train_pooled(cards, seeds, cache, jobs, on_progress, min_cost=PARALLEL_MIN_SECONDS, extra=extra,
                        snapshots=False)
    return [check_card(card, seeds, pool) for card in cards], pool


def simulation_cost(card: Card, seeds: int = SEEDS, cache=None) -> float:
    """A rough measure of a scenario card's training work, to start the longest first:
    sample-epochs times the width of the network, summed over the runs and seeds not
    already in `cache` (a warm cache then keeps the work in one process)."""
    configs = [r for c in scenario_of(card).configs() for r in replicate(c, seeds)]
    if cache is not None:
        configs = [c for c in configs if not cache.has(c)]
    return float(sum(c.epochs * c.n_samples * (sum(c.hidden) + 1) for c in configs))
