"""The stats screen shows the same figures as `hpquiz stats`, after studying in the app."""

from __future__ import annotations

from textual.widgets import Static

from tui_helpers import SIZE, run, study_deck


def test_stats_count_the_reviews_just_given(make_app):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space", "4", "space", "4", "escape", "t")
            parts = [str(w.render()) for w in app.screen.query(Static).results(Static)]
            text = "\n".join(parts)
            assert "Reviews per day" in text
            assert "Cards due (next 14 days)" in text
            assert (app.screen.stats.reviews_today, app.screen.stats.streak_days) == (2, 1)

    run(scenario)
