"""The interface's own sentences: every key in every language, same placeholders, sane fallbacks."""

from __future__ import annotations

import string

import pytest

from hpquiz.messages import CATALOGUE, FOLLOW_DECK, LANGUAGES, language_of, rating_name, say
from hpquiz.scheduler import Rating


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_exists_in_every_language_with_the_same_placeholders(key):
    texts = CATALOGUE[key]
    assert set(texts) == set(LANGUAGES), f"{key}: languages {sorted(texts)}"
    english = placeholders(texts["en"])
    for language in LANGUAGES:
        assert texts[language].strip(), f"{key}: empty {language} text"
        assert placeholders(texts[language]) == english, f"{key}: {language} placeholders differ"


def test_a_turkish_deck_speaks_turkish_unless_the_setting_names_a_language():
    assert language_of(FOLLOW_DECK, "tr") == "tr"
    assert language_of(None, "tr") == "tr"
    assert language_of("en", "tr") == "en"
    assert language_of("tr", "en") == "tr"
    assert language_of(FOLLOW_DECK, "de") == "en"  # a deck language we have no words for


def test_messages_fill_their_fields_and_name_ratings():
    assert say("study.right_saved", "en", rating="Good") == "Right! Saved as Good."
    assert say("study.right_saved", "tr", rating=rating_name(Rating.GOOD, "tr")) == "Doğru! İyi olarak kaydedildi."
    assert [rating_name(r, "tr") for r in Rating] == ["Tekrar", "Zor", "İyi", "Kolay"]
    assert say("drill.predict_first", "fr") == say("drill.predict_first", "en")


def test_an_unknown_key_is_a_bug_not_a_blank():
    with pytest.raises(KeyError):
        say("no.such.key")
