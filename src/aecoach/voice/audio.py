"""Decoding a recording to 16 kHz mono, and finding the voice in it.

soundfile (libsndfile) reads WAV, FLAC, Ogg (Vorbis and Opus) and, since
libsndfile 1.1, MP3. It cannot read M4A (AAC in an MP4 box), so those files
go to PyAV, which faster-whisper already brings in; without it an M4A file is
refused in one line. Audio is read in blocks and resampled as a stream (soxr),
so memory follows the 16 kHz result, never the source's rate or channels,
and the length is checked from the header before anything is decoded.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aecoach.errors import AecoachError, Msg
from aecoach.i18n import N_, _
from aecoach.voice._deps import need

if TYPE_CHECKING:
    import numpy as np

RATE = 16000
FRAME_SECONDS = 0.03  # webrtcvad takes 10, 20 or 30 ms frames
# An interview answer is minutes long; an hour-long file is a meeting, not an answer.
MAX_MINUTES = 20
VAD_AGGRESSIVENESS = 2
_BLOCK_SECONDS = 5
# libsndfile's own error codes whose words are true of the file; its others (such as "File
# does not exist ... (possibly a pipe?)" for a text file named .mp3) describe its internals.
_TRUE_SNDFILE_ERRORS = frozenset({1, 3, 4})  # unrecognised, malformed, unsupported encoding
NOT_DECODABLE = N_("not a format aecoach can decode")


@dataclass(frozen=True)
class Recording:
    samples: np.ndarray  # float32, mono, RATE
    source_rate: int
    source_channels: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / RATE


def decode(path: Path) -> Recording:
    """The file as 16 kHz mono float32, or AecoachError with location=path."""
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AecoachError(Msg.FILE_MISSING, location=where) from None
    except OSError as exc:
        raise AecoachError(Msg.FILE_UNREADABLE, location=where, reason=_reason(exc)) from None
    if path.is_dir():
        raise AecoachError(Msg.AUDIO_UNREADABLE, location=where, detail="it is a folder")
    if size == 0:
        raise AecoachError(Msg.AUDIO_EMPTY, location=where)
    with quiet_stderr():
        return _decode(path)


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null meanwhile: the decoders' C libraries (mpg123 inside
    libsndfile, FFmpeg) print "Note: Illegal Audio-MPEG-Header ..." there themselves, which
    would come before aecoach's own one line. Restored whatever happens."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no fd 2 to begin with: nothing to silence
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _decode(path: Path) -> Recording:
    where = str(path)
    sf = need("soundfile")
    try:
        handle = sf.SoundFile(where)
    except sf.LibsndfileError as exc:
        says = str(exc.error_string or exc).strip().rstrip(".")
        return _decode_with_av(path, says if exc.code in _TRUE_SNDFILE_ERRORS else _(NOT_DECODABLE))
    except OSError as exc:
        raise AecoachError(Msg.FILE_UNREADABLE, location=where, reason=_reason(exc)) from None
    with handle:
        rate, channels = handle.samplerate, handle.channels
        if handle.frames > 0:  # unknown (0 or huge) for some streams; checked while reading too
            _check_length(handle.frames / rate, where)
        return Recording(_read_blocks(handle, rate, where), rate, channels)


def _read_blocks(handle: Any, rate: int, where: str) -> np.ndarray:
    np = need("numpy")
    soxr = need("soxr")
    sf = need("soundfile")
    stream = None if rate == RATE else soxr.ResampleStream(rate, RATE, 1, dtype="float32")
    pieces: list[np.ndarray] = []
    done = 0
    limit = MAX_MINUTES * 60 * rate
    while True:
        try:
            block = handle.read(_BLOCK_SECONDS * rate, dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError) as exc:
            raise AecoachError(
                Msg.AUDIO_DAMAGED, location=where, seconds=round(done / rate, 1), detail=str(exc)
            ) from None
        last = len(block) == 0
        done += len(block)
        if done > limit:
            _check_length(done / rate, where)
        mono = block.mean(axis=1, dtype=np.float32) if len(block) else block[:, 0]
        if stream is not None:
            mono = stream.resample_chunk(mono, last=last)
        pieces.append(mono)
        if last:
            break
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    if handle.frames > 0 and done < handle.frames * 0.98:
        raise AecoachError(
            Msg.AUDIO_DAMAGED,
            location=where,
            seconds=round(done / rate, 1),
            detail=f"{handle.frames / rate:.1f} s expected",
        )
    if not len(samples) or not np.any(samples):
        raise AecoachError(Msg.AUDIO_EMPTY, location=where)
    return np.clip(samples, -1.0, 1.0)


def _decode_with_av(path: Path, soundfile_says: str) -> Recording:
    """M4A and anything else libsndfile does not know, through FFmpeg's decoders (PyAV)."""
    where = str(path)
    try:
        import av
    except ImportError:
        raise AecoachError(Msg.AUDIO_UNREADABLE, location=where, detail=soundfile_says) from None
    np = need("numpy")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError):
        raise AecoachError(Msg.AUDIO_UNREADABLE, location=where, detail=soundfile_says) from None
    with container:
        if not container.streams.audio:
            raise AecoachError(Msg.AUDIO_UNREADABLE, location=where, detail="no audio stream")
        stream = container.streams.audio[0]
        if container.duration:
            _check_length(container.duration / 1_000_000, where)
        source_rate, channels = stream.rate or RATE, stream.channels or 1
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        pieces: list[np.ndarray] = []
        done = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    pieces.append(out.to_ndarray().reshape(-1))
                    done += out.samples
                if done > MAX_MINUTES * 60 * RATE:
                    _check_length(done / RATE, where)
            for out in resampler.resample(None):
                pieces.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as exc:
            raise AecoachError(
                Msg.AUDIO_DAMAGED, location=where, seconds=round(done / RATE, 1), detail=str(exc)
            ) from None
    samples = np.concatenate(pieces).astype(np.float32) if pieces else np.zeros(0, np.float32)
    if not len(samples) or not np.any(samples):
        raise AecoachError(Msg.AUDIO_EMPTY, location=where)
    return Recording(np.clip(samples, -1.0, 1.0), source_rate, channels)


def _check_length(seconds: float, where: str) -> None:
    if seconds > MAX_MINUTES * 60:
        raise AecoachError(
            Msg.AUDIO_TOO_LONG, location=where, minutes=round(seconds / 60), limit=MAX_MINUTES
        )


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def voice_frames(samples: np.ndarray, aggressiveness: int = VAD_AGGRESSIVENESS) -> list[bool]:
    """One bool per FRAME_SECONDS of 16 kHz audio: is someone speaking (WebRTC's detector)."""
    np = need("numpy")
    webrtcvad = need("webrtcvad")
    vad = webrtcvad.Vad(aggressiveness)
    step = round(FRAME_SECONDS * RATE)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    width = step * 2
    return [
        vad.is_speech(pcm[offset : offset + width], RATE)
        for offset in range(0, len(pcm) - width + 1, width)
    ]


def level(samples: np.ndarray) -> float:
    """Loudness of a block from 0 to 1 (RMS on a 60 dB scale), for the live meter."""
    np = need("numpy")
    if not len(samples):
        return 0.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    if rms <= 1e-6:
        return 0.0
    return max(0.0, min(1.0, 1 + (20 * np.log10(rms)) / 60))
