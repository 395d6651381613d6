"""The study screen driven with real keys against a real database file."""

from __future__ import annotations

from textual.widgets import DataTable

from tui_helpers import SIZE, footer_keys, label_of, reviews_in, run, study_deck, text_of


def test_a_full_session_reveal_rate_undo_finish_saves_every_review(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert "What does the learning rate set?" in text_of(app, "#card-question")
            assert text_of(app, "#card-answer") == ""
            await pilot.press("space")
            assert "size of each gradient-descent step" in text_of(app, "#card-answer")
            assert "Easy" in text_of(app, "#rating-bar")
            await pilot.press("4")
            assert reviews_in(db_path) == [("lr-what", 4)]

            # cloze: deletions hidden, then shown
            assert "running […] of past [what]" in text_of(app, "#card-question")
            await pilot.press("u")
            assert reviews_in(db_path) == []
            assert "What does the learning rate set?" in text_of(app, "#card-question")
            await pilot.press("space", "4")
            await pilot.press("space")
            assert "average" in text_of(app, "#card-answer")
            await pilot.press("4")

            # choice: the option's key answers and grades it
            await pilot.press(label_of(text_of(app, "#card-question"), "32"))
            assert "Right!" in text_of(app, "#card-answer")
            await pilot.press("space")
            # Good on a new card is a 10-minute learning step: it comes back within the sitting
            assert "Which batch size" in text_of(app, "#card-question")
            await pilot.press(label_of(text_of(app, "#card-question"), "32"), "space")
            assert "Session finished" in text_of(app, "#card-question")
            assert "4 answers on 3 cards" in text_of(app, "#card-question")

    run(scenario)
    assert reviews_in(db_path) == [("lr-what", 4), ("lr-cloze", 4), ("bs-choice", 3), ("bs-choice", 3)]


def test_rating_before_revealing_is_ignored(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("3")
            assert reviews_in(db_path) == []
            assert "What does the learning rate set?" in text_of(app, "#card-question")

    run(scenario)


def test_a_wrong_choice_is_saved_as_again_and_shows_the_right_option(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space", "4", "space", "4")
            await pilot.press(label_of(text_of(app, "#card-question"), "1"))
            assert "Not quite" in text_of(app, "#card-answer")
            assert f"✓ {label_of(text_of(app, '#card-question'), '32')}. 32" in text_of(app, "#card-question")

    run(scenario)
    assert reviews_in(db_path)[-1] == ("bs-choice", 1)


def test_home_counts_change_after_studying(make_app):
    app = make_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one("#decks", DataTable)
            assert table.get_row("basics")[1:5] == ["3", "0", "0", "20/20 new"]
            assert "Today: 0 reviews" in text_of(app, "#today")
            assert "basics · en · new cards 20 of 20 left today" in text_of(app, "#deck-about")
            await pilot.press("enter")
            await pilot.press("space", "1")  # Again: a learning step
            await pilot.press("escape")
            table = app.screen.query_one("#decks", DataTable)
            assert table.get_row("basics")[1:5] == ["2", "1", "0", "19/20 new"]  # Again: due in a minute
            assert "Today: 1 review · 0 drills" in text_of(app, "#today")
            assert table.get_row("temel")[0] == "Temel kavramlar"

    run(scenario)


def test_q_quits_from_the_study_screen_keeping_answers(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space", "3", "q")

    run(scenario)
    assert app.return_code == 0
    assert reviews_in(db_path) == [("lr-what", 3)]


def test_a_choice_with_several_right_options_takes_picks_then_enter(make_app, db_path):
    from hpquiz.deck.model import Card, CardType, Deck

    card = Card(id="multi", deck_id="m", type=CardType.CHOICE, topic="activations",
                front="Which are activation functions?", options=("ReLU", "Adam", "tanh"), answer=(0, 2))
    app = make_app(start="study", decks=[Deck(id="m", title="M", language="en", cards=(card,))])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            shown = text_of(app, "#card-question")
            await pilot.press(label_of(shown, "ReLU"), label_of(shown, "tanh"))
            assert f"● {label_of(shown, 'ReLU')}. ReLU" in text_of(app, "#card-question")
            assert reviews_in(db_path) == []
            await pilot.press("enter")
            assert "Right!" in text_of(app, "#card-answer")

    run(scenario)
    assert reviews_in(db_path) == [("multi", 3)]


DECK_TOML = '''
[deck]
id = "mini"
title = "Mini deck"
language = "en"
description = "A deck file written by a test."

[[cards]]
id = "mini-cloze"
type = "cloze"
topic = "learning-rate"
source = "001_f027e5dd55dc88ab.txt"
text = "The {{c1::learning rate}} is usually the {{c2::most important::how important?}} hyperparameter."
'''


def test_a_deck_file_is_studied_from_its_toml(make_app, db_path, tmp_path):
    from hpquiz.deck import load_deck

    path = tmp_path / "mini.toml"
    path.write_text(DECK_TOML, encoding="utf-8")
    app = make_app(start="study", decks=[load_deck(path)])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert "The […] is usually the [how important?] hyperparameter." in text_of(app, "#card-question")
            await pilot.press("space")
            assert "most important" in text_of(app, "#card-answer")
            await pilot.press("4")
            assert "Session finished" in text_of(app, "#card-question")

    run(scenario)
    assert reviews_in(db_path) == [("mini-cloze", 4)]


def test_a_turkish_deck_is_studied_with_turkish_words(make_app, db_path):
    app = make_app(start="study", deck_id="temel")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert "cevabı göster" in text_of(app, "#rating-bar")
            await pilot.press("space")
            assert "Tekrar" in text_of(app, "#rating-bar") and "Kolay" in text_of(app, "#rating-bar")
            await pilot.press("4")
            assert "Oturum bitti" in text_of(app, "#card-question")
            assert "Kolay 1" in text_of(app, "#card-question")

    run(scenario)
    assert reviews_in(db_path) == [("tr-hiz", 4)]


def test_after_a_choice_the_pick_and_the_right_option_are_both_marked(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space", "3", "space", "3")
            before = text_of(app, "#card-question")
            await pilot.press(label_of(before, "1"))
            shown = text_of(app, "#card-question")
            # the feedback keeps the labels of the showing it grades
            assert f"✗ {label_of(before, '1')}. 1  ← your pick, wrong" in shown
            assert f"✓ {label_of(before, '32')}. 32  ← right, not picked" in shown
            assert "Not quite. Saved as Again." in text_of(app, "#card-answer")

    run(scenario)


def test_the_footer_shows_only_keys_that_act_and_a_dead_key_says_why(make_app, db_path):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert "u" not in footer_keys(app) and "m" not in footer_keys(app)  # nothing to undo yet
            await pilot.press("u")
            assert any("Nothing to undo" in n.message for n in app._notifications)
            await pilot.press("space", "3", "space", "3")
            assert "u" in footer_keys(app)
            assert "space" not in footer_keys(app)  # a choice card is answered with its number
            await pilot.press("space")
            assert any("answer with the option's number" in n.message for n in app._notifications)
            assert reviews_in(db_path) == [("lr-what", 3), ("lr-cloze", 3)]

    run(scenario)


def test_when_nothing_is_due_c_studies_a_custom_session_of_the_cards_failed_today_or_a_topic(make_app, db_path):
    from textual.widgets import Input, Static

    from hpquiz.settings import set_setting
    from hpquiz.store import Store

    with Store.open(db_path) as store:
        set_setting(store, "new-per-day", "1")
    app = make_app(start="study", decks=[study_deck()])

    def question() -> str:
        return str(app.screen.query_one("#card-question", Static).render())

    async def answer_prompt(pilot, text: str) -> None:
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = text
        await pilot.press("enter")
        await pilot.pause()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            assert "c" not in footer_keys(app)  # offered once the sitting is over
            await pilot.press("c")
            assert any("comes after this sitting" in n.message for n in app._notifications)
            await pilot.press("space", "1")  # lr-what: Again; it comes back in this sitting
            await pilot.press("space", "4")
            assert "Today's new cards are done" in question()
            assert "custom session" in str(app.screen.query_one("#rating-bar").render())
            assert footer_keys(app)["c"] == "Custom session"
            await pilot.press("c")
            await answer_prompt(pilot, "failed:today")
            assert "What does the learning rate set?" in question()
            assert app.screen.session.progress == (0, 1)
            await pilot.press("space", "3")
            assert "Session finished" in question()
            await pilot.press("c")
            await answer_prompt(pilot, "topic:momentum")
            assert "Momentum keeps a running" in question()
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen"

    run(scenario)
    assert [cid for cid, _ in reviews_in(db_path)] == ["lr-what", "lr-what", "lr-what"]


def test_a_custom_session_with_a_bad_filter_says_what_is_allowed_and_stays_on_the_summary(make_app, db_path):
    from textual.widgets import Input

    from hpquiz.settings import set_setting
    from hpquiz.store import Store

    with Store.open(db_path) as store:
        set_setting(store, "new-per-day", "0")
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            for text, said in (("colour:red", "unknown filter 'colour:'"), ("tag:nothing-has-this", "No card to study matches")):
                await pilot.press("c")
                await pilot.pause()
                app.screen.query_one("#prompt-input", Input).value = text
                await pilot.press("enter")
                await pilot.pause()
                assert any(said in n.message for n in app._notifications)
                assert app.screen.session.finished

    run(scenario)
