"""How much memory a batch of training runs needs, checked before any array is allocated.

The training loop preallocates every buffer it uses (see `training._Loop`), so
its memory is a closed formula of the shapes: mostly (configs x hidden units x
samples) for the activations of a minibatch and of the evaluation pass over both
splits. A sweep of twelve seeds over a 20,000-sample, 8 x 512 network asks for
many gigabytes; without this check NumPy fails half-way with a MemoryError
after seconds of swapping. With it, the work is refused at once, naming what it
needs and what the machine can give. `tests/faults/test_fault_oversize.py`
keeps the formula within a few percent of what tracemalloc measures.

The limit is the memory the system says is available (`MemAvailable`, or a
container's cgroup limit if smaller), or `HPQUIZ_MEMORY_LIMIT` (e.g. "2G",
"500M") when set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from simulator.config import TrainConfig, families, split_sizes
from simulator.network import is_compact
from simulator.optimizers import rates_as_rows
from simulator.shuffling import block_epochs

__all__ = ["TooMuchMemory", "memory_needed", "memory_limit", "check_memory", "describe_bytes", "refusal"]

ENV_LIMIT = "HPQUIZ_MEMORY_LIMIT"
ITEM = 4  # float32 buffers (training.DTYPE)
WIDE = 8  # int64 indices and float64 records


class TooMuchMemory(MemoryError):
    """The runs asked for would need more memory than this machine can give them."""

    def __init__(self, needed: int, limit: int, source: str) -> None:
        self.needed, self.limit, self.source = needed, limit, source
        super().__init__(
            f"this training needs about {describe_bytes(needed)} of memory, more than the "
            f"{describe_bytes(limit)} {source}; use fewer samples, smaller hidden layers, "
            "minibatches (batch_size) or fewer runs at once"
        )


def refusal(exc: MemoryError) -> str:
    """What to tell the user: a `TooMuchMemory` names the estimate and the limit, a bare
    MemoryError (NumPy running out mid-allocation) says nothing, so a hint stands in."""
    return str(exc) or "out of memory: use smaller settings"


def _inputs(config: TrainConfig) -> int:
    return getattr(config, "n_inputs", None) or (1 if config.dataset == "sine" else 2)


def group_bytes(configs: Sequence[TrainConfig]) -> int:
    """Bytes the training loop allocates for configs trained together (one of
    `training.stacks`): a row for each family of configs (`config.families`), as many
    epochs as the longest."""
    first = configs[0]
    C, d, E = len(families(configs)), _inputs(first), max(c.epochs for c in configs)
    nt, nv = split_sizes(first.n_samples, first.val_fraction)
    n = nt + nv
    hidden = first.hidden
    B = first.batch_size or nt
    rows = sum(w + 1 for w in hidden)
    units = sum(hidden)
    sizes = (d, *hidden, 1)
    P = sum((i + 1) * o for i, o in zip(sizes[:-1], sizes[1:]))
    dropout = any(c.dropout > 0 for c in configs)
    state = {"sgd": 0, "momentum": 1, "rmsprop": 1, "adam": 2}.get(first.optimizer, 2)

    data = C * n * (d + 1) * WIDE  # the generated datasets (float64), alive while the loop is built
    table = C * (d + 2) * n * ITEM + C * n * WIDE
    steps = -(-nt // B)
    fused = steps == 1 and not dropout  # training.py: the step reuses the evaluation's forward pass, no shuffle
    orders = 0 if fused else 2 * C * block_epochs(C, nt, E) * nt * WIDE  # shuffling.EpochOrders: orders and their start
    shuffled = C * (d + 2) * nt * 2 * ITEM + orders  # train table, TS
    logits = 5 * C * (nt + n) * ITEM  # Z, T, L, L_tmp, the loss's zeros
    masks = (C * units * nt * ITEM + units * nt * WIDE) if dropout else 0
    batch_sizes = {min(B, nt - s) for s in range(0, nt, B)} if steps <= 2 else {B, nt - (steps - 1) * B}
    def workspace(b: int, masked: bool) -> int:  # network.Workspace: all_H, all_A apart when compact, all_D, dH, tmp, dz
        return C * b * ITEM * ((rows + 4 * units + 1) if is_compact(hidden, b, masked) else (2 * rows + 2 * units + 1))

    if fused:  # the step reuses the evaluation's activations: dH, tmp and dz of its own
        workspaces = C * (2 * units + 1) * nt * ITEM
    else:
        workspaces = sum(workspace(b, dropout) for b in batch_sizes)
    evaluation = workspace(n, False)  # dropout off
    # optimizers.Optimizer: its rates as whole rows (one per batch size for sgd)
    rates = {"sgd": len(batch_sizes), "momentum": 2, "rmsprop": 1}.get(first.optimizer, 2) if rates_as_rows(C, P) else 0
    params = C * P * ITEM * (5 + state + rates)  # P, G, initial, norm tmp, optimizer tmp, optimizer state
    history = E * C * (4 + steps + len(sizes)) * WIDE
    return data + table + shuffled + logits + masks + workspaces + evaluation + params + history


def memory_needed(groups: Sequence[Sequence[TrainConfig]]) -> int:
    """Peak bytes for groups trained one after another: the largest group, plus every run's record."""
    if not groups:
        return 0
    kept = sum(c.epochs * (4 * WIDE + WIDE * (-(-c.n_train // (c.batch_size or c.n_train)))) for g in groups for c in g)
    return max(group_bytes(g) for g in groups) + kept


def _parse_bytes(text: str) -> int | None:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", text.lower())
    if not match:
        return None
    scale = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[match.group(2)]
    return int(float(match.group(1)) * scale)


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_room() -> int | None:
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as handle:
            text = handle.read().strip()
        if text == "max":
            return None
        with open("/sys/fs/cgroup/memory.current", encoding="ascii") as handle:
            used = int(handle.read().strip())
        return max(0, int(text) - used)
    except (OSError, ValueError):
        return None


def memory_limit() -> tuple[int | None, str]:
    """(bytes the runs may use, where that figure comes from); None when nothing is known."""
    configured = os.environ.get(ENV_LIMIT)
    if configured:
        value = _parse_bytes(configured)
        if value is not None:
            return value, f"allowed by {ENV_LIMIT}"
    known = [v for v in (_meminfo_available(), _cgroup_room()) if v is not None]
    if not known and hasattr(os, "sysconf"):
        try:
            known = [os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")]
        except (ValueError, OSError):
            known = []
    if not known:
        return None, ""
    return min(known), f"this machine has available ({ENV_LIMIT} to set another limit)"


def check_memory(groups: Sequence[Sequence[TrainConfig]]) -> int:
    """Raise TooMuchMemory when the groups would not fit; returns the bytes they need."""
    needed = memory_needed(groups)
    limit, source = memory_limit()
    if limit is not None and needed > limit:
        raise TooMuchMemory(needed, limit, source)
    return needed


def describe_bytes(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    raise AssertionError("unreachable")  # pragma: no cover
