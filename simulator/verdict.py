"""The words a diagnosis uses for what a training run did."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """One label per run; decks store the value, diagnose() picks it."""

    DIVERGED = "diverged"
    UNSTABLE = "unstable"
    TOO_SLOW = "too_slow"
    UNDERFITTING = "underfitting"
    OVERFITTING = "overfitting"
    GOOD = "good"
