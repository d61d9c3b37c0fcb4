"""`aecoach stats` as plain data: is the candidate getting better, and at what?

Nothing here prints. The SQL (history/queries.py) returns a few hundred
grouped rows; this module folds them into skills, kinds, roles, trends,
time discipline, the weakest questions, practice days and a chart series.
`Stats.as_dict()` is the documented `--json` shape (docs/export.md).
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from aecoach import i18n
from aecoach.history.queries import (
    NO_FILTERS,
    Filters,
    ItemGroup,
    SessionPoint,
    TimedRating,
    checklist_counts,
    edge_ratings,
    feedback_signals,
    item_groups,
    latest_prompts,
    session_points,
    session_roles,
)

JSON_VERSION = 1
TREND_ANSWERS = 10  # the first and the latest this many rated answers make a trend
WEAKEST = 5
# A trend needs this many rated answers (half on each side) on this many days: two answers
# against two within an hour say nothing about progress.
MIN_FOR_TREND = 6
MIN_TREND_DAYS = 3
ANY_ROLE = "any"  # the by_role key of sessions for no one role


@dataclass(frozen=True)
class Group:
    """Answers sharing one skill, kind or role."""

    key: str
    answers: int
    rated: int
    average: float | None  # over rated answers; None when all were skipped

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "answers": self.answers,
            "rated": self.rated,
            "average": self.average,
        }


@dataclass(frozen=True)
class Trend:
    """A skill's first rated answers against its latest ones (never overlapping)."""

    skill: str
    answers: int  # how many answers on each side
    first: float
    latest: float

    @property
    def change(self) -> float:
        return round(self.latest - self.first, 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "answers_each": self.answers,
            "first": self.first,
            "latest": self.latest,
            "change": self.change,
        }


@dataclass(frozen=True)
class Timing:
    answered: int  # answers not skipped
    within: int  # of those, inside their limit and not too short
    overran: int
    average_overrun: float | None  # seconds past the limit, over the answers that overran
    short: int = 0  # under session.TOO_SHORT of their limit

    @property
    def share_within(self) -> float | None:
        return round(self.within / self.answered, 3) if self.answered else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "within_limit": self.within,
            "share_within_limit": self.share_within,
            "too_short": self.short,
            "overran": self.overran,
            "average_overrun_seconds": self.average_overrun,
        }


@dataclass(frozen=True)
class Missed:
    """One checklist item: how often the candidate ticked it "no"."""

    key: str
    missed: int
    of: int

    @property
    def share(self) -> float:
        return round(self.missed / self.of, 3) if self.of else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "missed": self.missed, "of": self.of, "share": self.share}


@dataclass(frozen=True)
class Signals:
    """The coach's notes over a run of answers: what share had a figure, I against we,
    and the share of the questions' points touched."""

    answers: int
    quantified: int
    i_count: int
    we_count: int
    points: int
    touched: int

    @property
    def share_quantified(self) -> float | None:
        return round(self.quantified / self.answers, 3) if self.answers else None

    @property
    def share_touched(self) -> float | None:
        return round(self.touched / self.points, 3) if self.points else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "share_quantified": self.share_quantified,
            "i_count": self.i_count,
            "we_count": self.we_count,
            "share_points_touched": self.share_touched,
        }


@dataclass(frozen=True)
class Weak:
    item_key: str
    prompt_text: str  # as last shown, in `language`; the screen may word it in today's
    language: str
    answers: int
    rated: int
    skipped: int
    average: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "item_key": self.item_key,
            "prompt_text": self.prompt_text,
            "answers": self.answers,
            "rated": self.rated,
            "skipped": self.skipped,
            "average": self.average,
        }


@dataclass(frozen=True)
class Streak:
    current: int  # consecutive days up to today (or yesterday: today is not over)
    longest: int
    days: int  # days with any practice
    last_day: date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "longest": self.longest,
            "days_practised": self.days,
            "last_day": self.last_day.isoformat() if self.last_day else None,
        }


@dataclass(frozen=True)
class Point:
    """One step of the rating-over-time series: a day's average."""

    day: date
    answers: int
    rated: int
    average: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "answers": self.answers,
            "rated": self.rated,
            "average": self.average,
        }


@dataclass(frozen=True)
class Due:
    """What spaced repetition says to practise (filled in by that module, later)."""

    today: int
    this_week: int

    def as_dict(self) -> dict[str, Any]:
        return {"today": self.today, "this_week": self.this_week}


