"""Transcribing while the candidate speaks: the words depend on the audio, not on timing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from tests.voicekit import EN_ANSWER, tiny_en

from aecoach.voice import model
from aecoach.voice.audio import RATE, decode
from aecoach.voice.live import Take


class Bursts:
    """A microphone whose blocks arrive in bursts of these sizes (seconds), as fast as can be."""

    def __init__(self, samples: np.ndarray, bursts: list[float]) -> None:
        self.samples, self.bursts = samples, bursts

    def start(self, push: Callable[[np.ndarray], None]) -> None:
        offset = 0
        for seconds in self.bursts:
            size = int(seconds * RATE)
            push(self.samples[offset : offset + size])
            offset += size
            time.sleep(0.25)  # the worker sees each burst on its own
        push(self.samples[offset:])

    def stop(self) -> None:
        pass


@pytest.fixture(scope="module")
def speech() -> model.SpeechModel:
    return model.load(Path(tiny_en()))


def _take(speech: model.SpeechModel, bursts: list[float]):  # type: ignore[no-untyped-def]
    samples = np.concatenate([decode(EN_ANSWER).samples, np.zeros(RATE, np.float32)])
    take = Take(Bursts(samples, bursts), speech, "en", 60)
    take.start()
    return take.finish()


def test_the_same_audio_in_other_bursts_gives_the_same_figures(speech: model.SpeechModel) -> None:
    one, audio = _take(speech, [])
    other, _ = _take(speech, [0.7, 3.1, 0.05, 5.0, 2.2])
    assert one.as_json() == other.as_json()
    assert one.fillers == 4 and one.filler_words == ("so", "um", "uh", "you know")
    assert one.pauses_over_2s == 1
    assert len(audio) == pytest.approx(len(decode(EN_ANSWER).samples) + RATE, abs=RATE * 0.05)


def test_discard_keeps_nothing(speech: model.SpeechModel) -> None:
    samples = decode(EN_ANSWER).samples
    take = Take(Bursts(samples, [1.0]), speech, "en", 60)
    take.start()
    take.discard()
    assert take._blocks == []
