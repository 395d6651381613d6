"""Scenario cards simulated on worker processes give the same answers, in order, as one process.

`deck check` and `export` spread whole cards over the cores; these tests start real
(spawned) worker processes.
"""

from __future__ import annotations

import json

from export.export_decks import make_scenario_deck

from hpquiz.deck.model import Card, CardType, Scenario
from hpquiz.cli import main
from hpquiz.drill import check_card
from hpquiz.export.media import MediaCache
from hpquiz.parallel import map_in_processes
from simulator import TrainConfig, Verdict

SETUP = TrainConfig(dataset="moons", n_samples=200, hidden=(16,), optimizer="sgd", epochs=40, seed=1)


def scenario_card(card_id: str, learning_rate: float, verdict: Verdict) -> Card:
    return Card(id=card_id, deck_id="d", type=CardType.SCENARIO, topic="learning-rate", front="What happens?",
                scenario=Scenario(setup=SETUP.replace(learning_rate=learning_rate), verdict=verdict))


def test_cards_checked_on_two_processes_match_one_process_in_card_order():
    cards = [scenario_card("blows-up", 50.0, Verdict.DIVERGED), scenario_card("fine", 0.5, Verdict.GOOD),
             scenario_card("wrongly-stated", 50.0, Verdict.GOOD)]
    finished = []
    on_two = map_in_processes(check_card, cards, jobs=2, on_done=lambda index, _result: finished.append(index))
    assert on_two == [check_card(card) for card in cards]
    assert [result.card_id for result in on_two] == ["blows-up", "fine", "wrongly-stated"]
    assert [result.ok for result in on_two] == [True, True, False]
    assert sorted(finished) == [0, 1, 2]


def test_scenario_images_rendered_on_two_processes_match_one_process(tmp_path):
    cards = make_scenario_deck().cards
    ready = []
    MediaCache(tmp_path / "one").prepare(cards, jobs=1)
    MediaCache(tmp_path / "two").prepare(cards, jobs=2, on_done=lambda card: ready.append(card.id), min_cost=0)
    one = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert one == sorted(p.name for p in (tmp_path / "two").iterdir())
    assert any(name.endswith(".png") for name in one)
    for name in one:
        first, second = (tmp_path / "one" / name).read_bytes(), (tmp_path / "two" / name).read_bytes()
        if name.endswith(".json"):
            assert json.loads(first) == json.loads(second), name
        else:
            assert first == second, name
    assert sorted(ready) == sorted(c.id for c in cards if c.type is CardType.SCENARIO)


def test_a_nonsense_jobs_count_is_refused_with_the_allowed_range(capsys):
    assert main(["deck", "check", "--jobs", "0"]) == 2
    assert "expected a whole number of processes >= 1, got '0'" in capsys.readouterr().err


def double_unless_in_a_worker_that_dies(value: int) -> int:
    """Kills the worker process it runs in for the value 2, as an out-of-memory kill would."""
    import multiprocessing
    import os

    if value == 2 and multiprocessing.parent_process() is not None:
        os._exit(1)
    return 2 * value


def test_work_a_dead_worker_left_is_finished_in_this_process():
    finished = []
    results = map_in_processes(double_unless_in_a_worker_that_dies, [1, 2, 3], jobs=2,
                               on_done=lambda index, _result: finished.append(index))
    assert results == [2, 4, 6]
    assert sorted(finished) == [0, 1, 2]
