"""Compare cards: a claim about one change, read from TOML, predicted, measured on five seeds, checked, exported."""

from __future__ import annotations

import textwrap

import pytest

from hpquiz.deck import DeckError, load_deck
from hpquiz.drill import check_outcome, grade, simulate
from simulator import Direction

# Weight decay on a small Adam network: the weights shrink by far more than the 10% that counts.
DECK = """
[deck]
id = "t-claims"
title = "Claims"
language = "en"

[[cards]]
id = "t-decay-norm"
type = "scenario"
topic = "weight-decay"
claim = "Weight decay keeps the weights small."
claimed = "{claimed}"
prompt = "Add weight decay 0.05. The weight norm will be…"
setup = {{ dataset = "moons", n_samples = 120, hidden = [16], optimizer = "adam", learning_rate = 0.02, epochs = 60 }}
change = {{ weight_decay = 0.05 }}
measure = "weight_norm"
answer = "{answer}"
explanation = "Each step pulls the weights towards zero."
"""


def write(tmp_path, text: str, name: str = "claims.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def card_from(tmp_path, answer: str = "lower", claimed: str = "lower"):
    return load_deck(write(tmp_path, DECK.format(answer=answer, claimed=claimed))).cards[0]


@pytest.fixture(scope="module")
def decay(tmp_path_factory):
    card = card_from(tmp_path_factory.mktemp("claims"))
    return card, simulate(card)


def test_a_compare_card_is_read_with_its_claim_change_and_measure(tmp_path):
    card = card_from(tmp_path)
    scenario = card.scenario
    assert scenario.compare and not scenario.predict
    assert scenario.claim.measure == "weight_norm" and dict(scenario.claim.change) == {"weight_decay": 0.05}
    assert scenario.expect is Direction.LOWER
    assert scenario.statement == "Weight decay keeps the weights small."
    assert [c.weight_decay for c in scenario.configs()] == [0.0, 0.05]


def test_the_drill_trains_both_setups_on_five_seeds_and_measures_each_pair(decay):
    card, outcome = decay
    assert outcome.comparison.seeds == (0, 1, 2, 3, 4)
    assert [r.config.weight_decay for r in outcome.comparison.changed_runs] == [0.05] * 5
    assert outcome.direction is Direction.LOWER
    assert len(outcome.runs) == 2


def test_predicting_the_measured_direction_is_graded_right_and_says_on_how_many_seeds(decay):
    card, outcome = decay
    result = grade(card, "lower", outcome)
    assert result.correct
    assert result.message == "With the change the weight norm was lower on 5 of 5 seeds, as you predicted."


@pytest.mark.parametrize("prediction", ["higher", Direction.SAME, 0, 2])
def test_any_other_direction_is_graded_wrong_by_value_or_by_its_key(decay, prediction):
    card, outcome = decay
    result = grade(card, prediction, outcome)
    assert not result.correct
    assert "lower on 5 of 5 seeds" in result.message


def test_deck_check_accepts_a_direction_that_holds_on_every_seed(decay):
    card, outcome = decay
    check = check_outcome(card, outcome)
    assert check.ok, check.problem
    assert check.expected == "weight_norm: lower"


def test_deck_check_refuses_a_direction_the_seeds_contradict_and_lists_each_seed(tmp_path, decay):
    wrong = card_from(tmp_path, answer="same")
    check = check_outcome(wrong, decay[1])
    assert not check.ok
    assert "is not same on every seed: seed 0 lower (" in check.problem
    assert "counts as same" in check.problem


def test_the_measured_numbers_give_both_setups_with_their_spread(decay):
    from hpquiz.claims import measured_lines

    card, outcome = decay
    values, difference = measured_lines(card, outcome)
    assert values.startswith("baseline: ") and "–" in values
    assert " · with the change: " in values
    assert difference.startswith("difference: ") and difference.endswith("(lower: 5 of 5 seeds)")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ('measure = "loss"', "field 'measure' is 'loss', not a known measure (measures: final_val_loss"),
        ('measure = "epochs_to_target"', "field 'target' is missing: measure 'epochs_to_target'"),
        ('measure = "gap"\ntarget = 0.3', "field 'target' is only for the measure epochs_to_target"),
        ('measure = "gap"\nmin_effect = -1', "field 'min_effect' must be a number greater than 0"),
        ('measure = "gap"\npredict = true', "field 'predict' is for predict-the-verdict cards"),
        ('measure = "gap"\ngoal = "good"', "field 'goal' is only for which-knob scenarios"),
    ],
)
def test_a_compare_card_with_a_bad_field_is_refused_naming_the_card_and_field(tmp_path, fields, message):
    text = DECK.format(answer="lower", claimed="lower").replace('measure = "weight_norm"', fields)
    path = write(tmp_path, text)
    with pytest.raises(DeckError) as error:
        load_deck(path)
    assert "t-decay-norm" in str(error.value)
    assert message in str(error.value)


def test_a_direction_that_is_not_one_of_the_three_is_refused(tmp_path):
    with pytest.raises(DeckError, match="field 'answer' is 'down', not a known direction"):
        load_deck(write(tmp_path, DECK.format(answer="down", claimed="lower")))


def test_a_claim_field_on_a_verdict_scenario_is_refused(tmp_path):
    text = """
    [deck]
    id = "t"
    title = "T"
    language = "en"

    [[cards]]
    id = "t-predict"
    type = "scenario"
    topic = "learning-rate"
    prompt = "What happens?"
    setup = { dataset = "moons", epochs = 5 }
    predict = true
    answer = "too_slow"
    change = { dropout = 0.3 }
    """
    with pytest.raises(DeckError, match="field 'change' is only for compare scenarios"):
        load_deck(write(tmp_path, text))


def test_a_gift_export_asks_higher_lower_or_same_with_the_measured_numbers_in_the_feedback(tmp_path):
    from hpquiz.export.gift import card_questions
    from hpquiz.export.media import MediaCache

    card = card_from(tmp_path)
    question = card_questions(card, MediaCache(tmp_path / "media"))[0]
    assert "Claim\\: Weight decay keeps the weights small." in question
    assert "Change\\: weight_decay\\=0.05" in question
    assert "\t=lower#Right\\: measured on every seed, baseline\\: " in question
    assert "\t~higher#No\\: " in question and "\t~about the same#No\\: " in question


def test_a_claim_states_its_own_direction_which_may_differ_from_the_answer(tmp_path):
    card = card_from(tmp_path, answer="lower", claimed="higher")
    assert card.scenario.claimed is Direction.HIGHER and card.scenario.expect is Direction.LOWER


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('claimed = "lower"\n', ""), "field 'claimed' is missing: a card with a 'claim' says which way"),
        (('claimed = "lower"', 'claimed = "down"'), "field 'claimed' is 'down', not a known direction"),
        (('claim = "Weight decay keeps the weights small."\n', ""), "field 'claimed' is the direction a 'claim' states"),
    ],
)
def test_a_missing_or_unknown_claimed_direction_is_one_line_naming_file_card_and_field(tmp_path, edit, message):
    path = write(tmp_path, DECK.format(answer="lower", claimed="lower").replace(*edit))
    with pytest.raises(DeckError) as error:
        load_deck(path)
    assert str(path) in str(error.value) and "t-decay-norm" in str(error.value)
    assert message in str(error.value)
