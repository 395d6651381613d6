"""The training loop: `train`, `train_many` and `sweep`.

Every run goes through the same batched loop: `train(config)` is a batch of one, and
`train_many(configs)` stacks the configs whose array shapes agree (same input size,
loss, sample counts, hidden layers, batch size, activation and optimizer: see
`stacks`) and trains each stack together, parameters along a leading config axis.
Learning rate, momentum, dropout, weight decay, init, noise, dataset shape and seed
may differ inside a stack. Each config has its own random streams, and every array
operation acts on each config's slice alone, so a run is bit-for-bit the same whether
it was trained alone or in a stack.

Configs that differ only in their epochs and early-stopping patience are one run up
to where each ends (those two knobs decide when a run stops, not how it trains): a
stack trains such a family once, as one row, and each config's run is cut from it
where that config would have stopped. "Train for twice the epochs" and "stop early"
options of a card cost nothing beside its baseline.

One epoch: shuffle (each config its own permutation), then for each minibatch:
forward, output gradient, backward, optimiser update; then the per-step losses from
the stored minibatch logits, and an evaluation pass over train and validation splits
(dropout off).

A full-batch epoch without dropout is one step on the whole training split, whose
forward pass is the evaluation of the training split that ended the epoch before
(the same parameters, and no dropout): so there the loop neither shuffles (the full
batch's gradient is a sum, whatever the order) nor runs a second forward pass. The
evaluation over train and validation columns keeps its activations, and the step
back-propagates from their training columns. That is a quarter of such an epoch's
work, and the long full-batch runs of the shipped decks are most of `deck check`.

A config whose training loss becomes non-finite or exceeds `DIVERGENCE_FACTOR` x its
initial loss is stopped as diverged; a config whose validation loss has not improved
for `early_stopping` epochs is stopped there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

import numpy as np

from simulator import losses
from simulator.activations import lean_ops
from simulator.blas import single_threaded_blas
from simulator.budget import check_memory
from simulator.config import TrainConfig, families
from simulator.datasets import dataset_streams, make_dataset
from simulator.network import Layout, Workspace, init_params, pack, unpack, unpack_many
from simulator.optimizers import Optimizer
from simulator.run import Params, Run
from simulator.shuffling import EpochOrders

__all__ = ["train", "train_many", "sweep", "stacks", "DIVERGENCE_FACTOR", "DTYPE", "SNAPSHOTS", "snapshot_every"]

DIVERGENCE_FACTOR = 20.0  # a training loss 20x the untrained network's has clearly blown up
SNAPSHOTS = 20  # parameters kept per run besides the first and last: enough to draw the boundary as it moves
DTYPE = np.float32  # as deep-learning frameworks train: twice the speed of float64 here, ample precision

OnEpoch = Callable[[int, Run], Any]
OnProgress = Callable[[int, int], Any]
# the loop's own hook: (epoch index, a function building the runs so far) -> False cancels
_Hook = Callable[[int, Callable[[], list[Run]]], Any]


def train(config: TrainConfig, on_epoch: OnEpoch | None = None, *, start: Params | None = None) -> Run:
    """Train one configuration. `on_epoch(epoch_index, run_so_far)` returning False cancels.

    `start` (e.g. an earlier run's `final_params`) replaces the initialisation: the run
    continues from those weights with fresh optimiser state, which is how the lab shows
    that changing a hyperparameter mid-training changes how the same weights go on
    learning. The shapes must be those of this config's network.
    """
    check_memory([[config]])
    hook = None if on_epoch is None else (lambda epoch, runs: on_epoch(epoch, runs()[0]))
    return _train_group([config], hook, [start])[0]


def train_many(
    configs: Iterable[TrainConfig],
    on_progress: OnProgress | None = None,
    *,
    starts: Sequence[Params | None] | None = None,
) -> list[Run]:
    """Train many configurations together in batched array operations; same runs as `train`.

    `starts[i]`, when given and not None, is config i's starting parameters (see `train`).

    `on_progress(epochs_done, epochs_total)` is called after every epoch (configs with
    other shapes train one group after another, so the total adds up their epochs);
    returning False cancels: the runs come back as far as they got, `cancelled`, and
    groups not yet started train a single epoch. Work that would not fit in memory
    raises `budget.TooMuchMemory` before anything is allocated.
    """
    configs = list(configs)
    starts = list(starts) if starts is not None else [None] * len(configs)
    if len(starts) != len(configs):
        raise ValueError(f"starts has {len(starts)} entries for {len(configs)} configs")
    groups = stacks(configs, starts)
    check_memory([[configs[i] for i in indexes] for indexes in groups])
    total = sum(max(configs[i].epochs for i in indexes) for indexes in groups)
    done, cancelled = 0, False
    runs: list[Run | None] = [None] * len(configs)
    for indexes in groups:
        hook = None
        if on_progress is not None:

            def hook(epoch: int, _runs, base=done) -> bool:
                nonlocal cancelled
                cancelled = cancelled or on_progress(base + epoch + 1, total) is False
                return not cancelled

        group_runs = _train_group([configs[i] for i in indexes], hook, [starts[i] for i in indexes])
        for index, run in zip(indexes, group_runs):
            runs[index] = run
        done += max(configs[i].epochs for i in indexes)
    return runs  # type: ignore[return-value]


def sweep(
    config: TrainConfig, field: str, values: Sequence[Any], on_progress: OnProgress | None = None
) -> list[Run]:
    """One run per value of one knob, all trained together (`train_many`, same `on_progress`)."""
    if field not in TrainConfig.__dataclass_fields__:
        raise ValueError(f"unknown knob {field!r}; knobs: {', '.join(TrainConfig.__dataclass_fields__)}")
    return train_many([config.replace(**{field: value}) for value in values], on_progress)


def snapshot_every(epochs: int) -> int:
    """k: a run keeps its parameters after every k-th epoch, at most `SNAPSHOTS` times."""
    return max(1, -(-epochs // SNAPSHOTS))


# A minibatch step whose arrays hold at most this many values per config (batch x the
# widest layer) costs its NumPy calls, not its arithmetic: a row that has ended costs
# next to nothing in such a stack, so runs of any length may share it.
CALL_BOUND_VALUES = 256


def stacks(configs: Sequence[TrainConfig], starts: Sequence[Params | None] | None = None) -> list[list[int]]:
    """How `train_many` stacks `configs`: lists of indexes into it, one batched loop each.

    A stack shares array shapes (input size, loss, sample counts, hidden layers, batch
    size, activation, optimizer; and full-batch runs with dropout apart from those
    without, which take the fused loop: see the module's docstring). The configs of one
    family (`simulator.config.families`) always share a stack, where they are one row.
    Where the arithmetic dominates, families of another length are
    stacked apart, by their longest epochs and whether they may stop early: a row that
    has ended still costs its share of every array operation until its stack is done,
    so a run that stops after 100 of 3000 epochs is not kept beside runs that go the
    distance. Where the calls dominate (`CALL_BOUND_VALUES`), any lengths mix.
    """
    grouped: dict[tuple, list[int]] = {}
    for members in families(configs, starts):
        config = configs[members[0]]
        batch = config.batch_size or config.n_train
        full_batch = batch >= config.n_train
        key: tuple = (config.is_regression, full_batch and config.dropout > 0, config.n_train, config.n_val,
                      config.hidden, batch, config.activation, config.optimizer)
        if batch * max(config.hidden, default=1) > CALL_BOUND_VALUES:
            patience = [configs[i].early_stopping for i in members]
            key += (max(configs[i].epochs for i in members), None if None in patience else max(patience))
        grouped.setdefault(key, []).extend(members)
    return list(grouped.values())


def _train_group(configs: list[TrainConfig], hook: _Hook | None = None, starts=None) -> list[Run]:
    # a diverging run overflows: it is reported, not warned about
    with np.errstate(all="ignore"), single_threaded_blas():
        return _Loop(configs, starts=starts).run(hook)


def _start_vector(layout: Layout, start: Params) -> np.ndarray:
    """The flat parameters of `start`, refused in one line when they do not fit `layout`."""
    expected = [((i, o), (o,)) for _, o, i in layout.blocks]
    got = [(np.shape(W), np.shape(b)) for W, b in start]
    if got != expected:
        def shapes(pairs):
            return ", ".join(f"W{w} b{b}" for w, b in pairs)

        raise ValueError(f"start: parameters of shapes [{shapes(got)}] do not fit this network, which needs [{shapes(expected)}]")
    flat = pack(layout, start)
    if not np.isfinite(flat).all():
        raise ValueError("start: the parameters are not all finite (a diverged run cannot be continued)")
    return flat


class _Loop:
    """The state of one batched training loop over one of `stacks`' stacks.

    `members` are the configs asked for; the stack's C rows are their families
    (`simulator.config.families`), `configs` the first member of each, and `row_of[m]`
    is member m's row.
    """

    def __init__(self, members: list[TrainConfig], dtype=DTYPE, starts=None) -> None:
        self.start = time.perf_counter()
        starts = starts or [None] * len(members)
        rows = families(members, starts)
        self.members, self.row_of = members, np.empty(len(members), int)
        for row, indexes in enumerate(rows):
            self.row_of[indexes] = row
        configs, starts = [members[r[0]] for r in rows], [starts[r[0]] for r in rows]
        self.configs, self.dtype = configs, dtype
        first = configs[0]
        C = self.C = len(configs)
        self.regression = regression = first.is_regression
        data = [make_dataset(c) for c in configs]
        nt, nv = len(data[0][1]), len(data[0][3])
        d = data[0][0].shape[1]
        self.nt, self.n = nt, nt + nv
        self.layout = layout = Layout((d, *first.hidden, 1))
        streams = [dataset_streams(c.seed) for c in configs]
        self.shuffle_rngs = [np.random.default_rng(s[2]) for s in streams]
        self.dropout_rngs = [np.random.default_rng(s[3]) for s in streams]

        # Every sample as a column (C, d + 2, n): inputs, a one (the bias input), the
        # loss target (sign s = 1 - 2y, or y); training points first.
        table = np.ones((C, d + 2, self.n), dtype)
        self.y = np.empty((C, self.n))
        for c, (Xt, yt, Xv, yv) in enumerate(data):
            table[c, :d, :nt], table[c, :d, nt:] = Xt.T, Xv.T
            self.y[c, :nt], self.y[c, nt:] = yt, yv
        table[:, d + 1] = losses.label_target(regression, self.y)
        self.X, self.target = table[:, : d + 1], table[:, d + 1 :]
        self.table_train = np.ascontiguousarray(table[:, :, :nt]).ravel()
        self.orders = EpochOrders(self.shuffle_rngs, nt, np.arange(C) * (d + 2) * nt, max(c.epochs for c in configs))
        self.counts = np.array([nt, nv], float)
        self.split = np.array([0, nt])
        self.sst = np.stack([((self.y[:, :nt] - self.y[:, :nt].mean(1, keepdims=True)) ** 2).sum(1),
                             ((self.y[:, nt:] - self.y[:, nt:].mean(1, keepdims=True)) ** 2).sum(1)], axis=1)
        self.sst[self.sst <= 0] = 1.0

        # Parameters: one flat row per config.
        self.P = np.stack([
            init_params(layout, c.init, np.random.default_rng(s[1])) if start is None else _start_vector(layout, start)
            for c, s, start in zip(configs, streams, starts)
        ]).astype(dtype)
        self.initial = self.P.copy()
        self.G = np.zeros_like(self.P)
        self.Ws, self.Gs = layout.views(self.P), layout.views(self.G)
        self.optimizer = Optimizer(
            first.optimizer,
            [c.learning_rate for c in configs],
            [c.momentum for c in configs],
            [c.weight_decay for c in configs],
            layout.weight_mask(),
            dtype,
        )
        self._norm_mask = layout.weight_mask().astype(dtype)
        self._norm_starts = np.array([off for off, _, _ in layout.blocks])
        self._norm_tmp = np.empty_like(self.P)

        # Minibatches: the epoch's shuffled table, logits, dropout masks; views per batch.
        self.dropout = np.array([c.dropout for c in configs])
        use_dropout = bool(np.any(self.dropout > 0))
        B = first.batch_size or nt
        self.TS = np.ones((C, d + 2, nt), dtype)  # the ones row (the bias input) is never gathered
        # per gathered row: the flat table from that row on, and where it goes
        self.gathers = [(self.table_train[r * nt :], self.TS[:, r]) for r in range(d + 2) if r != d]
        # Logits and loss targets side by side: the epoch's minibatches (as trained, in
        # shuffled order), then the evaluation of both splits, so one loss pass an
        # epoch measures both.
        self.Z = np.zeros((C, 1, nt + self.n), dtype)
        self.T = np.empty((C, 1, nt + self.n), dtype)
        self.T[:, :, nt:] = self.target
        self.L, self.L_tmp = np.empty_like(self.Z), np.empty_like(self.Z)
        self.ZS, self.ZE = self.Z[:, :, :nt], self.Z[:, :, nt:]
        hidden = first.hidden
        self.MS = [np.ones((C, w, nt), dtype) for w in hidden] if use_dropout else None
        self._mask_u = [np.empty((w, nt)) for w in hidden] if use_dropout else None
        spans = [(s, min(s + B, nt)) for s in range(0, nt, B)]
        self.n_steps = len(spans)
        self.fused = self.n_steps == 1 and not use_dropout  # see the module's docstring
        self.eval_ws = Workspace(layout, C, self.n, first.activation, dtype, False)
        self.eval_tape = lean_ops(self.eval_ws.forward_ops(self.Ws, self.X, self.ZE), dtype)
        self.tape: list = []  # every NumPy call of one epoch's training steps, in order
        if self.fused:
            # the one step starts from the evaluation's training columns, forward done
            ws = self.eval_ws.first_columns(nt)
            self.tape += losses.output_gradient_ops(regression, self.ZE[:, :, :nt], self.target[:, :, :nt], ws.dz_out)
            self.tape += ws.backward_ops(self.Ws, self.X[:, :, :nt], ws.dz_out, self.Gs)
            self.tape += self.optimizer.step_ops(self.P, self.G, losses.gradient_scale(regression, nt))
            losses_from, self.segments = nt, np.array([0, nt])  # loss sums: train, val
        else:
            workspaces = {e - s: Workspace(layout, C, e - s, first.activation, dtype, use_dropout) for s, e in spans}
            for s, e in spans:
                ws = workspaces[e - s]
                Xb, Tb, Zb = self.TS[:, : d + 1, s:e], self.TS[:, d + 1 :, s:e], self.ZS[:, :, s:e]
                Mb = [m[:, :, s:e] for m in self.MS] if self.MS is not None else None
                self.tape += ws.forward_ops(self.Ws, Xb, Zb, Mb)
                self.tape += losses.output_gradient_ops(regression, Zb, Tb, ws.dz_out)
                self.tape += ws.backward_ops(self.Ws, Xb, ws.dz_out, self.Gs, Mb)
                self.tape += self.optimizer.step_ops(self.P, self.G, losses.gradient_scale(regression, e - s))
            losses_from = 0
            self.segments = np.array([*(s for s, _ in spans), nt, 2 * nt])  # loss sums: steps, train, val
        self.tape = lean_ops(self.tape, dtype)
        self.sizes = np.array([e - s for s, e in spans], float)
        # the columns one loss pass an epoch covers: the minibatches as trained (unless
        # fused, where the step's loss is the evaluation's), then both splits
        self.loss_views = tuple(a[:, :, losses_from:] for a in (self.Z, self.T, self.L, self.L_tmp))
        self.loss_zero = np.zeros_like(self.loss_views[0])  # see losses.elementwise_loss

    # --- one epoch ----------------------------------------------------------------------

    def _shuffle(self) -> None:
        """Gather this epoch's shuffled samples (each config its own order) and dropout masks."""
        order = self.orders.next()  # (C, nt) positions of each config's samples, as rng.permutation(nt)
        for source, rows in self.gathers:
            np.take(source, order, out=rows, mode="clip")  # positions are in range: no checked copy
        if self.MS is not None:
            for c, (p, rng) in enumerate(zip(self.dropout, self.dropout_rngs)):
                if p > 0:
                    for m, u in zip(self.MS, self._mask_u):
                        rng.random(out=u)
                        np.multiply(u >= p, 1.0 / (1.0 - p), out=m[c])  # inverted dropout

    def _epoch(self) -> None:
        for f, args in self.tape:
            f(*args)

    def _measure(self, records: np.ndarray, step_loss: np.ndarray) -> None:
        """After an epoch: the mean loss of each minibatch as it was trained into
        step_loss (C, steps), and into records (C, 4) the train loss, val loss, train
        metric and val metric of the whole splits (dropout off)."""
        for f, args in self.eval_tape:
            f(*args)
        if not self.fused:
            np.copyto(self.T[:, :, : self.nt], self.TS[:, -1:])
        L = losses.elementwise_loss(self.regression, *self.loss_views, zero=self.loss_zero)[:, 0]
        sums = np.add.reduceat(L, self.segments, axis=1)
        if not self.fused:  # fused, the step's loss is the last evaluation's (see `run`)
            np.divide(sums[:, :-2], self.sizes, out=step_loss)
        loss_sums = sums[:, -2:]
        np.divide(loss_sums, self.counts, out=records[:, :2])
        if self.regression:  # R^2 = 1 - SS_res / SS_tot, SS_res being the squared errors summed
            np.subtract(1.0, loss_sums / self.sst, out=records[:, 2:])
        else:  # the right side of the boundary: s z < 0
            LE = self.L[:, :, self.nt :]
            right = np.less(np.multiply(self.ZE, self.target, out=LE)[:, 0], 0)
            np.divide(np.add.reduceat(right, self.split, axis=1), self.counts, out=records[:, 2:])

    def _weight_norms(self) -> np.ndarray:
        """(C, layers) Frobenius norm of each layer's weights."""
        sq = np.multiply(self.P, self.P, out=self._norm_tmp)
        np.multiply(sq, self._norm_mask, out=sq)
        return np.sqrt(np.add.reduceat(sq, self._norm_starts, axis=1))

    # --- the loop -----------------------------------------------------------------------

    def run(self, hook: _Hook | None) -> list[Run]:
        members, row_of = self.members, self.row_of
        C, M = self.C, len(members)
        epochs = np.array([m.epochs for m in members])
        E = int(epochs.max())
        records = np.empty((E, C, 4))  # train loss, val loss, train metric, val metric
        step_loss = np.empty((E, C, self.n_steps))
        untrained = np.empty((C, 4))
        self._measure(untrained, np.empty((C, self.n_steps)))
        limit = DIVERGENCE_FACTOR * untrained[:, 0]
        norms = np.empty((E, C, self.layout.n_layers))
        patience = np.array([m.early_stopping or 0 for m in members])
        watch_patience = bool(patience.any())
        best_val = np.full(C, np.inf)
        waited = np.zeros(C, int)
        every = np.array([snapshot_every(e) for e in epochs])
        snapshot_epochs = {k for step in set(every.tolist()) for k in range(step, E + 1, step)}
        end_epochs = set(epochs.tolist())
        nobody = np.zeros(M, bool)
        self.active = np.ones(M, bool)  # per member from here on
        self.ended = epochs.copy()  # epochs run
        self.stopped: list[int | None] = [None] * M
        self.diverged = np.zeros(M, bool)
        self.final: list[np.ndarray | None] = [None] * M
        self.snapshots: dict[int, dict[int, np.ndarray]] = {}  # epochs done -> {row: parameters}
        cancelled = np.zeros(M, bool)

        for epoch in range(E):
            done = epoch + 1
            if self.fused:  # the step trains on the parameters the last evaluation measured
                step_loss[epoch, :, 0] = (records[epoch - 1] if epoch else untrained)[:, 0]
            else:
                self._shuffle()
            self._epoch()
            self._measure(records[epoch], step_loss[epoch])
            rec = records[epoch]
            norms[epoch] = self._weight_norms()
            if done in snapshot_epochs:  # before any run ending here is reset
                due = self.active & (done % every == 0)
                if due.any():
                    rows = np.unique(row_of[due])
                    self.snapshots[done] = dict(zip(rows.tolist(), self.P[rows]))
            # Most epochs end no run: each test below is skipped when it cannot find one
            # (a few array calls an epoch, against some twenty).
            within = rec[:, 0] <= limit  # False for inf and nan too
            blown = nobody if within.all() else self.active & ~within[row_of]
            patient = nobody
            if watch_patience:
                improved = rec[:, 1] < best_val
                best_val = np.where(improved, rec[:, 1], best_val)
                waited = np.where(improved, 0, waited + 1)
                patient = self.active & ~blown & (patience > 0) & (waited[row_of] >= patience)
            complete = self.active & ~blown & ~patient & (epochs == done) if done in end_epochs else nobody
            ending = any(mask is not nobody and mask.any() for mask in (blown, patient, complete))
            if ending:
                self._end(np.flatnonzero(blown), done, stopped=True, diverged=True)
                self._end(np.flatnonzero(patient), done, stopped=True, diverged=False)
                self._end(np.flatnonzero(complete), done, stopped=False, diverged=False)
            if hook is not None:
                so_far = partial(self._runs, records, step_loss, norms, done, cancelled)
                if hook(epoch, so_far) is False:
                    cancelled = self.active.copy()
                    self.ended[self.active] = done
                    break
            if ending and not self.active.any():
                break
        return self._runs(records, step_loss, norms, E, cancelled)

    def _end(self, ending: np.ndarray, done: int, stopped: bool, diverged: bool) -> None:
        """These members' runs ended after `done` epochs: keep their parameters, and stop
        the rows no member still needs."""
        if not len(ending):
            return
        for m in ending:
            self.final[m] = self.P[self.row_of[m]].copy()
            self.ended[m] = done
            self.stopped[m] = done if stopped else None
            self.diverged[m] = diverged
        self.active[ending] = False
        still = np.zeros(self.C, bool)
        still[self.row_of[self.active]] = True
        for c in set(self.row_of[ending].tolist()):
            if not still[c]:
                self._freeze(c)

    def _freeze(self, c: int) -> None:
        """Park an ended config at its (finite) initial parameters with a zero learning rate."""
        self.optimizer.freeze(c)
        self.P[c] = self.initial[c]
        if self.fused:  # the next step starts from the evaluation, which may have blown up
            self.eval_ws.reset(c)
            self.ZE[c] = 0.0

    def _runs(self, records, step_loss, norms, upto, cancelled) -> list[Run]:
        seconds = time.perf_counter() - self.start
        runs = []
        for m, config in enumerate(self.members):
            c = int(self.row_of[m])
            n = int(min(self.ended[m], upto))
            rec = records[:n, c]
            val = rec[:, 1].copy()
            final = self.final[m]
            last = final if final is not None else self.P[c]
            every = snapshot_every(config.epochs)
            kept = ([(0, self.initial[c])]
                    + [(e, snap[c]) for e, snap in self.snapshots.items() if 0 < e < n and e % every == 0]
                    + [(n, last)])[: None if n else 1]
            params = unpack_many(self.layout, [p for _, p in kept])
            runs.append(
                Run(
                    config=config,
                    train_loss=rec[:, 0].copy(),
                    val_loss=val,
                    train_metric=rec[:, 2].copy(),
                    val_metric=rec[:, 3].copy(),
                    step_loss=step_loss[:n, c].ravel().copy(),
                    weight_norms=norms[:n, c].copy(),
                    initial_params=params[0],
                    final_params=params[-1] if n else unpack(self.layout, last),
                    snapshots=tuple(zip((e for e, _ in kept), params)),
                    diverged=bool(self.diverged[m]),
                    stopped_epoch=self.stopped[m],
                    best_epoch=int(np.argmin(np.where(np.isfinite(val), val, np.inf))) + 1 if n else 1,
                    seconds=seconds,
                    cancelled=bool(cancelled[m]),
                )
            )
        return runs
