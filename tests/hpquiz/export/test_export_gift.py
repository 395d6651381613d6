"""The GIFT file parsed back with Moodle's rules: names, categories, answers, feedback, escapes."""

from __future__ import annotations

import pytest
from gift_reader import matches_short_answer, parse_gift
from hypothesis import given, settings
from hypothesis import strategies as st

from hpquiz.deck import Card, CardType, Deck
from hpquiz.export import gift, moodle_grades
from hpquiz.export.job import ExportError
from hpquiz.export.formats import export

TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), include_characters=" \n~=#{}:\\<>&\"'%"),
    min_size=1,
    max_size=60,
).map(str.strip).filter(bool)


def questions_of(deck, tmp_path, media_folder):
    (path,) = export([deck], "gift", tmp_path / "quiz.gift", media_folder=media_folder)
    return {q.name: q for q in parse_gift(path.read_text(encoding="utf-8"))}


def test_choice_cards_are_multiple_choice_with_the_right_option_marked(tricky_deck, tmp_path, media_folder):
    q = questions_of(tricky_deck, tmp_path, media_folder)["t-choice"]
    assert q.text == tricky_deck.cards[3].front
    assert [a.text for a in q.answers] == list(tricky_deck.cards[3].options)
    assert [a.right for a in q.answers] == [False, True, False, False]
    assert q.general_feedback == tricky_deck.cards[3].explanation


def test_several_right_options_share_the_credit(tricky_deck, tmp_path, media_folder):
    q = questions_of(tricky_deck, tmp_path, media_folder)["t-choice-multi"]
    assert [a.weight for a in q.answers] == [50.0, -50.0, 50.0]


def test_basic_and_reverse_are_short_answers_each_way(tricky_deck, tmp_path, media_folder):
    qs = questions_of(tricky_deck, tmp_path, media_folder)
    basic = qs["t-basic"]
    assert basic.text == tricky_deck.cards[0].front
    assert [(a.right, a.text) for a in basic.answers] == [(True, tricky_deck.cards[0].back)]
    reverse, backwards = qs["t-reverse"], qs["t-reverse (reverse)"]
    assert (reverse.text, reverse.answers[0].text) == (tricky_deck.cards[1].front, tricky_deck.cards[1].back)
    assert (backwards.text, backwards.answers[0].text) == (tricky_deck.cards[1].back, tricky_deck.cards[1].front)


def test_each_cloze_deletion_is_its_own_short_answer(tricky_deck, tmp_path, media_folder):
    qs = questions_of(tricky_deck, tmp_path, media_folder)
    c1, c2 = qs["t-cloze c1"], qs["t-cloze c2"]
    assert c1.text == "The _____ & <i>step</i> {x} sets a = b # c here."
    assert c1.answers[0].text == "öğrenme oranı"
    assert c2.text == "The öğrenme oranı & <i>step</i> {x} sets _____ [ipucu ~] here."
    assert c2.answers[0].text == "a = b # c"


def test_each_deck_gets_its_category(tricky_deck, scenario_deck, tmp_path, media_folder):
    (path,) = export([tricky_deck, scenario_deck], "gift", tmp_path / "q.gift", media_folder=media_folder)
    categories = {q.name: q.category for q in parse_gift(path.read_text(encoding="utf-8"))}
    assert categories["t-basic"] == f"$course$/top/hpquiz/{tricky_deck.title}"
    assert categories["s-knob"] == "$course$/top/hpquiz/Scenarios"


def test_scenario_feedback_states_what_the_simulation_did(scenario_deck, tmp_path, media_folder):
    from hpquiz.export.media import MediaCache

    outcome = MediaCache(media_folder).get(scenario_deck.cards[1])
    q = questions_of(scenario_deck, tmp_path, media_folder)["s-knob"]
    assert [a.text for a in q.answers] == list(scenario_deck.cards[1].options)
    for answer, verdict in zip(q.answers, outcome.option_verdicts, strict=True):
        assert f"this run is {verdict.value.replace('_', ' ')}" in answer.feedback
    predict = questions_of(scenario_deck, tmp_path, media_folder)["s-predict"]
    assert [a.text for a in predict.answers if a.right] == ["diverged"]
    assert len(predict.answers) == 6