@dataclass(frozen=True)
class Stats:
    filters: Filters
    sessions: int
    answers: int
    rated: int
    average: float | None
    first_at: str | None
    last_at: str | None
    by_skill: tuple[Group, ...]
    by_kind: tuple[Group, ...]  # questions only; objections are in by_theme
    by_role: tuple[Group, ...]  # by the role the session was for
    trends: tuple[Trend, ...]
    timing: Timing
    weakest: tuple[Weak, ...]
    streak: Streak
    series: tuple[Point, ...]  # per practice day, oldest first
    due: Due | None = None  # a later spaced-repetition module fills this in
    extra: dict[str, Any] = field(default_factory=dict)
    by_theme: tuple[Group, ...] = ()  # objection drills, by theme
    checklist: tuple[Missed, ...] = ()  # most missed first
    # The coach's notes: the earlier and the latest half of the answers that have them.
    signals: tuple[Signals, ...] = ()

    @property
    def empty(self) -> bool:
        return self.answers == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "filters": self.filters.as_dict(),
            "sessions": self.sessions,
            "answers": self.answers,
            "rated": self.rated,
            "skipped": self.answers - self.rated,
            "average": self.average,
            "first_at": self.first_at,
            "last_at": self.last_at,
            "by_skill": [g.as_dict() for g in self.by_skill],
            "by_kind": [g.as_dict() for g in self.by_kind],
            "by_theme": [g.as_dict() for g in self.by_theme],
            "by_role": [g.as_dict() for g in self.by_role],
            "checklist": [m.as_dict() for m in self.checklist],
            "signals": [s.as_dict() for s in self.signals],
            "trends": [t.as_dict() for t in self.trends],
            "timing": self.timing.as_dict(),
            "weakest": [w.as_dict() for w in self.weakest],
            "streak": self.streak.as_dict(),
            "series": [p.as_dict() for p in self.series],
            "due": self.due.as_dict() if self.due else None,
        }


def _avg(total: float, n: int) -> float | None:
    return round(total / n, 2) if n else None


def _fold(groups: Iterable[ItemGroup] | Iterable[SessionPoint], keys_of: Any) -> tuple[Group, ...]:
    """Answers, ratings and their sums added up under each key `keys_of(group)` gives."""
    answers: dict[str, int] = defaultdict(int)
    rated: dict[str, int] = defaultdict(int)
    sums: dict[str, int] = defaultdict(int)
    for g in groups:
        for key in keys_of(g):
            answers[key] += g.answers
            rated[key] += g.rated
            sums[key] += g.rating_sum
    out = [Group(k, answers[k], rated[k], _avg(sums[k], rated[k])) for k in answers]
    # Most practised first, so the bars a candidate sees first rest on the most answers.
    out.sort(key=lambda g: (-g.answers, g.key))
    return tuple(out)


