"""Building records, sessions and subprocess environments for the tests."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aecoach.bank.model import Question
from aecoach.coaching.session import PlanItem, make_answer
from aecoach.history.records import AnswerRecord, SessionRecord

HELPERS = Path(__file__).parent / "helpers"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def sample_question(**changes: object) -> Question:
    values: dict[str, object] = {
        "key": "core/why-sales",
        "id": "why-sales",
        "pack": "core",
        "language": "en",
        "text": "Why did you choose a career in sales?",
        "kind": "motivation",
        "roles": ("ae", "sdr", "am"),
        "skills": ("determination", "empathy"),
        "time_limit": 120,
        "hints": ("A genuine reason.", "Know the reality of the job."),
    }
    values.update(changes)
    return Question(**values)  # type: ignore[arg-type]


def sample_session(session_id: str = "s-1", **changes: object) -> SessionRecord:
    values: dict[str, object] = {
        "id": session_id,
        "started_at": "2025-03-14T09:30:00.000Z",
        "mode": "practice",
        "language": "en",
        "app_version": "0.1.0",
        "settings": {"role": "ae", "seed": 7},
    }
    values.update(changes)
    return SessionRecord(**values)  # type: ignore[arg-type]


def sample_answer(session_id: str = "s-1", n: int = 1, **changes: object) -> AnswerRecord:
    question = sample_question()
    args: dict[str, object] = {
        "session_id": session_id,
        "started_at": datetime(2025, 3, 14, 9, 30, tzinfo=UTC) + timedelta(minutes=n),
        "seconds_used": 60.0 + n,
        "rating": 4,
        "checklist": {"example": True, "on-question": True, "confident": False, "engaged": True},
        "notes": f"notes {n}",
    }
    args.update(changes)
    return make_answer(PlanItem(question, question.time_limit), **args)  # type: ignore[arg-type]


def python_env(home: str | Path | None = None) -> dict[str, str]:
    """The environment for a helper or aecoach subprocess: this interpreter's path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AECOACH_")}
    if home is not None:
        env["AECOACH_HOME"] = str(home)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env
