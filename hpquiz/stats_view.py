"""`Stats` as terminal output: rich tables plus small plotext bar charts.

Charts come back as plain strings (no printing inside, no colour codes) so the
CLI, the TUI and tests can all place them where they like.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hpquiz.stats import Stats


def bar_chart(labels: Sequence[str], values: Sequence[float], width: int = 72, height: int = 12, title: str = "") -> str:
    """A vertical bar chart drawn with plotext, returned as text."""
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    plt.plotsize(width, height)
    plt.bar(list(labels), list(values), width=0.6)
    if title:
        plt.title(title)
    top = max(1, max(values, default=0))
    plt.ylim(0, top * 1.1)
    # Whole-number ticks: these are counts of reviews and cards.
    step = max(1, -(-int(top) // 4))
    plt.yticks(list(range(0, int(top) + 1, step)))
    chart = plt.uncolorize(plt.build())
    plt.clear_figure()
    return chart


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def retention_text(stats: Stats) -> str:
    """The share of mature cards' reviews recalled, in words: "recalled 37 of 40 reviews of mature cards (93%)"."""
    if not stats.mature_reviews:
        return "no reviews of mature cards yet (mature: an interval of 21 days or more)"
    reviews = "review" if stats.mature_reviews == 1 else "reviews"
    return (f"recalled {stats.recalled_mature} of {stats.mature_reviews} {reviews} of mature cards "
            f"({_percent(stats.retention)})")


def drills_text(stats: Stats) -> str:
    if not stats.drills:
        return "none yet"
    right = round((stats.drill_accuracy or 0) * stats.drills)
    return f"{stats.drills} answered, {right} predicted right ({_percent(stats.drill_accuracy)})"


def prediction_label(prediction: str) -> str:
    """A drill prediction in words: a verdict without underscores, "option" as what it means."""
    from hpquiz.words import verdict_label

    if prediction == "option":
        return "an option (which change)"
    try:
        return verdict_label(prediction)
    except ValueError:  # a claim card's direction: higher, lower, about the same
        return prediction.replace("_", " ")


def reviews_chart(stats: Stats, width: int = 72, height: int = 12) -> str:
    labels = [day.strftime("%d") for day, _ in stats.reviews_per_day]
    return bar_chart(labels, [n for _, n in stats.reviews_per_day], width, height,
                     "Reviews per day (flashcards, last 30 days)")


def forecast_chart(stats: Stats, width: int = 72, height: int = 10) -> str:
    labels = [day.strftime("%d") for day, _ in stats.due_forecast]
    return bar_chart(labels, [n for _, n in stats.due_forecast], width, height, "Cards due (next 14 days)")


def renderables(stats: Stats, width: int = 80) -> list[Any]:
    """Everything `hpquiz stats` prints, as rich renderables in order."""
    from rich.table import Table
    from rich.text import Text

    summary = Table(title="Progress", show_header=False, box=None, padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    summary.add_row("Reviews today", f"{stats.reviews_today} flashcard{'s' if stats.reviews_today != 1 else ''}"
                    f" · {stats.drills_today} drill{'s' if stats.drills_today != 1 else ''}")
    summary.add_row("Streak", f"{stats.streak_days} day{'s' if stats.streak_days != 1 else ''}")
    summary.add_row("True retention", retention_text(stats))
    summary.add_row("Drills", drills_text(stats))

    states = Table(title="Cards by state")
    for status, _ in stats.cards_by_state:
        states.add_column(status.value.replace("_", " "), justify="right")
    states.add_column("total", justify="right", style="bold")
    states.add_row(*(str(n) for _, n in stats.cards_by_state), str(stats.total_cards))

    mastery = Table(title="Mastery per topic")
    for name, justify in (("topic", "left"), ("cards", "right"), ("studied", "right"),
                          ("mature", "right"), ("mastery", "left"), ("recall now", "right")):
        mastery.add_column(name, justify=justify)
    for topic in stats.mastery:
        bar = "█" * round(topic.mastery * 10) + "·" * (10 - round(topic.mastery * 10))
        mastery.add_row(
            topic.topic, str(topic.cards), str(topic.studied), str(topic.mature),
            f"{bar} {topic.mastery:.0%}", _percent(topic.recall),
        )

    out: list[Any] = [summary, states, mastery]
    if stats.calibration:
        calibration = Table(title="Drill calibration: when you predicted…, the simulation agreed")
        for name in ("prediction", "times", "agreed"):
            calibration.add_column(name, justify="left" if name == "prediction" else "right")
        for row in stats.calibration:
            calibration.add_row(prediction_label(row.prediction), str(row.times), f"{row.matched} ({row.rate:.0%})")
        out.append(calibration)
    chart_width = max(40, min(width, 100))
    out.append(Text(reviews_chart(stats, chart_width)))
    out.append(Text(forecast_chart(stats, chart_width)))
    return out
