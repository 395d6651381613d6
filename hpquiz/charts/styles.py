"""How each shown run looks: a colour no other shown run has, and a marker shape.

Why both: a learner who cannot tell cyan from green, a printed handout, a
terminal without colour, all still tell runs apart by the shape on each curve
(● ▲ ■ ◆ …). Colours are chosen for their background: `paper` on the white of a
PNG, `screen` on a dark terminal; the two lists are in step, so run 2 is the
orange one in the app and in its exported image alike.

Seeds other than the card's own are drawn `faint`: the same hue, pushed towards
the background, so the spread shows without competing with the main curve.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RunStyle", "run_style", "run_styles", "faint", "MAX_RUNS"]

# Okabe & Ito's colour-blind-safe palette first, then four more hues far from them.
_PAPER = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F3C8D", "#8C6D1F", "#000000", "#B8860B")
_SCREEN = ("#56B4E9", "#E69F00", "#2FD3A0", "#E68FC6", "#F0E442", "#FF7043", "#B39DDB", "#C0A060", "#FFFFFF", "#7FDBFF")
# shape of the run's points: (terminal character, matplotlib marker)
_SHAPES = (("●", "o"), ("▲", "^"), ("■", "s"), ("◆", "D"), ("✚", "P"), ("★", "*"), ("▼", "v"), ("✖", "X"), ("⬟", "p"), ("◐", "h"))

MAX_RUNS = len(_PAPER)


@dataclass(frozen=True)
class RunStyle:
    """The look of the run at `index` among the runs a chart shows."""

    index: int
    paper: str  # colour on white
    screen: str  # colour on a dark terminal
    symbol: str  # its shape in a terminal
    marker: str  # its shape in matplotlib

    @property
    def screen_rgb(self) -> tuple[int, int, int]:
        return _rgb(self.screen)

    @property
    def faint_screen_rgb(self) -> tuple[int, int, int]:
        return _rgb(faint(self.screen, background="#000000"))


def run_style(index: int) -> RunStyle:
    """The style of the index-th shown run. Past `MAX_RUNS` runs a colour would repeat,
    and a chart with that many curves is unreadable anyway: that is an error."""
    if not 0 <= index < MAX_RUNS:
        raise ValueError(f"a chart shows at most {MAX_RUNS} runs so that no two share a colour, not run {index + 1}")
    symbol, marker = _SHAPES[index]
    return RunStyle(index, _PAPER[index], _SCREEN[index], symbol, marker)


def run_styles(count: int) -> list[RunStyle]:
    return [run_style(i) for i in range(count)]


def faint(colour: str, background: str = "#FFFFFF", share: float = 0.55) -> str:
    """`colour` moved `share` of the way to `background`: the same hue, quieter."""
    a, b = _rgb(colour), _rgb(background)
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