@given(TEXT, TEXT, TEXT)
def test_any_text_survives_gift_escaping(text, answer, feedback):
    (q,) = parse_gift(gift.short_answer("n::ame", text, answer, feedback))
    assert q.name == "n::ame"
    assert q.text == text
    assert q.answers[0].text == gift.literal_answer(answer)
    assert matches_short_answer(" ".join(answer.split()), q.answers[0].text)
    assert q.general_feedback == feedback


@given(st.lists(TEXT, min_size=2, max_size=5), TEXT)
def test_any_option_text_survives_multiple_choice_escaping(labels, feedback):
    out = gift.multiple_choice("q", "Which?", labels, [0], [feedback] * len(labels), "")
    (q,) = parse_gift(out)
    assert [a.text for a in q.answers] == labels
    assert [a.right for a in q.answers] == [True] + [False] * (len(labels) - 1)
    assert all(a.feedback == feedback for a in q.answers)


def moodle_grade(weight: float) -> bool:
    """Is `weight` (a percentage) on Moodle's list of grades, as its importer checks?"""
    listed = [0.0, *moodle_grades.ALLOWED]
    return any(abs(abs(weight) / 100 - f) < 0.00001 for f in listed)


def test_a_right_option_starting_with_percent_is_shown_as_written():
    labels = ["%50 of units", "%20% dropout", "none"]
    (q,) = parse_gift(gift.multiple_choice("q", "Which?", labels, [0], ["", "", ""], ""))
    assert [(a.text, a.weight) for a in q.answers] == [("%50 of units", 100), ("%20% dropout", 0), ("none", 0)]


def test_a_wrong_option_starting_with_percent_is_shown_as_written_in_a_multiple_answer_question():
    labels = ["%50 of units", "%20% dropout", "none"]
    (q,) = parse_gift(gift.multiple_choice("q", "Which?", labels, [0, 2], ["", "", ""], ""))
    assert [(a.text, a.weight) for a in q.answers] == [("%50 of units", 50), ("%20% dropout", -50), ("none", 50)]


@settings(deadline=None)  # the character-level reader is slow on a loaded machine; no timing is tested
@given(st.integers(min_value=1, max_value=20), st.integers(min_value=0, max_value=4))
def test_any_number_of_right_options_gets_grades_moodle_accepts_adding_up_to_100(right, wrong):
    labels = [f"option {i}" for i in range(right + wrong)]
    out = gift.multiple_choice("q", "Which?", labels, list(range(right)), [""] * len(labels), "")
    (q,) = parse_gift(out)
    weights = [a.weight for a in q.answers]
    assert all(moodle_grade(w) for w in weights), weights
    assert round(sum(w for w in weights if w > 0) / 100, 2) == 1.0
    assert all(w < 0 for w in weights[right:]) if right > 1 else all(w == 0 for w in weights[right:])


def test_more_right_options_than_moodle_can_grade_is_a_clear_error():
    with pytest.raises(ExportError, match="at most 20"):
        gift.multiple_choice("q", "Which?", [f"o{i}" for i in range(21)], list(range(21)), [""] * 21, "")


def test_a_star_in_a_short_answer_matches_only_a_star_not_anything():
    (q,) = parse_gift(gift.short_answer("q", "Product?", "a*b"))
    pattern = q.answers[0].text
    assert matches_short_answer("a*b", pattern)
    assert not matches_short_answer("a plus b", pattern)
    assert not matches_short_answer("ab", pattern)


def test_a_cloze_using_c1_twice_asks_each_blank_on_its_own(tmp_path, media_folder):
    card = Card(
        id="twice", deck_id="d", type=CardType.CLOZE, topic="t",
        front="{{c1::Adam}} keeps two averages; {{c1::RMSprop}} keeps one; {{c2::SGD}} none.",
    )
    deck = Deck(id="d", title="D", language="en", cards=(card,))
    qs = questions_of(deck, tmp_path, media_folder)
    assert sorted(qs) == ["twice c1.1", "twice c1.2", "twice c2"]
    first, second = qs["twice c1.1"], qs["twice c1.2"]
    assert first.text == "_____ keeps two averages; […] keeps one; SGD none."
    assert [a.text for a in first.answers] == ["Adam"]
    assert second.text == "[…] keeps two averages; _____ keeps one; SGD none."
    assert [a.text for a in second.answers] == ["RMSprop"]
    assert [a.text for a in qs["twice c2"].answers] == ["SGD"]


