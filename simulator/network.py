"""A fully connected network over a stack of C configurations: layout, init, forward, backward.

All parameters of one configuration live in one flat vector (row c of a (C, P) array),
so an optimiser update is a few array operations on the whole stack. Layer l's block
is the matrix [W_l^T | b_l] of shape (out, in + 1): the bias is an extra input column.
Activations are stored transposed, (C, width + 1, batch), with a last row of ones, so

    z_l = [W_l^T | b_l] @ [h_{l-1}; 1]          forward:  (C, out, in+1) @ (C, in+1, B)
    d[W_l^T | b_l] = dz_l @ [h_{l-1}; 1]^T      backward: one matmul gives dW and db
    dh_{l-1} = W_l @ dz_l                        (C, in, out) @ (C, out, B)

The passes are built once as lists of NumPy calls on preallocated buffers and views
("ops") and replayed every step: at these sizes the cost of a step is the number of
NumPy calls, not the arithmetic. Users see parameters as (W (in, out), b (out,)) pairs
via `unpack`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np

from simulator import activations
from simulator.activations import Op, run_ops

__all__ = ["Layout", "Workspace", "is_compact", "init_params", "unpack", "unpack_many", "pack", "run_ops"]


@dataclass(frozen=True)
class Layout:
    """Where each layer's [W^T | b] block sits in the flat parameter vector."""

    sizes: tuple[int, ...]  # (inputs, *hidden, 1)

    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    @cached_property
    def blocks(self) -> list[tuple[int, int, int]]:
        """(offset, out, in) per layer."""
        out, offset = [], 0
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            out.append((offset, n_out, n_in))
            offset += n_out * (n_in + 1)
        return out

    @property
    def n_params(self) -> int:
        return sum(o * (i + 1) for _, o, i in self.blocks)

    def weight_mask(self) -> np.ndarray:
        """(P,) 1.0 on weights, 0.0 on biases (weight decay and norms skip biases)."""
        mask = np.ones(self.n_params)
        for offset, o, i in self.blocks:
            mask[offset : offset + o * (i + 1)].reshape(o, i + 1)[:, i] = 0.0
        return mask

    def views(self, flat: np.ndarray) -> list[np.ndarray]:
        """Per layer, the (C, out, in + 1) view of a (C, P) stack."""
        C = flat.shape[0]
        return [flat[:, off : off + o * (i + 1)].reshape(C, o, i + 1) for off, o, i in self.blocks]


def init_params(layout: Layout, init: str, rng: np.random.Generator) -> np.ndarray:
    """(P,) initial parameters of one configuration; biases start at zero.

    he: N(0, 2 / fan_in) suits relu; xavier: N(0, 2 / (fan_in + fan_out)) suits tanh and
    sigmoid; normal: N(0, 1), the unscaled choice that saturates or explodes deep nets.
    """
    flat = np.zeros(layout.n_params)
    for (offset, o, i), block in zip(layout.blocks, layout.views(flat[None])):
        std = {"he": np.sqrt(2.0 / i), "xavier": np.sqrt(2.0 / (i + o)), "normal": 1.0}[init]
        block[0, :, :i] = std * rng.standard_normal((i, o)).T
    return flat


