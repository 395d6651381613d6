"""Each configuration's sample order for every epoch, drawn a block of epochs at a time.

An epoch of minibatch training visits the training samples in a fresh random order,
drawn from the configuration's own shuffle stream. The loop needs that order as
positions in its flat table of training samples, config by config. Drawing it one
epoch and one configuration at a time (`rng.shuffle` of a row, then adding each
config's offset) cost 0.29 ms an epoch for 32 drill-size configs, as much as a sixth
of the whole epoch, most of it Python calls and index arithmetic rather than the draw.

Here a configuration's orders for the next `block` epochs come from one call,
`rng.permuted` of `block` rows along the row axis, which shuffles row after row with
the same Fisher-Yates draws as that many successive `rng.shuffle` calls: the same
permutation of the same epoch as before, bit for bit, whatever the block size. Only
positions are permuted, so a row that starts as `offset + arange(n)` comes out as
`offset + permutation`: already positions in the flat table, nothing to add later.
The stream is used for nothing else, so drawing a few epochs ahead changes nothing
that a run records, alone or in a stack, ended early or not.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["EpochOrders", "BLOCK_VALUES", "block_epochs"]

BLOCK_VALUES = 2**16  # positions drawn ahead at most (512 KB of int64): 6 epochs of 32 drill-size configs; 2**14-2**18 timed alike


def block_epochs(configs: int, n: int, epochs: int) -> int:
    """How many epochs of orders are drawn at once for `configs` configs of n samples."""
    return max(1, min(epochs, BLOCK_VALUES // max(1, configs * n)))


class EpochOrders:
    """`next()`: this epoch's (C, n) positions, row c = offsets[c] + config c's permutation of n."""

    def __init__(self, rngs: Sequence[np.random.Generator], n: int, offsets: np.ndarray, epochs: int) -> None:
        self.rngs, self.n, self.offsets = list(rngs), n, np.asarray(offsets, np.intp)
        self.block = block_epochs(len(self.rngs), n, epochs)
        self.used = self.block
        self.start = self.orders = None  # (C, block, n), allocated by the first call (a loop may never shuffle)

    def next(self) -> np.ndarray:
        if self.used == self.block:
            if self.orders is None:
                self.start = (self.offsets[:, None, None] + np.arange(self.n, dtype=np.intp)).repeat(self.block, 1)
                self.orders = np.empty_like(self.start)
            np.copyto(self.orders, self.start)
            for rows, rng in zip(self.orders, self.rngs):
                rng.permuted(rows, axis=1, out=rows)  # = `block` successive rng.shuffle(row)
            self.used = 0
        self.used += 1
        return self.orders[:, self.used - 1]
