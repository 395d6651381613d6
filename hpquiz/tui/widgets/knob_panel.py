"""Every `TrainConfig` knob as an input or a select, validated as you type.

The panel is generated from `simulator.KNOBS`, so a new knob appears here
without touching the TUI. Text is parsed exactly like the CLI flags
(`hpquiz.knobs.parse_value`) and the whole setup is checked by
`TrainConfig` itself; its error message is shown under the knobs and each
field it names is marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from hpquiz.knobs import knob_text, unused_note


def short_error(exc: Exception) -> str:
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())


class KnobPanel(VerticalScroll, can_focus=False):
    """The knobs of one training setup; posts `KnobPanel.Changed` on every edit."""

    @dataclass
    class Changed(Message):
        """The setup now in the panel: a valid `TrainConfig`, or None with the reason."""

        panel: KnobPanel
        config: Any | None
        error: str

    def __init__(self, config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.initial = config
        self.config = config
        self.error = ""

    def compose(self) -> ComposeResult:
        from simulator import KNOBS

        for field, knob in KNOBS.items():
            value = getattr(self.initial, field)
            with Horizontal(classes="knob-row"):
                yield Label(field.replace("_", " "), classes="knob-label")
                if knob.kind == "choice":
                    yield Select(
                        [(str(c), c) for c in knob.choices],
                        value=value,
                        allow_blank=False,
                        compact=True,
                        id=f"knob-{field}",
                        classes="knob-input",
                        tooltip=knob.help,
                    )
                else:
                    yield Input(
                        knob_text(knob.kind, value, field),
                        compact=True,
                        id=f"knob-{field}",
                        classes="knob-input",
                        tooltip=_tooltip(knob),
                        select_on_focus=False,
                    )
        yield Static("", id="knob-error")
        yield Static("", id="knob-note")

    def values(self) -> tuple[dict[str, Any], list[str]]:
        """The parsed value of every knob and the parse errors (one line each)."""
        from hpquiz.knobs import KnobError, parse_value
        from simulator import KNOBS

        values: dict[str, Any] = {}
        errors: list[str] = []
        for field, knob in KNOBS.items():
            widget = self.query_one(f"#knob-{field}")
            if knob.kind == "choice":
                values[field] = widget.value
                continue
            try:
                values[field] = parse_value(field, widget.value)
            except KnobError as exc:
                errors.append(str(exc))
        return values, errors

    def validate_now(self) -> None:
        from simulator import KNOBS, TrainConfig

        values, errors = self.values()
        config = None
        if values.get("data") is not None and values.get("dataset") != "csv":
            self.query_one("#knob-dataset").value = "csv"  # a file typed in `data` is the dataset
            values["dataset"] = "csv"
        if not errors:
            try:
                config = TrainConfig(**values)
            except ValueError as exc:
                errors.append(short_error(exc))
        self.error = "\n".join(errors)
        self.config = config
        message = " ".join(errors)
        ignored = config.ignored_knobs() if config is not None else {}
        for field in KNOBS:
            widget = self.query_one(f"#knob-{field}")
            widget.set_class(re.search(rf"(?<!\w){field}(=| must)", message) is not None, "-bad")
            widget.parent.set_class(field in ignored, "-unused")
        self.query_one("#knob-error", Static).update(self.error)
        self.query_one("#knob-note", Static).update(unused_note(config) if config is not None else "")
        self.set_class(bool(errors), "-invalid")
        self.post_message(self.Changed(self, config, self.error))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.validate_now()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.validate_now()

    def set_value(self, field: str, value: Any) -> None:
        """Put `value` into a knob (as if typed) and revalidate."""
        from simulator import KNOBS

        widget = self.query_one(f"#knob-{field}")
        if KNOBS[field].kind == "choice":
            widget.value = value
        else:
            widget.value = knob_text(KNOBS[field].kind, value, field)


def _tooltip(knob) -> str:
    text = getattr(knob, "help", "") or ""
    low, high = getattr(knob, "low", None), getattr(knob, "high", None)
    if low is not None or high is not None:
        text += f"\nrange {low} to {high}"
    return text
