"""Training from given weights: the lab's "change a knob while paused and continue"."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import TrainConfig, train, train_many

BASE = TrainConfig(epochs=15, n_samples=200)


def test_a_run_continues_from_the_weights_it_is_given():
    first = train(BASE)
    again = train(BASE.replace(epochs=5), start=first.final_params)
    for (W0, b0), (W1, b1) in zip(again.initial_params, first.final_params):
        np.testing.assert_allclose(W0, W1, rtol=1e-6)
        np.testing.assert_allclose(b0, b1, rtol=1e-6)
    fresh = train(BASE.replace(epochs=5))
    assert again.train_loss[0] < fresh.train_loss[0]
    assert abs(again.train_loss[0] - first.train_loss[-1]) < abs(fresh.train_loss[0] - first.train_loss[-1])


def test_a_new_learning_rate_acts_on_the_same_weights():
    first = train(BASE)
    slow = train(BASE.replace(epochs=3, learning_rate=1e-4), start=first.final_params)
    assert abs(slow.train_loss[-1] - first.train_loss[-1]) < 0.01
    wild = train(BASE.replace(epochs=3, learning_rate=40.0), start=first.final_params)
    assert wild.train_loss[-1] > first.train_loss[-1] + 0.05 or wild.diverged


def test_train_many_with_starts_gives_the_runs_train_gives():
    first = train(BASE)
    configs = [BASE.replace(epochs=4, learning_rate=lr) for lr in (0.05, 0.5)]
    together = train_many(configs, starts=[first.final_params, None])
    alone = [train(configs[0], start=first.final_params), train(configs[1])]
    for a, b in zip(together, alone):
        np.testing.assert_array_equal(a.val_loss, b.val_loss)


def test_weights_of_another_network_are_refused():
    first = train(BASE)
    with pytest.raises(ValueError, match=r"start: parameters of shapes \[W\(2, 16\) .*needs \[W\(2, 8\)"):
        train(BASE.replace(hidden=(8,)), start=first.final_params)
    with pytest.raises(ValueError, match="starts has 1 entries for 2 configs"):
        train_many([BASE, BASE], starts=[None])
