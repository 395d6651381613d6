"""What separates the verdicts that look alike, in words a learner can apply before a run.

`unstable` and `diverged` both come from steps that overshoot; `too_slow` and
`underfitting` both leave a poor fit. The simulator's `diagnose` tells them apart
by named thresholds, and this guide is written from those very constants (never
from numbers copied by hand), so the help page (`hpquiz verdicts`, the TUI's
verdict help) and the reference cards in the decks say what the grader does.
Reference cards cite a threshold as `{diagnose.NAME}` or `{diagnose.NAME:.0%}`;
`fill_thresholds` puts the value in when the deck is read.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

# the module, not the `diagnose` function the simulator package exports under the same name
rules = importlib.import_module("simulator.diagnose")

__all__ = ["GUIDE", "GuideSection", "fill_thresholds", "guide_text", "measures_text", "THRESHOLD"]

THRESHOLD = re.compile(r"\{diagnose\.([A-Z][A-Z0-9_]*)(?::([^{}]*))?\}")


def fill_thresholds(text: str) -> tuple[str, list[str]]:
    """`text` with every `{diagnose.NAME[:format]}` replaced by that constant of
    simulator/diagnose.py, and the names that are not thresholds there."""
    unknown: list[str] = []

    def value(match: re.Match[str]) -> str:
        name, spec = match.group(1), match.group(2) or ""
        constant = getattr(rules, name, None)
        if not isinstance(constant, int | float) or isinstance(constant, bool):
            unknown.append(name)
            return match.group(0)
        try:
            return format(constant, spec)
        except ValueError:
            unknown.append(f"{name}:{spec}")
            return match.group(0)

    return THRESHOLD.sub(value, text), unknown


@dataclass(frozen=True)
class GuideSection:
    """One pair of look-alike verdicts: the question to ask, and the rule for each side."""

    title: str
    ask: str
    rules: tuple[tuple[str, str], ...]
    example: str


def _pct(x: float) -> str:
    return f"{x:.0%}"


GUIDE: tuple[GuideSection, ...] = (
    GuideSection(
        title="unstable or diverged?",
        ask="Did the run blow up, or does it only keep bouncing?",
        rules=(
            ("diverged", f"the loss blew up: it stopped being a number, or it ended at least "
                         f"{rules.DIVERGED_LOSS_FACTOR:g} times the first epoch's loss. The steps are so large "
                         "that each one overshoots further than the last."),
            ("unstable", f"it never blew up, but the training loss jumped back up between epochs: at least "
                         f"{rules.UNSTABLE_MIN_JUMPS} rises of {_pct(rules.UNSTABLE_JUMP)} or more of the starting "
                         f"loss, or a single rise of {_pct(rules.UNSTABLE_BIG_JUMP)}. The steps overshoot the valley "
                         "back and forth (a rate a little too high for the batch noise) but stay bounded."),
        ),
        example="Before the run: a learning rate tens of times the usual one, or plain SGD at 50, diverges; "
                "a rate a few times too high, or batches of one or two at a normal rate, bounce: unstable.",
    ),
    GuideSection(
        title="too slow or underfitting?",
        ask="Would more epochs still help, or has the loss gone flat at a poor level?",
        rules=(
            ("too slow", f"it was still learning when the epochs ran out: the last {_pct(rules.RECENT_SHARE)} of the "
                         f"epochs brought at least {_pct(rules.STILL_FALLING)} of the whole fall (and at least "
                         f"{_pct(rules.STILL_FALLING_MIN)} of the starting loss); or the fit is poor (see "
                         f"underfitting) and either the loss still fell by {_pct(rules.LEVELLED_OFF)} of the starting "
                         f"loss over those last epochs, or the weights moved less than "
                         f"{_pct(rules.WEIGHTS_BARELY_MOVED)} of their starting size. Raise the learning rate or "
                         "train longer."),
            ("underfitting", f"the fit is poor (training accuracy below {_pct(rules.POOR_ACCURACY)}, or R² below "
                             f"{rules.POOR_R2:.2f} for regression) although the loss has levelled off. The model is "
                             "too simple or too constrained for the data: add layers or neurons, or remove "
                             "regularisation."),
        ),
        example="Before the run: a tiny learning rate or very few epochs points to too slow; no hidden layer "
                "on a curved boundary, or a heavy penalty, points to underfitting, however long it trains.",
    ),
)

ORDER = ("diverged", "unstable", "overfitting", "too slow", "underfitting", "good")


def guide_text() -> str:
    """The whole guide as plain text: the order the rules are tried in, then each pair."""
    lines = ["How a run's verdict is decided",
             "The rules are tried in this order and the first that matches wins: " + ", ".join(ORDER) + ".",
             "Losses are compared with the run's starting loss, so the rules work for any loss scale.", ""]
    for section in GUIDE:
        lines += [section.title.capitalize(), f"  Ask: {section.ask}"]
        lines += [f"  {name}: {text}" for name, text in section.rules]
        lines += [f"  {section.example}", ""]
    return "\n".join(lines).rstrip() + "\n"


def measures_text() -> str:
    """What each compare card measure is, from the docstring of the function that computes it,
    with the smallest change that is not "about the same"."""
    from simulator import MEASURES

    lines = ["What compare cards measure",
             "Each is read at the kept model's epoch (the last one, or the best one when early stopping "
             "ended the run), on every seed; a change smaller than the minimum counts as about the same.", ""]
    for m in MEASURES.values():
        minimum = m.effect_text(m.min_effect).lstrip("+")
        lines.append(f"  {m.name} ({m.label}; minimum change {minimum}"
                     f"{' of the baseline' if m.relative else ''}):")
        lines.append(f"    {m.formula}")
    return "\n".join(lines) + "\n"
