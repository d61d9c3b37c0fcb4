"""Whether a transcript can be believed, from what the recogniser itself says of it. Pure.

An English-only model given Spanish, or any model told the wrong language,
does not fall silent: it invents fluent text ("I'm going to go to the next
one, and I'm going to go to the next one, ..."), and pace, fillers and the
coach's notes read from that text would be fiction. Whisper flags such
output itself, with the thresholds it uses to reject a decoding and try
again: text that compresses more than 2.4 times under zlib (it repeats
itself) or tokens whose average log-probability is under -1.0 (the model was
guessing). Segments that Whisper takes for silence (no-speech probability
over 0.6 with that low log-probability) faster-whisper already drops, so
they never reach this module.

aecoach decodes once (temperature 0, for repeatable figures), so a failed
segment is not retried; its words are counted as doubtful instead. A live
answer is transcribed in short stretches, each of which can pass on its own,
so the words kept (those the voice detector heard) are judged as a whole
too: by Whisper's log-probability floor over their own probabilities, by
Whisper's compression limit in windows as long as its own, and by the loop
Whisper is known for, one phrase said over and over.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from aecoach.analysis.delivery import Word, normalise

# Whisper's own thresholds for a failed decoding (openai/whisper, faster-whisper's defaults).
COMPRESSION_RATIO_LIMIT = 2.4
LOGPROB_FLOOR = -1.0
# A few doubtful words in a long answer are noise; a quarter of them is not the answer.
DOUBTFUL_SHARE = 1 / 4
# Whisper judges text in 30 s windows; a longer text compresses better however it was said.
WINDOW_SECONDS = 30.0
# Under this many words zlib's own overhead hides any repetition.
MIN_WINDOW_WORDS = 12
# A loop: a phrase of up to this many words said LOOP_TIMES times running ("no, no, no" is
# speech, so a single word needs one time more).
MAX_LOOP_WORDS = 6
LOOP_TIMES = 3


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment of a transcription and the recogniser's own scores for it."""

    start: float
    end: float
    compression_ratio: float
    avg_logprob: float
    no_speech_prob: float = 0.0

    @property
    def failed(self) -> bool:
        return self.compression_ratio > COMPRESSION_RATIO_LIMIT or self.avg_logprob < LOGPROB_FLOOR


@dataclass(frozen=True, slots=True)
class Heard:
    """What the recogniser made of a stretch of audio: its words, and its segments' scores."""

    words: list[Word] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


def compression_ratio(text: str) -> float:
    """As Whisper computes it: the UTF-8 bytes over their zlib-compressed bytes."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def unreliable(words: Sequence[Word], segments: Sequence[Segment]) -> bool:
    """Whether the kept `words` look invented rather than heard."""
    if not words:
        return False
    doubtful = {i for i, w in enumerate(words) if _in_failed_segment(w, segments)}
    doubtful |= looped(words)
    if len(doubtful) / len(words) >= DOUBTFUL_SHARE:
        return True
    logprob = sum(math.log(max(w.probability, 1e-9)) for w in words) / len(words)
    if logprob < LOGPROB_FLOOR:
        return True
    repeated = sum(len(window) for window in _windows(words) if _repeats(window))
    return repeated / len(words) >= DOUBTFUL_SHARE


def looped(words: Sequence[Word]) -> set[int]:
    """The indexes of words inside a phrase said over and over ("let's see, let's see, ...")."""
    keys = [normalise(w.text) for w in words]
    marked: set[int] = set()
    for size in range(1, MAX_LOOP_WORDS + 1):
        times = LOOP_TIMES + (size == 1)
        index = 0
        while index + size * times <= len(keys):
            phrase = keys[index : index + size]
            runs = 1
            while keys[index + runs * size : index + (runs + 1) * size] == phrase:
                runs += 1
            if runs >= times and all(phrase):
                marked.update(range(index, index + runs * size))
                index += runs * size
            else:
                index += 1
    return marked


def _in_failed_segment(word: Word, segments: Sequence[Segment]) -> bool:
    middle = (word.start + word.end) / 2
    return any(s.failed for s in segments if s.start <= middle <= s.end)


def _windows(words: Sequence[Word]) -> list[Sequence[Word]]:
    windows: list[Sequence[Word]] = []
    first = 0
    for index, word in enumerate(words):
        if word.end - words[first].start > WINDOW_SECONDS:
            windows.append(words[first:index])
            first = index
    windows.append(words[first:])
    return windows


def _repeats(window: Sequence[Word]) -> bool:
    if len(window) < MIN_WINDOW_WORDS:
        return False
    text = " ".join(w.text.strip() for w in window)
    return compression_ratio(text) > COMPRESSION_RATIO_LIMIT