def _trends(
    edges: dict[tuple[str, ...], tuple[list[TimedRating], list[TimedRating]]],
    rated_by_skill: dict[str, int],
) -> tuple[Trend, ...]:
    firsts: dict[str, list[TimedRating]] = defaultdict(list)
    latests: dict[str, list[TimedRating]] = defaultdict(list)
    for skills, (first, latest) in edges.items():
        for skill in set(skills):
            firsts[skill].extend(first)
            latests[skill].extend(latest)
    out = []
    for skill, n in rated_by_skill.items():
        if n < MIN_FOR_TREND:
            continue
        k = min(TREND_ANSWERS, n // 2)  # the two sides never share an answer
        first = sorted(firsts[skill], key=lambda t: t.started_at)[:k]
        latest = sorted(latests[skill], key=lambda t: t.started_at)[-k:]
        if len(first) < k or len(latest) < k:
            continue
        if len({t.started_at[:10] for t in (*first, *latest)}) < MIN_TREND_DAYS:
            continue
        out.append(
            Trend(
                skill,
                k,
                round(sum(t.rating for t in first) / k, 2),
                round(sum(t.rating for t in latest) / k, 2),
            )
        )
    out.sort(key=lambda t: (-t.change, t.skill))
    return tuple(out)


def _weakest(groups: Sequence[ItemGroup]) -> list[tuple[str, int, int, int]]:
    answers: dict[str, int] = defaultdict(int)
    rated: dict[str, int] = defaultdict(int)
    sums: dict[str, int] = defaultdict(int)
    for g in groups:
        answers[g.item_key] += g.answers
        rated[g.item_key] += g.rated
        sums[g.item_key] += g.rating_sum

    # Lowest average first; among equals, the one skipped more often, then the one
    # answered more.
    def rank(key: str) -> tuple[float, int, int, str]:
        return (sums[key] / rated[key], -(answers[key] - rated[key]), -answers[key], key)

    # A question rated 4 or better is not "weak", however few there are; one only ever
    # skipped has no rating to be lowest (review brings it back).
    weak = [k for k in answers if rated[k] and sums[k] / rated[k] < 4]
    weak.sort(key=rank)
    return [(k, answers[k], rated[k], sums[k]) for k in weak[:WEAKEST]]


def _checklist(rows: Iterable[tuple[str, int]]) -> tuple[Missed, ...]:
    import json

    missed: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for text, n in rows:
        try:
            ticks = json.loads(text)
        except (TypeError, ValueError):
            continue
        if not isinstance(ticks, dict):
            continue
        for key, ok in ticks.items():
            seen[key] += n
            missed[key] += 0 if ok else n
    out = [Missed(k, missed[k], seen[k]) for k in seen]
    out.sort(key=lambda m: (-m.share, -m.of, m.key))
    return tuple(out)


def _signals(rows: Sequence[tuple[Any, ...]]) -> tuple[Signals, ...]:
    """The earlier and the latest half (one run when there are fewer than four)."""

    def fold(part: Sequence[tuple[Any, ...]]) -> Signals:
        def number(v: Any) -> int:
            return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else 0

        return Signals(
            answers=len(part),
            quantified=sum(1 for r in part if r[1] in (1, True)),
            i_count=sum(number(r[2]) for r in part),
            we_count=sum(number(r[3]) for r in part),
            points=sum(number(r[4]) for r in part),
            touched=sum(min(number(r[5]), number(r[4])) for r in part),
        )

    if not rows:
        return ()
    if len(rows) < 4:
        return (fold(rows),)
    half = len(rows) // 2
    return (fold(rows[:half]), fold(rows[-half:]))


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class _LocalDays:
    """UTC times to local dates, fast: one time-zone lookup per UTC day, not per session.

    On a UTC day whose offset is the same at its start and its end (all but
    the days clocks change) the local date changes once, at a fixed UTC time
    of day: a string comparison tells which side a session is on. The other
    days convert each time in full.
    """

    def __init__(self, zone: tzinfo | None) -> None:
        self.zone = zone
        self.days: dict[str, tuple[str, date, date] | None] = {}

    def _offset(self, epoch: int) -> int:
        """The zone's offset from UTC at `epoch`, in seconds."""
        if self.zone is None:
            return time.localtime(epoch).tm_gmtoff
        offset = datetime.fromtimestamp(epoch, self.zone).utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def _day(self, utc_day: str) -> tuple[str, date, date] | None:
        ordinal = date.fromisoformat(utc_day).toordinal()
        midnight = (ordinal - _EPOCH_ORDINAL) * 86400  # 00:00 UTC that day, as a Unix time
        offset = self._offset(midnight)
        if offset != self._offset(midnight + 86399):
            return None
        days, into_day = divmod(offset, 86400)  # the local date and time at 00:00 UTC
        before = date.fromordinal(ordinal + days)
        change = 86400 - into_day  # seconds after 00:00 UTC when the local date changes
        if change >= 86400:
            return "99", before, before
        hours, rest = divmod(change, 3600)
        return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}", before, before + timedelta(days=1)

    def __call__(self, iso: str) -> date:
        key = iso[:10]
        if key not in self.days:
            self.days[key] = self._day(key)
        known = self.days[key]
        if known is None:
            return datetime.fromisoformat(iso).astimezone(self.zone).date()
        boundary, before, after = known
        return after if iso[11:19] >= boundary else before


def _days(points: Sequence[SessionPoint], zone: tzinfo | None) -> list[Point]:
    answers: dict[date, int] = defaultdict(int)
    rated: dict[date, int] = defaultdict(int)
    sums: dict[date, int] = defaultdict(int)
    local_day = _LocalDays(zone)
    for p in points:
        day = local_day(p.started_at)
        answers[day] += p.answers
        rated[day] += p.rated
        sums[day] += p.rating_sum
    return [Point(d, answers[d], rated[d], _avg(sums[d], rated[d])) for d in sorted(answers)]


def _streak(days: Sequence[date], today: date) -> Streak:
    if not days:
        return Streak(0, 0, 0, None)
    longest = run = 1
    for before, after in itertools.pairwise(days):
        run = run + 1 if after - before == timedelta(days=1) else 1
        longest = max(longest, run)
    current = 0
    if today - days[-1] <= timedelta(days=1):
        current = 1
        for i in range(len(days) - 1, 0, -1):
            if days[i] - days[i - 1] != timedelta(days=1):
                break
            current += 1
    return Streak(current, longest, len(days), days[-1])


