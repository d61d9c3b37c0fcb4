"""What a practice session is, without a terminal: the plan, the scales, the records.

A session is a *plan* (the items to ask, in order, each with its clock) that
a runner (ui/practice.py) plays through a Prompter. `practice` builds its
plan from filters; later modes (review, mock interviews, objection drills)
build other plans (a fixed sequence, objections on a 45 s clock) and reuse
the same runner, scale, checklist, records and summary.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from aecoach.bank import taxonomy
from aecoach.bank.model import Ask, Bank, Objection, Question, Turn
from aecoach.bank.query import select_questions
from aecoach.errors import AecoachError, Msg
from aecoach.history.records import AnswerRecord, iso_utc
from aecoach.i18n import N_, _
from aecoach.textsafe import inert

DEFAULT_COUNT = 5
MAX_COUNT = 50
MIN_TIME, MAX_TIME = 10, 1800  # the same bounds as a pack's time_limit
ASKS_TO_SHOW = 3
MAX_NOTES = 10_000


def notes_cut(notes: str) -> bool:
    """Whether `make_answer` keeps only the first MAX_NOTES characters of these notes."""
    return len(inert(notes.strip())) > MAX_NOTES


# The order an interviewer works through: used to sequence a random pick.
STAGES: tuple[str, ...] = (
    "opening",
    "motivation",
    "experience",
    "role-knowledge",
    "behavioural",
    "objection-roleplay",
    "closing",
)


# Exercises rather than interview questions (issue 16): a cold call, a plan, a pitch, written
# outreach, pipeline maths. They run longer and are scored their own way, so a plain practice
# session asks them only when --kind names one; a mock interview sets one of them.
EXERCISE_KINDS: tuple[str, ...] = (
    "cold-call",
    "roleplay",
    "plan",
    "pitch",
    "written",
    "pipeline-maths",
)

# --- The plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    """One thing to ask: a question or an objection, on its clock."""

    item: Question | Objection
    time_limit: int
    # The mock interview's "any questions for us?": the candidate types the
    # questions they would ask, and they are compared with the bank's asks.
    asks_back: bool = False

    @property
    def item_type(self) -> Literal["question", "objection"]:
        return "objection" if isinstance(self.item, Objection) else "question"

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def prompt_text(self) -> str:
        return self.item.line if isinstance(self.item, Objection) else self.item.text

    @property
    def hints(self) -> tuple[str, ...]:
        return self.item.points if isinstance(self.item, Objection) else self.item.hints

    @property
    def turns(self) -> tuple[Turn, ...]:
        """What the other side says after each answer, in order (issue 16)."""
        return self.item.turns

    @property
    def model_answer(self) -> str:
        return self.item.model_answer

    @property
    def exchange_time(self) -> int:
        """Seconds on the clock for the whole item: the first answer and every follow-up."""
        return self.time_limit + sum(t.time_limit or self.time_limit for t in self.turns)

    @property
    def brief(self) -> str:
        return "" if isinstance(self.item, Objection) else self.item.brief

    @property
    def kind(self) -> str:
        """A question's kind, or an objection's theme."""
        return self.item.theme if isinstance(self.item, Objection) else self.item.kind

    @property
    def skills(self) -> tuple[str, ...]:
        # Every objection exercises one skill, so stats and scorecards can weigh it.
        return ("objection-handling",) if isinstance(self.item, Objection) else self.item.skills

    @property
    def kind_label(self) -> str:
        """In the interface language."""
        if isinstance(self.item, Objection):
            theme = taxonomy.OBJECTION_THEMES.get(self.kind)
            return _("Objection: {theme}").format(theme=_(theme) if theme else self.kind)
        kind = taxonomy.QUESTION_KINDS.get(self.kind)
        return _(kind) if kind else self.kind

    @property
    def skill_labels(self) -> tuple[str, ...]:
        """In the interface language."""
        return tuple(_(taxonomy.SKILLS[s]) if s in taxonomy.SKILLS else s for s in self.skills)


# Labels and meanings are English msgids (N_): translate them with _() when shown.


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    measured: bool = False  # answered by the clock, not asked


@dataclass(frozen=True)
class Rating:
    value: int
    label: str
    meaning: str


RATING_SCALE: tuple[Rating, ...] = (
    Rating(1, N_("Missed it"), N_("lost the thread, or did not really answer")),
    Rating(2, N_("Weak"), N_("some substance, but vague or rambling")),
    Rating(3, N_("Fair"), N_("answered it, but generic or without evidence")),
    Rating(4, N_("Good"), N_("specific and structured, with a real example")),
    Rating(5, N_("Strong"), N_("an answer that would move the interview your way")),
)

CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("example", N_("Used a concrete real-world example")),
    ChecklistItem("on-question", N_("Answered the question asked")),
    ChecklistItem("confident", N_("Clear and confident")),
    ChecklistItem("on-time", N_("Stayed within time"), measured=True),
    ChecklistItem("engaged", N_("Engaged the interviewer, not only talked about myself")),
)

# An objection drill answers a prospect on a call, not an interviewer: what a
# strong reply does there (acknowledge, answer, move the call on).
DRILL_CHECKLIST = (
    ChecklistItem("acknowledged", N_("Acknowledged the concern before answering it")),
    ChecklistItem("on-question", N_("Answered the objection itself")),
    ChecklistItem("confident", N_("Clear and confident")),
    ChecklistItem("on-time", N_("Stayed within time"), measured=True),
    ChecklistItem("next-step", N_("Ended with a question or a next step")),
)


# A cold call is judged on what makes a prospect stay on the line.
COLD_CALL_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("reason-early", N_("Gave the reason for the call early")),
    ChecklistItem("one-question", N_("Asked one question at a time")),
    ChecklistItem("specific-ask", N_("Asked for a meeting with a day and a time")),
    ChecklistItem("on-time", N_("Stayed within time"), measured=True),
)

# The number is checked by aecoach; the candidate ticks whether they said what it means.
PIPELINE_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("correct", N_("Got the number right"), measured=True),
    ChecklistItem("explained", N_("Said what the number means for the plan")),
    ChecklistItem("on-time", N_("Stayed within time"), measured=True),
)


# Every checklist an answer can have been ticked on, for screens that name a stored key.
ALL_CHECKLISTS: tuple[ChecklistItem, ...] = tuple(
    {
        c.key: c for c in (*CHECKLIST, *DRILL_CHECKLIST, *COLD_CALL_CHECKLIST, *PIPELINE_CHECKLIST)
    }.values()
)


def checklist_for(item: PlanItem, default: tuple[ChecklistItem, ...]) -> tuple[ChecklistItem, ...]:
    """The checklist an item is ticked against: its kind's own, or the plan's."""
    kind = item.kind if item.item_type == "question" else ""
    if kind == "cold-call":
        return COLD_CALL_CHECKLIST
    if kind in taxonomy.NUMBER_KINDS:
        return PIPELINE_CHECKLIST
    return default


def rating_label(value: int | None) -> str:
    """The label of a rating on the scale, in the interface language."""
    if value is None:
        return _("skipped")
    return next((_(r.label) for r in RATING_SCALE if r.value == value), str(value))


@dataclass(frozen=True)
class Plan:
    mode: str  # "practice", "review", "mock" or "drill"; also recorded in the settings
    items: tuple[PlanItem, ...]
    language: str
    settings: dict[str, Any] = field(default_factory=dict)  # recorded with the session
    asks: tuple[Ask, ...] = ()  # questions to ask the interviewer, shown once at the end
    checklist: tuple[ChecklistItem, ...] = CHECKLIST
    scale: tuple[Rating, ...] = RATING_SCALE
    matched: int = 0  # how many items the filters allowed, when fewer than asked for

    @property
    def scored_checklist(self) -> tuple[ChecklistItem, ...]:
        """Every checklist item an answer in this plan can be ticked on, for the summary:
        the plan's, then those of items with their own (a cold call, pipeline maths)."""
        seen = {c.key: c for i in self.items for c in checklist_for(i, self.checklist)}
        return tuple({**{c.key: c for c in self.checklist}, **seen}.values())


