"""The evidence beside a verdict: English exactly as diagnose writes it, Turkish with the same numbers."""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np
import pytest

from hpquiz.evidence import first_reason, say_evidence
from hpquiz.messages import CATALOGUE
from simulator import Diagnosis, Evidence, Run, TrainConfig, Verdict, diagnose, train_many
from simulator.diagnose import EVIDENCE_KEYS

NUMBER = re.compile(r"%?\d+(?:\.\d+)?(?:e[+-]?\d+)?%?")  # a Turkish percentage leads with its sign: %15
ENGLISH_WORDS = ("training", "loss", "epoch", "validation", "accuracy", "weights", "the ")


def made_run(train_loss, val_loss=None, *, metric=0.95, val_metric=0.9, diverged=False, moved=0.5,
             dataset="moons") -> Run:
    """A Run holding exactly these curves, a fit of `metric`, and weights that moved `moved`
    of their size (None: a run without parameters)."""
    train_loss = np.asarray(train_loss, float)
    val_loss = np.asarray(train_loss if val_loss is None else val_loss, float)
    E = len(train_loss)
    start = [(np.ones((2, 4)), np.zeros(4))]
    end = [(np.ones((2, 4)) * (1 + moved), np.zeros(4))] if moved is not None else []
    return Run(TrainConfig(dataset=dataset, epochs=E), train_loss, val_loss, np.full(E, metric),
               np.full(E, val_metric), np.repeat(train_loss, 4), np.ones((E, 1)), start if end else [], end,
               diverged=diverged)


falling = 0.2 + 0.5 * np.exp(-np.arange(100) / 10)

# One run for every sentence diagnose can open with, the verdict it gets and the key it names.
RUNS = {
    "diverged.not_finite_at_start": made_run([np.nan, np.nan], diverged=True),
    "diverged.grew": made_run([0.7, 9.4], diverged=True),
    "diverged.not_finite": made_run([0.7, 5.0, np.inf], diverged=True),
    "unstable.jumps": made_run(np.tile([0.6, 0.45], 20)),
    "overfitting.val_rise": made_run(falling - 0.15 * np.arange(100) / 100,
                                     np.r_[falling[:40], falling[40] + 0.01 * np.arange(60)], val_metric=0.7),
    "overfitting.gap": made_run(falling - 0.1, np.full(100, 0.6), val_metric=0.75),
    "times.hundreds": made_run(np.r_[falling[:50], np.full(50, 1e-3)], np.full(100, 0.6), val_metric=0.75),
    "fit.r2": made_run(falling - 0.1, np.full(100, 0.6), metric=0.9, val_metric=0.3, dataset="sine"),
    "too_slow.barely_moved": made_run(np.linspace(0.7, 0.69, 40), metric=0.5, moved=None),
    "too_slow.barely_moved_weights": made_run(np.linspace(0.7, 0.69, 40), metric=0.5, moved=0.01),
    "too_slow.still_falling": made_run(np.linspace(0.7, 0.5, 40), metric=0.7, val_metric=0.7),
    "underfitting.levelled_off": made_run(np.r_[np.linspace(0.7, 0.5, 20), np.full(60, 0.5)], metric=0.7,
                                          val_metric=0.7),
    "good.generalises": made_run(falling, falling + 0.01),
}


def keys_of(evidence: Evidence) -> set[str]:
    return {evidence.key}.union(*(keys_of(part) for _, part in evidence.parts))


@pytest.fixture(scope="module")
def trained() -> list[Diagnosis]:
    """The teaching setups, trained for real: a blow-up, jumps, too slow, too simple, memorising, good."""
    configs = [
        TrainConfig(learning_rate=50.0, optimizer="sgd", epochs=100),
        TrainConfig(learning_rate=2.0, optimizer="sgd", epochs=200),
        TrainConfig(learning_rate=1e-4, optimizer="sgd", epochs=50),
        TrainConfig(dataset="circles", hidden=(), optimizer="adam", learning_rate=0.01, epochs=200),
        TrainConfig(n_samples=60, noise=0.35, hidden=(128, 128), activation="relu", init="he", optimizer="adam",
                    learning_rate=0.01, batch_size=None, epochs=3000),
        TrainConfig(),
        TrainConfig(dataset="sine", hidden=(32, 32), optimizer="adam", learning_rate=0.01, epochs=300),
        TrainConfig(epochs=400, early_stopping=10),
    ]
    return [diagnose(run) for run in train_many(configs)]


