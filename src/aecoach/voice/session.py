"""What the voice commands share: the saved voice settings and the model they name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aecoach.analysis.delivery import Delivery

MODEL_KEY = "voice_model"
DEFAULT_KEY = "voice"
KEEP_AUDIO_KEY = "voice_keep_audio"


@dataclass(frozen=True)
class Analysis:
    delivery: Delivery
    model_name: str | None


def saved(home: Path) -> dict[str, Any]:
    from aecoach import settings

    return settings.read(home)[0]


def model_for(home: Path, spec: str | None):  # type: ignore[no-untyped-def]
    """The loaded model named by --model or the settings, or None when neither names one."""
    from aecoach.voice import model

    chosen = spec or saved(home).get(MODEL_KEY)
    if not isinstance(chosen, str) or not chosen:
        return None
    return model.load(model.resolve(chosen, home, None))


def analyse_file(
    home: Path, path: Path, language: str, spec: str | None, *, limit_seconds: int | None
) -> Analysis:
    from aecoach.voice.audio import decode
    from aecoach.voice.pipeline import analyse

    recording = decode(path)  # first: a bad file is refused before the model loads
    speech = model_for(home, spec)
    delivery = analyse(recording.samples, language, speech, limit_seconds=limit_seconds)
    return Analysis(delivery, None if speech is None else model_name(speech.folder))


def model_name(folder: Path) -> str:
    """How a model folder is named to the candidate: packaged models sit in a folder "model"."""
    return folder.name if folder.name != "model" else f"{folder.parent.name}/{folder.name}"
