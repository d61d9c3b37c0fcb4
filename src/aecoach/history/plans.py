"""The interview plan in the history file: one row, set, read and cleared.

It lives beside the answers rather than in the settings because it belongs
to the practice record: a copied history brings its countdown with it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aecoach.history.records import loads_json

if TYPE_CHECKING:
    from aecoach.coaching.schedule import ItemState


@dataclass(frozen=True)
class InterviewPlan:
    interview: date  # the candidate's local day of the interview
    role: str
    company: str = ""
    # From --job: {"skills": {skill: [terms found]}, "roles": {role: [terms]}}
    job: dict[str, Any] = field(default_factory=dict)
    set_at: str = ""


def _has_table(db: sqlite3.Connection) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'plan'"
    return db.execute(query).fetchone() is not None


def read_from(db: sqlite3.Connection) -> InterviewPlan | None:
    if not _has_table(db):
        return None  # a history from before plans, opened read-only
    row = db.execute("SELECT interview, role, company, job, set_at FROM plan").fetchone()
    if row is None:
        return None
    interview, role, company, job, set_at = row
    try:
        day = date.fromisoformat(interview)
    except ValueError:
        return None
    return InterviewPlan(day, role, company, loads_json(job, {}), set_at)


def read_plan(history_path: Path) -> InterviewPlan | None:
    """The plan, read without creating anything (None without a history or a plan)."""
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(history_path, check=False)
    if store is None:
        return None
    with store:
        return store.read(read_from)


def save_plan(history_path: Path, plan: InterviewPlan) -> None:
    from aecoach.history.store import HistoryStore

    def work(db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO plan (id, interview, role, company, job, set_at)"
            " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " interview = excluded.interview, role = excluded.role,"
            " company = excluded.company, job = excluded.job, set_at = excluded.set_at",
            (
                plan.interview.isoformat(),
                plan.role,
                plan.company,
                json.dumps(plan.job, ensure_ascii=False, sort_keys=True),
                plan.set_at,
            ),
        )

    with HistoryStore.open(history_path) as store:
        store.write(work)


def clear_plan(history_path: Path) -> bool:
    """Forget the plan; False when there was none."""
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(history_path)
    if store is None:
        return False
    with store:
        return store.write(
            lambda db: _has_table(db) and db.execute("DELETE FROM plan").rowcount > 0
        )


def load_aimed(history_path: Path, cache_dir: Path | None, now: datetime) -> dict[str, ItemState]:
    """The schedule of the history, aimed at the plan's date when there is one.

    What review, practice, stats and today read instead of `load_states`."""
    from aecoach.coaching.plan import aim
    from aecoach.coaching.schedule import load_states

    return aim(load_states(history_path, cache_dir), read_plan(history_path), now.astimezone())


def planned_role(history_path: Path) -> str | None:
    """The plan's role, which the coaching commands use when --role is not given."""
    plan = read_plan(history_path)
    return plan.role if plan is not None else None
