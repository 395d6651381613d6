"""What a quiz says back about a scenario option, from the real simulation, in the deck's language.

GIFT and Moodle XML both give per-option feedback; one function keeps the two
wording the same (and the tests of one true of the other).
"""

from __future__ import annotations

from hpquiz.deck import Card
from hpquiz.export.media import MediaCache
from hpquiz.export.text import choice_labels, measured_feedback, right_indexes
from hpquiz.messages import say
from hpquiz.words import deck_words


def scenario_feedback(card: Card, media: MediaCache, language: str = "en") -> list[str]:
    """Per option: what the simulation did, so the feedback teaches from the real run."""
    outcome = media.get(card)
    words = deck_words(language)
    labels = choice_labels(card, words.verdict)
    right = set(right_indexes(card))

    def judged(i: int, text: str) -> str:
        return say("export.right_because" if i in right else "export.no_because", language, text=text)

    def because(run: int) -> str:
        """" (<the evidence the simulator saw>)" for run `run`, 0 the baseline, in the deck's language."""
        reason = outcome.reason(run, language)
        return f" ({reason})" if reason else ""

    if card.scenario.compare:
        return measured_feedback(card, outcome.measured, language)
    if card.scenario.predict:
        text = say("export.run_was", language, verdict=words.verdict(outcome.baseline_verdict),
                   share=outcome.share(0, language), reason=because(0))
        return [judged(i, text) for i in range(len(labels))]
    texts = []
    for i, verdict in enumerate(outcome.option_verdicts):
        texts.append(judged(i, say("export.option_was", language, verdict=words.verdict(verdict),
                                   share=outcome.share(i + 1, language), reason=because(i + 1))))
    return texts
