"""From a recording to its delivery figures: voice activity, then words where the model can."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aecoach.analysis.delivery import Delivery, Word, measure, speech_regions
from aecoach.analysis.reliability import Segment, unreliable
from aecoach.voice.audio import FRAME_SECONDS, RATE, voice_frames

if TYPE_CHECKING:
    import numpy as np

    from aecoach.voice.model import SpeechModel

# Why the word figures are missing, for the card and for --json.
NO_MODEL = "no-model"
LANGUAGE_UNSUPPORTED = "language-unsupported"
# The model gave words, but by its own scores or their repetition they were invented.
TRANSCRIPT_UNRELIABLE = "transcript-unreliable"


def analyse(
    samples: np.ndarray,
    language: str,
    model: SpeechModel | None,
    *,
    limit_seconds: int | None = None,
) -> Delivery:
    frames = voice_frames(samples)
    words = None
    missing = None
    if model is None:
        missing = NO_MODEL
    elif not model.knows(language):
        missing = LANGUAGE_UNSUPPORTED
    elif any(frames):
        heard = model.transcribe(samples, language)
        words, missing = believed(heard.words, heard.segments, frames)
    else:
        words = []  # silence: nothing to transcribe, and Whisper would invent a "Thank you."
    return measure(
        language=language,
        duration_seconds=len(samples) / RATE,
        frames=frames,
        frame_seconds=FRAME_SECONDS,
        words=words,
        limit_seconds=limit_seconds,
        words_missing=missing,
    )


def believed(
    words: list[Word], segments: list[Segment], frames: list[bool]
) -> tuple[list[Word] | None, str | None]:
    """The words said where someone spoke, or None and why when they look invented."""
    kept = heard_in_speech(words, frames)
    if unreliable(kept, segments):
        return None, TRANSCRIPT_UNRELIABLE
    return kept, None


def heard_in_speech(words: list[Word], frames: list[bool], margin: float = 0.25) -> list[Word]:
    """Drop words said where the voice detector heard nobody: Whisper's inventions in silence."""
    regions = speech_regions(frames, FRAME_SECONDS)
    return [
        w
        for w in words
        if any(w.start < end + margin and w.end > start - margin for start, end in regions)
    ]
