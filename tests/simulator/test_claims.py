"""The material's cheat-sheet claims, checked against real simulator runs.

Each claim is something a deck card teaches; if the simulator disagreed with it, a
learner checking the card in the lab would be told the opposite of the card.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator import TrainConfig, measure, train_many

# A wide network on few noisy points, trained for a thousand full-batch epochs: it memorises.
OVERFIT = TrainConfig(
    dataset="moons", n_samples=60, noise=0.35, hidden=(128, 128), activation="relu", init="he",
    optimizer="adam", learning_rate=0.001, batch_size=None, epochs=1000,
)
DEEP = dict(dataset="moons", hidden=(16,) * 6, optimizer="sgd", learning_rate=0.1, batch_size=32, epochs=150)

CONFIGS = {
    "overfit": OVERFIT,
    "dropout": OVERFIT.replace(dropout=0.5),
    "weight decay": OVERFIT.replace(weight_decay=1e-2),
    "batch 8": TrainConfig(dataset="moons", optimizer="sgd", learning_rate=0.05, batch_size=8, epochs=30),
    "batch 150": TrainConfig(dataset="moons", optimizer="sgd", learning_rate=0.05, batch_size=150, epochs=30),
    "deep sigmoid": TrainConfig(activation="sigmoid", init="xavier", **DEEP),
    "deep relu": TrainConfig(activation="relu", init="he", **DEEP),
}


@pytest.fixture(scope="module")
def runs():
    return dict(zip(CONFIGS, train_many(list(CONFIGS.values()))))


def gap(run) -> float:
    return measure(run, "gap")


def test_the_overfitting_setup_has_a_large_train_validation_gap(runs):
    assert gap(runs["overfit"]) > 0.3


@pytest.mark.parametrize("regulariser", ["dropout", "weight decay"])
def test_regularisation_shrinks_the_train_validation_gap(runs, regulariser):
    assert gap(runs[regulariser]) < 0.5 * gap(runs["overfit"])


def test_weight_decay_keeps_the_weights_small(runs):
    plain = runs["overfit"].weight_norms[-1]
    decayed = runs["weight decay"].weight_norms[-1]
    assert np.all(decayed < plain)
    assert decayed.sum() < 0.5 * plain.sum()


def step_noise(run) -> float:
    return measure(run, "step_noise")


def test_small_batches_give_a_noisier_per_step_loss_than_large_ones(runs):
    assert step_noise(runs["batch 8"]) > 3 * step_noise(runs["batch 150"])


def test_early_stopping_ends_near_the_validation_minimum(runs):
    from simulator import train

    patience = 20
    full = runs["overfit"]
    stopped = train(OVERFIT.replace(early_stopping=patience))
    assert stopped.epochs_run < OVERFIT.epochs
    full_minimum = float(np.min(full.val_loss))
    best_kept = float(np.min(stopped.val_loss))
    # It stops `patience` epochs after its best epoch, long before the full run ends,
    # and the best validation loss it saw is (almost) the full run's minimum.
    assert stopped.epochs_run <= int(np.argmin(stopped.val_loss)) + 1 + patience
    assert best_kept <= 1.05 * full_minimum
    assert full.val_loss[-1] > 1.2 * best_kept


def test_a_deep_all_sigmoid_network_learns_slower_than_the_same_with_relu(runs):
    sigmoid, relu = runs["deep sigmoid"], runs["deep relu"]
    halfway = len(relu.train_loss) // 2
    assert sigmoid.train_loss[halfway] > 1.5 * relu.train_loss[halfway]
    assert sigmoid.train_loss[-1] > relu.train_loss[-1]
