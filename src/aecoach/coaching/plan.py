"""Preparing for a date: the schedule aimed at the interview, and what to do today. Pure.

FSRS spaces reviews for remembering forever; a candidate needs to be at their
best on one day. So with a plan (history/plans.py) the FSRS schedule is
post-processed, never replayed differently (the history still decides it):

- no item falls due after the start of the interview day;
- within CLOSE_DAYS of the interview, an answer rated 1 or 2 comes back the
  same day (SAME_DAY_GAP after it was given, and before that day ends);
- the daily amount spreads what is left over the days before the interview:
  a new question for every skill and question kind of the role not yet
  practised, and every weak answer reviewed once, with a drill while
  objection handling is not ready and a mock two days before.

See docs/coaching.md, "Preparing for a date".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from aecoach.bank.model import Bank, Question

if TYPE_CHECKING:
    from aecoach.coaching.schedule import ItemState
    from aecoach.history.plans import InterviewPlan

CLOSE_DAYS = 7  # within a week of the interview a weak answer is redone the same day
SAME_DAY_GAP = timedelta(hours=1)  # long enough to think it over, short enough to redo today
AGAIN_AT_MOST = 2  # ratings that FSRS reads as Again: the ones redone the same day
WEAK_AT_MOST = 3  # as aecoach.schedule: Fair or lower is weak
MOCK_DAYS_BEFORE = 2  # a full mock two days before: time to act on its scorecard
RECENT = 3  # readiness reads the latest ratings of this many items per skill
READY_AT = 4.0  # a recent average of Good or better
# "Ready" needs evidence, not one lucky answer: at least RECENT questions of the skill rated,
# and a fifth of its questions when it has many (objection handling has dozens), each rated
# within FRESH_DAYS. Fewer, and the skill reads "too few answers", whatever the average.
COVER_SHARE = 0.2
FRESH_DAYS = 30


def days_left(plan: InterviewPlan, today: date) -> int:
    """Days from today to the interview: 0 on the day, negative once it has passed."""
    return (plan.interview - today).days


def interview_start(plan: InterviewPlan, now: datetime) -> datetime:
    """Local midnight at the start of the interview day, in the zone of `now`."""
    return datetime.combine(plan.interview, time.min).replace(tzinfo=now.tzinfo)


def _end_of_local_day(moment: datetime, zone: Any) -> datetime:
    local = moment.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time.min).replace(tzinfo=zone)


def aim(
    states: Mapping[str, ItemState], plan: InterviewPlan | None, now: datetime
) -> dict[str, ItemState]:
    """The schedule with every due moment pulled in to serve the interview date.

    Without a plan, or once its day has passed, the states are returned as they are.
    `now` must be aware: its zone says where the candidate's days begin and end.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    if plan is None or days_left(plan, now.date()) < 0:
        return dict(states)
    cap = interview_start(plan, now)
    out: dict[str, ItemState] = {}
    for key, state in states.items():
        due = min(state.due, cap)
        reviewed_on = state.last_review.astimezone(now.tzinfo).date()
        if state.last_rating <= AGAIN_AT_MOST and (plan.interview - reviewed_on).days <= CLOSE_DAYS:
            day_ends = _end_of_local_day(state.last_review, now.tzinfo)
            same_day = min(state.last_review + SAME_DAY_GAP, day_ends - timedelta(minutes=1))
            due = min(due, same_day)
        out[key] = replace(state, due=due.astimezone(UTC)) if due != state.due else state
    return out


# --- What to do today -------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillReadiness:
    skill: str
    questions: int  # the role's questions that exercise it
    practised: int  # of those, how many have a rating
    recent: float | None  # average last rating of the latest RECENT items practised
    weight: float  # 1, plus how often the job description names it
    level: str  # "not-started", "too-few", "weak", "improving" or "ready"
    needed: int = 0  # questions to have rated (recently) before the skill can be "ready"
    fresh: int = 0  # of `practised`, how many were rated within FRESH_DAYS
    answers: int = 0  # the rated answers to those `fresh` questions, repeats included

    def as_dict(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "questions": self.questions,
            "practised": self.practised,
            "recent": None if self.recent is None else round(self.recent, 2),
            "weight": self.weight,
            "level": self.level,
            "needed": self.needed,
            "fresh": self.fresh,
            "answers": self.answers,
        }


def needed_for_ready(questions: int) -> int:
    """How many of a skill's questions must be rated, recently, before it can be ready."""
    return min(questions, max(RECENT, math.ceil(questions * COVER_SHARE)))


