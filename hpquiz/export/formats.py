"""The export formats by name, and the one function that runs an export.

Writers are looked up by module name and imported only when chosen, so
`hpquiz export --help` stays fast and genanki loads only for `--format apkg`.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hpquiz.deck.model import Card, Deck
from hpquiz.drill import SEEDS, CheckResult
from hpquiz.export.errors import ExportError
from hpquiz.export.job import ExportJob, ExportRefused, Paper
from hpquiz.export.media import MediaCache
from hpquiz.export.safe_write import cleaned_up_on_failure, folders_of, probe_writable


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    help: str
    one_file: str | None = None  # the suffix, for formats that write a single file into an existing folder
    printed: bool = False  # a paper format: worksheets, keys and versions apply

    def writer(self) -> Callable[[ExportJob], list[Path]]:
        return importlib.import_module(f"hpquiz.export.{self.module}").write

    def targets(self, job: ExportJob) -> list[Path]:
        """The files the writer will write (checked: folders made, replacements allowed)."""
        module = importlib.import_module(f"hpquiz.export.{self.module}")
        if hasattr(module, "targets"):
            return module.targets(job)
        return [job.single_file(self.one_file)] if self.one_file else [job.folder()]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("apkg", "apkg", "Anki package (.apkg): one Anki deck per deck, curve images included", ".apkg"),
        Format("csv", "anki_csv", "Anki text-import CSV files, one per note type (a folder)"),
        Format("gift", "gift", "Moodle GIFT quiz questions (.gift), a category per deck", ".gift"),
        Format("moodlexml", "moodle_xml", "Moodle XML questions (.xml) with curve images, a category per deck", ".xml"),
        Format("md", "markdown", "Markdown handout per deck, images in images/", printed=True),
        Format("pdf", "pdf", "PDF handout with curve images and contents per topic (several decks: one file)",
               ".pdf", printed=True),
        Format("html", "html_page", "self-contained printable HTML handout (several decks: one page with an index)",
               printed=True),
    )
}


def writable_folders(job: ExportJob) -> list[Path]:
    """The folders `job` will write into, each proved writable (ExportError in one line otherwise)."""
    folders = folders_of(FORMATS[job.format_name].targets(job))
    probe_writable(folders)
    return folders


def check_out(
    decks: Sequence[Deck], format_name: str, out: Path | str, *, force: bool = False, paper: Paper | None = None
) -> None:
    """Fail now, before a progress bar or any simulation, if `out` cannot take this export."""
    with tempfile.TemporaryDirectory(prefix="hpquiz-check-") as tmp:
        job = ExportJob(tuple(decks), out, MediaCache(Path(tmp)), format_name=format_name, force=force,
                        paper=paper or Paper())
        writable_folders(job)


def as_written(failures: Sequence[CheckResult], written: dict[str, Card], seeds: int, cache) -> list[CheckResult]:
    """Each failing card once, checked again as its deck file has it.

    The export checked the cards with their options in its drawn order (`seed`), so its
    own lines say "option 2" of an order the author never sees; the author edits the
    file, which `hpquiz deck check` numbers as written. The runs are the same configs,
    so the check gives the same verdict on them: read from `cache` when there is one,
    trained again (the failing cards only) when there is not."""
    from hpquiz.drill import check_card

    return [check_card(written[card_id], seeds, cache) for card_id in dict.fromkeys(f.card_id for f in failures)]


def export(
    decks: Sequence[Deck],
    format_name: str,
    out: Path | str,
    *,
    with_answers: bool = False,
    force: bool = False,
    paper: Paper | None = None,
    now: datetime | None = None,
    media_folder: Path | None = None,
    on_card: Callable[[Card], None] | None = None,
    jobs: int = 1,
    on_simulated: Callable[[Card], object] | None = None,
    cache=None,
    seeds: int = SEEDS,
    seed: int | None = None,
) -> list[Path]:
    """Export `decks` in one format; returns the files written.

    The scenario cards are simulated first on `seeds` seeds, on `jobs` processes
    (`on_simulated(card)` as each is ready; runs read from and stored in `cache`, a
    `simulator.cache.ResultCache`, when given), and checked as `hpquiz deck check`
    does: if any stated answer fails, `ExportRefused` is raised and nothing is
    written. Then the writer runs. `media_folder` keeps the rendered curve images
    between calls (a cache); without it they are kept beside the result `cache`
    (`media.kept_images_folder`), or, with no cache or where that folder cannot be
    written, rendered into a temporary folder removed afterwards. `out` is read by `target`'s rules; a bad one, or a file that
    may not be replaced (`force`), fails before any simulation. With a `seed`, each
    choice and which-knob card is written with its options in the order that seed draws
    for it (`hpquiz.shuffle`), so a printed key or a Moodle quiz cannot be answered by
    position; None keeps the deck files' order. A refusal numbers the options as the deck
    file does (`as_written`), whatever order the export draws.
    """
    written = {card.id: card for deck in decks for card in deck.cards}
    if seed is not None:
        from hpquiz.shuffle import shuffled_deck

        decks = [shuffled_deck(deck, seed) for deck in decks]
    chosen = FORMATS[format_name]
    writer = chosen.writer()

    def write(media: MediaCache) -> list[Path]:
        job = ExportJob(tuple(decks), out, media, with_answers, now, on_card, chosen.name, force, paper or Paper())
        if job.paper.printing and not chosen.printed:
            raise ExportError(f"--worksheet, --key, --versions and --seed are for md, html and pdf, not {chosen.name}")
        folders = writable_folders(job)  # a wrong --out fails now, not after the simulations
        cards = [card for deck in job.decks for card in deck.cards]
        if chosen.printed:  # worksheet versions reorder which-knob options: their cards are drawn anew
            from hpquiz.export.worksheet import printed_cards

            cards = list({media.key(c): c for c in cards + printed_cards(job)}.values())
        with cleaned_up_on_failure(folders, out):
            media.prepare(cards, jobs, on_simulated)
            failures = media.failures(cards)
            if failures:
                raise ExportRefused(as_written(failures, written, seeds, cache))
            return writer(job)

    languages = {card.id: deck.language for deck in decks for card in deck.cards}  # the pictures' words
    if media_folder is None and cache is not None:
        from hpquiz.export.media import kept_images_folder

        media_folder = kept_images_folder(cache)
    if media_folder is not None:
        return write(MediaCache(media_folder, cache, seeds, languages))
    with tempfile.TemporaryDirectory(prefix="hpquiz-export-") as tmp:
        return write(MediaCache(Path(tmp), cache, seeds, languages))
