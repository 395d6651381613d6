"""The imported deck written as TOML, checked by the deck loader before it replaces anything.

`tomllib` cannot write, and the deck format needs only strings, integers and
lists, so values are written as JSON literals: a JSON string is a valid TOML
basic string (escapes included), which keeps Turkish letters and quotes exact.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hpquiz.importing.notes import ImportError_

KEY_ORDER = ("id", "type", "topic", "front", "back", "text", "extra", "question", "options", "answer",
             "explanation", "tags", "source")


def toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)


def render(deck: dict, cards: list[dict], comment: str) -> str:
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    lines += ["", "[deck]"] + [f"{k} = {toml_value(v)}" for k, v in deck.items()]
    for card in cards:
        lines += ["", "[[cards]]"]
        lines += [f"{k} = {toml_value(card[k])}" for k in sorted(card, key=KEY_ORDER.index)]
    return "\n".join(lines) + "\n"


def write_checked(path: Path, text: str) -> None:
    """Write `text` to `path` only if it passes deck check's loading (the first problem otherwise)."""
    from hpquiz.deck import DeckError, decks_in_play

    tmp = path.with_name(f".{path.stem}.importing.toml")
    tmp.write_text(text, encoding="utf-8")
    try:
        decks_in_play([tmp])  # as deck check reads it: beside the shipped decks
    except DeckError as error:
        tmp.unlink()
        raise ImportError_(f"{path}: the imported deck does not pass deck check: {error.problems[0]}") from error
    os.replace(tmp, path)
