"""Review sessions, mock interviews and objection drills, without a terminal.

Each mode is only another Plan for the same runner (ui/practice.run_plan):
this module picks the items and judges the results (the mock's scorecard and
how the candidate's own questions compare with the bank's). It does not
import the scheduler: the review plan is given the due keys, so mocks and
drills never load FSRS. See docs/coaching.md.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from aecoach.bank import taxonomy
from aecoach.bank.model import Ask, Bank, Objection, Question
from aecoach.coaching.session import (
    CHECKLIST,
    DEFAULT_COUNT,
    DRILL_CHECKLIST,
    MAX_COUNT,
    MAX_TIME,
    MIN_TIME,
    ChecklistItem,
    Plan,
    PlanItem,
    new_seed,
    stage_index,
    too_short,
)
from aecoach.errors import AecoachError, Msg
from aecoach.history.records import AnswerRecord

DRILL_TIME = 45
CLOSING_ID = "questions-for-us"  # the bank's "Do you have any questions for us?"
MOCK_CORE_KINDS = ("motivation", "experience", "role-knowledge", "behavioural")
MOCK_EXTRA_KINDS = ("behavioural", "experience")  # what a real first round spends its time on
MAX_OWN_ASKS = 5

# The objections each role meets most: an SDR's day is cold-call brush-offs,
# an AE's deals stall on price, competition and timing, an AM's on renewals.
ROLE_THEMES: dict[str, tuple[str, ...]] = {
    "sdr": ("brush-off", "status-quo", "need", "authority"),
    "ae": ("price", "competitor", "timing"),
    "am": ("price", "trust", "status-quo"),
}
LEAN = 2 / 3  # the share of a drill drawn from the role's own themes, when there are enough


def _check(count: int, time_limit: int | None) -> None:
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be 1..{MAX_COUNT}")
    if time_limit is not None and not MIN_TIME <= time_limit <= MAX_TIME:
        raise ValueError(f"time_limit must be {MIN_TIME}..{MAX_TIME}")


def _for_role(items: Sequence[Any], role: str | None) -> list[Any]:
    return sorted((i for i in items if role is None or role in i.roles), key=lambda i: i.key)


def _item(item: Question | Objection, time_limit: int | None) -> PlanItem:
    return PlanItem(item, time_limit or item.time_limit)


# --- Review -----------------------------------------------------------------------------------


def review_plan(
    bank: Bank,
    *,
    due: Sequence[str],
    seen: Collection[str],
    role: str | None = None,
    count: int = DEFAULT_COUNT,
    seed: int | None = None,
    time_limit: int | None = None,
    new_first: Sequence[str] = (),
) -> Plan:
    """The due items (keys in `due`, most overdue first), then questions never rated
    (those in `new_first` first: with an interview plan, the ones covering what is left).

    An item due but no longer in the bank (a pack removed) is left out; so is
    one not for `role`. The plan may be empty: nothing due and nothing new.
    """
    _check(count, time_limit)
    seed = new_seed() if seed is None else seed
    rng = random.Random(seed)
    questions = _for_role(bank.questions, role)
    known = {i.key: i for i in (*questions, *_for_role(bank.objections, role))}
    due_items = [known[k] for k in dict.fromkeys(due) if k in known][:count]
    new = [q for q in questions if q.key not in seen]
    wanted = [q for k in dict.fromkeys(new_first) for q in new if q.key == k]
    wanted = wanted[: max(0, count - len(due_items))]
    rest = [q for q in new if q not in wanted]
    new = wanted + rng.sample(rest, min(count - len(due_items) - len(wanted), len(rest)))
    new.sort(key=stage_index)
    return Plan(
        mode="review",
        items=tuple(_item(i, time_limit) for i in (*due_items, *new)),
        language=bank.language,
        settings={
            "mode": "review",
            "role": role,
            "count": count,
            "seed": seed,
            "time": time_limit,
            "due": len(due_items),
            "new": len(new),
        },
    )


# --- Objection drills -------------------------------------------------------------------------


def drill_plan(
    bank: Bank,
    *,
    role: str | None = None,
    count: int = DEFAULT_COUNT,
    seed: int | None = None,
    time_limit: int = DRILL_TIME,
) -> Plan:
    """`count` objections for `role` on a short clock, leaning to the role's own themes."""
    _check(count, time_limit)
    pool = _for_role(bank.objections, role)
    if not pool:
        raise AecoachError(
            Msg.NO_MATCH, what="objections", filters=repr(role) if role else "the bank"
        )
    seed = new_seed() if seed is None else seed
    rng = random.Random(seed)
    themes = ROLE_THEMES.get(role or "", ())
    lean = [o for o in pool if o.theme in themes]
    other = [o for o in pool if o.theme not in themes]
    rng.shuffle(lean)
    rng.shuffle(other)
    wanted = min(count, len(pool))
    take = min(len(lean), math.ceil(wanted * LEAN) if themes else 0)
    picked = lean[:take] + other[: wanted - take]
    picked += lean[take : take + wanted - len(picked)]  # too few others: more of the role's own
    rng.shuffle(picked)
    return Plan(
        mode="drill",
        items=tuple(PlanItem(o, time_limit) for o in picked),
        language=bank.language,
        checklist=DRILL_CHECKLIST,
        settings={
            "mode": "drill",
            "role": role,
            "count": count,
            "seed": seed,
            "time": time_limit,
        },
        matched=len(pool),
    )