def level_of(recent: float | None, fresh: int, needed: int, answers: int) -> str:
    """The readiness level from the recent average and the evidence behind it.

    A weak average is weak on any evidence (it is worth redoing now); a good one means
    "ready" only with `needed` questions rated recently and RECENT rated answers in all
    (a skill of one question needs it answered three times), else "too-few"."""
    if recent is None:
        return "not-started"
    if recent <= WEAK_AT_MOST:
        return "weak"
    if fresh < needed or answers < RECENT:
        return "too-few"
    return "ready" if recent >= READY_AT else "improving"


@dataclass(frozen=True)
class Today:
    """Today's work. Without a plan (`unplanned`) there is no date, role or pace: the
    interview, role, days_left and practice_days are None, and only what is due and weak
    is known."""

    interview: date | None
    role: str | None
    company: str
    days_left: int | None
    practice_days: int | None  # today and the days after it before the interview (at least 1)
    due: tuple[str, ...]  # due before tonight's midnight, aimed; most overdue first
    weak: tuple[str, ...]  # weak and not due today, lowest rating first
    weak_today: int  # how many of `weak` to review today, to finish them in time
    to_cover: tuple[str, ...]  # new questions covering every skill and kind not yet practised
    new_today: tuple[str, ...]  # the ones to start today
    drill: bool
    mock: bool
    readiness: tuple[SkillReadiness, ...]
    uncovered: tuple[str, ...] = ()  # skills and kinds of the role with no rating yet
    job_terms: dict[str, list[str]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "interview": self.interview.isoformat() if self.interview is not None else None,
            "role": self.role,
            "company": self.company,
            "days_left": self.days_left,
            "practice_days": self.practice_days,
            "due": list(self.due),
            "weak": list(self.weak),
            "weak_today": self.weak_today,
            "new_today": list(self.new_today),
            "to_cover": list(self.to_cover),
            "uncovered": list(self.uncovered),
            "drill": self.drill,
            "mock": self.mock,
            "readiness": [r.as_dict() for r in self.readiness],
            "job_terms": self.job_terms,
        }


def role_questions(bank: Bank, role: str) -> list[Question]:
    return sorted((q for q in bank.questions if role in q.roles), key=lambda q: q.key)


def skill_weights(plan: InterviewPlan) -> dict[str, float]:
    """1 for every skill, plus one for each distinct job-description term naming it."""
    found = plan.job.get("skills", {}) if isinstance(plan.job, dict) else {}
    return {str(s): 1.0 + len(terms) for s, terms in found.items() if isinstance(terms, list)}


def _cover(
    pool: Sequence[Question], missing: set[str], weights: Mapping[str, float]
) -> list[Question]:
    """Few new questions that between them touch every missing skill and kind (greedy).

    Heavier skills (those the job description names) count for more, so a
    question that covers them is picked first; ties go to the key, to repeat."""
    chosen: list[Question] = []
    left = set(missing)
    candidates = list(pool)

    def cells(q: Question) -> set[str]:
        return {f"skill:{s}" for s in q.skills} | {f"kind:{q.kind}"}

    def gain(q: Question, wanted: set[str]) -> float:
        return sum(weights.get(c.split(":", 1)[1], 1.0) for c in cells(q) & wanted)

    while left and candidates:
        # The first of the best (the pool is in key order), so the pick repeats.
        best = max(candidates, key=lambda q: gain(q, left))
        if gain(best, left) == 0:
            break
        chosen.append(best)
        left -= cells(best)
        candidates.remove(best)
    return chosen


