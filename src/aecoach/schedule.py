"""Spaced repetition: when each item should come back, derived from the history with FSRS.

Nothing is stored: the schedule is rebuilt from the rated answers every time
it is needed, so a copied or imported history brings its schedule with it
and there is no second file to drift out of step. Each item's rated answers
(grouped by item key, so every language counts) are replayed in time order
through an FSRS scheduler; skipped answers are not reviews.

Import this module only in commands that schedule: it loads `fsrs`
(see tests/test_startup_imports.py). See docs/coaching.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from fsrs import Card, Rating, Scheduler

# The self-rating scale (session.RATING_SCALE) onto FSRS's four answers. A
# "Weak" answer (2) is not a pass: vague or rambling is what the candidate must
# redo soon, so it resets the item like "Missed it" (1).
RATING_MAP: dict[int, Rating] = {
    1: Rating.Again,
    2: Rating.Again,
    3: Rating.Hard,
    4: Rating.Good,
    5: Rating.Easy,
}

# An interview answer is not a flash card: asking it again ten minutes later
# tests memory of one's own words, not the skill. With no (re)learning steps
# FSRS schedules every item in whole days from the first rating on. No fuzz,
# so the same history always gives the same schedule.
_SCHEDULER_OPTIONS: dict[str, Any] = {
    "learning_steps": (),
    "relearning_steps": (),
    "enable_fuzzing": False,
}

WEAK_AT_MOST = 3  # a last rating of 3 (Fair) or lower marks an item as weak


class Review(NamedTuple):
    """One rated answer, as the scheduler needs it."""

    item_key: str
    at: datetime  # aware; reviews_from turns it into UTC, which FSRS requires
    rating: int  # 1..5


@dataclass(frozen=True)
class ItemState:
    key: str
    due: datetime  # UTC
    reviews: int
    last_rating: int
    last_review: datetime  # UTC
    stability: float

    def is_due(self, now: datetime) -> bool:
        return self.due <= now

    def overdue(self, now: datetime) -> timedelta:
        return now - self.due


@dataclass(frozen=True)
class DueSummary:
    today: int  # due now or before the end of today (local day of `now`)
    this_week: int  # due before the end of the sixth day after today; includes today's
    next_due: datetime | None  # the earliest due moment after now, if any


def scheduler() -> Scheduler:
    return Scheduler(**_SCHEDULER_OPTIONS)


def _field(row: Any, name: str) -> Any:
    try:
        return row[name]  # sqlite3.Row
    except (TypeError, IndexError, KeyError):
        return getattr(row, name)


def _when(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("answer times must carry a time zone")
    return moment.astimezone(UTC)


def reviews_from(rows: Iterable[Any]) -> list[Review]:
    """The rated answers among `rows`: records, mappings or sqlite3.Rows with
    item_key, started_at (ISO text or datetime) and rating (None when skipped)."""
    out = []
    for row in rows:
        if isinstance(row, Review):
            out.append(row._replace(at=_when(row.at)))
            continue
        rating = _field(row, "rating")
        if rating is None:
            continue
        out.append(Review(str(_field(row, "item_key")), _when(_field(row, "started_at")), rating))
    return out


def derive(rows: Iterable[Any]) -> dict[str, ItemState]:
    """Replay every item's rated answers in time order; the state each one ends in."""
    by_key: dict[str, list[Review]] = {}
    for review in reviews_from(rows):
        by_key.setdefault(review.item_key, []).append(review)
    fsrs = scheduler()
    states: dict[str, ItemState] = {}
    for key, reviews in by_key.items():
        reviews.sort(key=lambda r: r.at)
        card = Card(card_id=0)  # an explicit id: the default reads the clock and sleeps
        for review in reviews:
            card, _ = fsrs.review_card(card, RATING_MAP[review.rating], review.at)
        last = reviews[-1]
        states[key] = ItemState(
            key=key,
            due=card.due,
            reviews=len(reviews),
            last_rating=last.rating,
            last_review=last.at,
            stability=float(card.stability or 0.0),
        )
    return states


def due_items(states: Mapping[str, ItemState], now: datetime) -> list[ItemState]:
    """Items due at `now`, most overdue first (then the lower last rating)."""
    due = [s for s in states.values() if s.is_due(now)]
    due.sort(key=lambda s: (s.due, s.last_rating, s.key))
    return due


def weak_items(states: Mapping[str, ItemState], now: datetime) -> list[ItemState]:
    """Not yet due, but last rated Fair or lower: lowest rating first, then soonest due."""
    weak = [s for s in states.values() if not s.is_due(now) and s.last_rating <= WEAK_AT_MOST]
    weak.sort(key=lambda s: (s.last_rating, s.due, s.key))
    return weak


def next_due(states: Mapping[str, ItemState], now: datetime) -> datetime | None:
    later = [s.due for s in states.values() if not s.is_due(now)]
    return min(later) if later else None


def _end_of_day(now: datetime, days_after: int) -> datetime:
    midnight = datetime.combine(now.date() + timedelta(days=days_after + 1), datetime.min.time())
    return midnight.replace(tzinfo=now.tzinfo)


def summarise_due(states: Mapping[str, ItemState], now: datetime) -> DueSummary:
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone; its day boundaries are the local ones")
    today_ends, week_ends = _end_of_day(now, 0), _end_of_day(now, 6)
    return DueSummary(
        today=sum(1 for s in states.values() if s.due < today_ends),
        this_week=sum(1 for s in states.values() if s.due < week_ends),
        next_due=next_due(states, now),
    )


def due_summary(history_rows: Iterable[Any], now: datetime) -> DueSummary:
    """How many items fall due today and this week, and when the next one does.

    `history_rows`: answers as records, mappings or sqlite3.Rows (item_key,
    started_at, rating); `now` is aware, and its zone sets where "today" ends.
    """
    return summarise_due(derive(history_rows), now)
