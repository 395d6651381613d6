"""An export with the result cache keeps its curve images beside it: a warm export renders nothing.

The images are kept under the cache folder in a folder named for what they depend on
(simulator, BLAS kernel, drawing code), so a second export reads them back; where that
folder cannot be written, the export still works, rendering into a temporary folder.
"""

from __future__ import annotations

from export_decks import make_scenario_deck

from hpquiz.export.formats import export
from hpquiz.export.media import images_signature
from simulator.cache import ResultCache


def image_times(folder):
    return {p.name: p.stat().st_mtime_ns for p in folder.rglob("*.png")}


def test_a_second_export_with_the_cache_reads_its_images_back_and_writes_the_same_file(tmp_path):
    cache = ResultCache(tmp_path / "runs")
    deck = make_scenario_deck()
    (first,) = export([deck], "html", tmp_path / "one.html", cache=cache)
    kept = tmp_path / "runs" / "images" / images_signature()
    before = image_times(kept)
    assert before, "the images are kept beside the result cache"
    (second,) = export([deck], "html", tmp_path / "two.html", cache=cache)
    assert image_times(kept) == before  # nothing rendered again
    assert first.read_text("utf-8") == second.read_text("utf-8")


def test_images_of_another_signature_are_dropped(tmp_path):
    stale = tmp_path / "runs" / "images" / "0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "old.png").write_bytes(b"png")
    export([make_scenario_deck()], "md", tmp_path / "deck.md", cache=ResultCache(tmp_path / "runs"))
    assert not stale.exists()


def test_an_unwritable_cache_folder_still_exports(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    runs = blocker / "runs"  # cannot be made, even by root
    written = export([make_scenario_deck()], "md", tmp_path / "deck.md", cache=ResultCache(runs))
    assert tmp_path / "deck.md" in written and all(path.exists() for path in written)
