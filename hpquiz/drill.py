"""Predict, then run: a scenario card -> simulations -> a graded outcome.

A scenario card states a training setup. The learner commits a prediction
first (a verdict, the option they think fixes the run, or for a compare card
the direction a measured quantity will move: see `hpquiz.claims`); `simulate` then
trains the baseline and every option in one batched `train_many` call and
`diagnose` labels each run. `grade` judges the prediction against what the
simulation did, not against the text of the card, and `check_card` is the
author's side of the same rule: the card's stated answer must be what the
simulation does (`hpquiz deck check`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hpquiz import claims
from hpquiz.deck.model import Card, CardType
from hpquiz.errors import HpquizError
from hpquiz.messages import ENGLISH, say
from hpquiz.words import deck_words
from simulator import Diagnosis, Run, Verdict, diagnose, train_many

# simulate(): on_progress(epoch, epochs) after each epoch (0-based, like the simulator's on_epoch;
# epochs adds up the groups of shapes train_many trains one after another); False cancels.
# check_cards(): on_progress(cards_done, cards_total) after each card.
Progress = Callable[[int, int], object]

# simulation_cost units: the development machine trains about 54 million a second, and
# starting two worker processes takes about 0.35 s, so below ~1 s of work one process wins.
PARALLEL_MIN_COST = 50e6


class NotAScenario(HpquizError):
    """A drill was asked for a card that is not a scenario card."""


@dataclass(frozen=True)
class ScenarioOutcome:
    """What the simulation did: the runs (baseline first) and each run's diagnosis."""

    runs: tuple[Run, ...]
    diagnoses: tuple[Diagnosis, ...]
    baseline_verdict: Verdict
    reaching_goal: tuple[int, ...]

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        return tuple(Verdict(d.verdict) for d in self.diagnoses)

    @property
    def option_verdicts(self) -> tuple[Verdict, ...]:
        return self.verdicts[1:]


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


def run_configs(configs: Sequence, on_progress: Progress | None = None) -> list[Run]:
    """Train `configs` in one `train_many` call; on_progress(epoch, epochs) may return False to cancel."""
    if on_progress is None:
        return train_many(configs)
    return train_many(configs, on_progress=lambda done, total: on_progress(done - 1, total))


def outcome_from(card: Card, runs: Sequence[Run]) -> ScenarioOutcome:
    scenario = scenario_of(card)
    diagnoses = tuple(diagnose(run) for run in runs)
    verdicts = [Verdict(d.verdict) for d in diagnoses]
    reaching = () if scenario.goal is None else tuple(
        i for i, verdict in enumerate(verdicts[1:]) if verdict == scenario.goal
    )
    return ScenarioOutcome(tuple(runs), diagnoses, verdicts[0], reaching)


def simulate(card: Card, on_progress: Progress | None = None) -> ScenarioOutcome:
    """Train the baseline and every option of a scenario card, and diagnose each run."""
    if scenario_of(card).compare:
        return claims.simulate(card, on_progress)
    return outcome_from(card, run_configs(scenario_of(card).configs(), on_progress))


def grade(
    card: Card, prediction: Verdict | str | int, outcome: ScenarioOutcome, language: str = ENGLISH
) -> DrillResult:
    """Judge a prediction against what the simulation did; the message is in `language`.

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
        if correct:
            message = say("grade.predict_right", language, actual=name(actual))
        else:
            message = say("grade.predict_wrong", language, guess=name(guess), actual=name(actual))
        return DrillResult(correct, guess, scenario.verdict, simulated, message)
    index = int(prediction)
    if not 0 <= index < len(card.options):
        raise ValueError(f"option {index} does not exist; card {card.id!r} has {len(card.options)} options")
    goal = scenario.goal
    correct = index in outcome.reaching_goal
    reached = outcome.option_verdicts[index]
    right = "; ".join(f"“{card.options[i]}”" for i in outcome.reaching_goal) or say(
        "grade.none_of_the_options", language
    )
    if correct:
        message = say("grade.option_right", language, option=card.options[index], goal=name(goal))
    else:
        message = say(
            "grade.option_wrong", language, option=card.options[index], reached=name(reached), goal=name(goal), right=right
        )
    return DrillResult(correct, index, card.answer, simulated, message)


def check_outcome(card: Card, outcome: ScenarioOutcome) -> CheckResult:
    """deck check's rule for one simulated card."""
    scenario = scenario_of(card)
    if scenario.compare:
        ok, expected, simulated, problem = claims.check(card, outcome)
        return CheckResult(card.id, expected, simulated, ok, problem)
    baseline = outcome.baseline_verdict
    if scenario.predict:
        ok = baseline == scenario.verdict
        problem = "" if ok else f"the baseline run ends {baseline.value}, not {scenario.verdict.value}"
        return CheckResult(card.id, scenario.verdict.value, baseline.value, ok, problem)
    goal = scenario.goal
    stated, reaching = set(card.answer), set(outcome.reaching_goal)
    problems = []
    if baseline == goal:
        problems.append(f"the baseline already ends {goal.value}, so no change is needed")
    for i in sorted(stated - reaching):
        problems.append(f"option {i} ends {outcome.option_verdicts[i].value}, not {goal.value}")
    for i in sorted(reaching - stated):
        problems.append(f"option {i} also reaches {goal.value} but is not in the answer")
    verdicts = ", ".join(f"{i} {v.value}" for i, v in enumerate(outcome.option_verdicts))
    expected = f"{goal.value}: {indexes(card.answer)}"
    simulated = f"{goal.value}: {indexes(outcome.reaching_goal)}; baseline {baseline.value}; options {verdicts}"
    return CheckResult(card.id, expected, simulated, not problems, "; ".join(problems))


def indexes(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]" if values else "none"


def check_card(card: Card) -> CheckResult:
    """Simulate one scenario card and compare with its stated answer."""
    return check_outcome(card, simulate(card))


def check_cards(cards: Sequence[Card], on_progress: Progress | None = None, jobs: int = 1) -> list[CheckResult]:
    """`check_card` for many cards, spread over `jobs` processes (hpquiz/parallel.py)."""
    from hpquiz.parallel import map_in_processes

    done = 0

    def finished(_index: int, _result: CheckResult) -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(done, len(cards))

    return map_in_processes(check_card, cards, jobs, finished, cost=simulation_cost, min_total_cost=PARALLEL_MIN_COST)



def simulation_cost(card: Card) -> float:
    """A rough measure of a scenario card's training work, to start the longest first:
    sample-epochs times the width of the network, summed over its runs."""
    return float(sum(c.epochs * c.n_samples * (sum(c.hidden) + 1) for c in scenario_of(card).configs()))
