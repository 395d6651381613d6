"""A setup is judged on several seeds: each seed is a fresh draw of data, split, weights and shuffles."""

import numpy as np
import pytest

from simulator import Consensus, TrainConfig, Verdict, consensus, consensus_many, make_dataset, replicate, train
from simulator.consensus import most_needed
from simulator.datasets import dataset_streams
from simulator.diagnose import Diagnosis

SMALL = TrainConfig(n_samples=120, noise=0.2, hidden=(8,), epochs=15, batch_size=16)


def test_replicas_are_the_configs_seed_and_the_ones_after_it():
    replicas = replicate(SMALL.replace(seed=7, learning_rate=0.3), 4)
    assert [c.seed for c in replicas] == [7, 8, 9, 10]
    assert {c.replace(seed=0) for c in replicas} == {SMALL.replace(learning_rate=0.3)}


@pytest.mark.parametrize("k", [0, 21, -1, 2.5, True])
def test_a_seed_count_outside_1_to_20_is_refused_naming_the_range(k):
    with pytest.raises(ValueError, match=r"seeds=.*1 <= value <= 20"):
        replicate(SMALL, k)


def test_another_seed_draws_other_noisy_points():
    a, b = make_dataset(SMALL), make_dataset(SMALL.replace(seed=1))
    assert not np.array_equal(a[0], b[0])


def test_another_seed_holds_out_other_points_for_validation():
    # without noise the moons are the same points on every seed; only the split differs
    clean = SMALL.replace(noise=0.0)
    held_out = [{tuple(np.round(p, 6)) for p in make_dataset(clean.replace(seed=s))[2]} for s in (0, 1)]
    assert held_out[0] != held_out[1]


def test_another_seed_starts_from_other_weights_and_shuffles_in_another_order():
    runs = [train(SMALL.replace(seed=s, epochs=1)) for s in (0, 1)]
    assert not np.array_equal(runs[0].initial_params[0][0], runs[1].initial_params[0][0])
    orders = [np.random.default_rng(dataset_streams(s)[2]).permutation(SMALL.n_train) for s in (0, 1)]
    assert not np.array_equal(*orders)


def test_consensus_runs_are_the_replicas_runs_bit_for_bit():
    result = consensus(SMALL.replace(seed=3), k=3)
    assert result.seeds == (3, 4, 5)
    for seed, run in zip(result.seeds, result.runs):
        alone = train(SMALL.replace(seed=seed))
        assert run.config.seed == seed
        assert np.array_equal(run.train_loss, alone.train_loss)
        assert np.array_equal(run.step_loss, alone.step_loss)


def test_every_replica_of_every_config_trains_in_one_batch():
    seen = []
    configs = [SMALL, SMALL.replace(learning_rate=0.5), SMALL.replace(weight_decay=0.01)]
    results = consensus_many(configs, k=4, on_progress=lambda done, total: seen.append((done, total)))
    # one train_many call, one shape group: the epochs of a single run, not 12 runs one after another
    assert seen == [(e, SMALL.epochs) for e in range(1, SMALL.epochs + 1)]
    assert [r.config for r in results] == configs
    assert all(len(r.runs) == 4 and r.runs[0].config == c for r, c in zip(results, configs))


def test_cancelling_returns_every_consensus_with_cancelled_runs():
    results = consensus_many([SMALL, SMALL.replace(learning_rate=0.5)], k=2, on_progress=lambda done, total: done < 3)
    assert all(run.cancelled and run.epochs_run == 3 for r in results for run in r.runs)


def made_up(verdicts: str) -> Consensus:
    """A consensus with given verdicts (the runs do not matter to the counting)."""
    names = verdicts.split()
    return Consensus(SMALL, tuple(range(len(names))), (), tuple(Diagnosis(Verdict(v), ()) for v in names))


def test_consensus_counts_shares_and_describes_the_majority():
    c = made_up("good good overfitting good overfitting")
    assert c.majority is Verdict.GOOD
    assert c.count("good") == 3 and c.count(Verdict.OVERFITTING) == 2 and c.count("diverged") == 0
    assert c.seeds_with("overfitting") == (2, 4)
    assert not c.holds("good") and not c.mostly("good")
    assert c.describe() == "good on 3 of 5 seeds"
    assert c.by_verdict() == "good on seeds 0, 1, 3; overfitting on 2, 4"


def test_a_tie_goes_to_the_verdict_of_the_earliest_seed():
    assert made_up("overfitting good good overfitting").majority is Verdict.OVERFITTING


def test_a_unanimous_consensus_holds_and_reads_so():
    c = made_up("unstable unstable unstable")
    assert c.holds("unstable") and c.mostly("unstable") and c.unanimous
    assert c.describe() == "unstable on 3 of 3 seeds"
    assert c.by_verdict() == "unstable on seeds 0, 1, 2"


@pytest.mark.parametrize("k, needed", [(1, 1), (2, 2), (3, 3), (4, 4), (5, 4), (10, 8), (20, 16)])
def test_most_seeds_means_four_in_five_rounded_up(k, needed):
    assert most_needed(k) == needed
    assert made_up(" ".join(["good"] * needed + ["too_slow"] * (k - needed))).mostly("good")
    if needed > 1:
        assert not made_up(" ".join(["good"] * (needed - 1) + ["too_slow"] * (k - needed + 1))).mostly("good")
