"""A result cache on disk: a run already trained on this machine is read back, not retrained.

`deck check`, `export` and the drills train the same few hundred setups again and
again (every scenario card on five seeds). A run is a pure function of its config,
of the simulator's code and of the arithmetic underneath, so the key of an entry
is all of these:

- the full config (every knob, the seed included),
- for a CSV dataset, the SHA-256 of the file's bytes (`TrainConfig.data_hash`): the
  config names the file, the hash notices that it was edited,
- the simulator's version: a hash of the source of every module in this package,
  so any change to the code (a new default, a fixed gradient) is a new key without
  anyone remembering to bump a constant,
- NumPy's version,
- the BLAS library, its version and the kernel it picked for this CPU (threadpoolctl
  reports them): OpenBLAS's Haswell and SkylakeX kernels round differently, so a run
  cached under one is never served under the other (`OPENBLAS_CORETYPE` switches it),
- the SIMD targets NumPy dispatches to on this CPU (`numpy_simd`): NumPy's tanh, exp
  and log1p give other bits without SIMD than with it; `NPY_DISABLE_CPU_FEATURES`
  switches targets off, and OPENBLAS_CORETYPE does not touch them,
- the form the loop computes tanh in, `np.tanh` or through exp, whichever is the faster
  on this CPU (`simulator.tanh_choice`; `HPQUIZ_TANH` forces one).

An entry is one file: a magic line, a JSON header (the key text, each array's name,
dtype and shape, the scalar fields, a CRC-32 of the payload and one of the part before
the snapshots), then the arrays' raw bytes, the parameter snapshots last. Reading one
costs a file read and a few `np.frombuffer` calls; a reader that only judges the run
reads the part before the snapshots (`ResultCache.get(config, snapshots=False)`). An entry that
is truncated, garbled, from another format, or holds another key than its name
promises is treated as missing: the run is trained again and the entry replaced,
never a crash. Writes go to a temporary file moved into place, so a reader sees a
whole entry or none, and two processes may share the folder. Cancelled runs are
not stored. The folder is kept under `max_bytes`: after writing, the entries used
longest ago (a hit refreshes an entry's time) are dropped first. Where the folder
cannot be written at all, runs are simply trained.

The folder: `HPQUIZ_CACHE` if set, else the platform's user cache folder
(platformdirs), `…/hpquiz/runs`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import uuid
import zlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from simulator.config import TrainConfig
from simulator.run import Run
from simulator.machine import cache_folder, numpy_simd
from simulator.tanh_choice import tanh_form
from simulator.training import DTYPE, train_many

__all__ = ["ResultCache", "default_cache", "cache_key", "simulator_version", "blas_signature", "numpy_simd", "MAX_BYTES"]

MAX_BYTES = 1024 * 2**20  # every shipped card on 5 seeds (about 250 MiB with parameter snapshots) under two kernels, twice over
MAGIC = b"HPQUIZ-RUN 3\n"
SUFFIX = ".run"
ARRAYS = ("train_loss", "val_loss", "train_metric", "val_metric", "step_loss", "weight_norms")
SCALARS = ("diverged", "stopped_epoch", "best_epoch", "seconds")


@cache
def simulator_version() -> str:
    """A hash of the source of every module of the simulator package."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@cache
def blas_signature() -> dict[str, Any]:
    """The arithmetic under NumPy in this process: the BLAS (library, version, kernel) and
    the SIMD targets NumPy's own loops dispatch to."""
    from threadpoolctl import threadpool_info

    return {
        "blas": sorted(
            [info.get("internal_api", ""), info.get("version") or "", info.get("architecture") or ""]
            for info in threadpool_info()
            if info.get("user_api") == "blas"
        ),
        "numpy_simd": numpy_simd(),
    }


def cache_key(config: TrainConfig) -> str:
    """The text that identifies a run: config, simulator version, NumPy, BLAS and kernel,
    NumPy's SIMD targets, the form of tanh."""
    return json.dumps(
        {"config": config.to_dict(), "data": config.data_hash, "simulator": simulator_version(), "numpy": np.__version__,
         **blas_signature(), "tanh": tanh_form(DTYPE)},
        sort_keys=True,
    )


def default_cache() -> ResultCache:
    """The cache in `HPQUIZ_CACHE`, else in the user cache folder."""
    return ResultCache(cache_folder())


