"""Wording rules the shipped decks keep, so a fixed phrase does not creep back in an edit."""

from __future__ import annotations

import re

import pytest

from hpquiz.deck import load_decks


def texts(language: str) -> list[tuple[str, str]]:
    found = []
    for deck in load_decks():
        if deck.language != language:
            continue
        found.append((deck.id, deck.title + " " + deck.description))
        for card in deck.cards:
            parts = [card.front, card.back, card.explanation, *card.options,
                     card.scenario.statement if card.scenario else ""]
            found.append((card.id, " ".join(parts)))
    return found


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"[Hh]iper parametre", "Turkish courses write hiperparametre as one word"),
        (r"web arama\b(?!s)", "web araması"),
        (r"gizli ünite", "gizli birim"),
        (r"yeniden döndürülür", "döngü tekrarlanır"),
        (r"genelleştir|genelleş(?!tir)", "one verb form: genelleme yapar"),
        (r"(?<!yüksek )yanlılık", "yanlılık is kept for high bias; the bias term b is sapma (bias)"),
    ],
)
def test_the_turkish_deck_keeps_the_agreed_terms(pattern, why):
    offenders = [card_id for card_id, text in texts("tr") if re.search(pattern, text)]
    assert offenders == [], why