def compute(
    db: sqlite3.Connection,
    filters: Filters = NO_FILTERS,
    *,
    today: date,
    zone: tzinfo | None = None,
) -> Stats:
    """Everything `aecoach stats` shows, from one snapshot of the history.

    `zone` is the time zone practice days are counted in (the computer's
    own when None); `today` is the date in that zone.
    """
    from aecoach.bank.taxonomy import OBJECTION_THEMES
    from aecoach.coaching.session import TOO_SHORT

    groups = item_groups(db, filters, TOO_SHORT)
    points = session_points(db, filters)
    by_skill = _fold(groups, lambda g: set(g.skills))
    edges = edge_ratings(db, filters, TREND_ANSWERS)
    trends = _trends(edges, {g.key: g.rated for g in by_skill})
    weak_rows = _weakest(groups)
    prompts = latest_prompts(db, [row[0] for row in weak_rows])
    series = _days(points, zone)
    answers = sum(g.answers for g in groups)
    rated = sum(g.rated for g in groups)
    answered = sum(g.answered for g in groups)
    overran = sum(g.overran for g in groups)
    short = sum(g.short for g in groups)
    # Objection themes are a fixed vocabulary apart from question kinds (bank/taxonomy.py).
    roles = session_roles(db)
    questions = [g for g in groups if g.kind not in OBJECTION_THEMES]
    objections = [g for g in groups if g.kind in OBJECTION_THEMES]
    return Stats(
        filters=filters,
        sessions=len(points),
        answers=answers,
        rated=rated,
        average=_avg(sum(g.rating_sum for g in groups), rated),
        first_at=min((p.started_at for p in points), default=None),
        last_at=max((g.last_at for g in groups), default=None),
        by_skill=by_skill,
        by_kind=_fold(questions, lambda g: (g.kind,)),
        by_theme=_fold(objections, lambda g: (g.kind,)),
        by_role=_fold(points, lambda p: (roles.get(p.session_id) or ANY_ROLE,)),
        trends=trends,
        checklist=_checklist(checklist_counts(db, filters)),
        signals=_signals(feedback_signals(db, filters)),
        timing=Timing(
            answered=answered,
            within=answered - overran - short,
            short=short,
            overran=overran,
            average_overrun=(
                round(sum(g.overrun_seconds for g in groups) / overran, 1) if overran else None
            ),
        ),
        weakest=tuple(
            Weak(key, *prompts.get(key, ("", "")), n, r, n - r, _avg(s, r))
            for key, n, r, s in weak_rows
        ),
        streak=_streak([p.day for p in series], today),
        series=tuple(series),
    )


def read_stats(
    path: Path, filters: Filters = NO_FILTERS, *, today: date, zone: tzinfo | None = None
) -> Stats:
    """Stats of the history at `path` (all zero when there is none yet). Creates nothing."""
    from aecoach.history.migrations import migrate
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(path, check=False)
    if store is None:
        # The same shape for "no history" as for an empty one, from an empty schema.
        db = sqlite3.connect(":memory:", isolation_level=None)
        try:
            migrate(db)
            return compute(db, filters, today=today, zone=zone)
        finally:
            db.close()
    with store:
        return store.read(lambda db: compute(db, filters, today=today, zone=zone))


_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def parse_since(value: str, zone: tzinfo | None = None, today: date | None = None) -> str:
    """A --since day (local midnight: see `aecoach.dates.FORMS`) or date-time, as the ISO
    UTC text answers are kept in. `today` is the candidate's, for "yesterday" and "7d"."""
    from aecoach.dates import FORMS, parse_day
    from aecoach.errors import AecoachError, Msg
    from aecoach.history.records import iso_utc

    if today is None:
        today = datetime.now(zone).date() if zone else datetime.now().astimezone().date()
    try:
        moment = parse_day(value, today)
    except ValueError:
        raise AecoachError(Msg.BAD_SINCE, value=value, forms=FORMS, exit_code=2) from None
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    try:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone) if zone else moment.astimezone()
        return iso_utc(moment)
    except (OverflowError, ValueError, OSError):
        # Within a day of datetime's ends, UTC falls outside them: the year 1 is before
        # every answer, the year 9999 after, and the text compares as such.
        return "0001-01-01T00:00:00.000Z" if moment.year < 5000 else "9999-12-31T23:59:59.999Z"


def make_filters(
    *,
    since: str | None = None,
    role: str | None = None,
    language: str | None = None,
    mode: str | None = None,
    zone: tzinfo | None = None,
    today: date | None = None,
) -> Filters:
    """Filters from the command line's words, checked (AecoachError if one is malformed)."""
    from aecoach.errors import AecoachError, Msg

    if language is not None:
        meant = i18n.meant(language)
        if meant is not None:
            raise AecoachError(Msg.LANGUAGE_MEANT, value=language, code=meant, exit_code=2)
        if not _LANGUAGE.match(language):
            raise AecoachError(Msg.BAD_LANGUAGE, value=language, exit_code=2)
    return Filters(
        since=parse_since(since, zone, today) if since is not None else None,
        role=role,
        language=language,
        mode=mode,
    )
