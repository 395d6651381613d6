"""What every simulated scenario answers, however it was judged.

A verdict scenario (`hpquiz.drill.ScenarioOutcome`), a compare card
(`hpquiz.claims.ClaimOutcome`) and an exported card's stored result
(`hpquiz.export.media.ScenarioMedia`) all hold one result per setup, the
baseline first and then each option. The screens and exports read them through
these same names, so the rules (which run is drawn as the main curve, which
diagnosis explains a verdict) live here once.
"""

from __future__ import annotations

from simulator import Diagnosis, Run, Verdict


class BaselineFirst:
    """`verdicts` per setup, the baseline's first: split into the baseline's and the options'."""

    verdicts: tuple[Verdict, ...]

    @property
    def baseline_verdict(self) -> Verdict:
        return self.verdicts[0]

    @property
    def option_verdicts(self) -> tuple[Verdict, ...]:
        return self.verdicts[1:]


class OverSeeds(BaselineFirst):
    """Per setup a `Consensus` over the seeds: each setup's verdict is its majority, its
    main run is the one on the card's own seed, and the other seeds are the spread."""

    consensuses: tuple  # of simulator.Consensus, the baseline's first

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        return tuple(c.majority for c in self.consensuses)

    @property
    def runs(self) -> tuple[Run, ...]:
        return tuple(c.runs[0] for c in self.consensuses)

    @property
    def replicas(self) -> tuple[tuple[Run, ...], ...]:
        """Per setup, the runs on the other seeds (drawn fainter: the spread)."""
        return tuple(c.runs[1:] for c in self.consensuses)

    @property
    def diagnoses(self) -> tuple[Diagnosis, ...]:
        """Per setup, the diagnosis of its first seed that got the majority verdict."""
        return tuple(c.diagnoses[c.verdicts.index(c.majority)] for c in self.consensuses)