def test_a_turkish_deck_gets_turkish_feedback_setup_and_verdicts(scenario_deck, tmp_path, media_folder):
    import dataclasses

    from hpquiz.words import deck_words

    turkish = dataclasses.replace(scenario_deck, language="tr")
    qs = questions_of(turkish, tmp_path, media_folder)
    tr = deck_words("tr").verdict
    predict, knob = qs["s-predict"], qs["s-knob"]
    assert [a.text for a in predict.answers if a.right] == [tr("diverged")]
    assert all(a.feedback.startswith(("Doğru:", "Hayır:")) for a in predict.answers + knob.answers)
    assert "Eğitim ayarları:" in knob.text and "Setup:" not in knob.text
    assert "Right" not in " ".join(a.feedback for a in knob.answers)


def test_a_turkish_deck_s_feedback_quotes_the_simulator_s_evidence_in_turkish(scenario_deck, tmp_path, media_folder):
    import dataclasses

    from hpquiz.drill import simulate
    from hpquiz.evidence import first_reason

    turkish = dataclasses.replace(scenario_deck, language="tr")
    qs = questions_of(turkish, tmp_path, media_folder)
    predict, knob = qs["s-predict"], qs["s-knob"]
    seen = simulate(scenario_deck.cards[0]).diagnoses[0]
    assert all(f"({first_reason(seen, 'tr')})." in a.feedback for a in predict.answers)
    assert "kayıp patladı ve eğitim durduruldu" in predict.answers[0].feedback
    options = simulate(scenario_deck.cards[1]).diagnoses[1:]
    assert [f"({first_reason(d, 'tr')})." in a.feedback for a, d in zip(knob.answers, options, strict=True)] == [True] * 2
    feedback = " ".join(a.feedback for a in predict.answers + knob.answers)
    assert not [word for word in ("training started at", "loss", "epoch", "validation", "blew up") if word in feedback]


def test_an_english_deck_s_feedback_quotes_the_simulator_s_first_reason_word_for_word(scenario_deck, tmp_path,
                                                                                     media_folder):
    from hpquiz.drill import simulate

    qs = questions_of(scenario_deck, tmp_path, media_folder)
    for card in scenario_deck.cards:
        diagnoses = simulate(card).diagnoses
        runs = diagnoses[:1] * len(qs[card.id].answers) if card.scenario.predict else diagnoses[1:]
        for answer, diagnosis in zip(qs[card.id].answers, runs, strict=True):
            assert answer.feedback.endswith(f"({diagnosis.reasons[0]}).")
    assert "training started at a loss of " in qs["s-predict"].answers[0].feedback


def test_image_metadata_of_an_earlier_form_is_simulated_again_not_misread(scenario_deck, tmp_path):
    import dataclasses
    import json

    from hpquiz.export.media import media_paths

    turkish = dataclasses.replace(scenario_deck, language="tr")
    folder = tmp_path / "media"
    export([turkish], "gift", tmp_path / "first.gift", media_folder=folder)
    card = scenario_deck.cards[0]
    meta = media_paths(folder, card, "tr")[0]
    data = json.loads(meta.read_text(encoding="utf-8"))
    first_form = {k: v for k, v in data.items() if k not in ("version", "evidence")}
    first_form["reasons"] = ["training started at a loss of 0.7, and by epoch 1 it had grown to 12: …"]
    meta.write_text(json.dumps(first_form), encoding="utf-8")
    (path,) = export([turkish], "gift", tmp_path / "again.gift", media_folder=folder)
    text = path.read_text(encoding="utf-8")
    assert "training started at" not in text and "kayıpla başladı" in text
    assert json.loads(meta.read_text(encoding="utf-8"))["version"] == data["version"]
