"""Runs pooled across cards (hpquiz/batched.py) are the runs each card gets on its own.

`deck check` and `export` train every card's runs together, grouped by shape across
cards and cut into chunks over worker processes; none of that may change a result.
"""

from __future__ import annotations

import numpy as np

from hpquiz.batched import RunPool, configs_of, plan, train_pooled
from hpquiz.deck.model import Card, CardType, Scenario
from hpquiz.drill import check_card, simulate
from simulator import TrainConfig, Verdict, train_many
from simulator.cache import ResultCache
from simulator.training import stacks

SETUP = TrainConfig(dataset="moons", n_samples=200, hidden=(16,), optimizer="sgd", epochs=30, seed=1)


def card(card_id: str, **changes) -> Card:
    return Card(id=card_id, deck_id="d", type=CardType.SCENARIO, topic="learning-rate", front="What happens?",
                options=("Lower the learning rate to 0.5", "Stop early"), answer=(0,),
                scenario=Scenario(setup=SETUP.replace(**changes), goal=Verdict.GOOD,
                                  changes=({"learning_rate": 0.5}, {"early_stopping": 5})))


def same_run(a, b) -> bool:
    return (a.config == b.config and np.array_equal(a.train_loss, b.train_loss)
            and np.array_equal(a.val_loss, b.val_loss) and np.array_equal(a.step_loss, b.step_loss)
            and all(np.array_equal(x, y) for (x, _), (y, _) in zip(a.final_params, b.final_params)))


CARDS = [card("slow", learning_rate=0.01), card("fast", learning_rate=20.0), card("again", learning_rate=0.01)]


def test_runs_pooled_over_two_processes_are_bit_for_bit_the_runs_of_each_card_alone(tmp_path):
    pool = train_pooled(CARDS, seeds=3, cache=ResultCache(tmp_path), jobs=2)
    for c in CARDS:
        alone = train_many(configs_of(c, 3))
        assert all(same_run(pool.get(run.config), run) for run in alone)
    # and the cache the workers filled serves the same runs
    cached = ResultCache(tmp_path)
    assert all(same_run(cached.get(config), pool.get(config)) for config in configs_of(CARDS[0], 3))


def test_cards_judged_from_the_pool_get_the_verdicts_they_get_alone():
    pool = train_pooled(CARDS, seeds=3)
    for c in CARDS:
        assert check_card(c, seeds=3, cache=pool) == check_card(c, seeds=3)
        assert simulate(c, seeds=3, cache=pool).verdicts == simulate(c, seeds=3).verdicts


def test_a_setup_stated_by_two_cards_is_trained_once():
    configs = [c for x in CARDS for c in configs_of(x, 3)]
    chunks = plan(configs, jobs=1)
    planned = [c for chunk in chunks for c in chunk]
    assert len(planned) == len(set(configs)) < len(configs)
    assert all(len(stacks(chunk)) == 1 for chunk in chunks)


def test_a_costly_group_is_cut_into_chunks_for_two_processes_and_nothing_is_lost():
    long = [SETUP.replace(epochs=400, seed=s) for s in range(8)]
    short = [SETUP.replace(seed=s) for s in range(2)]
    chunks = plan(long + short, jobs=2)
    assert len([c for c in chunks if c[0].epochs == 400]) >= 2
    assert sorted(c.seed for chunk in chunks for c in chunk if c.epochs == 400) == list(range(8))


def test_a_pool_trains_what_it_lacks_and_keeps_it():
    pool = RunPool()
    config = SETUP.replace(seed=7)
    assert not pool.has(config)
    (run,) = pool.train_many([config])
    assert pool.has(config) and pool.get(config) is run
