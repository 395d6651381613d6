"""Scenario curve images, simulated and rendered once per card and shared by every format.

Training the baseline and the options of a scenario is the slow part of an
export, so `MediaCache` does it once per card (one `drill.simulate` call) and
keeps the PNGs and the verdicts in a working folder. The folder is the cache:
a second export into the same folder (the tests do this) reuses the files, keyed
by the card's content hash, so an edited card is simulated again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hpquiz.cards import Card, CardType
from hpquiz.export.text import option_letter
from simulator import Verdict

LABEL_WIDTH = 38


@dataclass(frozen=True)
class ScenarioMedia:
    """What the simulation of one scenario card produced.

    `verdicts` and `reasons` are per run, the baseline first then each option;
    `front` is the baseline curve alone (None for predict cards: showing it
    would give the answer away); `back` overlays every run with its verdict.
    """

    card_id: str
    verdicts: tuple[Verdict, ...]
    reasons: tuple[str, ...]
    front: Path | None
    back: Path

    @property
    def baseline_verdict(self) -> Verdict:
        return self.verdicts[0]

    @property
    def option_verdicts(self) -> tuple[Verdict, ...]:
        return self.verdicts[1:]

    @property
    def images(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.front, self.back) if p is not None)


def short_label(text: str, width: int = LABEL_WIDTH) -> str:
    """A legend label: shortened, and `$` escaped so matplotlib never reads card text as maths."""
    text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def run_labels(card: Card) -> list[str]:
    """Legend labels: `baseline`, then `A: <option>`… matching the letters in the text."""
    return ["baseline", *(short_label(f"{option_letter(i)}: {o}") for i, o in enumerate(card.options))]


class MediaCache:
    """Simulates and renders scenario cards on demand, at most once per card."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._memory: dict[str, ScenarioMedia] = {}

    def get(self, card: Card) -> ScenarioMedia:
        """The simulated verdicts and curve images of a scenario card."""
        if card.type is not CardType.SCENARIO or card.scenario is None:
            raise ValueError(f"card {card.id!r} is not a scenario card")
        key = f"{card.id}-{card.content_hash}"
        if key not in self._memory:
            self._memory[key] = self._load(card, key) or self._render(card, key)
        return self._memory[key]

    def _paths(self, card: Card, key: str) -> tuple[Path, Path | None, Path]:
        stem = f"hpquiz-{card.id}-{card.content_hash[:8]}"
        front = None if card.scenario.predict else self.folder / f"{stem}-front.png"
        return self.folder / f"{key}.json", front, self.folder / f"{stem}-back.png"

    def _load(self, card: Card, key: str) -> ScenarioMedia | None:
        meta, front, back = self._paths(card, key)
        if not meta.exists() or not back.exists() or (front is not None and not front.exists()):
            return None
        data = json.loads(meta.read_text(encoding="utf-8"))
        return ScenarioMedia(
            card.id, tuple(Verdict(v) for v in data["verdicts"]), tuple(data["reasons"]), front, back
        )

    def _render(self, card: Card, key: str) -> ScenarioMedia:
        from hpquiz.drill import simulate
        from hpquiz.export.plots import render_curves_png

        meta, front, back = self._paths(card, key)
        outcome = simulate(card)
        verdicts = tuple(Verdict(d.verdict) for d in outcome.diagnoses)
        reasons = tuple(d.reasons[0] if d.reasons else "" for d in outcome.diagnoses)
        runs = list(outcome.runs)
        if front is not None:
            render_curves_png(runs[:1], ["baseline"], front, title="The baseline run")
        title = "The baseline run" if card.scenario.predict else "The baseline and every option"
        render_curves_png(runs, run_labels(card)[: len(runs)], back, title=title, verdicts=list(verdicts))
        meta.write_text(
            json.dumps({"verdicts": [v.value for v in verdicts], "reasons": list(reasons)}), encoding="utf-8"
        )
        return ScenarioMedia(card.id, verdicts, reasons, front, back)
