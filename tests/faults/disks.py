"""Real faulty places to put a database: a read-only folder and a tiny disk (tmpfs mounts where allowed)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest


def _mount(folder: Path, options: str) -> bool:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextlib.contextmanager
def tiny_disk(tmp_path: Path, size: str = "400k"):
    """A folder on a tmpfs of `size` bytes (needs mount rights: root, or skip)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0 or not _mount(folder, f"size={size}"):
        pytest.skip("mounting a small tmpfs is not allowed here (needs root); the full-disk case needs one")
    try:
        yield folder
    finally:
        _umount(folder)


@contextlib.contextmanager
def read_only_folder(tmp_path: Path, fill):
    """A folder holding what `fill(folder)` writes, then made read-only for this process.

    Root ignores permissions, so as root the folder is a tmpfs remounted read-only;
    otherwise it is chmod 555.
    """
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:
        if not _mount(folder, "size=4m"):
            pytest.skip("root, but mounting a tmpfs is not allowed here, so no folder can be read-only")
        try:
            fill(folder)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
            yield folder
        finally:
            _umount(folder)
    else:
        fill(folder)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


def fill_disk(folder: Path) -> Path:
    """Write a filler file until the disk is full; returns it (delete it to make room again)."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while out.write(b"\0" * chunk):
                    pass
    return filler