# --- Mock interviews --------------------------------------------------------------------------


def mock_plan(bank: Bank, *, role: str, seed: int | None = None) -> Plan:
    """A first-round interview: an opening, four to six questions, one objection
    role-play, then "any questions for us?" (when the bank has it)."""
    seed = new_seed() if seed is None else seed
    rng = random.Random(seed)
    questions = _for_role(bank.questions, role)
    by_kind: dict[str, list[Question]] = {}
    for q in questions:
        by_kind.setdefault(q.kind, []).append(q)

    def draw(kinds: Sequence[str]) -> Question | None:
        pool = [q for k in kinds for q in by_kind.get(k, ()) if q not in picked]
        return rng.choice(pool) if pool else None

    picked: list[Question] = []
    for kinds in (("opening",), *((k,) for k in MOCK_CORE_KINDS)):
        q = draw(kinds)
        if q is not None:
            picked.append(q)
    for _ in range(rng.randint(0, 2)):
        q = draw(MOCK_EXTRA_KINDS)
        if q is not None:
            picked.append(q)
    picked.sort(key=stage_index)
    items = [PlanItem(q, q.time_limit) for q in picked]
    roleplay = draw(("objection-roleplay",))
    if roleplay is not None:
        items.append(PlanItem(roleplay, roleplay.time_limit))
    else:
        objections = _for_role(bank.objections, role)
        if objections:
            o = rng.choice(objections)
            items.append(PlanItem(o, o.time_limit))
    closing = next((q for q in questions if q.id == CLOSING_ID and q.kind == "closing"), None)
    if closing is not None:
        items.append(PlanItem(closing, closing.time_limit, asks_back=True))
    if len(items) < 2:
        raise AecoachError(Msg.MOCK_TOO_FEW, role=role)
    return Plan(
        mode="mock",
        items=tuple(items),
        language=bank.language,
        settings={"mode": "mock", "role": role, "seed": seed, "count": len(items)},
        asks=tuple(_for_role(bank.asks, role)),
    )


# --- "Any questions for us?" ------------------------------------------------------------------

_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """a an and are as at be but by can could did do does doing for from had has have how
        i if in into is it its like look looks me my of on or our so than that the their them
        there these they this to us was we were what when where which who why will with would
        you your""",
    )
)
# Scripts written without spaces between words: compare pairs of characters instead.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_THAI = re.compile(r"[\u0e00-\u0e7f]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def keywords(text: str) -> frozenset[str]:
    """The words that carry a question's meaning, roughly: no stopwords, no plural s.

    Japanese and Thai are cut into content terms as the coach's notes cut them (see
    aecoach.analysis.content): polite endings such as ですか and ます, and Thai function
    words, are left out, so two questions match on their topic, not on their manners.
    """
    lowered = text.casefold()
    if _THAI.search(lowered) or _JAPANESE.search(lowered):
        from aecoach.analysis.content import language

        return frozenset(language("th" if _THAI.search(lowered) else "ja").terms(text))
    if _UNSPACED.search(lowered):
        letters = [c for c in lowered if c.isalnum()]
        return frozenset("".join(pair) for pair in itertools.pairwise(letters))
    words = re.findall(r"\w+", lowered)
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words
        if w not in _STOPWORDS and len(w) > 2
    )


