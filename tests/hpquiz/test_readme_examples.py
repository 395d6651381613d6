"""The README's example output is what the commands print today.

Every ```text block in the README that starts with `$ hpquiz sim` or `$ hpquiz
sweep` is run (in a 90-column terminal, as the README was written) and compared
with what it shows. Digits a BLAS kernel can change are left out of the
comparison: numbers of three or more significant digits (losses, accuracies),
the time taken, and the plotted points inside a chart's frame. Everything else
must match: the table's rows and verdicts, the axes' round tick labels, the
legend, the blow-up markers' places in the text.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from hpquiz.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"
COLUMNS = "90"


def examples() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(\$ hpquiz (?:sim|sweep)[^\n]*)\n(.*?)```", text, flags=re.S)
    return [(command[2:], output) for command, output in blocks]


def normalised(output: str) -> list[str]:
    """The output with kernel-dependent digits and plotted points blanked out."""
    lines = []
    for line in output.rstrip("\n").splitlines():
        line = re.sub(r"trained(.*) in [\d.]+ s", r"trained\1 in … s", line)
        # inside a chart's frame: keep the tick label left of the axis, drop the points
        line = re.sub(r"^(\s*[\d.e+-]*[┤│┌└])(.*)([│┐┘])\s*$", lambda m: m.group(1) + m.group(3), line)
        line = re.sub(r"\d+(\.\d+)?(e-?\d+)?", _measured, line)
        lines.append(re.sub(r"\s+", " ", line).strip())
    return lines


def _measured(match: re.Match) -> str:
    """A number of three or more significant digits is a measurement: '#'."""
    mantissa = match.group(0).split("e")[0].replace(".", "").lstrip("0")
    return "#" if len(mantissa) >= 3 else match.group(0)


def test_the_readme_shows_examples_of_sim_and_sweep():
    commands = [command.split()[1] for command, _ in examples()]
    assert "sim" in commands and "sweep" in commands


@pytest.mark.parametrize("command,shown", examples(), ids=[c for c, _ in examples()])
def test_a_readme_example_is_what_the_command_prints(command, shown, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", COLUMNS)
    assert main(shlex.split(command)[1:]) == 0
    printed = capsys.readouterr().out
    assert normalised(printed) == normalised(shown)


def test_the_comparison_still_sees_a_changed_verdict_or_tick():
    shown = "10   19.64   19.36   30.0%   2  diverged\n0.5┤  ⡠⠊  │\n"
    assert normalised(shown) == normalised("10   12.45   13.68   14.0%   2  diverged\n0.5┤ ⠊⡠ │\n")
    assert normalised(shown) != normalised("10   19.64   19.36   30.0%   2  unstable\n0.5┤  ⡠⠊  │\n")
    assert normalised(shown) != normalised("10   19.64   19.36   30.0%   2  diverged\n1.22┤  ⡠⠊  │\n")
