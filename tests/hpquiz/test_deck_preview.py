"""`hpquiz deck preview`: every card as the learner and as Anki will show it, without studying."""

from __future__ import annotations

from hpquiz.cli import main
from hpquiz.deck import Card, CardType, Deck, load_decks
from hpquiz.deck.preview import preview


def views_of(card: Card, language: str = "en"):
    ((_, views),) = list(preview(Deck("d", "D", language, (card,))))
    return {v.title: v for v in views}


def test_a_cloze_card_shows_one_blank_per_deletion_for_the_learner_and_in_anki():
    card = Card(id="c", deck_id="d", type=CardType.CLOZE, topic="t",
                front="{{c1::Adam}} keeps two averages, {{c2::SGD}} none.", back="Extra.")
    views = views_of(card)
    assert views["study c1"].question == "_____ keeps two averages, SGD none."
    assert views["study c1"].answer == "Adam\nExtra."
    assert views["Anki (hpquiz cloze, Cloze c2)"].question == "Adam keeps two averages, […] none."
    assert views["Anki (hpquiz cloze, Cloze c2)"].answer.startswith("Adam keeps two averages, [SGD] none.")


def test_a_reverse_card_makes_two_anki_cards_and_a_choice_says_choose_all():
    reverse = views_of(Card(id="r", deck_id="d", type=CardType.REVERSE, topic="t", front="Depth", back="Layers"))
    assert reverse["Anki (hpquiz reverse, Card 2)"].question == "Layers"
    assert reverse["Anki (hpquiz reverse, Card 2)"].answer.startswith("Depth")
    choice = views_of(Card(id="x", deck_id="d", type=CardType.CHOICE, topic="t", front="Seç", options=("a", "b", "c"),
                           answer=(0, 2)), "tr")
    assert "(uygun olanların hepsini seçin)" in choice["study"].question
    assert choice["study"].answer == "A. a; C. c"


def test_preview_of_a_shipped_deck_file_prints_every_card(capsys):
    deck = next(d for d in load_decks() if d.id == "knob-drills")
    assert main(["deck", "preview", str(deck.path)]) == 0
    out = capsys.readouterr().out
    assert all(card.id in out for card in deck.cards)
    assert "drill: predict the verdict" in out and "simulated when the deck is exported" in out
