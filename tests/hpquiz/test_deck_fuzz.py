"""Whatever is in a deck file, loading it either succeeds or raises DeckError, never anything else."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deck_samples import VALID
from hpquiz.deck import DeckError, load_decks

FIELDS = ["id", "type", "topic", "tags", "source", "front", "back", "text", "extra", "question", "options",
          "answer", "explanation", "prompt", "setup", "predict", "goal", "label", "change", "title",
          "language", "description", "deck", "cards"]
KNOBS = ["dataset", "n_samples", "noise", "val_fraction", "hidden", "activation", "init", "optimizer",
         "learning_rate", "momentum", "batch_size", "epochs", "dropout", "weight_decay", "early_stopping", "seed"]
WORDS = ["basic", "reverse", "cloze", "choice", "scenario", "good", "diverged", "too_slow", "moons", "sgd",
         "adam", "relu", "full", "none", "en", "tr", "learning-rate", "x", "{{c1::a}}", "{{c1::", "", " "]

scalars = (
    st.sampled_from(WORDS) | st.text(max_size=12)
    | st.integers(min_value=-3, max_value=3) | st.integers() | st.booleans()
    | st.floats(allow_nan=True, allow_infinity=True)
)
keys = st.sampled_from(FIELDS + KNOBS) | st.text(min_size=1, max_size=8)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
                      max_leaves=12)
card = st.dictionaries(keys, values, max_size=8) | st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "A"]), "type": st.sampled_from(WORDS[:5]), "topic": st.just("t")},
    optional={k: values for k in FIELDS[5:17]} | {"setup": st.dictionaries(st.sampled_from(KNOBS), values)},
)
documents = st.fixed_dictionaries(
    {"deck": st.dictionaries(keys, values, max_size=5) | st.just({"id": "d", "title": "T", "language": "en"}),
     "cards": st.lists(card, max_size=4) | values},
    optional={"extra": values},
)


def toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value) -> str:
    """A tiny TOML writer: every table inline, so any nesting is one valid expression."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + " }"


def toml_document(data: dict) -> str:
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in data.items())


@pytest.fixture(scope="module")
def deck_path(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "fuzz.toml"


def load_or_deck_error(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    try:
        load_decks([path])
    except DeckError as exc:
        assert exc.problems and all(p.path for p in exc.problems)


edits = st.lists(
    st.tuples(st.integers(0, len(VALID)), st.integers(0, 12),
              st.text(alphabet='[]{}="\',.:#\n 0123456789-_abcdefghilnoprstuxy', max_size=6)
              | st.sampled_from(FIELDS + KNOBS + WORDS)),
    min_size=1, max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits)
def test_randomly_edited_deck_file_raises_only_deck_error(deck_path, edits):
    text = VALID
    for at, delete, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + delete:]
    load_or_deck_error(deck_path, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_random_toml_document_raises_only_deck_error(deck_path, data):
    text = toml_document(data)
    load_or_deck_error(deck_path, text)


def test_the_tiny_writer_round_trips_through_tomllib():
    import tomllib

    data = {"deck": {"id": "d", "x": [1, 2.5, True, "a\"\\\n\x7f"], "t": {"u": {}}}, "cards": []}
    assert tomllib.loads(toml_document(data)) == data
