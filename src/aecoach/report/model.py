"""What the report shows, computed from the stats and export data. Pure: no I/O, no terminal.

The input is exactly what `aecoach stats --json` prints (`stats`) and the `sessions` list
of `aecoach export --format json`, so the figures on the page are the figures in those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

# 10 s of a two-minute question is not "within time": the same rule as stats and the mock.
from aecoach.coaching.session import too_short


@dataclass(frozen=True)
class Timing:
    too_short: int = 0
    within: int = 0
    over: int = 0

    @property
    def answered(self) -> int:
        return self.too_short + self.within + self.over


@dataclass(frozen=True)
class Weekly:
    """One figure per week: `weeks` are Mondays, `series` maps a name to one value a week."""

    weeks: tuple[date, ...] = ()
    series: Mapping[str, tuple[float | None, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(v is not None for values in self.series.values() for v in values)


@dataclass(frozen=True)
class Missed:
    key: str
    asked: int
    missed: int

    @property
    def share(self) -> float:
        return self.missed / self.asked if self.asked else 0.0


@dataclass(frozen=True)
class Report:
    stats: Mapping[str, Any]
    sessions: tuple[Mapping[str, Any], ...]  # newest first, each with its answers
    skill_weeks: Weekly
    checklist: tuple[Missed, ...]  # most missed (as a share) first
    timing: Timing
    delivery_weeks: Weekly  # words per minute and fillers per minute, where recorded
    signal_weeks: Weekly  # coach's notes: share quantified, I share of I + we
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    first_day: date | None
    last_day: date | None
    plan: Mapping[str, Any] | None = None


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local_day(text: str, zone: tzinfo | None) -> date:
    return parse_utc(text).astimezone(zone).date()


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def timing_of(answer: Mapping[str, Any]) -> str | None:
    """ "too_short", "within" or "over" for an answer given, None for a skipped one."""
    if answer.get("skipped"):
        return None
    if answer.get("overran"):
        return "over"
    limit = answer.get("time_limit") or 0
    if limit and too_short(answer.get("seconds_used") or 0, limit):
        return "too_short"
    return "within"


def _weekly(points: Iterable[tuple[date, str, float]]) -> Weekly:
    sums: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    weeks: set[date] = set()
    for day, name, value in points:
        week = monday(day)
        weeks.add(week)
        sums[name][week].append(value)
    if not weeks:
        return Weekly()
    # Every week from the first to the last, so a gap in practice shows as a gap.
    first, last = min(weeks), max(weeks)
    span = tuple(first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1))
    series = {
        name: tuple(
            round(sum(by_week[w]) / len(by_week[w]), 2) if by_week.get(w) else None for w in span
        )
        for name, by_week in sorted(sums.items())
    }
    return Weekly(span, series)


def build(
    stats: Mapping[str, Any],
    sessions: Sequence[Mapping[str, Any]],
    *,
    zone: tzinfo | None = None,
    plan: Mapping[str, Any] | None = None,
) -> Report:
    skill_points: list[tuple[date, str, float]] = []
    delivery_points: list[tuple[date, str, float]] = []
    signal_points: list[tuple[date, str, float]] = []
    asked: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    timing = {"too_short": 0, "within": 0, "over": 0}
    roles: set[str] = set()
    skills: set[str] = set()
    days: list[date] = []
    for session in sessions:
        role = session_role(session)
        if role:
            roles.add(role)
        for answer in session.get("answers", ()):
            day = local_day(answer["started_at"], zone)
            days.append(day)
            skills.update(answer.get("skills") or ())
            if answer.get("rating") is not None:
                for skill in answer.get("skills") or ():
                    skill_points.append((day, skill, float(answer["rating"])))
            for key, value in (answer.get("checklist") or {}).items():
                asked[key] += 1
                missed[key] += value is False
            kind = timing_of(answer)
            if kind:
                timing[kind] += 1
            delivery_points.extend(_delivery(day, answer.get("delivery")))
            signal_points.extend(_signals(day, answer.get("feedback")))
    checklist = sorted(
        (Missed(k, asked[k], missed[k]) for k in asked),
        key=lambda m: (-m.share, -m.missed, m.key),
    )
    return Report(
        stats=stats,
        sessions=tuple(sorted(sessions, key=lambda s: s["started_at"], reverse=True)),
        skill_weeks=_weekly(skill_points),
        checklist=tuple(checklist),
        timing=Timing(**timing),
        delivery_weeks=_weekly(delivery_points),
        signal_weeks=_weekly(signal_points),
        roles=tuple(sorted(roles)),
        skills=tuple(sorted(skills)),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        plan=plan,
    )


def session_role(session: Mapping[str, Any]) -> str | None:
    settings = session.get("settings") or {}
    role = settings.get("role") if isinstance(settings, Mapping) else None
    return role if isinstance(role, str) and role else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _delivery(day: date, delivery: Any) -> list[tuple[date, str, float]]:
    if not isinstance(delivery, Mapping):
        return []
    out = []
    for key in ("words_per_minute", "characters_per_minute", "fillers_per_minute"):
        value = _number(delivery.get(key))
        if value is not None:
            out.append((day, key, value))
    return out


def _signals(day: date, feedback: Any) -> list[tuple[date, str, float]]:
    if not isinstance(feedback, Mapping):
        return []
    out = []
    if isinstance(feedback.get("quantified"), bool):
        out.append((day, "quantified", 100.0 if feedback["quantified"] else 0.0))
    i_count, we_count = _number(feedback.get("i_count")), _number(feedback.get("we_count"))
    if i_count is not None and we_count is not None and i_count + we_count > 0:
        out.append((day, "i_share", round(100 * i_count / (i_count + we_count), 1)))
    return out