def stage_index(question: Question) -> int:
    return STAGES.index(question.kind) if question.kind in STAGES else len(STAGES)


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def practice_plan(
    bank: Bank,
    *,
    role: str | None = None,
    skill: str | None = None,
    kind: str | None = None,
    count: int = DEFAULT_COUNT,
    seed: int | None = None,
    time_limit: int | None = None,
    preferred: Sequence[str] | None = None,
    packs: Sequence[str] | None = None,
) -> Plan:
    """Pick `count` questions in interview order: first those whose keys are in
    `preferred` (due and weak ones, in that order), then at random (repeatably with `seed`).

    `preferred=None` is the plain random pick; an empty list picks exactly as
    it does. Without a seed one is drawn and recorded in the settings, so any
    session can be replayed with `--seed` (and the same history).
    """
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be 1..{MAX_COUNT}")
    if time_limit is not None and not MIN_TIME <= time_limit <= MAX_TIME:
        raise ValueError(f"time_limit must be {MIN_TIME}..{MAX_TIME}")
    pool = sorted(select_questions(bank, role=role, skill=skill, kind=kind), key=lambda q: q.key)
    if packs is not None:  # practice --pack: only that pack's questions
        pool = [q for q in pool if q.pack in packs]
    elif kind is None:
        # Exercises when asked for: by kind, by naming their pack, or first in `preferred`
        # (due again, weak, or what an interview plan still has to cover).
        wanted = set(preferred or ())
        pool = [q for q in pool if q.kind not in EXERCISE_KINDS or q.key in wanted]
    if not pool:
        named = (role, skill, kind, *(packs or ()))
        filters = _(" and ").join(repr(f) for f in named if f) or _("the bank")
        raise AecoachError(Msg.NO_MATCH, what=_("questions"), filters=filters)
    seed = new_seed() if seed is None else seed
    rng = random.Random(seed)
    by_key = {q.key: q for q in pool}
    first = [by_key[k] for k in dict.fromkeys(preferred or ()) if k in by_key][:count]
    chosen = {q.key for q in first}
    rest = [q for q in pool if q.key not in chosen]
    picked = first + rng.sample(rest, min(count - len(first), len(rest)))
    picked.sort(key=stage_index)  # stable: a random order within each stage
    asks = [a for a in sorted(bank.asks, key=lambda a: a.key) if role is None or role in a.roles]
    chosen_asks = tuple(rng.sample(asks, min(ASKS_TO_SHOW, len(asks))))
    settings: dict[str, Any] = {
        "mode": "practice",
        "role": role,
        "skill": skill,
        "kind": kind,
        "count": count,
        "seed": seed,
        "time": time_limit,
    }
    settings["pick"] = "random" if preferred is None else "adaptive"
    if preferred is not None:
        settings["preferred"] = len(first)
    if packs is not None:
        settings["pack"] = list(packs)
    return Plan(
        mode="practice",
        items=tuple(PlanItem(q, time_limit or q.time_limit) for q in picked),
        language=bank.language,
        settings=settings,
        asks=chosen_asks,
        matched=len(pool),
    )


