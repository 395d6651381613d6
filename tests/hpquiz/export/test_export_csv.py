"""The CSV files read back as Anki reads them: header lines first, then quoted rows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from anki_reader import from_html
from export_decks import TRICKY, make_tricky_deck

from hpquiz.export.anki_notes import note_guid
from hpquiz.export.errors import ExportError
from hpquiz.export.formats import export


def read_anki_csv(path):
    """(headers as a dict, rows as dicts keyed by the #columns names)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    headers = {}
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0)[1:].partition(":")
        headers[key] = value
    separator = {"Comma": ",", "Tab": "\t", "Semicolon": ";"}[headers["separator"]]
    columns = headers["columns"].split(separator)
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=separator))
    rows = [r for r in rows if r]
    assert all(len(r) == len(columns) for r in rows), "every row has one cell per column"
    return headers, [dict(zip(columns, r, strict=True)) for r in rows]


def test_one_file_per_note_type_with_anki_headers(tricky_deck, tmp_path, media_folder):
    files = export([tricky_deck], "csv", f"{tmp_path}/csv/", media_folder=media_folder)
    assert sorted(p.name for p in files) == [
        "hpquiz-basic.csv",
        "hpquiz-choice.csv",
        "hpquiz-cloze.csv",
        "hpquiz-reverse.csv",
    ]
    headers, rows = read_anki_csv(tmp_path / "csv" / "hpquiz-choice.csv")
    assert headers["html"] == "true"
    columns = headers["columns"].split(",")
    assert columns[int(headers["notetype column"]) - 1] == "Note type"
    assert columns[int(headers["deck column"]) - 1] == "Deck"
    assert columns[int(headers["guid column"]) - 1] == "GUID"
    assert columns[int(headers["tags column"]) - 1] == "Tags"
    assert [r["Note type"] for r in rows] == ["hpquiz choice", "hpquiz choice"]
    assert {r["Deck"] for r in rows} == {tricky_deck.title.replace("::", ":")}


def test_special_characters_and_turkish_round_trip_through_the_csv(tricky_deck, tmp_path, media_folder):
    export([tricky_deck], "csv", tmp_path, media_folder=media_folder)
    _, (basic,) = read_anki_csv(tmp_path / "hpquiz-basic.csv")
    assert from_html(basic["Front"]) == tricky_deck.cards[0].front
    assert from_html(basic["Back"]) == f"A: {TRICKY}"
    assert basic["Tags"].split(" ") == ["learning-rate", "two_words", "ışık"]
    _, (cloze,) = read_anki_csv(tmp_path / "hpquiz-cloze.csv")
    assert from_html(cloze["Text"]) == tricky_deck.cards[2].front


def test_csv_guids_match_the_apkg_so_either_import_updates_the_same_notes(tmp_path, media_folder):
    deck = make_tricky_deck()
    export([deck], "csv", tmp_path, media_folder=media_folder)
    guids = []
    for name in ("basic", "reverse", "cloze", "choice"):
        guids += [r["GUID"] for r in read_anki_csv(tmp_path / f"hpquiz-{name}.csv")[1]]
    assert sorted(guids) == sorted(note_guid(c) for c in deck.cards)


def test_a_spreadsheet_reading_the_file_as_plain_csv_sees_the_same_cells(tricky_deck, tmp_path, media_folder):
    export([tricky_deck], "csv", tmp_path, media_folder=media_folder)
    with (tmp_path / "hpquiz-choice.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header_rows = [r for r in table if r and r[0].startswith("#")]
    data = [r for r in table if r and not r[0].startswith("#")]
    assert header_rows[-1][0] == "#columns:Note type"
    assert len(data) == 2 and all(len(r) == len(header_rows[-1]) for r in data)


def test_scenario_csv_has_its_images_in_media_folder(scenario_deck, tmp_path, media_folder):
    export([scenario_deck], "csv", tmp_path, media_folder=media_folder)
    _, rows = read_anki_csv(tmp_path / "hpquiz-scenario.csv")
    referenced = {name for r in rows for v in r.values() for name in re.findall(r'<img src="([^"]+)"', v)}
    assert referenced and referenced == {p.name for p in (tmp_path / "media").iterdir()}


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_csv_export_refuses_to_overwrite_a_spreadsheet_of_the_same_name_and_leaves_it_byte_identical(
        tricky_deck, tmp_path, media_folder):
    mine = tmp_path / "hpquiz-basic.csv"
    mine.write_bytes(b"Name,Score\r\nAli,90\r\n")
    with pytest.raises(ExportError, match=r"hpquiz-basic.csv: exists and is not an hpquiz export of these decks"):
        export([tricky_deck], "csv", tmp_path, media_folder=media_folder)
    assert snapshot(tmp_path) == {Path("hpquiz-basic.csv"): b"Name,Score\r\nAli,90\r\n"}


def test_re_exporting_the_same_decks_into_a_csv_folder_replaces_its_files(tricky_deck, tmp_path, media_folder):
    export([tricky_deck], "csv", tmp_path, media_folder=media_folder)
    first = snapshot(tmp_path)
    export([tricky_deck], "csv", tmp_path, media_folder=media_folder)
    assert snapshot(tmp_path) == first


def test_a_csv_folder_holds_one_export_so_other_decks_need_force_and_then_leave_no_stale_file(
        tricky_deck, scenario_deck, tmp_path, media_folder):
    export([tricky_deck, scenario_deck], "csv", tmp_path, media_folder=media_folder)
    both = snapshot(tmp_path)
    assert Path("hpquiz-scenario.csv") in both and any(p.parts[0] == "media" for p in both)
    with pytest.raises(ExportError, match="use --force to replace it"):
        export([tricky_deck], "csv", tmp_path, media_folder=media_folder)
    assert snapshot(tmp_path) == both  # refused: byte-identical
    export([tricky_deck], "csv", tmp_path, media_folder=media_folder, force=True)
    left = snapshot(tmp_path)
    # importing the folder must not bring back the scenario deck: its CSV and images are gone
    assert Path("hpquiz-scenario.csv") not in left and not any(p.parts[0] == "media" for p in left)
    assert all(b"#hpquiz export of decks: tricky\n" in data for data in left.values())