@pytest.mark.parametrize("key", list(RUNS))
def test_each_opening_sentence_of_a_diagnosis_names_its_evidence_key(key):
    assert key in keys_of(diagnose(RUNS[key]).evidence)


def test_every_evidence_sentence_the_simulator_names_is_tested_and_has_english_and_turkish_text():
    covered = set().union(*(keys_of(diagnose(run).evidence) for run in RUNS.values()))
    assert covered == set(EVIDENCE_KEYS)
    assert all(f"evidence.{key}" in CATALOGUE for key in EVIDENCE_KEYS)


@pytest.mark.parametrize("key", list(RUNS))
def test_the_english_evidence_is_word_for_word_the_first_reason_diagnose_gives(key):
    diagnosis = diagnose(RUNS[key])
    assert say_evidence(diagnosis.evidence, "en") == diagnosis.reasons[0]


def test_the_english_evidence_of_trained_runs_is_their_first_reason_for_every_verdict(trained):
    assert {d.verdict for d in trained} == set(Verdict)
    for diagnosis in trained:
        assert first_reason(diagnosis, "en") == diagnosis.reasons[0]


def as_english(number: str) -> str:
    return number[1:] + "%" if number.startswith("%") else number


@pytest.mark.parametrize("key", list(RUNS))
def test_the_turkish_evidence_quotes_the_same_numbers_in_turkish_words(key):
    diagnosis = diagnose(RUNS[key])
    english, turkish = diagnosis.reasons[0], say_evidence(diagnosis.evidence, "tr")
    assert Counter(map(as_english, NUMBER.findall(turkish))) == Counter(NUMBER.findall(english)), turkish
    assert "%" not in turkish or re.search(r"%\d", turkish), turkish  # %15, not 15%
    assert not [word for word in ENGLISH_WORDS if word in turkish], turkish


def test_the_turkish_evidence_of_a_blow_up_reads_as_the_deck_says_it():
    text = first_reason(diagnose(RUNS["diverged.grew"]), "tr")
    assert text == "eğitim 0.7 kayıpla başladı, 2. epokta kayıp 9.4 değerine çıkmıştı: kayıp patladı ve eğitim durduruldu"


def test_evidence_read_back_from_json_says_the_same_sentence(trained):
    for diagnosis in [*trained, *map(diagnose, RUNS.values())]:
        again = Evidence.from_dict(json.loads(json.dumps(diagnosis.evidence.to_dict())))
        assert again == diagnosis.evidence
        assert say_evidence(again, "tr") == say_evidence(diagnosis.evidence, "tr")


def test_a_diagnosis_without_evidence_data_shows_its_english_reason():
    assert first_reason(Diagnosis(Verdict.GOOD, ("it fits",)), "tr") == "it fits"
    assert first_reason(Diagnosis(Verdict.GOOD, ()), "tr") == ""


def test_evidence_of_an_unknown_sentence_is_refused_when_read_back():
    with pytest.raises(ValueError, match="unknown evidence key 'no.such'"):
        Evidence.from_dict({"key": "no.such", "numbers": {}, "parts": {}})


def test_one_jump_is_one_time_not_one_times():
    run = made_run([0.6, 0.5, 0.45, 0.4, 0.9, 0.38, 0.36, 0.35, 0.34, 0.33])  # one rise of more than 50%
    diagnosis = diagnose(run)
    assert diagnosis.verdict.value == "unstable"
    assert "jumped up 1 time between epochs" in diagnosis.reasons[0]
    assert first_reason(diagnosis, "en") == diagnosis.reasons[0]


def test_a_turkish_sentence_writes_its_percentages_as_turkish_does():
    from hpquiz.messages import say

    assert say("summary.recalled", "tr", share=0.5) == "Cevapların %50 kadarı Tekrar değildi."
    assert say("summary.recalled", "en", share=0.5) == "50% of the answers were not Again."
