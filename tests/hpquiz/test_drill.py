"""Predict, then run: scenario cards simulated for real, graded against what the runs did."""

from __future__ import annotations

import pytest

from hpquiz.deck.model import Card, CardType, Scenario
from hpquiz.drill import NotAScenario, check_card, check_cards, grade, simulate
from simulator import TrainConfig, Verdict, train

# Plain SGD on a small problem: lr 50 overshoots every step, lr 0.5 trains well.
FAST = dict(dataset="moons", n_samples=200, hidden=(16,), optimizer="sgd", epochs=40, seed=1)
EXPLODING = TrainConfig(**FAST, learning_rate=50.0)


def predict_card(verdict: Verdict = Verdict.DIVERGED, setup: TrainConfig = EXPLODING) -> Card:
    return Card(id="p", deck_id="d", type=CardType.SCENARIO, topic="learning-rate", front="What happens?",
                scenario=Scenario(setup=setup, verdict=verdict))


def knob_card(answer=(0,), goal: Verdict = Verdict.GOOD, setup: TrainConfig = EXPLODING) -> Card:
    return Card(
        id="k", deck_id="d", type=CardType.SCENARIO, topic="learning-rate", front="Which change fixes it?",
        options=("Lower the learning rate to 0.5", "Add dropout 0.5", "Train twice as long"), answer=answer,
        scenario=Scenario(setup=setup, goal=goal,
                          changes=({"learning_rate": 0.5}, {"dropout": 0.5}, {"epochs": 80})),
    )


@pytest.fixture(scope="module")
def knob_outcome():
    return simulate(knob_card())


def test_simulate_trains_the_baseline_first_then_each_option(knob_outcome):
    card = knob_card()
    assert [run.config for run in knob_outcome.runs] == list(card.scenario.configs())
    assert len(knob_outcome.diagnoses) == 4


def test_simulated_runs_are_the_same_as_training_each_setup_alone(knob_outcome):
    alone = train(knob_card().scenario.option_configs()[0])
    assert list(alone.train_loss) == pytest.approx(list(knob_outcome.runs[1].train_loss))


def test_exploding_learning_rate_diverges_and_only_the_smaller_step_reaches_good(knob_outcome):
    assert knob_outcome.baseline_verdict is Verdict.DIVERGED
    assert knob_outcome.reaching_goal == (0,)
    assert knob_outcome.option_verdicts[1] != Verdict.GOOD


def test_right_prediction_of_the_verdict_is_graded_correct():
    card = predict_card()
    outcome = simulate(card)
    result = grade(card, Verdict.DIVERGED, outcome)
    assert result.correct
    assert result.message == "The run ended diverged, as you predicted."


def test_wrong_prediction_says_what_the_run_did():
    card = predict_card()
    result = grade(card, "good", simulate(card))
    assert not result.correct
    assert result.message == "You predicted good; the run ended diverged."
    assert result.simulated[0] is Verdict.DIVERGED


def test_grading_follows_the_simulation_not_the_text_of_the_card():
    card = predict_card(verdict=Verdict.GOOD)
    outcome = simulate(card)
    assert grade(card, Verdict.DIVERGED, outcome).correct
    assert not grade(card, Verdict.GOOD, outcome).correct


def test_choosing_the_option_that_reaches_the_goal_is_correct(knob_outcome):
    result = grade(knob_card(), 0, knob_outcome)
    assert result.correct and result.prediction == 0
    assert result.message == "“Lower the learning rate to 0.5” reached good."


def test_choosing_a_tempting_wrong_option_names_what_it_did_and_the_right_one(knob_outcome):
    result = grade(knob_card(), 1, knob_outcome)
    assert not result.correct
    assert result.message.startswith("“Add dropout 0.5” ended ")
    # named by its text, not a number: the screen shows the options in a shuffled order
    assert result.message.endswith("Reaching good: “Lower the learning rate to 0.5”.")


def test_a_turkish_drill_grades_in_turkish(knob_outcome):
    result = grade(knob_card(), 0, knob_outcome, language="tr")
    assert result.message == "“Lower the learning rate to 0.5” iyi sonucuna ulaştı."


def test_option_that_does_not_exist_is_refused(knob_outcome):
    with pytest.raises(ValueError, match="option 7 does not exist"):
        grade(knob_card(), 7, knob_outcome)


def test_a_non_scenario_card_cannot_be_simulated():
    card = Card(id="b", deck_id="d", type=CardType.BASIC, topic="t", front="f", back="b")
    with pytest.raises(NotAScenario, match="card 'b' is a basic card"):
        simulate(card)


def test_check_accepts_a_card_whose_answer_the_simulation_confirms():
    result = check_card(predict_card())
    assert result.ok and result.problem == ""
    assert (result.expected, result.simulated) == ("diverged", "diverged")


def test_check_rejects_a_predict_card_whose_verdict_the_simulation_contradicts():
    result = check_card(predict_card(verdict=Verdict.UNSTABLE))
    assert not result.ok
    assert result.problem == "the baseline run ends diverged, not unstable"


def test_check_requires_the_answer_to_be_exactly_the_options_reaching_the_goal():
    results = check_cards([knob_card(answer=(0,)), knob_card(answer=(0, 1)), knob_card(answer=(1,))])
    assert [r.ok for r in results] == [True, False, False]
    assert "option 1 ends" in results[1].problem
    assert "option 0 also reaches good but is not in the answer" in results[2].problem


def test_check_rejects_a_which_knob_card_whose_baseline_already_reaches_the_goal():
    card = knob_card(goal=Verdict.DIVERGED, answer=(1,))
    result = check_card(card)
    assert not result.ok
    assert result.problem.startswith("the baseline already ends diverged, so no change is needed")


def test_progress_is_reported_while_checking_many_cards():
    seen = []
    check_cards([predict_card()] * 3, on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3) and seen == sorted(seen)


def test_simulate_reports_progress_and_finishes():
    seen = []
    simulate(predict_card(), on_progress=lambda epoch, epochs: seen.append((epoch, epochs)))
    assert seen and seen[-1][1] == 40
