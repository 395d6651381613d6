"""A valid deck file using every card type, and helpers to write deck files in tests."""

from __future__ import annotations

from pathlib import Path

VALID = '''\
[deck]
id = "sample"
title = "A sample deck"
language = "en"
description = "Every card type once."

[[cards]]
id = "s-basic"
type = "basic"
topic = "learning-rate"
tags = ["definition"]
source = "001_f027e5dd55dc88ab.txt"
front = "What does the learning rate control?"
back = "The size of each update step."

[[cards]]
id = "s-reverse"
type = "reverse"
topic = "learning-rate"
source = ["000_6a3d63b4c051b5ce.txt", "001_f027e5dd55dc88ab.txt"]
front = "The step size of gradient descent"
back = "The learning rate"

[[cards]]
id = "s-cloze"
type = "cloze"
topic = "batch-size"
text = "Batch sizes are often {{c1::powers of two}}, like {{c2::32::a number}}."
extra = "Memory is laid out that way."

[[cards]]
id = "s-choice"
type = "choice"
topic = "dropout"
question = "Which ones regularise?"
options = ["Dropout", "A higher learning rate", "Weight decay"]
answer = [0, 2]
explanation = "Both fight overfitting."

[[cards]]
id = "s-predict"
type = "scenario"
topic = "learning-rate"
prompt = "A huge learning rate with plain SGD: what happens?"
setup = { dataset = "moons", n_samples = 120, hidden = [8], optimizer = "sgd", learning_rate = 50.0, epochs = 20 }
predict = true
answer = "diverged"
explanation = "Every step overshoots."

[[cards]]
id = "s-knob"
type = "scenario"
topic = "learning-rate"
prompt = "This run diverges. Which change fixes it?"
setup = { dataset = "moons", n_samples = 120, hidden = [8], optimizer = "sgd", learning_rate = 50.0, epochs = 20 }
goal = "good"
options = [
  { label = "Lower the learning rate to 0.5", change = { learning_rate = 0.5 } },
  { label = "Add dropout", change = { dropout = 0.5 } },
]
answer = 0
explanation = "Only smaller steps converge."
'''


def write(folder: Path, text: str, name: str = "sample.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def card_block(card_id: str) -> str:
    """Text of the `[[cards]]` table with this id in VALID (to edit one card)."""
    start = VALID.index(f'id = "{card_id}"')
    start = VALID.rindex("[[cards]]", 0, start)
    end = VALID.find("[[cards]]", start + 1)
    return VALID[start:] if end == -1 else VALID[start:end]
