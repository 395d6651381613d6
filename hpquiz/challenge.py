"""A tuning challenge played: trials, and the grid and random searches of the same budget.

The learner proposes setups one at a time (`trial`), each a change of the knobs in
the challenge's search space, and sees what it reached. At the end their best is set
beside what two blind strategies reach with the same number of trials: a grid
(evenly spaced values, as balanced across the knobs as the budget allows) and a
random search (points drawn uniformly, on a log scale for log knobs, from a
generator seeded by the challenge id, so every learner faces the same baseline).
The material recommends random over grid search; with a budget of nine trials over
two knobs the grid tries only three values of each, random search nine of each.

A trial is judged as a card is: on `SEEDS` seeds (the setup's own and the four after
it, trained together). Its score is the mean of their final validation losses, and a
seed that blows up makes the trial a blow-up. One seed is not enough: on 100 held-out
points the seeds' losses for one setup spread wider than most knob changes move them,
so a single draw rewards the luck of an easy split (a rate too low to train, whose
seed-0 validation loss happened to sit under the target, used to win the level-1
challenge). The majority verdict and its share are shown beside the mean.

`deck check` accepts a challenge only when one strategy reaches the target with a
margin (`CHECK_MARGIN`), so a BLAS kernel's last bits cannot make it unreachable.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hpquiz.deck.challenges import Challenge, SearchKnob
from hpquiz.errors import HpquizError
from simulator.config import TrainConfig
from simulator.consensus import SEEDS, Consensus, consensus_many, replicate

CHECK_MARGIN = 0.97  # deck check: a strategy must reach 97% of the target, not just touch it


class TrialError(HpquizError):
    """A proposed setup that the challenge does not allow (a knob outside its space or range)."""


@dataclass(frozen=True)
class Trial:
    """One tried setup judged on its seeds: the changed knobs, the mean final validation
    loss (inf: some seed blew up), the majority verdict and how many seeds got it, and
    each seed's final loss. `runs` are the seeds' runs (the setup's own first), for a
    chart that shows the spread the mean came from; they are not saved or compared."""

    change: dict
    val_loss: float
    verdict: str
    losses: tuple[float, ...]
    agree: int
    runs: tuple = field(default=(), compare=False, repr=False)

    @classmethod
    def judge(cls, change: dict, consensus: Consensus) -> Trial:
        losses = tuple(final_loss(run) for run in consensus.runs)
        mean = math.fsum(losses) / len(losses) if all(map(math.isfinite, losses)) else math.inf
        majority = consensus.majority
        return cls(dict(change), mean, majority.value, losses, consensus.count(majority), consensus.runs)

    def reaches(self, target: float) -> bool:
        return self.val_loss <= target

    def describe(self) -> str:
        """"0.2559 (mean of 5 seeds, 0.193 to 0.295), good on 3 of 5 seeds", or "blew up on 2 of 5 seeds"."""
        from hpquiz.words import verdict_label

        k = len(self.losses)
        seeds = f"{k} seed{'s' if k != 1 else ''}"
        if self.val_loss == math.inf:
            return f"blew up on {sum(not math.isfinite(x) for x in self.losses)} of {seeds}"
        spread = f", {min(self.losses):.3g} to {max(self.losses):.3g}" if k > 1 else ""
        return f"{self.val_loss:.4g} (mean of {seeds}{spread}), {verdict_label(self.verdict)} on {self.agree} of {seeds}"


@dataclass(frozen=True)
class Baselines:
    """What grid and random search reach in the challenge's budget."""

    grid: tuple[Trial, ...]
    random: tuple[Trial, ...]

    @staticmethod
    def best(trials: Sequence[Trial]) -> Trial | None:
        return min(trials, key=lambda t: t.val_loss) if trials else None


def final_loss(run) -> float:
    last = float(run.val_loss[-1]) if len(run.val_loss) else math.inf
    return last if math.isfinite(last) and not run.diverged else math.inf


def check_change(challenge: Challenge, change: dict) -> dict:
    """`change` if every knob in it is in the space and in range; a TrialError naming the first that is not."""
    space = {k.name: k for k in challenge.space}
    if not change:
        raise TrialError("change at least one knob: " + "; ".join(k.describe() for k in challenge.space))
    for name, value in change.items():
        knob = space.get(name)
        if knob is None:
            raise TrialError(f"{name} is not part of this challenge; you may turn: {', '.join(space)}")
        if not knob.allows(value):
            raise TrialError(f"{name}={value!r} is outside the challenge's space ({knob.describe()})")
    try:
        challenge.setup.replace(**change)
    except ValueError as exc:
        raise TrialError(str(exc).splitlines()[0]) from None
    return change


def run_trials(challenge: Challenge, changes: Sequence[dict], cache=None, on_progress=None) -> list[Trial]:
    """Train the changed setups on their seeds (all in one batch) and judge each."""
    configs = [challenge.setup.replace(**c) for c in changes]
    judged = consensus_many(configs, SEEDS, cache=cache, on_progress=on_progress)
    return [Trial.judge(c, consensus) for c, consensus in zip(changes, judged)]


def grid_changes(challenge: Challenge) -> list[dict]:
    """At most `budget` grid points: as many values per knob as the budget allows, balanced."""
    knobs = challenge.space
    counts = [1] * len(knobs)
    limits = [len(k.options) if k.options else math.inf for k in knobs]
    grew = True
    while grew:
        grew = False
        for i in sorted(range(len(knobs)), key=lambda i: counts[i]):
            if counts[i] < limits[i] and math.prod(counts) // counts[i] * (counts[i] + 1) <= challenge.budget:
                counts[i] += 1
                grew = True
                break
    axes = [_grid_values(k, n) for k, n in zip(knobs, counts)]
    return [dict(zip((k.name for k in knobs), point)) for point in itertools.product(*axes)]


def _grid_values(knob: SearchKnob, n: int) -> list:
    if knob.options:
        picks = np.linspace(0, len(knob.options) - 1, n) if n > 1 else [len(knob.options) // 2]
        return [knob.options[int(round(i))] for i in picks]
    if n == 1:
        middle = math.sqrt(knob.low * knob.high) if knob.log else (knob.low + knob.high) / 2
        return [_cast(knob, middle)]
    if knob.log:
        values = np.geomspace(knob.low, knob.high, n)
    else:
        values = np.linspace(knob.low, knob.high, n)
    return list(dict.fromkeys(_cast(knob, v) for v in values))


def random_changes(challenge: Challenge) -> list[dict]:
    """`budget` points drawn uniformly (log-uniformly for log knobs) from a generator seeded by the id."""
    rng = np.random.default_rng(zlib.crc32(challenge.id.encode()))
    points = []
    for _ in range(challenge.budget):
        point = {}
        for knob in challenge.space:
            if knob.options:
                point[knob.name] = knob.options[int(rng.integers(len(knob.options)))]
            elif knob.log:
                point[knob.name] = _cast(knob, math.exp(rng.uniform(math.log(knob.low), math.log(knob.high))))
            else:
                point[knob.name] = _cast(knob, rng.uniform(knob.low, knob.high))
        points.append(point)
    return points


def _cast(knob: SearchKnob, value: float) -> Any:
    if knob.integer:
        return int(min(knob.high, max(knob.low, round(value))))
    return float(f"{value:.3g}")


def search_configs(challenge: Challenge) -> list[TrainConfig]:
    """Every run `baselines` trains, each seed of each trial: `deck check` pools them with the cards' runs."""
    changes = grid_changes(challenge) + random_changes(challenge)
    return [replica for c in changes for replica in replicate(challenge.setup.replace(**c), SEEDS)]


def baselines(challenge: Challenge, cache=None) -> Baselines:
    """Grid and random search of the challenge's budget, trained in one batch."""
    grid, rand = grid_changes(challenge), random_changes(challenge)
    trials = run_trials(challenge, grid + rand, cache)
    return Baselines(tuple(trials[: len(grid)]), tuple(trials[len(grid) :]))


@dataclass(frozen=True)
class ChallengeCheck:
    challenge_id: str
    grid_best: float
    random_best: float
    ok: bool
    problem: str = ""


def check_challenge(challenge: Challenge, cache=None) -> ChallengeCheck:
    """deck check: the target must be reachable in the budget by grid or random search."""
    base = baselines(challenge, cache)
    grid, rand = Baselines.best(base.grid).val_loss, Baselines.best(base.random).val_loss
    ok = min(grid, rand) <= challenge.target * CHECK_MARGIN
    problem = "" if ok else (
        f"neither grid ({grid:.4g}) nor random search ({rand:.4g}) reaches {challenge.target * CHECK_MARGIN:.4g} "
        f"(the target {challenge.target:g} with a {1 - CHECK_MARGIN:.0%} margin) in {challenge.budget} trials, "
        f"each the mean of {SEEDS} seeds"
    )
    return ChallengeCheck(challenge.id, grid, rand, ok, problem)


def change_text(change: dict) -> str:
    """"learning_rate=0.1, hidden=16,16": a change as the learner types it."""
    from hpquiz.charts.sweeps import value_text

    return ", ".join(f"{k}={value_text(v)}" for k, v in change.items())


def parse_change(challenge: Challenge, text: str) -> dict:
    """"learning_rate=0.1 batch_size=32" (or with commas between pairs) -> a checked change."""
    import re

    from hpquiz.knobs import KnobError, parse_value

    change = {}
    for name, value in re.findall(r"([a-z_]+)\s*=\s*([^\s=]+(?:\s*,\s*\d+)*)", text.strip()):
        if name not in {k.name for k in challenge.space}:
            raise TrialError(f"{name} is not part of this challenge; you may turn: "
                             + ", ".join(k.name for k in challenge.space))
        try:
            change[name] = parse_value(name, value.replace(" ", "").rstrip(","))
        except KnobError as exc:
            raise TrialError(str(exc)) from None
    if not change:
        raise TrialError("write knob=value pairs, e.g. " + " ".join(f"{k.name}=…" for k in challenge.space))
    return check_change(challenge, change)


class ChallengePlay:
    """One attempt in progress: trials checked, recorded in the store as they are made,
    and the comparison with grid and random search at the end. The CLI and the lab
    both play through it."""

    def __init__(self, challenge: Challenge, store, now_fn) -> None:
        self.challenge, self.store, self.now_fn = challenge, store, now_fn
        self.attempt = store.start_attempt(challenge.id, challenge.target, challenge.budget, now_fn())
        self.trials: list[Trial] = []

    @property
    def left(self) -> int:
        return self.challenge.budget - len(self.trials)

    def change_of(self, config) -> dict:
        """The knobs `config` changes from the challenge's setup, checked against the space."""
        import dataclasses

        setup = self.challenge.setup
        change = {f.name: getattr(config, f.name) for f in dataclasses.fields(setup)
                  if getattr(config, f.name) != getattr(setup, f.name)}
        return check_change(self.challenge, change)

    def _check_budget(self) -> None:
        if self.left <= 0:
            raise TrialError(f"all {self.challenge.budget} trials are used")

    def judge(self, change: dict, cache=None, on_progress=None) -> Trial:
        """Train `change` on its seeds and judge it; nothing is saved (see `record`), so a
        refused save can be retried without training again. `on_progress` returning False
        cancels, and the cancelled runs' trial must then be dropped, not recorded."""
        self._check_budget()
        return run_trials(self.challenge, [check_change(self.challenge, dict(change))], cache, on_progress)[0]

    def record(self, result: Trial) -> Trial:
        """Save a judged trial: from here on it counts against the budget."""
        self._check_budget()
        self.store.record_trial(self.attempt, change_text(result.change), result.val_loss, result.verdict, self.now_fn())
        self.trials.append(result)
        return result

    def finish(self, cache=None) -> list[str]:
        """Run the baselines, save the outcome; the lines that compare them with the learner's best.
        It takes no progress hook: a cancelled search would be saved as the outcome."""
        base = baselines(self.challenge, cache)
        grid, rand = Baselines.best(base.grid), Baselines.best(base.random)
        mine = Baselines.best(self.trials)
        target = self.challenge.target
        self.won = mine is not None and mine.reaches(target)
        self.store.finish_attempt(self.attempt, mine.val_loss if mine else None, self.won, grid.val_loss,
                                  rand.val_loss, self.now_fn())
        lines = [f"best mean final validation loss over {SEEDS} seeds (target {target:g}):"]
        for name, best, n in (("you", mine, len(self.trials)), ("grid search", grid, len(base.grid)),
                              ("random search", rand, len(base.random))):
            if best is None:
                lines.append(f"{name:<13} no trials")
                continue
            mark = "✓" if best.reaches(target) else "✗"
            lines.append(f"{name:<13} {mark} {loss_text(best.val_loss):>7} with {change_text(best.change)} ({n} trials)")
        lines.append("You won: your best beats the target." if self.won else f"Not this time: the target was {target:g}.")
        return lines


def loss_text(value: float) -> str:
    return f"{value:.4g}" if value != math.inf else "blew up"
