"""Moodle XML read back as Moodle's importer reads it: types, grades, pictures, embedded cloze answers."""

from __future__ import annotations

import html
import re

import pytest
from gift_reader import matches_short_answer
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from moodle_xml_reader import Refused, parse_moodle_xml

from hpquiz.deck import Card, CardType, Deck
from hpquiz.export import moodle_xml
from hpquiz.export.formats import export
from hpquiz.export.media import MediaCache
from hpquiz.export.text import cloze_answers

TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), include_characters=" ~=#{}:\\<>&\"'%*"),
    min_size=1,
    max_size=40,
).map(lambda s: " ".join(s.split())).filter(bool)


def questions(decks, tmp_path, media_folder):
    (path,) = export(decks, "moodlexml", tmp_path / "bank.xml", media_folder=media_folder)
    assert path.suffix == ".xml"
    return {q.name: q for q in parse_moodle_xml(path.read_bytes())}


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<br>", "\n", text))


def test_choice_cards_are_multichoice_with_the_right_grades(tricky_deck, tmp_path, media_folder):
    qs = questions([tricky_deck], tmp_path, media_folder)
    one, two = qs["t-choice"], qs["t-choice-multi"]
    assert (one.type, one.single) == ("multichoice", True)
    assert plain(one.text) == tricky_deck.cards[3].front
    assert [plain(a.text) for a in one.answers] == list(tricky_deck.cards[3].options)
    assert [a.fraction for a in one.answers] == [0, 1, 0, 0]
    assert plain(one.general_feedback) == tricky_deck.cards[3].explanation
    assert two.single is False
    assert [a.fraction for a in two.answers] == [0.5, -0.5, 0.5]
    assert one.category == f"$course$/top/hpquiz/{tricky_deck.title}"


def test_basic_and_reverse_are_short_answers_each_way(tricky_deck, tmp_path, media_folder):
    qs = questions([tricky_deck], tmp_path, media_folder)
    assert qs["t-basic"].type == "shortanswer"
    assert matches_short_answer(" ".join(tricky_deck.cards[0].back.split()), qs["t-basic"].answers[0].text)
    backwards = qs["t-reverse (reverse)"]
    assert plain(backwards.text) == tricky_deck.cards[1].back
    assert matches_short_answer(tricky_deck.cards[1].front, backwards.answers[0].text)


def test_a_cloze_card_is_one_embedded_answers_question_with_every_blank(tmp_path, media_folder):
    card = Card(
        id="twice", deck_id="d", type=CardType.CLOZE, topic="t",
        front="{{c1::Adam}} keeps two {{c2::moving averages::what}}; {{c1::RMSprop # } ~}} keeps one.",
        back="Both adapt.",
    )
    q = questions([Deck("d", "D", "en", (card,))], tmp_path, media_folder)["twice"]
    assert q.type == "multianswer"
    assert [[a.text for a in blank] for blank in q.embedded] == [["Adam"], ["moving averages"], ["RMSprop # } ~"]]
    assert "[what]" in q.text


def test_which_knob_questions_carry_their_curves_as_files(scenario_deck, tmp_path, media_folder):
    outcome = MediaCache(media_folder).get(scenario_deck.cards[1])
    q = questions([scenario_deck], tmp_path, media_folder)["s-knob"]
    assert q.files[outcome.front.name] == outcome.front.read_bytes()
    assert q.files[outcome.back.name] == outcome.back.read_bytes()
    assert f"@@PLUGINFILE@@/{outcome.front.name}" in q.text
    assert f"@@PLUGINFILE@@/{outcome.back.name}" in q.general_feedback
    for a, verdict in zip(q.answers, outcome.option_verdicts, strict=True):
        assert f"this run is {verdict.value.replace('_', ' ')}" in plain(a.feedback)


def test_a_predict_question_offers_the_verdicts_without_the_picture_that_gives_it_away(scenario_deck, tmp_path, media_folder):
    q = questions([scenario_deck], tmp_path, media_folder)["s-predict"]
    assert len(q.answers) == 6 and [plain(a.text) for a in q.answers if a.fraction == 1] == ["diverged"]
    assert "@@PLUGINFILE@@" not in q.text
    assert "@@PLUGINFILE@@" in q.general_feedback


def test_eleven_right_options_get_grades_moodle_accepts(tmp_path, media_folder):
    card = Card(id="many", deck_id="d", type=CardType.CHOICE, topic="t", front="All?",
                options=tuple(f"o{i}" for i in range(12)), answer=tuple(range(11)))
    q = questions([Deck("d", "D", "en", (card,))], tmp_path, media_folder)["many"]
    assert sorted({a.fraction for a in q.answers}) == [-0.1, 0.05, 0.1]


def test_the_reader_refuses_what_moodle_would():
    with pytest.raises(Refused, match="not one Moodle accepts"):
        parse_moodle_xml(b'<quiz><question type="multichoice"><name><text>q</text></name>'
                         b'<questiontext format="html"><text>x</text></questiontext>'
                         b'<answer fraction="9.09091"><text>a</text></answer>'
                         b'<answer fraction="0"><text>b</text></answer></question></quiz>')
    with pytest.raises(Refused, match="refers to"):
        parse_moodle_xml(b'<quiz><question type="shortanswer"><name><text>q</text></name>'
                         b'<questiontext format="html"><text>&lt;img src="@@PLUGINFILE@@/a.png"&gt;</text>'
                         b'</questiontext><answer fraction="100"><text>a</text></answer></question></quiz>')


