"""Decks for the export tests, built directly from the deck model.

`tricky_deck` carries every character that some format treats specially (quotes,
braces, `::`, `~`, `=`, `#`, backslashes, HTML, line breaks) and Turkish
letters; `scenario_deck` has fast scenario cards (few epochs, small data) so the
curve images come from real simulator runs without slowing the suite. The
rendered images are cached in one folder for the whole session.
"""

from __future__ import annotations

from hpquiz.deck.model import Card, CardType, Deck, Scenario
from simulator import TrainConfig, Verdict

TRICKY = 'Say "öğrenme oranı" & <b>bold</b> {braces} a::b ~tilde =eq #hash \\slash çğıİöşü'


def card(id: str, type: CardType, **fields) -> Card:
    fields.setdefault("topic", "learning-rate")
    return Card(id=id, deck_id=fields.pop("deck_id", "tricky"), type=type, **fields)


def make_tricky_deck(deck_id: str = "tricky", title: str = "Zor: <İşaretler> & {özel} ::karakterler") -> Deck:
    cards = (
        card(
            "t-basic",
            CardType.BASIC,
            deck_id=deck_id,
            front=f"Q: {TRICKY}?\nSecond line: 'single' quotes",
            back=f"A: {TRICKY}",
            tags=("two words", "ışık"),
            source=("001_f027e5dd55dc88ab.txt",),
        ),
        card(
            "t-reverse",
            CardType.REVERSE,
            deck_id=deck_id,
            topic="batch-size",
            front="Küçük batch <size> & \"noise\"",
            back="Gürültülü gradyan = {düzenleme} #1",
        ),
        card(
            "t-cloze",
            CardType.CLOZE,
            deck_id=deck_id,
            front="The {{c1::öğrenme oranı}} & <i>step</i> {x} sets {{c2::a = b # c::ipucu ~}} here.",
            back="Extra: İ & ı",
        ),
        card(
            "t-choice",
            CardType.CHOICE,
            deck_id=deck_id,
            topic="batch-size",
            front=f"Which? {TRICKY}",
            options=("a ~ b", "c = d", '"e" # f', "<g> & {h}"),
            answer=(1,),
            explanation=f"Because {TRICKY}",
        ),
        card(
            "t-choice-multi",
            CardType.CHOICE,
            deck_id=deck_id,
            front="Pick two: ş ğ",
            options=("one", "two", "three"),
            answer=(0, 2),
            explanation="One and three.",
        ),
    )
    return Deck(id=deck_id, title=title, language="tr", cards=cards, description="Açıklama <&> \"tırnak\"")


# A setup small enough that one run takes milliseconds, and far from every verdict's edge:
# lr 100 diverges and lr 0.5 trains well on seeds 1-5 under OpenBLAS's Haswell and SkylakeX kernels.
FAST = dict(dataset="moons", n_samples=200, hidden=(16,), epochs=40, seed=1)


def make_scenario_deck() -> Deck:
    predict = card(
        "s-predict",
        CardType.SCENARIO,
        deck_id="scenarios",
        front='A huge learning rate: what happens? "ç" <&>',
        scenario=Scenario(setup=TrainConfig(**FAST, optimizer="sgd", learning_rate=100.0), verdict=Verdict.DIVERGED),
        explanation="Steps overshoot; the loss explodes.",
    )
    knob = card(
        "s-knob",
        CardType.SCENARIO,
        deck_id="scenarios",
        topic="optimizers",
        front="This run diverges. Which change helps? {~=#}",
        options=("Lower the learning rate to 0.5 # safe", "Add dropout 0.5 <i> $a_b$ $"),
        answer=(0,),
        scenario=Scenario(
            setup=TrainConfig(**FAST, optimizer="sgd", learning_rate=100.0),
            changes=({"learning_rate": 0.5}, {"dropout": 0.5}),
            goal=Verdict.GOOD,
        ),
        explanation="Only a smaller step converges.",
    )
    return Deck(id="scenarios", title="Scenarios", language="en", cards=(predict, knob))