class ResultCache:
    """Runs on disk under `folder`, keyed by `cache_key`; at most about `max_bytes` of them."""

    def __init__(self, folder: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.hits = self.misses = 0

    def __repr__(self) -> str:
        return f"ResultCache({str(self.folder)!r})"

    def path(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + SUFFIX)

    def has(self, config: TrainConfig) -> bool:
        """Whether an entry for `config` exists (cheap: not read, so not yet known to be sound)."""
        return self.path(cache_key(config)).exists()

    def get(self, config: TrainConfig, snapshots: bool = True) -> Run | None:
        """The cached run of `config`, or None (missing, damaged or foreign).

        `snapshots=False` reads the run without its parameter snapshots (`Run.snapshots`
        empty): the curves and the first and last parameters, all that judging a run
        needs. The snapshots are nine tenths of an entry's bytes, and a warm `deck check`
        spent half its time reading and converting them to draw nothing. The part read
        is checked as a whole entry is (its own CRC, and the file's full length), so a
        damaged entry is still treated as missing; damage confined to the snapshots is
        found by the next reader that needs them."""
        key = cache_key(config)
        path = self.path(key)
        try:
            run = _read(path, key, config, snapshots)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            run = None
        if run is None:
            self.misses += 1
            return None
        self.hits += 1
        try:
            os.utime(path)  # used now: the last to be dropped
        except OSError:
            pass
        return run

    def put(self, run: Run) -> None:
        """Store a finished run (cancelled ones are not worth keeping); errors are ignored."""
        if run.cancelled:
            return
        key = cache_key(run.config)
        final = self.path(key)
        tmp = final.with_name(f".{final.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(_encode(run, key))
            os.replace(tmp, final)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def train_many(self, configs: Iterable[TrainConfig],
                   on_progress: Callable[[int, int], Any] | None = None) -> list[Run]:
        """`simulator.train_many(configs)`, reading what is cached and training the rest
        in one call (each distinct config once), then storing what was trained."""
        configs = list(configs)
        runs: list[Run | None] = [self.get(c) for c in configs]
        missing = list(dict.fromkeys(c for c, r in zip(configs, runs) if r is None))
        if missing:
            trained = dict(zip(missing, train_many(missing, on_progress)))
            for run in trained.values():
                self.put(run)
            runs = [r if r is not None else trained[c] for c, r in zip(configs, runs)]
            self.prune()
        return runs  # type: ignore[return-value]

    def entries(self) -> list[os.DirEntry]:
        try:
            with os.scandir(self.folder) as it:
                return [e for e in it if e.name.endswith(SUFFIX) and e.is_file()]
        except OSError:
            return []

    def prune(self) -> None:
        """Drop the entries used longest ago until the folder is under `max_bytes`."""
        sized = []
        for entry in self.entries():
            try:
                stat = entry.stat()
            except OSError:
                continue
            sized.append((stat.st_mtime, stat.st_size, entry.path))
        total = sum(size for _, size, _ in sized)
        for _, size, path in sorted(sized):
            if total <= self.max_bytes:
                break
            try:
                os.unlink(path)
            except OSError:
                pass
            total -= size

    def clear(self) -> None:
        for entry in self.entries():
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _arrays(run: Run) -> list[tuple[str, np.ndarray]]:
    """A run's arrays by name, in the order an entry stores them: the snapshots last."""
    named = [(name, getattr(run, name)) for name in ARRAYS]
    for which in ("initial_params", "final_params"):
        for layer, (W, b) in enumerate(getattr(run, which)):
            named += [(f"{which}.{layer}.W", W), (f"{which}.{layer}.b", b)]
    for epoch, params in run.snapshots:
        for layer, (W, b) in enumerate(params):
            named += [(f"snapshot.{epoch}.{layer}.W", W), (f"snapshot.{epoch}.{layer}.b", b)]
    return [(name, np.ascontiguousarray(a)) for name, a in named]


def _stored(arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Each array as it is stored: float64 values that came from the float32 training
    loop (the parameters) as float32, exactly, only where the round trip gives back every
    bit; others (the curves, measured in float64) as they are. Half the bytes: the
    snapshots of a wide network dominate an entry.

    Decided for all of a run's arrays in one pass over them laid end to end: a hundred
    small arrays checked one by one cost a worker more than training some of its runs."""
    wide = [i for i, a in enumerate(arrays) if a.dtype == np.float64]
    if not wide:
        return list(arrays)
    flat = np.concatenate([arrays[i].ravel() for i in wide])
    narrow = flat.astype(np.float32)
    back = narrow.astype(np.float64)
    exact = (back == flat) | (np.isnan(back) & np.isnan(flat))
    stored = list(arrays)
    start = 0
    for i in wide:
        end = start + arrays[i].size
        if exact[start:end].all():
            stored[i] = narrow[start:end].reshape(arrays[i].shape)
        start = end
    return stored


def _encode(run: Run, key: str) -> bytes:
    named = _arrays(run)
    arrays = [(name, a, s) for (name, a), s in zip(named, _stored([a for _, a in named]))]
    payload = b"".join(s.tobytes() for _, _, s in arrays)
    head_size = sum(s.nbytes for name, _, s in arrays if not _is_snapshot(name))
    header = {
        "key": key,
        "arrays": [[name, a.dtype.str, list(a.shape), s.dtype.str] for name, a, s in arrays],
        "scalars": {name: getattr(run, name) for name in SCALARS},
        "crc": zlib.crc32(payload),
        "size": len(payload),
        "head_crc": zlib.crc32(memoryview(payload)[:head_size]),  # the part before the snapshots
        "head_size": head_size,
    }
    head = json.dumps(header).encode()
    return MAGIC + len(head).to_bytes(8, "little") + head + payload


def _is_snapshot(name: str) -> bool:
    return name.startswith("snapshot.")


def _read(path: Path, key: str, config: TrainConfig, with_snapshots: bool) -> Run | None:
    """The entry at `path`, or None when it is foreign, holds another key, has another
    length than its header says or fails the CRC of the part read: the whole payload,
    or without the snapshots only the bytes before them."""
    with open(path, "rb") as file:
        if file.read(len(MAGIC)) != MAGIC:
            return None
        size = os.fstat(file.fileno()).st_size
        length = int.from_bytes(file.read(8), "little")
        if length > size:  # a garbled length
            return None
        header = json.loads(file.read(length))
        if header["key"] != key or size != len(MAGIC) + 8 + length + header["size"]:
            return None
        if with_snapshots:
            part_size, part_crc = header["size"], header["crc"]
        else:
            part_size, part_crc = header["head_size"], header["head_crc"]
        payload = file.read(part_size)
    if len(payload) != part_size or zlib.crc32(payload) != part_crc:
        return None
    return _run(header, memoryview(payload), config, with_snapshots)


def _run(header: dict, payload: memoryview, config: TrainConfig, with_snapshots: bool) -> Run:
    """The run an entry's header and payload describe: the whole payload, or without
    the snapshots only the part before them (they are stored last)."""
    arrays = header["arrays"] if with_snapshots else [a for a in header["arrays"] if not _is_snapshot(a[0])]
    values = _unpack_arrays(payload, arrays)
    params = {
        which: _layers(values, which) for which in ("initial_params", "final_params")
    }
    epochs = sorted({int(name.split(".")[1]) for name in values if _is_snapshot(name)})
    snapshots = tuple((epoch, _layers(values, f"snapshot.{epoch}")) for epoch in epochs)
    scalars = header["scalars"]
    return Run(
        config=config,
        **{name: values[name] for name in ARRAYS},
        **params,
        diverged=bool(scalars["diverged"]),
        stopped_epoch=None if scalars["stopped_epoch"] is None else int(scalars["stopped_epoch"]),
        best_epoch=int(scalars["best_epoch"]),
        seconds=float(scalars["seconds"]),
        snapshots=snapshots,
    )


def _unpack_arrays(payload: memoryview, arrays: list) -> dict[str, np.ndarray]:
    """The named arrays of an entry's payload. Consecutive arrays stored and returned with
    the same dtypes (an entry is mostly float32 parameters read back as float64) are
    converted in one call and handed out as views: a hundred small conversions an entry
    cost more than reading it."""
    values: dict[str, np.ndarray] = {}
    offset, i = 0, 0
    while i < len(arrays):
        _, dtype, _, stored = arrays[i]
        j, count = i, 0
        while j < len(arrays) and arrays[j][1] == dtype and arrays[j][3] == stored:
            count += math.prod(arrays[j][2])
            j += 1
        stored_type = np.dtype(stored)
        run = np.frombuffer(payload, stored_type, count, offset).astype(np.dtype(dtype))
        offset += count * stored_type.itemsize
        at = 0
        for name, _, shape, _ in arrays[i:j]:
            size = math.prod(shape)
            values[name] = run[at:at + size].reshape(shape)
            at += size
        i = j
    return values


def _layers(values: dict[str, np.ndarray], which: str) -> list[tuple[np.ndarray, np.ndarray]]:
    layers = []
    while f"{which}.{len(layers)}.W" in values:
        n = len(layers)
        layers.append((values[f"{which}.{n}.W"], values[f"{which}.{n}.b"]))
    return layers

