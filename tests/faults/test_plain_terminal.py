"""`LC_ALL=C PYTHONUTF8=0`: a terminal that only takes ASCII still gets every table, in ASCII."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpquiz.plain_output import HANDLER, plain


def ascii_env(tmp_path) -> dict[str, str]:
    from hpquiz.store import Store

    Store.open(tmp_path / "progress.sqlite3").close()  # stats reads an existing database only
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO")) and k != "LANG"}
    env.update(LC_ALL="C", PYTHONUTF8="0", HPQUIZ_DB=str(tmp_path / "progress.sqlite3"), COLUMNS="100")
    return env


@pytest.mark.parametrize(
    "command",
    [["deck", "list"], ["stats"], ["sim", "--epochs", "20", "--n-samples", "200"], ["deck", "list", "decks/tr-hiperparametreler.toml"]],
    ids=["deck list", "stats", "sim", "turkish deck list"],
)
def test_commands_print_in_plain_ascii_under_the_c_locale(tmp_path, command):
    done = subprocess.run([sys.executable, "-m", "hpquiz.cli", *command], env=ascii_env(tmp_path),
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("ascii")  # every byte is ASCII
    assert "?" * 3 not in text  # characters are spelled, not blanked out


def test_turkish_and_typographic_characters_get_their_closest_ascii_spelling():
    sample = "Öğrenme hızı — 0.1… β₁ → ✓ ×2 İyi"
    assert sample.encode("ascii", HANDLER).decode() == "Ogrenme hizi - 0.1... beta1 -> v x2 Iyi"


@given(st.text())
def test_any_text_encodes_to_ascii_with_the_fallback(text):
    out = text.encode("ascii", HANDLER)
    assert len(out) >= len(text.encode("ascii", "ignore"))
    assert all(len(plain(c)) >= 1 for c in set(text))
