"""How verdicts and topics are named to a reader, in the deck's language.

Topic slugs and verdicts are English ids in the deck files and the simulator
(`too_slow`, `learning-rate`); everything that shows one to a person names it
through here, so a learner reads "too slow" and "Learning rate" everywhere. A
Turkish deck printed or drilled with English words reads as half translated, so
the few fixed strings of a handout and the verdict names come in the deck's
language when it has an entry here, and fall back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from simulator import Verdict


def verdict_label(verdict: Verdict | str) -> str:
    """A verdict as a reader says it: `too_slow` -> `too slow`."""
    return str(Verdict(verdict).value).replace("_", " ")


def plural(count: int, word: str) -> str:
    """"1 deck", "3 decks": English output counts its nouns ("deck(s)" reads as a form letter)."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def topic_title(topic: str) -> str:
    """A topic slug as a heading: `learning-rate` -> `Learning rate` (a slug that does not
    read as a title this way gets an entry in its language's `topics`)."""
    words = topic.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class DeckWords:
    answer_key: str = "Answer key"
    answer: str = "Answer:"
    question_figure: str = "Question {n}: the baseline run"
    answer_figure: str = "Answer {n}: every simulated run"
    baseline: str = "baseline"
    right: str = "right"
    simulated: str = "Simulated:"
    setup: str = "Setup:"
    choose_all: str = "(choose all that apply)"
    contents: str = "Contents"
    name_line: str = "Name:"
    date_line: str = "Date:"
    version: str = "Version {v}"
    topics: Mapping[str, str] = field(default_factory=dict)
    verdicts: Mapping[str, str] = field(default_factory=dict)

    def topic(self, slug: str) -> str:
        return self.topics.get(slug) or topic_title(slug)

    def verdict(self, verdict: Verdict | str) -> str:
        return self.verdicts.get(Verdict(verdict).value) or verdict_label(verdict)

    def verdict_glossed(self, verdict: Verdict | str) -> str:
        """The verdict in the deck's language with the English term after it, which is
        the one the README, `hpquiz sim` and the lab use: "ıraksadı (diverged)"."""
        own, english = self.verdict(verdict), verdict_label(verdict)
        return english if own == english else f"{own} ({english})"


TURKISH = DeckWords(
    answer_key="Cevap anahtarı",
    answer="Cevap:",
    question_figure="Soru {n}: verilen ayarla eğitim",
    answer_figure="Cevap {n}: simüle edilen bütün eğitimler",
    baseline="verilen ayar",
    right="doğru",
    simulated="Simülasyon:",
    setup="Eğitim ayarları:",
    choose_all="(uygun olanların hepsini seçin)",
    contents="İçindekiler",
    name_line="Ad soyad:",
    date_line="Tarih:",
    version="Sürüm {v}",
    topics={
        "parameters-vs-hyperparameters": "Parametreler ve hiperparametreler",
        "learning-rate": "Öğrenme hızı",
        "iterations-and-epochs": "İterasyonlar ve epoklar",
        "early-stopping": "Erken durdurma",
        "batch-size": "Yığın boyutu",
        "depth": "Derinlik: katman sayısı",
        "width": "Genişlik: nöron sayısı",
        "activations": "Aktivasyon fonksiyonları",
        "momentum": "Momentum",
        "dropout": "Dropout",
        "weight-decay": "Ağırlık azaltma (L2)",
        "underfitting-overfitting": "Eksik öğrenme ve aşırı öğrenme",
        "tuning-process": "Ayar yapma süreci",
        "search-strategies": "Arama yöntemleri",
        "intuitions-across-domains": "Alanlar arası sezgiler",
        "retuning": "Yeniden ayarlama",
        "analogies": "Benzetmeler",
        "optimizers": "Optimizasyon algoritmaları",
        "verdicts": "Eğitim sonuçları",
    },
    verdicts={
        "diverged": "ıraksadı",
        "unstable": "kararsız",
        "too_slow": "çok yavaş",
        "underfitting": "eksik öğrenme",
        "overfitting": "aşırı öğrenme",
        "good": "iyi",
    },
)

ENGLISH = DeckWords(
    topics={
        "underfitting-overfitting": "Underfitting and overfitting",
    },
)

_BY_LANGUAGE = {"en": ENGLISH, "tr": TURKISH}


def deck_words(language: str | None) -> DeckWords:
    return _BY_LANGUAGE.get(language or "en", _BY_LANGUAGE["en"])
