"""A history to report on: several weeks, roles and skills, hostile notes and prompts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aecoach.history.store import HistoryStore
from factories import sample_answer, sample_question, sample_session

HOSTILE = (
    '<script>document.title="PWNED"</script>"><img src=x onerror="document.title=\'PWNED\'">'
    " javascript:alert(1) {{ 7*7 }}"
)
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday

SKILL_SETS = (("negotiation", "empathy"), ("curiosity",), ("communication", "resilience"))


def make_history(path: Path, *, sessions: int = 6, per_session: int = 4) -> int:
    """Write `sessions` sessions over several weeks; return how many answers."""
    n = 0
    with HistoryStore.open(path) as store:
        for s in range(sessions):
            sid = f"s-{s}"
            role = ("ae", "sdr")[s % 2]
            start = T0 + timedelta(days=4 * s)
            session = sample_session(
                sid,
                started_at=start.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                settings={"role": role, "seed": s},
            )
            for k in range(per_session):
                n += 1
                skills = SKILL_SETS[(s + k) % len(SKILL_SETS)]
                question = sample_question(skills=skills, text=HOSTILE if k == 0 else f"Q {k}")
                rating = None if k == 3 and s % 3 == 0 else 1 + (s + k) % 5
                answer = sample_answer(
                    sid,
                    n,
                    rating=rating,
                    started_at=start + timedelta(minutes=3 * k),
                    seconds_used=5.0 if k == 1 else 200.0 if k == 2 else 70.0,
                    notes=HOSTILE if k == 0 else f"note {n}",
                )
                answer = replace(answer, prompt_text=question.text, skills=question.skills)
                store.record_answer(session, answer)
            store.end_session(
                sid,
                ended_at=(start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                reason="finished",
            )
    return n
