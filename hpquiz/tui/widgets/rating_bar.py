"""The line under a card: what each answer key does, with the interval it would give."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from rich.text import Text
from textual.widgets import Static

from hpquiz.messages import ENGLISH, rating_name
from hpquiz.scheduler import Rating, format_interval

STYLES = {
    Rating.AGAIN: "bold red",
    Rating.HARD: "bold yellow",
    Rating.GOOD: "bold green",
    Rating.EASY: "bold cyan",
}


class RatingBar(Static):
    """Shows either a hint ("space: show answer") or the four ratings with intervals."""

    def show_hint(self, *parts: tuple[str, str]) -> None:
        """`parts` are (key, what it does) pairs."""
        text = Text()
        for i, (key, label) in enumerate(parts):
            if i:
                text.append("   ")
            text.append(f" {key} ", style="reverse bold")
            text.append(f" {label}")
        self.update(text)

    def show_ratings(self, preview: Mapping[Rating, timedelta], language: str = ENGLISH) -> None:
        text = Text()
        for i, rating in enumerate(Rating):
            if i:
                text.append("  ")
            text.append(f" {int(rating)} ", style="reverse bold")
            text.append(f" {rating_name(rating, language)} ", style=STYLES[rating])
            gap = preview.get(rating)
            if gap is not None:
                text.append(format_interval(gap), style="dim")
        self.update(text)

    def show_text(self, text: Text | str) -> None:
        self.update(text)
