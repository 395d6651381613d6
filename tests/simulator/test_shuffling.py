"""Every epoch visits the training samples in the shuffle stream's next permutation, however many are drawn at once."""

import numpy as np
import pytest

from simulator import shuffling
from simulator.shuffling import EpochOrders


def expected_orders(seeds, n, offsets, epochs):
    rngs = [np.random.default_rng(s) for s in seeds]
    return [np.stack([o + rng.permutation(n) for o, rng in zip(offsets, rngs)]) for _ in range(epochs)]


@pytest.mark.parametrize("block_values", [1, 7 * 3 * 2, 2**18])
def test_each_epochs_order_is_the_streams_next_permutation_whatever_the_block(monkeypatch, block_values):
    monkeypatch.setattr(shuffling, "BLOCK_VALUES", block_values)
    seeds, n, epochs = (0, 1, 2), 7, 11
    offsets = np.array([0, 100, 200])
    orders = EpochOrders([np.random.default_rng(s) for s in seeds], n, offsets, epochs)
    got = [orders.next().copy() for _ in range(epochs)]
    for epoch, (mine, want) in enumerate(zip(got, expected_orders(seeds, n, offsets, epochs))):
        assert np.array_equal(mine, want), epoch

