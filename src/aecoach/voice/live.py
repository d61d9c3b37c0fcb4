"""Recording an answer while the clock runs, and transcribing it while the candidate speaks.

The microphone (sounddevice) pushes 100 ms blocks from PortAudio's thread; a
worker thread runs the voice detector on them and, each time a stretch of
speech of at least CHUNK_SECONDS ends in a pause, transcribes that stretch.
When Enter ends the answer only the last stretch is left to transcribe, so
the card is ready about as long after Enter as that stretch takes, not as
long as the whole answer.

The narrow seam for tests and demos: with AECOACH_VOICE_INPUT=FILE the
"microphone" is that recording, played in real time (tests/test_e2e_voice.py).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from aecoach.analysis.delivery import Delivery, Word, measure
from aecoach.analysis.reliability import Segment
from aecoach.voice._deps import need
from aecoach.voice.audio import FRAME_SECONDS, RATE, VAD_AGGRESSIVENESS, level

if TYPE_CHECKING:
    import numpy as np

    from aecoach.voice.model import SpeechModel

INPUT_VARIABLE = "AECOACH_VOICE_INPUT"
BLOCK_SECONDS = 0.1
CHUNK_SECONDS = 6.0  # transcribe a stretch once it is this long and ends in a pause
MAX_CHUNK_SECONDS = 25.0  # Whisper's window is 30 s: cut before it even without a pause
CUT_SILENCE_FRAMES = 10  # 0.3 s of silence: a breath, a cut point in a long stretch
DONE_SILENCE_FRAMES = 15  # 0.45 s: perhaps the end of the answer, so transcribe it now


class Source(Protocol):
    def start(self, push: Callable[[np.ndarray], None]) -> None: ...
    def stop(self) -> None: ...


class Microphone:
    """The default input device at 16 kHz mono (PortAudio resamples if it must)."""

    def __init__(self) -> None:
        self._stream = None

    def start(self, push: Callable[[np.ndarray], None]) -> None:
        sd = need("sounddevice")

        def callback(indata, frames, when, status) -> None:  # type: ignore[no-untyped-def]
            push(indata[:, 0].copy())

        self._stream = sd.InputStream(
            samplerate=RATE,
            channels=1,
            dtype="float32",
            blocksize=round(RATE * BLOCK_SECONDS),
            callback=callback,
        )
        self._stream.start()

    def stop(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):
                self._stream.stop()
                self._stream.close()
            self._stream = None


class FilePlayer:
    """A recording standing in for the microphone, fed in real time, then silence."""

    def __init__(self, path: Path) -> None:
        from aecoach.voice.audio import decode

        self._samples = decode(path).samples
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, push: Callable[[np.ndarray], None]) -> None:
        np = need("numpy")
        step = round(RATE * BLOCK_SECONDS)

        def feed() -> None:
            began = time.monotonic()
            offset = 0
            while not self._stop.is_set():
                block = self._samples[offset : offset + step]
                if len(block) < step:
                    block = np.concatenate([block, np.zeros(step - len(block), np.float32)])
                push(block)
                offset += step
                delay = began + offset / RATE - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)

        self._thread = threading.Thread(target=feed, name="aecoach-file-input", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)


def default_source() -> Source:
    path = os.environ.get(INPUT_VARIABLE)
    return FilePlayer(Path(path)) if path else Microphone()


class Take:
    """One answer being recorded. start(), then finish() or discard(), exactly once."""

    def __init__(
        self, source: Source, model: SpeechModel | None, language: str, limit: int | None
    ) -> None:
        self._source = source
        self._model_given = model is not None
        self._model = model if model is not None and model.knows(language) else None
        self.language = language
        self.limit = limit
        self._lock = threading.Lock()
        self._blocks: list[np.ndarray] = []
        self._pending: list[np.ndarray] = []
        self._frames: list[bool] = []
        self._words: list[Word] = []
        self._segments: list[Segment] = []
        self._cut = 0  # samples before this are transcribed
        self._silent = 0  # voiceless frames at the end so far
        self._level = 0.0
        self._done = threading.Event()
        self._worker = threading.Thread(target=self._work, name="aecoach-transcribe", daemon=True)
        self._failure: BaseException | None = None
        self.seconds_after_enter = 0.0

    # -- Live -----------------------------------------------------------------------------

    def start(self) -> None:
        self._worker.start()
        self._source.start(self._push)

    def _push(self, block: np.ndarray) -> None:
        with self._lock:
            self._pending.append(block)
            self._level = level(block)

    @property
    def meter(self) -> tuple[float, float]:
        """The level now (0 to 1) and the seconds spoken so far."""
        with self._lock:
            return self._level, sum(self._frames) * FRAME_SECONDS

    # -- The worker -------------------------------------------------------------------------

    def _work(self) -> None:
        np = need("numpy")
        webrtcvad = need("webrtcvad")
        vad = webrtcvad.Vad(VAD_AGGRESSIVENESS)
        step = round(FRAME_SECONDS * RATE)
        leftover = np.zeros(0, np.float32)
        audio: list[np.ndarray] = []
        total = 0
        try:
            while True:
                finishing = self._done.wait(0.2)
                with self._lock:
                    new, self._pending = self._pending, []
                if new:
                    joined = np.concatenate([leftover, *new])
                    usable = len(joined) - len(joined) % step
                    pcm = (np.clip(joined[:usable], -1, 1) * 32767).astype("<i2").tobytes()
                    voiced = [
                        vad.is_speech(pcm[i * 2 * step : (i + 1) * 2 * step], RATE)
                        for i in range(usable // step)
                    ]
                    leftover = joined[usable:]
                    audio.append(joined[:usable])
                    total += usable
                    first = len(self._frames)
                    with self._lock:
                        self._frames.extend(voiced)
                        self._blocks = audio
                    for cut in self._cuts(first):
                        self._transcribe_upto(audio, cut)
                if finishing:
                    if len(leftover):
                        audio.append(leftover)
                        total += len(leftover)
                    self._transcribe_upto(audio, total)
                    return
        except BaseException as exc:  # reported by finish(), not lost in a thread
            self._failure = exc

    def _cuts(self, first: int) -> list[int]:
        """Where to cut the audio among the frames from `first` on, frame by frame, so the
        stretches (and so the words) depend on the audio alone, never on how busy the
        machine is: at a breath once a stretch is long (CHUNK_SECONDS), at any longer pause
        (the candidate may be done, and Enter is near), at MAX_CHUNK_SECONDS whatever comes."""
        if self._model is None:
            return []
        step = round(FRAME_SECONDS * RATE)
        cuts: list[int] = []
        cut = self._cut
        for index in range(first, len(self._frames)):
            self._silent = 0 if self._frames[index] else self._silent + 1
            end = (index + 1) * step
            pending = (end - cut) / RATE
            if (
                pending >= MAX_CHUNK_SECONDS
                or (self._silent == DONE_SILENCE_FRAMES and pending >= 0.5)
                or (self._silent == CUT_SILENCE_FRAMES and pending >= CHUNK_SECONDS)
            ):
                cuts.append(end)
                cut = end
        return cuts

    def _transcribe_upto(self, audio: list[np.ndarray], cut: int) -> None:
        if self._model is None or cut <= self._cut:
            return
        np = need("numpy")
        samples = np.concatenate(audio)[self._cut : cut] if audio else np.zeros(0, np.float32)
        start_frame = self._cut // round(FRAME_SECONDS * RATE)
        end_frame = cut // round(FRAME_SECONDS * RATE)
        if any(self._frames[start_frame:end_frame]):  # silence: Whisper would invent words
            heard = self._model.transcribe(samples, self.language, self._cut / RATE)
            self._words.extend(heard.words)
            self._segments.extend(heard.segments)
        self._cut = cut

    # -- The end ----------------------------------------------------------------------------

    def finish(self) -> tuple[Delivery, np.ndarray]:
        """Stop recording and wait for the last stretch's words; the figures and the audio."""
        np = need("numpy")
        from aecoach.voice.pipeline import LANGUAGE_UNSUPPORTED, NO_MODEL, believed

        pressed = time.monotonic()
        self._source.stop()
        self._done.set()
        self._worker.join()
        if self._failure is not None:
            raise self._failure
        samples = np.concatenate(self._blocks) if self._blocks else np.zeros(0, np.float32)
        words, missing = believed(self._words, self._segments, self._frames)
        if self._model is None:
            words = None
            missing = LANGUAGE_UNSUPPORTED if self._had_model else NO_MODEL
        delivery = measure(
            language=self.language,
            duration_seconds=len(samples) / RATE,
            frames=self._frames,
            frame_seconds=FRAME_SECONDS,
            words=words,
            limit_seconds=self.limit,
            words_missing=missing,
        )
        self.seconds_after_enter = time.monotonic() - pressed
        return delivery, samples

    @property
    def _had_model(self) -> bool:
        return self._model_given

    def discard(self) -> None:
        """Ctrl-C while recording: stop, and keep nothing of this answer."""
        self._source.stop()
        self._done.set()
        with contextlib.suppress(RuntimeError):
            self._worker.join(timeout=5)
        self._blocks = []
