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
from pathlib import Path
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


# --- The schedule of a history file, replayed only where it changed ---------------------------

CACHE_FORMAT = 1


def load_states(history_path: Path, cache_dir: Path | None = None) -> dict[str, ItemState]:
    """Every rated item's state in the history at `history_path` (none without a history).

    Replaying a heavy user's whole history costs about 15 µs per answer, 1.5 s
    at 100,000 answers: too slow for `aecoach stats`. So the states are kept in
    `cache_dir` with each item's answer count and latest answer time, and only
    items whose count or latest time changed (a new rating, an import) are
    replayed, in full, so the result is exactly what `derive` gives. The cache
    is a copy, never the truth: unreadable or stale, it is rebuilt.
    """
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(history_path, check=False)
    if store is None:
        return {}
    cache_file = cache_dir / "schedule.json" if cache_dir is not None else None
    cached = _read_cache(cache_file)
    with store:

        def work(db: Any) -> dict[str, ItemState]:
            marks = db.execute(
                "SELECT item_key, COUNT(*), MAX(started_at) FROM answers"
                " WHERE rating IS NOT NULL GROUP BY item_key"
            ).fetchall()
            states: dict[str, ItemState] = {}
            for key, count, latest in marks:
                entry = cached.get(key)
                if entry is not None and entry["count"] == count and entry["latest"] == latest:
                    states[key] = _state_from(key, entry)
                    continue
                rows = db.execute(
                    "SELECT item_key, started_at, rating FROM answers"
                    " WHERE item_key = ? AND rating IS NOT NULL ORDER BY started_at, id",
                    (key,),
                ).fetchall()
                states.update(
                    derive({"item_key": k, "started_at": t, "rating": r} for k, t, r in rows)
                )
                cached[key] = _entry_from(states[key], count, latest)
            return states

        states = store.read(work)
    if cache_file is not None:
        _write_cache(cache_file, {k: v for k, v in cached.items() if k in states})
    return states


def _entry_from(state: ItemState, count: int, latest: str) -> dict[str, Any]:
    return {
        "count": count,
        "latest": latest,
        "due": state.due.isoformat(),
        "reviews": state.reviews,
        "last_rating": state.last_rating,
        "last_review": state.last_review.isoformat(),
        "stability": state.stability,
    }


def _state_from(key: str, entry: Mapping[str, Any]) -> ItemState:
    return ItemState(
        key=key,
        due=datetime.fromisoformat(entry["due"]),
        reviews=int(entry["reviews"]),
        last_rating=int(entry["last_rating"]),
        last_review=datetime.fromisoformat(entry["last_review"]),
        stability=float(entry["stability"]),
    )


def _cache_key() -> list[Any]:
    from aecoach import __version__

    return [CACHE_FORMAT, __version__, sorted(_SCHEDULER_OPTIONS.items(), key=str).__repr__()]


def _read_cache(cache_file: Path | None) -> dict[str, dict[str, Any]]:
    import json

    if cache_file is None:
        return {}
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if data["key"] != _cache_key() or not isinstance(data["items"], dict):
            return {}
        items = data["items"]
        for entry in items.values():
            _state_from("", entry)  # every entry must be usable, or none is trusted
        return items
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_cache(cache_file: Path, items: Mapping[str, Any]) -> None:
    import json

    from aecoach.bank.cache import write_text

    write_text(cache_file, json.dumps({"key": _cache_key(), "items": items}))
