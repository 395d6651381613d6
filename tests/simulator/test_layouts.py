"""The loop's faster memory layouts are speed only: each gives the bits of the plain one.

A minibatch workspace keeps its activations in contiguous blocks (`network.is_compact`)
and an optimizer holds per-config rates as whole rows on short parameter vectors
(`optimizers.ROW_MAX_PARAMS`); both were chosen by timing, so a machine or a size on
the other side of a threshold must not train a different run.
"""

import numpy as np
import pytest

from simulator import losses, optimizers
from simulator.activations import ACTIVATION_NAMES, run_ops
from simulator.network import Layout, Workspace, init_params, unpack, unpack_many
from simulator.optimizers import Optimizer

C, B, HIDDEN = 3, 7, (5, 4)


def forward_backward(activation: str, compact: bool) -> tuple[np.ndarray, np.ndarray]:
    """(logits, gradients) of C configs on one minibatch, float32 as trained."""
    rng = np.random.default_rng(1)
    layout = Layout((2, *HIDDEN, 1))
    P = np.stack([init_params(layout, "xavier", rng) + 0.3 * rng.standard_normal(layout.n_params)
                  for _ in range(C)]).astype(np.float32)
    G = np.zeros_like(P)
    X = np.ones((C, 3, B), np.float32)
    X[:, :2] = rng.standard_normal((C, 2, B))
    target = losses.label_target(False, (rng.random((C, 1, B)) > 0.5).astype(float)).astype(np.float32)
    ws = Workspace(layout, C, B, activation, np.float32, False, compact=compact)
    logits = np.empty((C, 1, B), np.float32)
    Ws, Gs = layout.views(P), layout.views(G)
    with np.errstate(all="ignore"):
        run_ops(ws.forward_ops(Ws, X, logits))
        run_ops(losses.output_gradient_ops(False, logits, target, ws.dz_out))
        run_ops(ws.backward_ops(Ws, X, ws.dz_out, Gs))
    return logits, G


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_compact_activations_train_the_same_bits_as_activations_in_place(activation):
    compact_logits, compact_grads = forward_backward(activation, compact=True)
    logits, grads = forward_backward(activation, compact=False)
    assert compact_logits.tobytes() == logits.tobytes()
    assert compact_grads.tobytes() == grads.tobytes()


def updates(name: str, row_max: int, monkeypatch) -> np.ndarray:
    """Parameters after five steps of `name` on three configs with their own rates."""
    monkeypatch.setattr(optimizers, "ROW_MAX_PARAMS", row_max)
    rng = np.random.default_rng(2)
    mask = np.ones(40)
    mask[::8] = 0.0
    opt = Optimizer(name, [0.1, 0.01, 0.3], [0.9, 0.5, 0.0], [0.0, 1e-3, 1e-2], mask, np.float32)
    p = rng.standard_normal((3, 40)).astype(np.float32)
    g = np.empty_like(p)
    ops = opt.step_ops(p, g, 0.25)
    for _ in range(5):
        g[...] = rng.standard_normal(g.shape)
        run_ops(ops)
    opt.freeze(1)
    frozen = p[1].copy()
    g[...] = rng.standard_normal(g.shape)
    run_ops(ops)
    assert p[1].tobytes() == frozen.tobytes(), "a frozen config moved"
    return p


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_rates_held_as_rows_update_the_same_bits_as_rates_held_as_columns(name, monkeypatch):
    rows = updates(name, row_max=10**6, monkeypatch=monkeypatch)
    columns = updates(name, row_max=0, monkeypatch=monkeypatch)
    assert rows.tobytes() == columns.tobytes()


def test_snapshots_unpacked_together_equal_each_unpacked_alone_and_own_their_memory():
    layout = Layout((2, *HIDDEN, 1))
    flats = np.random.default_rng(3).standard_normal((4, layout.n_params)).astype(np.float32)
    together = unpack_many(layout, flats)
    for flat, params in zip(flats, together):
        for (W, b), (W1, b1) in zip(params, unpack(layout, flat)):
            assert W.flags.c_contiguous and b.flags.c_contiguous
            assert W.tobytes() == W1.tobytes() and b.tobytes() == b1.tobytes()
    together[0][0][0][0, 0] = 99.0
    assert flats[0, 0] != 99.0 and together[1][0][0][0, 0] != 99.0