def readiness(
    bank: Bank,
    role: str,
    states: Mapping[str, ItemState],
    weights: Mapping[str, float],
    now: datetime | None = None,
) -> list[SkillReadiness]:
    """Each skill of the role: coverage, the recent average and how ready that makes it.
    `now` dates the evidence (ratings older than FRESH_DAYS do not count towards "ready");
    without it every rating counts."""
    questions = role_questions(bank, role)
    skills = sorted({s for q in questions for s in q.skills})
    objections = [o for o in bank.objections if role in o.roles]
    if objections and "objection-handling" not in skills:
        skills.append("objection-handling")
    out = []
    for skill in skills:
        keys = [q.key for q in questions if skill in q.skills]
        if skill == "objection-handling":
            keys += [o.key for o in objections]
        practised = [states[k] for k in keys if k in states]
        practised.sort(key=lambda s: s.last_review, reverse=True)
        latest = practised[:RECENT]
        recent = sum(s.last_rating for s in latest) / len(latest) if latest else None
        since = None if now is None else now - timedelta(days=FRESH_DAYS)
        recently = [s for s in practised if since is None or s.last_review >= since]
        fresh, answers = len(recently), sum(s.reviews for s in recently)
        needed = needed_for_ready(len(keys))
        out.append(
            SkillReadiness(
                skill,
                len(keys),
                len(practised),
                recent,
                weights.get(skill, 1.0),
                level_of(recent, fresh, needed, answers),
                needed,
                fresh,
                answers,
            )
        )
    # The skills the job asks for most first, then the least ready.
    order = {"not-started": 0, "weak": 1, "too-few": 2, "improving": 3, "ready": 4}
    out.sort(key=lambda r: (-r.weight, order[r.level], r.skill))
    return out


def today(
    bank: Bank,
    plan: InterviewPlan,
    states: Mapping[str, ItemState],
    now: datetime,
) -> Today:
    """What to do today to be ready on the day; `states` are already aimed (see `aim`)."""
    left = days_left(plan, now.date())
    practice_days = max(1, left)
    role_keys = {q.key for q in role_questions(bank, plan.role)} | {
        o.key for o in bank.objections if plan.role in o.roles
    }
    due, weak = _due_and_weak(states, now)
    questions = role_questions(bank, plan.role)
    practised = [q for q in questions if q.key in states]
    missing = {f"skill:{s}" for q in questions for s in q.skills} | {
        f"kind:{q.kind}" for q in questions
    }
    missing -= {f"skill:{s}" for q in practised for s in q.skills}
    missing -= {f"kind:{q.kind}" for q in practised}
    weights = skill_weights(plan)
    cover = _cover([q for q in questions if q.key not in states], missing, weights)
    new_count = math.ceil(len(cover) / practice_days) if left >= 0 else 0
    role_states = {k: v for k, v in states.items() if k in role_keys}
    ready = readiness(bank, plan.role, role_states, weights, now)
    objection_ready = next((r for r in ready if r.skill == "objection-handling"), None)
    found = plan.job.get("skills", {}) if isinstance(plan.job, dict) else {}
    return Today(
        interview=plan.interview,
        role=plan.role,
        company=plan.company,
        days_left=left,
        practice_days=practice_days,
        due=due,
        weak=weak,
        weak_today=min(len(weak), math.ceil(len(weak) / practice_days)) if left >= 0 else 0,
        to_cover=tuple(q.key for q in cover),
        new_today=tuple(q.key for q in cover[:new_count]),
        drill=left >= 1 and objection_ready is not None and objection_ready.level != "ready",
        mock=left == MOCK_DAYS_BEFORE,
        readiness=tuple(ready),
        uncovered=tuple(sorted(missing)),
        job_terms={str(k): list(v) for k, v in found.items()},
    )


def _due_and_weak(
    states: Mapping[str, ItemState], now: datetime
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys due before tonight's midnight (most overdue first), and the weak ones not
    due today (lowest rating first)."""
    tonight = _end_of_local_day(now, now.tzinfo)
    # Every due item counts, whatever its role: the schedule is the candidate's, not the role's.
    due = sorted((s for s in states.values() if s.due < tonight), key=lambda s: (s.due, s.key))
    due_keys = {s.key for s in due}
    weak = sorted(
        (s for s in states.values() if s.key not in due_keys and s.last_rating <= WEAK_AT_MOST),
        key=lambda s: (s.last_rating, s.due, s.key),
    )
    return tuple(s.key for s in due), tuple(s.key for s in weak)


def unplanned(states: Mapping[str, ItemState], now: datetime) -> Today:
    """Today without a plan: what is due (the plain schedule), and the weak answers, which
    no date paces, so none is set for today; no role, so no new questions or readiness."""
    due, weak = _due_and_weak(states, now)
    return Today(
        interview=None,
        role=None,
        company="",
        days_left=None,
        practice_days=None,
        due=due,
        weak=weak,
        weak_today=0,
        to_cover=(),
        new_today=(),
        drill=False,
        mock=False,
        readiness=(),
    )


def keys_for_today(plan_today: Today) -> list[str]:
    """What practice asks first with a plan: due, then today's share of weak, then new ones."""
    return [
        *plan_today.due,
        *plan_today.weak[: plan_today.weak_today],
        *plan_today.new_today,
    ]
