"""Importing the voice extra's packages, or saying in one line what to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from aecoach.errors import AecoachError, Msg

# import name -> the distribution a candidate installs (all in the `voice` extra)
DISTRIBUTIONS = {
    "numpy": "numpy",
    "soundfile": "soundfile",
    "soxr": "soxr",
    "webrtcvad": "webrtcvad-wheels",
    "faster_whisper": "faster-whisper",
    "sounddevice": "sounddevice",
}


def need(name: str) -> ModuleType:
    """The module, or AecoachError(VOICE_NOT_INSTALLED) naming what to install."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise AecoachError(Msg.VOICE_NOT_INSTALLED, missing=DISTRIBUTIONS.get(name, name)) from exc
    except OSError as exc:  # a wheel whose shared library is missing (libsndfile, PortAudio)
        raise AecoachError(
            Msg.VOICE_NOT_INSTALLED, missing=f"{DISTRIBUTIONS.get(name, name)}: {exc}"
        ) from exc
