"""What the history keeps: plain records, free of SQLite, shared by the store and the session."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

MODES = ("practice", "review", "mock", "drill")
END_REASONS = ("finished", "quit", "interrupted")
ITEM_TYPES = ("question", "objection")


def iso_utc(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds and a Z: sorts as text in time order."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone; pass an aware one")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class SessionRecord:
    id: str
    started_at: str
    mode: str
    language: str
    app_version: str
    settings: dict[str, Any] = field(default_factory=dict)
    ended_at: str | None = None
    end_reason: str | None = None  # None while running, or if the process died


@dataclass(frozen=True)
class AnswerRecord:
    uid: str
    session_id: str
    item_key: str  # "<pack>/<id>", the key that survives translations
    item_type: str  # "question" or "objection"
    pack: str
    language: str
    prompt_text: str  # the text as shown to the candidate
    kind: str  # a question's kind, or an objection's theme
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    started_at: str
    seconds_used: float
    time_limit: int
    overran: bool
    skipped: bool
    rating: int | None  # 1..5, None when skipped
    checklist: dict[str, bool]
    notes: str = ""
    # The coach's notes on what was said (aecoach.analysis.content), None before they existed.
    feedback: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        # The database checks these too; failing here names the field at once.
        if self.item_type not in ITEM_TYPES:
            raise ValueError(f"item_type must be one of {ITEM_TYPES}, not {self.item_type!r}")
        if self.skipped != (self.rating is None):
            raise ValueError("an answer is either skipped (no rating) or rated 1..5")
        if self.rating is not None and not 1 <= self.rating <= 5:
            raise ValueError(f"rating must be 1..5, not {self.rating}")
        if self.seconds_used < 0 or self.time_limit <= 0:
            raise ValueError("seconds_used must be >= 0 and time_limit > 0")


@dataclass(frozen=True)
class SessionView:
    """A session as `aecoach history` shows it: the session and its answers."""

    session: SessionRecord
    answers: tuple[AnswerRecord, ...]


# The answers table's columns, in the order every reader and writer uses.
ANSWER_COLUMNS = (
    "uid",
    "session_id",
    "item_key",
    "item_type",
    "pack",
    "language",
    "prompt_text",
    "kind",
    "roles",
    "skills",
    "started_at",
    "seconds_used",
    "time_limit",
    "overran",
    "skipped",
    "rating",
    "checklist",
    "notes",
    "feedback",
)


def loads_json(text: str, default: Any) -> Any:
    """A JSON column's value, or `default` when it is missing, damaged or of another type."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return default
    return value if isinstance(value, type(default)) else default


# Columns added by a later migration, read as NULL from an older file opened read-only.
LATER_COLUMNS = ("feedback",)


def answer_select(db: Any, alias: str = "") -> str:
    """ANSWER_COLUMNS for a SELECT, with NULL for any column this file does not have yet."""
    have = {row[1] for row in db.execute("PRAGMA table_info(answers)")}
    a = f"{alias}." if alias else ""
    return ", ".join(
        f"NULL AS {c}" if c in LATER_COLUMNS and c not in have else f"{a}{c}"
        for c in ANSWER_COLUMNS
    )


def encode_feedback(feedback: dict[str, Any] | None) -> str | None:
    return None if feedback is None else json.dumps(feedback, ensure_ascii=False, sort_keys=True)


def decode_feedback(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    return loads_json(text, {}) or None


def session_from_row(row: Sequence[Any]) -> SessionRecord:
    id_, started_at, ended_at, mode, settings, end_reason, language, app_version = row
    return SessionRecord(
        id=id_,
        started_at=started_at,
        ended_at=ended_at,
        mode=mode,
        settings=loads_json(settings, {}),
        end_reason=end_reason,
        language=language,
        app_version=app_version,
    )
