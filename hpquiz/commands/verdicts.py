"""`hpquiz verdicts`: how a run's verdict is decided, and what a compare card measures.

Printed from `hpquiz.verdict_guide` (written from the thresholds in
simulator/diagnose.py) and from the measures' own definitions in
simulator/measures.py, so this page always says what the grader does.
"""

from __future__ import annotations


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "verdicts",
        parents=[common],
        help="what separates unstable from diverged and too slow from underfitting; what compare cards measure",
        description="How the simulator names a run (diverged, unstable, overfitting, too slow, underfitting, "
        "good), with the thresholds it uses, and the formula of every quantity a compare card measures.",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    from hpquiz.verdict_guide import guide_text, measures_text

    print(guide_text() + "\n" + measures_text(), end="")
    return 0
