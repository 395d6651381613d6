"""A deck's own words (handout headings, captions, verdict names) in its language.

A Turkish deck printed with English headings reads as half translated, so the few
fixed strings of a handout, and the verdict names a drill offers, come from here;
a language without an entry falls back to English. Topic slugs and verdicts stay
English in the deck files (they are ids); only how they are shown changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hpquiz.export.text import topic_title, verdict_label
from simulator import Verdict


@dataclass(frozen=True)
class HandoutWords:
    answer_key: str = "Answer key"
    answer: str = "Answer:"
    question_figure: str = "Question {n}: the baseline run"
    answer_figure: str = "Answer {n}: every simulated run"
    baseline: str = "baseline"
    right: str = "right"
    simulated: str = "Simulated:"
    setup: str = "Setup:"
    topics: Mapping[str, str] = field(default_factory=dict)
    verdicts: Mapping[str, str] = field(default_factory=dict)

    def topic(self, slug: str) -> str:
        return self.topics.get(slug) or topic_title(slug)

    def verdict(self, verdict: Verdict | str) -> str:
        return self.verdicts.get(Verdict(verdict).value) or verdict_label(verdict)


TURKISH = HandoutWords(
    answer_key="Cevap anahtarı",
    answer="Cevap:",
    question_figure="Soru {n}: verilen ayarla eğitim",
    answer_figure="Cevap {n}: simüle edilen bütün eğitimler",
    baseline="verilen ayar",
    right="doğru",
    simulated="Simülasyon:",
    setup="Eğitim ayarları:",
    topics={
        "parameters-vs-hyperparameters": "Parametreler ve hiper parametreler",
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

_BY_LANGUAGE = {"en": HandoutWords(), "tr": TURKISH}


def handout_words(language: str | None) -> HandoutWords:
    return _BY_LANGUAGE.get(language or "en", _BY_LANGUAGE["en"])
