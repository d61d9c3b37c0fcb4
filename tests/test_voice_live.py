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


def test_figures_only_keeps_no_audio(tmp_path: Path) -> None:
    import io
    import sqlite3

    from rich.console import Console
    from tests.factories import sample_answer, sample_session

    from aecoach.history.store import HistoryStore
    from aecoach.ui.spoken import SpokenAnswers

    home = tmp_path / "home"
    samples = decode(EN_ANSWER).samples
    warnings: list[str] = []
    voice = SpokenAnswers(
        home, None, keep_audio=False, warn=warnings.append, source=lambda: Bursts(samples, [])
    )
    take = voice.begin(60, "en")
    with voice.recording(take):
        pass
    out = io.StringIO()
    assert voice.show_card(Console(file=out, width=100)) is None  # no model: no transcript
    assert "No transcript: no speech model is set up" in " ".join(out.getvalue().split())
    session, answer = sample_session(), sample_answer()
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(session, answer)
        voice.keep(store, answer)
    db = sqlite3.connect(home / "history.sqlite3")
    assert db.execute("SELECT answer_uid, recording FROM deliveries").fetchall() == [
        (answer.uid, None)
    ]
    db.close()
    assert not (home / "recordings").exists() and warnings == []


def test_an_invented_transcript_is_left_out_while_speaking(speech: model.SpeechModel) -> None:
    from tests.voicekit import ES_ANSWER

    samples = np.concatenate([decode(ES_ANSWER).samples, np.zeros(RATE, np.float32)])
    take = Take(Bursts(samples, [2.0, 3.0, 3.0]), speech, "en", 60)
    take.start()
    delivery, _audio = take.finish()
    assert delivery.words_missing == "transcript-unreliable"
    assert delivery.transcript is None and delivery.rate_per_minute is None
    assert delivery.pauses_over_2s == 1


def test_in_practice_a_language_the_model_lacks_points_at_lang(
    tmp_path: Path, speech: model.SpeechModel
) -> None:
    import io

    from rich.console import Console

    from aecoach.ui.spoken import SpokenAnswers

    samples = decode(EN_ANSWER).samples
    voice = SpokenAnswers(
        tmp_path, speech, keep_audio=False, warn=print, source=lambda: Bursts(samples, [])
    )
    take = voice.begin(60, "th")
    with voice.recording(take):
        pass
    out = io.StringIO()
    assert voice.show_card(Console(file=out, width=200)) is None
    assert "does not know this language (th); for an answer in English give `--lang en`" in (
        out.getvalue()
    )
