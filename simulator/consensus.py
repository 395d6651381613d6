"""Seed consensus: a setup is judged on several runs that differ only in their seed.

One run is an anecdote. The seed draws everything random about a run: the data
sample (which noisy points the dataset has), the split (which of them are held out
for validation), the initial weights, the order of the minibatches and the dropout
masks (`simulator.datasets.dataset_streams`). A verdict that holds on one seed and
not the next sits on a threshold's edge; a lesson worth teaching holds across seeds.
It also makes the evidence portable: another CPU's BLAS kernel changes the last bits
of every run, which can flip a verdict on the edge but not one that holds on every seed.

- `replicate(config, k)` -> the k configs with seeds `config.seed` ... `config.seed + k - 1`.
- `consensus_many(configs, k=5, *, on_progress=None, cache=None)` -> one `Consensus` per
  config; every replica of every config is trained in ONE `train_many` call (through
  `cache`, a `simulator.cache.ResultCache`, when given: only the runs it lacks train).
  `on_progress(epochs_done, epochs_total)` is train_many's hook; False cancels, and
  then every consensus comes back made of the cancelled runs.
- `consensus(config, k=5)` -> the `Consensus` of one config.

A `Consensus` holds `config`, `seeds`, `runs` (runs[0] is the config's own seed),
`diagnoses`, and answers: `.verdicts` (one per seed), `.majority` (the most common
verdict; a tie goes to the verdict of the earliest seed among the tied), `.count(v)`,
`.holds(v)` (on every seed), `.mostly(v)` (on most seeds, see `MOST`),
`.seeds_with(v)` and `.describe()` ("overfitting on 4 of 5 seeds").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.config import TrainConfig
from simulator.diagnose import Diagnosis, diagnose
from simulator.run import Run
from simulator.training import train_many
from simulator.verdict import Verdict

if TYPE_CHECKING:
    from simulator.cache import ResultCache

__all__ = ["Consensus", "replicate", "consensus", "consensus_many", "most_needed", "SEEDS", "MAX_SEEDS"]

SEEDS = 5  # five runs: enough to see a threshold's edge, few enough for a drill to stay under half a second
MAX_SEEDS = 20  # beyond this a deck check takes minutes and says nothing new
MOST = (4, 5)  # "most seeds" means at least 4 of 5: one seed may disagree, never two


def most_needed(k: int) -> int:
    """How many of k seeds "most" needs: 4/5 of them rounded up (4 of 5, 8 of 10, 16 of 20;
    every seed when k <= 4, where one dissenting seed would already be a quarter or more)."""
    numerator, denominator = MOST
    return -(-numerator * k // denominator)


def replicate(config: TrainConfig, k: int = SEEDS) -> list[TrainConfig]:
    """The k configs judged for `config`: its own seed first, then the k - 1 after it."""
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_SEEDS:
        raise ValueError(f"seeds={k!r} (allowed: an integer 1 <= value <= {MAX_SEEDS})")
    if config.seed + k - 1 > 2**32 - 1:
        raise ValueError(f"seed={config.seed} leaves no room for {k} seeds (allowed: seed <= {2**32 - k})")
    return [config.with_seed(config.seed + i) for i in range(k)]


@dataclass(frozen=True)
class Consensus:
    """The runs of one setup on consecutive seeds, each diagnosed."""

    config: TrainConfig
    seeds: tuple[int, ...]
    runs: tuple[Run, ...]
    diagnoses: tuple[Diagnosis, ...]

    @property
    def k(self) -> int:
        return len(self.seeds)

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """Each seed's verdict, in seed order."""
        return tuple(Verdict(d.verdict) for d in self.diagnoses)

    @property
    def majority(self) -> Verdict:
        """The most common verdict; among tied verdicts, the one the earliest seed got."""
        counts = Counter(self.verdicts)
        top = max(counts.values())
        return next(v for v in self.verdicts if counts[v] == top)

    @property
    def unanimous(self) -> bool:
        return len(set(self.verdicts)) == 1

    def count(self, verdict: Verdict | str) -> int:
        return sum(v == verdict for v in self.verdicts)

    def holds(self, verdict: Verdict | str) -> bool:
        """True when every seed got `verdict`."""
        return self.count(verdict) == self.k

    def mostly(self, verdict: Verdict | str) -> bool:
        """True when at least `most_needed(k)` seeds got `verdict` (4 of 5)."""
        return self.count(verdict) >= most_needed(self.k)

    def seeds_with(self, verdict: Verdict | str) -> tuple[int, ...]:
        return tuple(seed for seed, v in zip(self.seeds, self.verdicts) if v == verdict)

    def share(self, verdict: Verdict | str | None = None) -> str:
        """"4 of 5 seeds" for `verdict` (default: the majority)."""
        verdict = self.majority if verdict is None else verdict
        return f"{self.count(verdict)} of {self.k} seed{'s' if self.k != 1 else ''}"

    def describe(self) -> str:
        """"overfitting on 4 of 5 seeds" (the majority verdict and its share)."""
        return f"{self.majority.value} on {self.share()}"

    def by_verdict(self) -> str:
        """Every verdict with its seeds, most common first: "good on seeds 0, 1, 3; overfitting on 2, 4"."""
        counts = Counter(self.verdicts)
        order = sorted(counts, key=lambda v: (-counts[v], self.verdicts.index(v)))
        parts = []
        for n, verdict in enumerate(order):
            seeds = self.seeds_with(verdict)
            word = ("seed " if len(seeds) == 1 else "seeds ") if n == 0 else ""
            parts.append(f"{verdict.value} on {word}{', '.join(map(str, seeds))}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        return f"Consensus({self.config!r}, seeds {self.seeds[0]}-{self.seeds[-1]}: {self.by_verdict()})"


def consensus_many(
    configs: Iterable[TrainConfig],
    k: int = SEEDS,
    *,
    on_progress: Callable[[int, int], Any] | None = None,
    cache: ResultCache | None = None,
) -> list[Consensus]:
    """The consensus of each config, every replica trained in one `train_many` call."""
    configs = list(configs)
    replicas = [replicate(config, k) for config in configs]
    flat = [replica for group in replicas for replica in group]
    runs = cache.train_many(flat, on_progress) if cache is not None else train_many(flat, on_progress)
    return [_consensus_of(config, runs[i * k:(i + 1) * k]) for i, config in enumerate(configs)]


def consensus(config: TrainConfig, k: int = SEEDS, *, cache: ResultCache | None = None) -> Consensus:
    """The consensus of one config over k seeds."""
    return consensus_many([config], k, cache=cache)[0]


def _consensus_of(config: TrainConfig, runs: Sequence[Run]) -> Consensus:
    return Consensus(config, tuple(r.config.seed for r in runs), tuple(runs), tuple(diagnose(r) for r in runs))