@settings(deadline=None)  # XML building and parsing per example; no timing is tested
@given(TEXT, st.lists(TEXT, min_size=1, max_size=3))
def test_any_text_survives_as_an_embedded_answer(before, answers):
    front = before + "".join(f" {{{{c{i + 1}::{a}}}}}" for i, a in enumerate(answers))
    card = Card(id="c", deck_id="d", type=CardType.CLOZE, topic="t", front=front)
    hidden = cloze_answers(front)  # as the deck reads it: `{{c1::a}}}` hides "a"
    assume(all(h.strip() for h in hidden))  # an empty deletion never passes deck check
    (q,) = parse_moodle_xml(moodle_xml_document(card))
    assert len(q.embedded) == len(hidden)
    for blank, expected in zip(q.embedded, hidden, strict=True):
        assert matches_short_answer(expected, blank[0].text)


def moodle_xml_document(card: Card) -> bytes:
    from hpquiz.export.job import ExportJob

    return moodle_xml.document(ExportJob((Deck("d", "D", "en", (card,)),), None, None))  # type: ignore[arg-type]


def claims_deck(language: str) -> str:
    """The compare-card test deck, its one claim borne out, plus the same card with a claim
    pointing the wrong way (weight decay "lets the weights grow")."""
    from tests.hpquiz.test_compare_cards import DECK

    head, card = DECK.format(answer="lower", claimed="lower").split("[[cards]]")
    grows = (card.replace('"t-decay-norm"', '"t-decay-grows"').replace('claimed = "lower"', 'claimed = "higher"')
             .replace("Weight decay keeps the weights small.", "Folklore: weight decay lets the weights grow."))
    return head.replace('language = "en"', f'language = "{language}"') + "[[cards]]" + card + "[[cards]]" + grows


def claim_questions(tmp_path, media_folder, language="en"):
    from hpquiz.deck import load_deck

    path = tmp_path / "claims.toml"
    path.write_text(claims_deck(language), encoding="utf-8")
    return questions([load_deck(path)], tmp_path, media_folder)


def test_a_claim_is_true_false_right_when_the_runs_bear_its_direction_out(tmp_path, media_folder):
    qs = claim_questions(tmp_path, media_folder)
    borne, refuted = qs["t-decay-norm"], qs["t-decay-grows"]
    assert borne.type == refuted.type == "truefalse"
    assert borne.right == "true" and refuted.right == "false"
    text = plain(borne.text)
    assert "Claim: Weight decay keeps the weights small." in text
    assert "Add weight decay 0.05." in text and "weight_decay=0.05" in text
    assert "The claim says the weight norm will be lower. Do the runs bear the claim out on every seed?" in text
    assert "will be higher. Do the runs bear" in plain(refuted.text)
    feedback = {a.text: plain(a.feedback) for a in refuted.answers}
    assert feedback["false"].startswith("Right: the weight norm was lower on every seed; baseline: ")
    assert feedback["true"].startswith("No: the weight norm was lower on every seed; ")
    assert "difference: " in feedback["false"] and "(lower: 5 of 5 seeds)" in feedback["false"]
    assert "@@PLUGINFILE@@" in borne.general_feedback and "@@PLUGINFILE@@" not in borne.text


def test_a_turkish_claim_is_asked_and_answered_in_turkish(tmp_path, media_folder):
    qs = claim_questions(tmp_path, media_folder, "tr")
    text, answers = plain(qs["t-decay-norm"].text), qs["t-decay-norm"].answers
    assert "İddia: Weight decay keeps the weights small." in text
    assert "İddiaya göre ağırlık normu daha düşük olur." in text and "Değişiklik:" in text
    right = next(a for a in answers if a.fraction == 1.0)
    assert plain(right.feedback).startswith("Doğru: ağırlık normu her tohumda daha düşük çıktı; ")


def test_the_reader_refuses_a_true_false_moodle_would_misread():
    def question(answers: bytes) -> bytes:
        return (b'<quiz><question type="truefalse"><name><text>q</text></name>'
                b'<questiontext format="html"><text>x</text></questiontext>' + answers + b"</question></quiz>")

    with pytest.raises(Refused, match="needs answers 'true' and 'false'"):
        parse_moodle_xml(question(b'<answer fraction="100"><text>yes</text><feedback><text>f</text></feedback></answer>'
                                  b'<answer fraction="0"><text>no</text><feedback><text>f</text></feedback></answer>'))
    with pytest.raises(Refused, match="fraction 100 and the other 0"):
        parse_moodle_xml(question(b'<answer fraction="100"><text>true</text><feedback><text>f</text></feedback></answer>'
                                  b'<answer fraction="100"><text>false</text><feedback><text>f</text></feedback></answer>'))
    with pytest.raises(Refused, match="without feedback"):
        parse_moodle_xml(question(b'<answer fraction="100"><text>true</text></answer>'
                                  b'<answer fraction="0"><text>false</text><feedback><text>f</text></feedback></answer>'))


def test_a_turkish_scenario_question_describes_its_pictures_and_the_evidence_in_turkish(scenario_deck, tmp_path,
                                                                                       media_folder):
    import dataclasses

    turkish = dataclasses.replace(scenario_deck, language="tr")
    qs = questions([turkish], tmp_path, media_folder)
    predict, knob = qs["s-predict"], qs["s-knob"]
    assert 'alt="verilen ayarla eğitimin kayıp eğrileri"' in knob.text
    assert all('alt="simüle edilen bütün eğitimlerin kayıp eğrileri"' in q.general_feedback for q in (predict, knob))
    pages = " ".join([knob.text, predict.general_feedback, knob.general_feedback])
    assert "loss curves" not in pages
    feedback = " ".join(plain(a.feedback) for q in (predict, knob) for a in q.answers)
    assert "kayıp patladı ve eğitim durduruldu" in feedback
    assert "training started at" not in feedback and "loss" not in feedback