def unpack(layout: Layout, flat: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(P,) flat vector -> [(W (in, out), b (out,)), ...] as float64 arrays of their own."""
    return unpack_many(layout, np.asarray(flat)[None])[0]


def unpack_many(layout: Layout, flats) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """`unpack` of every row of flats (S, P), a layer's W and b of all rows copied at once.

    A stack's runs keep some twenty snapshots each: a few conversions instead of
    hundreds of small copies (5.5 ms of 32 drill-size runs' 280). Each W and b is a
    C-contiguous slice of its layer's copy, laid out as a copy of its own would be:
    NumPy sums an array in memory order, so a strided view would give sums of other
    bits (the weights-moved measure, the norms' chart) than the same values laid out
    in order."""
    values = np.array(flats, dtype=float, ndmin=2)  # a copy: nothing returned is a view of flats
    S = len(values)
    layers = []
    for offset, o, i in layout.blocks:
        block = values[:, offset : offset + o * (i + 1)].reshape(S, o, i + 1)
        layers.append((np.ascontiguousarray(block[:, :, :i].transpose(0, 2, 1)), np.ascontiguousarray(block[:, :, i])))
    return [[(W[s], b[s]) for W, b in layers] for s in range(S)]


def pack(layout: Layout, params: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Inverse of `unpack`."""
    flat = np.zeros(layout.n_params)
    for block, (W, b) in zip(layout.views(flat[None]), params):
        block[0, :, :-1] = np.asarray(W).T
        block[0, :, -1] = b
    return flat


OUTER_EINSUM_MIN = 256  # values of one config's outer product from which einsum is the faster


def product_op(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> Op:
    """The call writing a @ b into out, for (C, m, k) @ (C, k, n) stacks.

    A stack of one is the common case (`train`): there the 2-D `np.dot` of its only
    slices calls the same BLAS routine as `np.matmul` with a third less overhead
    (1.1 µs against 1.7 µs a call, six calls a step). Only for whole matrices, though:
    given a strided slice (a full-batch step's first columns of the evaluation), np.dot
    sums in another order than np.matmul, and a run alone must be the same bits as in
    a stack.

    A stack of outer products (an inner size of 1: one output unit, or a minibatch of
    one sample) goes through einsum, whose loop beats both matmul's small BLAS calls and
    broadcasting's short inner loops once the products are not tiny: 9 µs against 25
    and 11 for 20 configs' 32 x 33 gradients, 7 against 20 and 11 for 32 drill-size
    configs' last layer. Each value is one product, so every way gives the same bits.
    """
    whole = all(m.flags.c_contiguous or m.flags.f_contiguous for m in (a[0], b[0]))
    if a.shape[0] == 1 and out[0].flags.c_contiguous and whole:
        return (np.dot, (a[0], b[0], out[0]))
    if a.shape[2] == 1 and out.shape[1] * out.shape[2] >= OUTER_EINSUM_MIN:
        return (partial(np.einsum, "cij,cjk->cik", out=out), (a, b))
    return (np.matmul, (a, b, out))


COMPACT_MAX_VALUES = 4096  # a layer's values per config (width x batch) up to which activations are compact


def is_compact(hidden: tuple[int, ...], batch: int, dropout: bool = False) -> bool:
    """Whether a workspace for `batch` samples keeps its activations compact (see `Workspace`).

    With dropout always: the activations are kept apart from the masked h_l anyway, for
    the derivative. Otherwise by size, measured on 5 and 32 configs: compact is
    1.1-1.7x the faster up to 4096 values a layer per config (16 x 32: 10.3 µs against
    13.7 for tanh, copy and the derivative's product), in place from 16384 (128 x 128:
    263 against 311), where a copy costs more than a strided pass loses. Either way
    gives the same bits.
    """
    return dropout or max(hidden, default=0) * batch <= COMPACT_MAX_VALUES


class Workspace:
    """Preallocated buffers for forward and backward passes of C configs on B samples.

    The products read each layer's input with a row of ones under it (the bias input),
    all of them stacked in `all_H` (C, sum(width + 1), B). A layer's activations a_l
    either live there, in place (`H[l]` without its ones row: a strided (C, width, B)
    view), or, `compact`, in a contiguous (C, width, B) block of their own, copied (or,
    with dropout, masked) into `H[l]` once computed. NumPy runs an element-wise pass over
    a strided view as one inner loop per config, and each such loop costs about 0.1 µs
    more than one pass over a contiguous block: for minibatches that is a third of a
    tanh or of the derivative's product, more than the copy costs (`is_compact`).
    `compact` overrides that choice, except that dropout needs the activations apart.
    """

    def __init__(self, layout: Layout, C: int, B: int, activation: str, dtype, dropout: bool,
                 compact: bool | None = None) -> None:
        self.layout, self.activation, self.B, self.dropout = layout, activation, B, dropout
        hidden = layout.sizes[1:-1]
        self.compact = is_compact(hidden, B, dropout) if compact is None else (compact or dropout)
        rows = np.cumsum([0, *(w + 1 for w in hidden)])
        # every h_l with a row of ones under it, stacked: (C, sum(width + 1), B)
        self.all_H = np.ones((C, int(rows[-1]), B), dtype)
        self.H = [self.all_H[:, r : r + w + 1] for r, w in zip(rows, hidden)]
        # a_l and f'(z_l), each a flat buffer that the derivative's calls cover at once
        if self.compact:  # one (C, width, B) block after another
            units = np.cumsum([0, *hidden]) * C * B
            self.all_A = np.empty(int(units[-1]), dtype)
            self.all_D = np.empty_like(self.all_A)
            self.A, self.D = ([flat[u : u + C * w * B].reshape(C, w, B) for u, w in zip(units, hidden)]
                              for flat in (self.all_A, self.all_D))
        else:  # in all_H, ones rows included: f' over them is computed and never read
            self.all_A = self.all_H
            self.all_D = np.empty_like(self.all_H)
            self.A, self.D = ([flat[:, r : r + w] for r, w in zip(rows, hidden)] for flat in (self.all_A, self.all_D))
        self.dH = [np.empty((C, w, B), dtype) for w in hidden]
        self.tmp = [np.empty((C, w, B), dtype) for w in hidden]
        self.dz_out = np.empty((C, 1, B), dtype)

    def reset(self, c: int) -> None:
        """Config c's activations back to finite values (ones), whatever it last computed."""
        self.all_H[c] = 1.0
        for a in self.A:
            a[c] = 1.0

    def first_columns(self, k: int) -> "Workspace":
        """This workspace's first k samples: the activations as views (what a forward pass
        over all samples left there), the backward pass's own buffers fresh and contiguous
        (the products write into them). The training loop back-propagates a full-batch
        step from the evaluation of train and validation samples this way."""
        view = object.__new__(Workspace)
        view.layout, view.activation, view.B, view.dropout = self.layout, self.activation, k, self.dropout
        view.compact = self.compact
        # f' is still computed over every sample: a contiguous pass is several times faster
        # than one over strided first columns, and the extra columns are never read
        view.all_H, view.all_A, view.all_D = self.all_H[:, :, :k], self.all_A, self.all_D
        view.H, view.A, view.D = ([a[:, :, :k] for a in arrays] for arrays in (self.H, self.A, self.D))
        view.dH, view.tmp = ([np.empty(a.shape[:2] + (k,), a.dtype) for a in arrays] for arrays in (self.dH, self.tmp))
        view.dz_out = np.empty(self.dz_out.shape[:2] + (k,), self.dz_out.dtype)
        return view

    def forward_ops(self, Ws: list[np.ndarray], X: np.ndarray, logits: np.ndarray, masks=None) -> list[Op]:
        """X (C, in + 1, B) with a ones row -> logits (C, 1, B); keeps what backward needs.

        masks: per hidden layer (C, width, B) inverted-dropout masks, or None.
        """
        ops: list[Op] = []
        h = X
        for l, W in enumerate(Ws[:-1]):
            a = self.A[l]
            ops.append(product_op(W, h, a))  # z_l = [W^T|b] [h;1]
            ops += activations.forward_ops(self.activation, a, self.tmp[l])  # a_l = f(z_l)
            if masks is not None:
                ops.append((np.multiply, (a, masks[l], self.H[l][:, :-1])))  # h_l = a_l * m_l
            elif self.compact:
                ops.append((np.copyto, (self.H[l][:, :-1], a)))  # h_l = a_l
            h = self.H[l]
        ops.append(product_op(Ws[-1], h, logits))
        return ops

    def backward_ops(self, Ws: list[np.ndarray], X: np.ndarray, dz: np.ndarray, grads: list[np.ndarray], masks=None) -> list[Op]:
        """Given dL/dlogits (C, 1, B), write dL/d[W^T|b] into `grads` (views of a (C, P) stack)."""
        ops: list[Op] = []
        if len(Ws) > 1 and self.activation != "linear":
            ops += activations.derivative_ops(self.activation, self.all_A, self.all_D)  # f'(z_l), all layers at once
        for l in range(len(Ws) - 1, -1, -1):
            h_in = X if l == 0 else self.H[l - 1]
            ops.append(product_op(dz, h_in.transpose(0, 2, 1), grads[l]))  # d[W^T|b] = dz [h;1]^T
            if l == 0:
                break
            dh, W_t = self.dH[l - 1], Ws[l][:, :, :-1].transpose(0, 2, 1)
            ops.append(product_op(W_t, dz, dh))  # dh = W dz
            if masks is not None:
                ops.append((np.multiply, (dh, masks[l - 1], dh)))  # through the dropout mask
            if self.activation != "linear":
                ops.append((np.multiply, (dh, self.D[l - 1], dh)))  # dz = dh f'(z)
            dz = dh
        return ops

    def forward(self, Ws, X, logits, masks=None) -> None:
        run_ops(self.forward_ops(Ws, X, logits, masks))

    def backward(self, Ws, X, dz, grads, masks=None) -> None:
        run_ops(self.backward_ops(Ws, X, dz, grads, masks))


def loss_and_gradient(
    layout: Layout,
    activation: str,
    regression: bool,
    flat: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    weight_decay: float = 0.0,
    masks: list[np.ndarray] | None = None,
) -> tuple[float, np.ndarray]:
    """Objective and its gradient for one config, through the training loop's own ops.

    flat (P,), X (n, d), y (n,); masks: per hidden layer (width, n) dropout masks or None.
    Objective = mean data loss + (weight_decay / 2) * sum of squared weights. float64,
    for gradient checks against finite differences.
    """
    from simulator import losses

    n = len(y)
    P = np.asarray(flat, dtype=np.float64)[None].copy()
    G = np.zeros_like(P)
    Xa = np.ones((1, X.shape[1] + 1, n))
    Xa[0, :-1] = X.T
    target = losses.label_target(regression, np.asarray(y, float))[None, None, :]
    ws = Workspace(layout, 1, n, activation, np.float64, masks is not None)
    M = [m[None] for m in masks] if masks is not None else None
    logits, dz = np.empty((1, 1, n)), ws.dz_out
    Ws, Gs = layout.views(P), layout.views(G)
    run_ops(ws.forward_ops(Ws, Xa, logits, M))
    run_ops(losses.output_gradient_ops(regression, logits, target, dz))
    np.multiply(dz, losses.gradient_scale(regression, n), out=dz)
    run_ops(ws.backward_ops(Ws, Xa, dz, Gs, M))
    mask = layout.weight_mask()
    loss = losses.mean_loss(regression, logits[0, 0], y) + 0.5 * weight_decay * float(np.sum(mask * P[0] ** 2))
    return loss, G[0] + weight_decay * mask * P[0]