@dataclass(frozen=True)
class AskMatch:
    text: str  # what the candidate typed
    ask: Ask | None  # the strong question it resembles, if any
    shared: tuple[str, ...]  # the words they share


def match_asks(typed: Sequence[str], asks: Sequence[Ask]) -> list[AskMatch]:
    """Each typed question with the bank's ask it overlaps most, if the overlap is real:
    two shared keywords, or one that is half of the shorter question's keywords."""
    bank = [(a, keywords(a.text)) for a in asks]
    out = []
    for text in typed:
        mine = keywords(text)
        best: tuple[float, Ask | None, frozenset[str]] = (0.0, None, frozenset())
        for ask, theirs in bank:
            shared = mine & theirs
            if not shared:
                continue
            score = len(shared) / min(len(mine), len(theirs))
            if (len(shared) >= 2 or score >= 0.5) and score > best[0]:
                best = (score, ask, shared)
        out.append(AskMatch(text, best[1], tuple(sorted(best[2]))))
    return out


def split_asks(notes: str) -> list[str]:
    return [part.strip() for part in notes.split(" | ") if part.strip()]


def join_asks(typed: Sequence[str]) -> str:
    return " | ".join(t.strip() for t in typed if t.strip())


# --- The scorecard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    label: str  # a skill or a checklist item
    why: str  # "skill" (a low average rating) or "checklist" (often missed)
    score: float  # 0 (fine) .. 1 (always missed / always rated 1)
    detail: tuple[float | int, ...]  # skill: (average,); checklist: (missed, of)


@dataclass(frozen=True)
class Scorecard:
    rated: int
    average: float | None
    within_time: int  # answered, neither over the limit nor too short (session.too_short)
    timed: int  # answered (not skipped)
    seconds_used: float
    seconds_allowed: int
    checklist: tuple[tuple[str, int, int], ...]  # (label, met, of), checklist order
    focus: tuple[Focus, ...]  # the three things to work on, most urgent first
    too_short: int = 0
    overran: int = 0


def focus_points(
    answers: Sequence[AnswerRecord],
    checklist: Sequence[ChecklistItem] = CHECKLIST,
    *,
    limit: int = 3,
) -> list[Focus]:
    """The lowest-rated skills and the most-missed checklist items, on one scale."""
    rated = [a for a in answers if a.rating is not None]
    by_skill: dict[str, list[int]] = {}
    for a in rated:
        for skill in a.skills:
            by_skill.setdefault(skill, []).append(a.rating or 0)
    found = []
    for skill, ratings in by_skill.items():
        average = sum(ratings) / len(ratings)
        if average < 4:  # 4 is "Good": anything lower is worth work
            label = taxonomy.SKILLS.get(skill, skill)
            found.append(Focus(label, "skill", (5 - average) / 4, (round(average, 1),)))
    for item in checklist:
        seen = [a.checklist[item.key] for a in rated if item.key in a.checklist]
        missed = sum(1 for ok in seen if not ok)
        if missed:
            found.append(Focus(item.label, "checklist", missed / len(seen), (missed, len(seen))))
    found.sort(key=lambda f: -f.score)  # stable: skills before checklist items among ties
    return found[:limit]


def scorecard(
    answers: Sequence[AnswerRecord], checklist: Sequence[ChecklistItem] = CHECKLIST
) -> Scorecard:
    rated = [a for a in answers if a.rating is not None]
    answered = [a for a in answers if not a.skipped]
    short = sum(1 for a in answered if too_short(a.seconds_used, a.time_limit))
    over = sum(1 for a in answered if a.overran)
    totals = []
    for item in checklist:
        seen = [a.checklist[item.key] for a in rated if item.key in a.checklist]
        if seen:
            totals.append((item.label, sum(seen), len(seen)))
    return Scorecard(
        rated=len(rated),
        average=round(sum(a.rating or 0 for a in rated) / len(rated), 1) if rated else None,
        within_time=len(answered) - short - over,
        too_short=short,
        overran=over,
        timed=len(answered),
        seconds_used=round(sum(a.seconds_used for a in answers), 1),
        seconds_allowed=sum(a.time_limit for a in answers),
        checklist=tuple(totals),
        focus=tuple(focus_points(answers, checklist)),
    )
