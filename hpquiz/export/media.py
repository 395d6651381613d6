"""Scenario curve images, simulated and rendered once per card and shared by every format.

Training the baseline and the options of a scenario on every seed is the slow
part of an export, so `MediaCache` does it once per card (one `drill.simulate`
call, through the result cache when one is given) and keeps the PNGs, the
consensus verdicts, each run's evidence sentence (as data, so feedback says it in
the deck's language) and deck check's verdict on the card in a working folder. The
folder is a cache too: a second export into the same folder reuses the files,
keyed by the card's content hash, its deck's language and the number of seeds, so
an edited card is simulated again, and a card's English and Turkish pictures
(titles, axes, legends, verdicts and the measured text are in the deck's language,
messages `chart.*`) never overwrite each other. With a result cache, exports keep
that folder beside it (`kept_images_folder`, named for the simulator, BLAS kernel
and drawing code the images came from), so an export with the cache warm renders
nothing. An export writes nothing when a card's stated answer fails the check
(`formats.export`), so a key never contradicts its evidence.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hpquiz.deck.model import Card, CardType
from hpquiz.drill import SEEDS, CheckResult
from hpquiz.export.text import option_letter
from hpquiz.outcomes import BaselineFirst
from simulator import Evidence, Verdict

# The form of a card's metadata file; a file of another form is simulated and written again.
# 2: each run's evidence sentence as data (`Evidence.to_dict`), said in the reader's language,
#    where 1 kept its English text.
META_VERSION = 2


@dataclass(frozen=True)
class ScenarioMedia(BaselineFirst):
    """What the simulation of one scenario card produced.

    `verdicts` and `evidence` are per run, the baseline first then each option
    (`evidence`: the first reason of the run's diagnosis as data, said by `reason`);
    `front` is the baseline curve alone (None for predict cards: showing it
    would give the answer away); `back` overlays every run with its verdict.
    Both carry, under the curves, what each run's network learned (its decision
    boundary, or the fitted sine), so every format with images shows it.
    `measured` (compare cards only) holds the measured numbers in words: each
    setup's value over the seeds and the difference with its spread.
    """

    card_id: str
    verdicts: tuple[Verdict, ...]
    evidence: tuple[Evidence | None, ...]
    front: Path | None
    back: Path
    measured: tuple[str, ...] = ()
    support: tuple[tuple[int, int], ...] = ()  # per run, (seeds that got its verdict, seeds run)
    check: CheckResult | None = None  # deck check's rule applied to this simulation

    def share(self, index: int, language: str = "en") -> str:
        """"5 of 5 seeds" (in `language`) for run `index`, 0 being the baseline."""
        from hpquiz.messages import say

        n, k = self.support[index]
        return say("seeds.share", language, count=n, k=k)

    def reason(self, index: int, language: str = "en") -> str:
        """What the simulator saw in run `index`'s curves (0 being the baseline), in `language`;
        "" for a run without a diagnosis sentence."""
        from hpquiz.evidence import say_evidence

        evidence = self.evidence[index]
        return "" if evidence is None else say_evidence(evidence, language)

    @property
    def images(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.front, self.back) if p is not None)


def legend_label(text: str) -> str:
    """A legend label: the option's whole text, `$` escaped so matplotlib never reads card
    text as maths. Not shortened: a cut label hid what its verdict was about; the
    picture wraps a long one onto more lines (`plots`)."""
    return text.replace("$", r"\$")


def run_labels(card: Card, language: str = "en") -> list[str]:
    """Legend labels: `baseline`, then `A: <option>`… matching the letters in the text
    (a compare card's second run is the baseline with the change)."""
    from hpquiz.messages import say

    baseline = say("export.baseline", language)
    if card.scenario is not None and card.scenario.compare:
        return [baseline, say("chart.with_change", language)]
    return [baseline, *(legend_label(f"{option_letter(i)}: {o}") for i, o in enumerate(card.options))]


class MediaCache:
    """Simulates and renders scenario cards on demand, at most once per card.

    `prepare` does the cards an export will need up front, on several processes;
    `get` then finds them done (or does a missing one itself).
    """

    def __init__(self, folder: Path, cache=None, seeds: int = SEEDS, languages: Mapping[str, str] | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cache, self.seeds = cache, seeds  # cache: a simulator.cache.ResultCache, or None
        self.languages = dict(languages or {})  # card id -> its deck's language (default English)
        self._memory: dict[str, ScenarioMedia] = {}

    def language(self, card: Card) -> str:
        return self.languages.get(card.id, "en")

    def key(self, card: Card) -> str:
        return media_key(card, self.language(card))

    def failures(self, cards: Sequence[Card]) -> list[CheckResult]:
        """The scenario cards among `cards` whose stated answer the simulation contradicts."""
        return [media.check for card in cards if card.type is CardType.SCENARIO and card.scenario is not None
                for media in [self.get(card)] if media.check is not None and not media.check.ok]

    def get(self, card: Card) -> ScenarioMedia:
        """The simulated verdicts and curve images of a scenario card."""
        if card.type is not CardType.SCENARIO or card.scenario is None:
            raise ValueError(f"card {card.id!r} is not a scenario card")
        key = self.key(card)
        if key not in self._memory:
            self._memory[key] = (load_media(self.folder, card, self.seeds, self.language(card))
                                 or render_media(self._task(card)))
        return self._memory[key]

    def _task(self, card: Card) -> tuple:
        return self.folder, card, self.cache, self.seeds, self.language(card)

    def prepare(self, cards: Sequence[Card], jobs: int = 1, on_done: Callable[[Card], object] | None = None,
                min_cost: float | None = None) -> None:
        """Simulate and render the scenario cards among `cards` not yet in the folder,
        spread over `jobs` processes; `on_done(card)` as each is ready. Below `min_cost`
        of work (default `drill.PARALLEL_MIN_COST`) one process does it all."""
        from hpquiz.drill import PARALLEL_MIN_COST, simulation_cost
        from hpquiz.parallel import map_in_processes

        scenarios = {self.key(c): c for c in cards if c.type is CardType.SCENARIO and c.scenario is not None}
        todo = []
        for card in scenarios.values():
            media = self._memory.get(self.key(card)) or load_media(self.folder, card, self.seeds, self.language(card))
            if media is None:
                todo.append(card)
                continue
            self._memory[self.key(card)] = media
            if on_done is not None:
                on_done(card)

        if todo and self.cache is not None:  # the runs first, pooled across cards, into the result cache
            from hpquiz.batched import train_pooled
            from hpquiz.drill import PARALLEL_MIN_SECONDS

            train_pooled(todo, self.seeds, self.cache, jobs, min_cost=PARALLEL_MIN_SECONDS)

        def finished(index: int, media: ScenarioMedia) -> None:
            self._memory[self.key(todo[index])] = media
            if on_done is not None:
                on_done(todo[index])

        map_in_processes(render_media, [self._task(card) for card in todo], jobs, finished,
                         cost=lambda task: simulation_cost(task[1], self.seeds, self.cache),
                         min_total_cost=PARALLEL_MIN_COST if min_cost is None else min_cost)


def kept_images_folder(cache) -> Path | None:
    """Where exports keep their rendered images between runs: beside the result cache
    (`cache`, a `simulator.cache.ResultCache`), in a folder named for everything an
    image depends on besides its card (see `images_signature`), so a warm export
    renders nothing. Folders of another signature are stale and removed; None when
    the folder cannot be written (then an export renders into a temporary folder)."""
    folder = Path(cache.folder) / "images" / images_signature()
    probe = folder / f".probe-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
        for sibling in folder.parent.iterdir():
            if sibling != folder and sibling.is_dir():
                shutil.rmtree(sibling, ignore_errors=True)
    except OSError:
        return None
    return folder


@functools.cache
def images_signature() -> str:
    """A hash of what an image and its metadata depend on besides the card (whose content
    hash names its files) and the seeds (in the metadata): the runs (the result cache's
    key without the config), the drawing and checking code, matplotlib."""
    import matplotlib
    import numpy

    from simulator.cache import blas_signature, simulator_version

    digest = hashlib.sha256(json.dumps([simulator_version(), numpy.__version__, blas_signature(),
                                        matplotlib.__version__]).encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.glob("export/*.py"), *package.glob("charts/*.py"),
                        *(package / name for name in ("drill.py", "claims.py", "words.py", "messages.py"))]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def media_key(card: Card, language: str = "en") -> str:
    return f"{card.id}-{card.content_hash}-{language}"


def media_paths(folder: Path, card: Card, language: str = "en") -> tuple[Path, Path | None, Path]:
    """Where a card's metadata, front image (which-knob cards only) and back image go,
    in `language` (each picture's words are in it, so each language has its own files)."""
    stem = f"hpquiz-{card.id}-{card.content_hash[:8]}-{language}"
    front = None if card.scenario.predict else folder / f"{stem}-front.png"
    return folder / f"{media_key(card, language)}.json", front, folder / f"{stem}-back.png"


def load_media(folder: Path, card: Card, seeds: int = SEEDS, language: str = "en") -> ScenarioMedia | None:
    """A card's media from an earlier simulation on as many seeds into the same folder, or None."""
    meta, front, back = media_paths(folder, card, language)
    if not meta.exists() or not back.exists() or (front is not None and not front.exists()):
        return None
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        if data.get("version") != META_VERSION or data.get("seeds") != seeds:
            return None
        evidence = tuple(None if e is None else Evidence.from_dict(e) for e in data["evidence"])
        return ScenarioMedia(card.id, tuple(Verdict(v) for v in data["verdicts"]), evidence, front,
                             back, tuple(data.get("measured", ())), tuple(tuple(pair) for pair in data["support"]),
                             CheckResult(**data["check"]))
    except (ValueError, KeyError, TypeError):
        return None


def render_media(task: tuple) -> ScenarioMedia:
    """Simulate one scenario card on every seed and write its images and metadata into the folder.

    One (folder, card, cache, seeds, language) argument and module level, so a worker process
    can run it. The metadata is written last: its presence means the images are
    complete. The images draw the card's own seed as the main curves and the other
    seeds faintly behind them.
    """
    from dataclasses import asdict

    from hpquiz.drill import check_outcome, simulate
    from hpquiz.export.plots import render_curves_png

    from hpquiz.messages import say

    folder, card, cache, seeds, language = task
    meta, front, back = media_paths(folder, card, language)
    outcome = simulate(card, seeds=seeds, cache=cache)
    check = check_outcome(card, outcome)
    verdicts = outcome.verdicts
    evidence = tuple(d.evidence for d in outcome.diagnoses)
    support = tuple((c.count(c.majority), c.k) for c in outcome.consensuses)
    runs, spread = list(outcome.runs), list(outcome.replicas)
    labels = run_labels(card, language)
    if front is not None:
        render_curves_png(runs[:1], labels[:1], front, title=say("chart.title_baseline", language),
                          replicas=spread[:1], models=True, language=language)
    title = say("chart.title_baseline" if card.scenario.predict else "chart.title_compare"
                if card.scenario.compare else "chart.title_options", language)
    render_curves_png(runs, labels[: len(runs)], back, title=title, verdicts=list(verdicts), replicas=spread,
                      models=True, language=language)
    measured = ()
    if card.scenario.compare:
        from hpquiz.claims import measured_lines

        measured = measured_lines(card, outcome, language)
    meta.write_text(json.dumps({"version": META_VERSION, "seeds": seeds, "verdicts": [v.value for v in verdicts],
                                "evidence": [None if e is None else e.to_dict() for e in evidence],
                                "measured": list(measured), "support": [list(pair) for pair in support],
                                "check": asdict(check)}), encoding="utf-8")
    return ScenarioMedia(card.id, verdicts, evidence, front, back, measured, support, check)