# --- Answers ----------------------------------------------------------------------------------


def overran(seconds_used: float, time_limit: int) -> bool:
    return seconds_used > time_limit


# Under a quarter of the time allowed (30 s of a 2-minute question) is too short to be an
# answer an interviewer would take: stats and the mock scorecard say so, not "within time".
TOO_SHORT = 0.25


def too_short(seconds_used: float, time_limit: int) -> bool:
    return seconds_used < time_limit * TOO_SHORT


def within_time(seconds_used: float, time_limit: int) -> bool:
    """ "Stayed within time": neither over the limit nor too short, the one definition the
    checklist, the scorecard's time discipline, stats and the report share."""
    return not overran(seconds_used, time_limit) and not too_short(seconds_used, time_limit)


def measured_checklist(
    checklist: Sequence[ChecklistItem],
    answers: dict[str, bool],
    *,
    seconds_used: float,
    time_limit: int,
) -> dict[str, bool]:
    """The candidate's answers plus the items the clock answers, in checklist order."""
    out: dict[str, bool] = {}
    for item in checklist:
        if item.measured and item.key == "on-time":
            out[item.key] = within_time(seconds_used, time_limit)
        elif item.key in answers:
            out[item.key] = bool(answers[item.key])
    return out


def make_answer(
    item: PlanItem,
    *,
    session_id: str,
    started_at: datetime,
    seconds_used: float,
    rating: int | None,
    checklist: dict[str, bool] | None = None,
    notes: str = "",
    uid: str | None = None,
    checklist_items: Sequence[ChecklistItem] = CHECKLIST,
    feedback: dict[str, Any] | None = None,
) -> AnswerRecord:
    """An answered (or skipped, when rating is None) item as the history keeps it.

    `checklist` holds the candidate's own answers; the items the clock can
    answer (stayed within time) are filled in from `seconds_used`.
    """
    q = item.item
    seconds = recorded_seconds(seconds_used)
    return AnswerRecord(
        uid=uid or str(uuid.uuid4()),
        session_id=session_id,
        item_key=item.key,
        item_type=item.item_type,
        pack=q.pack,
        language=q.language,
        prompt_text=item.prompt_text,
        kind=item.kind,
        roles=tuple(q.roles),
        skills=item.skills,
        started_at=iso_utc(started_at),
        seconds_used=seconds,
        time_limit=item.time_limit,
        overran=overran(seconds, item.time_limit),
        skipped=rating is None,
        rating=rating,
        checklist=(
            measured_checklist(
                checklist_items, checklist or {}, seconds_used=seconds, time_limit=item.time_limit
            )
            if rating is not None
            else {}
        ),
        notes=inert(notes.strip())[:MAX_NOTES],
        feedback=feedback,
    )


