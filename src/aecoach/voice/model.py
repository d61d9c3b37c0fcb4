"""The speech model: finding it on disk, loading it, and transcribing with word timings.

faster-whisper (CTranslate2) on the CPU with int8 weights: the tiny and base
models run several times faster than real time on two cores. Whisper leaves
out "um" and "uh" unless its prompt shows them, so every call is prompted
with a sentence full of the language's fillers (tests/test_voice_model.py
checks that they survive).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aecoach.analysis.delivery import Word
from aecoach.analysis.reliability import Heard, Segment
from aecoach.errors import AecoachError, Msg
from aecoach.voice._deps import need

if TYPE_CHECKING:
    import numpy as np

NAMES = ("tiny", "base", "small", "tiny.en", "base.en", "small.en")
# A prompt in the style of a transcript that keeps disfluencies: Whisper copies the style.
FILLER_PROMPTS = {
    "en": "Umm, so, uh, let me think, like, hmm... Okay, you know, I mean, here's what I, uh, did.",
    "es": "Eh, bueno, este, o sea, mmm... pues, a ver, lo que hice fue, eh, esto.",
    "id": "Eh, jadi, emm, apa ya, kayak gitu... nah, terus, anu, yang saya lakukan, eh, ini.",
    "ja": "えー、あの、えーと、まあ、なんか、うーん、そうですね、あのー、私がしたのは、"
    "えっと、これです。",
    "th": "เอ่อ คือ แบบว่า อืม อ่า ก็คือ ที่ผมทำคือ เอ่อ อันนี้ครับ",
}


def models_dir(home: Path) -> Path:
    return home / "models"


def resolve(spec: str | None, home: Path, saved: str | None) -> Path:
    """The model folder: a path, a name set up with `voice setup`, or the saved default."""
    spec = spec or saved
    if not spec:
        raise AecoachError(Msg.NO_MODEL)
    if spec in NAMES:
        folder = models_dir(home) / spec
        if not (folder / "model.bin").is_file():
            raise AecoachError(Msg.MODEL_NOT_SET_UP, name=spec)
        return folder
    folder = Path(spec).expanduser()
    if not folder.exists():
        if _looks_like_a_name(spec):
            raise AecoachError(
                Msg.MODEL_UNKNOWN, value=spec, hint=_near_name(spec), names=", ".join(NAMES)
            )
        raise AecoachError(Msg.FILE_MISSING, location=str(folder))
    if not (folder / "model.bin").is_file():
        raise AecoachError(
            Msg.MODEL_UNREADABLE, location=str(folder), detail="no model.bin in the folder"
        )
    return folder


def _looks_like_a_name(spec: str) -> bool:
    """Whether `spec` is a mistyped name ("huge") rather than a path ("./huge", "~/m", "C:\\m")."""
    return not any(mark in spec for mark in ("/", "\\", "~", ":")) and not spec.startswith(".")


def _near_name(spec: str) -> str:
    import difflib

    from aecoach.i18n import _

    near = difflib.get_close_matches(spec.strip().casefold(), NAMES, n=1, cutoff=0.6)
    return _(" (did you mean '{id}'?)").format(id=near[0]) if near else ""


@dataclass
class SpeechModel:
    folder: Path
    whisper: Any

    @property
    def multilingual(self) -> bool:
        return bool(self.whisper.model.is_multilingual)

    def knows(self, language: str) -> bool:
        return language == "en" or (
            self.multilingual and language in self.whisper.supported_languages
        )

    def transcribe(self, samples: np.ndarray, language: str, offset: float = 0.0) -> Heard:
        """Words with their times in seconds (plus `offset`), fillers kept, and the scores
        Whisper gives each segment (analysis/reliability.py reads them)."""
        segments, _info = self.whisper.transcribe(
            samples,
            language=language,
            task="transcribe",
            beam_size=1,
            temperature=0.0,  # no sampled retries: the same audio gives the same words
            word_timestamps=True,
            initial_prompt=FILLER_PROMPTS.get(language),
            condition_on_previous_text=False,
            vad_filter=False,
        )
        heard = Heard()
        for segment in segments:
            heard.segments.append(
                Segment(
                    float(segment.start) + offset,
                    float(segment.end) + offset,
                    float(segment.compression_ratio),
                    float(segment.avg_logprob),
                    float(segment.no_speech_prob),
                )
            )
            heard.words.extend(
                Word(w.word, float(w.start) + offset, float(w.end) + offset, float(w.probability))
                for w in segment.words or ()
            )
        return heard


def load(folder: Path) -> SpeechModel:
    fw = need("faster_whisper")
    threads = min(4, os.cpu_count() or 1)
    try:
        whisper = fw.WhisperModel(
            str(folder), device="cpu", compute_type="int8", cpu_threads=threads
        )
    except (RuntimeError, ValueError, OSError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AecoachError(Msg.MODEL_UNREADABLE, location=str(folder), detail=detail) from None
    return SpeechModel(folder, whisper)
