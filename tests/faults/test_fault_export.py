"""Export failures: a full disk, a read-only folder, a parent that is a file, /proc and /sys.

Each is one line and exit 1, found before any simulation where it can be, with
no `*.part` file left behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hpquiz.cli import main
from hpquiz.export.errors import ExportError
from hpquiz.export.formats import export
from tests.faults.disks import fill_disk, read_only_folder, tiny_disk
from tests.hpquiz.export.export_decks import make_scenario_deck


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.part"))


def export_counting_simulations(out, format_name="gift") -> int:
    simulated = []
    with pytest.raises(ExportError):
        export([make_scenario_deck()], format_name, out, on_simulated=simulated.append)
    return len(simulated)


def one_line_error(capsys, *argv: str) -> str:
    assert main(list(argv)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hpquiz: error: ") and "Traceback" not in err
    return err


@pytest.mark.parametrize("format_name", ["gift", "apkg", "md"])
def test_a_full_disk_is_one_line_and_leaves_no_part_files(tmp_path, capsys, format_name):
    suffix = {"gift": "q.gift", "apkg": "q.apkg", "md": "handouts/"}[format_name]
    with tiny_disk(tmp_path) as disk:
        fill_disk(disk)
        err = one_line_error(capsys, "export", "architecture", "--format", format_name, "--out", f"{disk}/{suffix}")
        assert "the disk is full" in err and "no partial files were left behind" in err
        assert leftovers(disk) == []


@pytest.mark.parametrize("format_name", ["csv", "md"])
def test_a_disk_that_fills_midway_through_the_images_leaves_no_file_at_all(tmp_path, format_name):
    # 200 KiB take the CSV or handout and the first images (about 280 KiB in all), not the last
    with tiny_disk(tmp_path, size="200k") as disk:
        with pytest.raises(ExportError, match="the disk is full"):
            export([make_scenario_deck()], format_name, f"{disk}/out/")
        assert [p for p in disk.rglob("*") if p.is_file()] == []  # not some images and a file pointing at them


def test_a_read_only_folder_is_refused_before_simulating(tmp_path, capsys):
    with read_only_folder(tmp_path, lambda folder: None) as folder:
        assert export_counting_simulations(folder / "q.gift") == 0
        err = one_line_error(capsys, "export", "first-drills", "--format", "gift", "--out", str(folder / "q.gift"))
        assert "cannot write the export here" in err
        assert list(folder.iterdir()) == []


def test_an_out_whose_parent_is_a_file_is_refused_before_simulating(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    out = tmp_path / "notes.txt" / "q.gift"
    assert export_counting_simulations(out) == 0
    err = one_line_error(capsys, "export", "first-drills", "--format", "gift", "--out", str(out))
    assert "notes.txt is a file, not a folder" in err
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("out", ["/proc/hpquiz-q.gift", "/sys/hpquiz-q.gift", "/proc/hpquiz-handouts/"])
def test_an_out_under_proc_or_sys_is_one_line_before_simulating(capsys, out):
    if not os.path.isdir(out.split("/")[1] and "/" + out.split("/")[1]):
        pytest.skip("no /proc or /sys on this system")
    format_name = "md" if out.endswith("/") else "gift"
    assert export_counting_simulations(out, format_name) == 0
    one_line_error(capsys, "export", "first-drills", "--format", format_name, "--out", out)
    assert not os.path.exists(out.rstrip("/"))