# --- The summary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Miss:
    label: str
    missed: int
    of: int


@dataclass(frozen=True)
class Summary:
    answers: tuple[AnswerRecord, ...]
    rated: int
    skipped: int
    overran: int
    average: float | None
    misses: tuple[Miss, ...]  # checklist items not met, most missed first
    checklist: tuple[ChecklistItem, ...] = CHECKLIST

    def passed(self, answer: AnswerRecord) -> tuple[int, int]:
        """Checklist items met, out of those recorded, for one answer."""
        return sum(answer.checklist.values()), len(answer.checklist)


def summarise(
    answers: Sequence[AnswerRecord], checklist: Sequence[ChecklistItem] = CHECKLIST
) -> Summary:
    rated = [a for a in answers if a.rating is not None]
    misses = []
    for item in checklist:
        seen = [a.checklist[item.key] for a in rated if item.key in a.checklist]
        missed = sum(1 for ok in seen if not ok)
        if missed:
            misses.append(Miss(item.label, missed, len(seen)))
    misses.sort(key=lambda m: -m.missed)  # stable: checklist order among ties
    return Summary(
        answers=tuple(answers),
        rated=len(rated),
        skipped=len(answers) - len(rated),
        overran=sum(1 for a in answers if a.overran),
        average=round(sum(a.rating or 0 for a in rated) / len(rated), 1) if rated else None,
        misses=tuple(misses),
        checklist=tuple(checklist),
    )


def recorded_seconds(seconds: float) -> float:
    """Time used as the history keeps it; every screen shows this value, so the
    review right after an answer and the summary never disagree."""
    return round(max(0.0, seconds), 1)


def clock(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss), rounded up as a countdown shows them.

    Rounding up keeps the clock and `overran` in step: 2:00 of 2:00 is on
    time, and any fraction past the limit reads 2:01.
    """
    total = max(0, math.ceil(round(seconds, 3)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def time_text(seconds: float, limit: int, overran: bool) -> str:
    """ "1:05 of 1:00, 0:05 over": the same words on every screen that shows time used."""
    if overran:
        return _("{used} of {limit}, {over} over").format(
            used=clock(seconds), limit=clock(limit), over=clock(seconds - limit)
        )
    return _("{used} of {limit}").format(used=clock(seconds), limit=clock(limit))
