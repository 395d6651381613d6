"""How knobs and runs are named on the lab screen: short labels, run captions, sweep values.

Plain functions of a `TrainConfig` (no widgets), kept apart so the screen
module holds only the screen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text


def knob_text(kind: str, value: Any, field: str = "") -> str:
    """How a knob's value is written in its input (the CLI spelling)."""
    if value is None:
        return "full" if field == "batch_size" else "none"
    if kind == "layers":
        return ",".join(str(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


SHORT = {
    "n_samples": "n", "val_fraction": "val", "learning_rate": "lr", "batch_size": "batch",
    "weight_decay": "L2", "early_stopping": "early stop", "activation": "", "dataset": "",
    "init": "init", "optimizer": "",
}


def fixed_text(config) -> Text:
    """The hyperparameters of a run, set before training and never changed by it (wrapped to fit)."""
    from simulator import KNOBS

    text = Text("Hyperparameters (set by you)\n", style="bold")
    shown = [field for field in KNOBS if field not in config.ignored_knobs()]
    for i, field in enumerate(shown):
        name = SHORT.get(field, field.replace("_", " "))
        if i:
            text.append(" · ", style="dim")
        if name:
            text.append(name + " ", style="dim")
        text.append(knob_text(KNOBS[field].kind, getattr(config, field), field))
    return text


def unused_note(config) -> str:
    """Which knobs this setup does not read, and why, or "" when it reads them all."""
    by_reason: dict[str, list[str]] = {}
    for field, reason in config.ignored_knobs().items():
        by_reason.setdefault(reason, []).append(field)
    parts = [f"{' and '.join(fields)} ({reason})" for reason, fields in by_reason.items()]
    return "Not used by this setup: " + "; ".join(parts) if parts else ""


def changed_knobs(config, base) -> str:
    """A short label of how `config` differs from `base` ("lr 0.5, batch 32")."""
    from simulator import KNOBS

    parts = [
        f"{field}={knob_text(KNOBS[field].kind, getattr(config, field), field)}"
        for field in KNOBS
        if getattr(config, field) != getattr(base, field)
    ]
    return ", ".join(parts) or "defaults"


# Knobs whose useful values follow no simple rule from their range.
TYPICAL_SWEEPS = {
    "seed": "0,1,2,3,4",
    "early_stopping": "none,5,10,20,50",
    "weight_decay": "0,0.0001,0.001,0.01,0.1",
    "momentum": "0,0.5,0.9,0.99",
}


def sweep_suggestion(field: str, config) -> str:
    """Values worth sweeping for `field`: every choice, a spread over a small range, or
    multiples of the current value (decades for knobs on a log scale)."""
    import numpy as np

    from simulator import KNOBS

    knob = KNOBS[field]
    if knob.kind == "choice":
        return ",".join(map(str, knob.choices))
    if field in TYPICAL_SWEEPS:
        return TYPICAL_SWEEPS[field]
    integer = knob.kind in ("int", "optional_int")
    if not knob.log and knob.low is not None and knob.high is not None and knob.high <= 10:
        top = knob.high - (knob.high - knob.low) / 5 if knob.high_open else knob.high
        values = np.linspace(knob.low, top, 5)
    else:
        current = getattr(config, field, None) if config is not None else None
        current = current or knob.low or 1
        factors = (0.1, 0.3, 1, 3, 10) if knob.log else (0.5, 0.75, 1, 1.5, 2)
        values = np.clip([current * f for f in factors], knob.low, knob.high)
    texts = [str(max(1, round(v))) if integer else f"{v:.3g}" for v in values]
    return ",".join(dict.fromkeys(texts))
