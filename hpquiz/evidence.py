"""The evidence for a verdict, in the learner's language.

The simulator says why it gave a verdict in English (`Diagnosis.reasons`). The first
reason is the one a learner reads beside the verdict (the drill's result, an
exported quiz's feedback), so it also comes as data: `simulator.Evidence`, a
sentence key and the numbers it quotes. Here that data is said through the message
table (`evidence.<key>` in `messages.py`): a Turkish deck reads the evidence in
Turkish, with the numbers formatted as the English sentence formats them, so they
match the chart. The English entries are diagnose's own sentences, and a test holds
them equal to `reasons[0]`.
"""

from __future__ import annotations

from hpquiz.messages import say
from simulator import Diagnosis, Evidence


def say_evidence(evidence: Evidence, language: str | None = "en") -> str:
    """`evidence` as a sentence in `language`, its parts ("2.1x", "accuracy 97% …") said first."""
    parts = {name: say_evidence(part, language) for name, part in evidence.parts}
    return say(f"evidence.{evidence.key}", language, **evidence.fields, **parts)


def first_reason(diagnosis: Diagnosis, language: str | None = "en") -> str:
    """The diagnosis's evidence sentence in `language`; a diagnosis without evidence data
    (one built by hand) gives its English first reason, and "" when it has none."""
    if diagnosis.evidence is not None:
        return say_evidence(diagnosis.evidence, language)
    return diagnosis.reasons[0] if diagnosis.reasons else ""
