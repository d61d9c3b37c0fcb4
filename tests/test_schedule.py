"""The spaced-repetition schedule, derived from history rows on a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from aecoach.coaching.schedule import (
    RATING_MAP,
    Review,
    derive,
    due_items,
    due_summary,
    weak_items,
)
from aecoach.history.store import HistoryStore, read_rated
from factories import sample_answer, sample_session

T0 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def rated(key: str, rating: int | None, at: datetime) -> dict[str, object]:
    return {"item_key": key, "started_at": at.isoformat(), "rating": rating}


def test_the_rating_scale_maps_onto_fsrs() -> None:
    assert {k: v.name for k, v in RATING_MAP.items()} == {
        1: "Again",
        2: "Again",
        3: "Hard",
        4: "Good",
        5: "Easy",
    }


def test_a_question_rated_1_comes_back_before_one_rated_5() -> None:
    states = derive([rated("p/weak", 1, T0), rated("p/strong", 5, T0)])
    assert states["p/weak"].due < states["p/strong"].due
    assert states["p/weak"].due == T0 + timedelta(days=1)
    assert states["p/strong"].due - T0 >= timedelta(days=5)
    # A day later only the weak one is due.
    assert [s.key for s in due_items(states, T0 + timedelta(days=1))] == ["p/weak"]


def test_intervals_grow_with_good_ratings() -> None:
    rows, at, intervals = [], T0, []
    for _ in range(4):
        rows.append(rated("p/q", 4, at))
        due = derive(rows)["p/q"].due
        intervals.append((due - at).days)
        at = due  # answered again on the day it falls due
    assert intervals == sorted(intervals) and len(set(intervals)) == 4, intervals
    assert intervals[0] == 2


def test_a_bad_rating_resets_the_interval() -> None:
    good = derive([rated("p/q", 4, T0), rated("p/q", 4, T0 + timedelta(days=2))])["p/q"]
    lapsed = derive([rated("p/q", 4, T0), rated("p/q", 1, T0 + timedelta(days=2))])["p/q"]
    assert lapsed.due == T0 + timedelta(days=3)
    assert good.due > lapsed.due


def test_skipped_answers_are_not_reviews_and_order_of_rows_does_not_matter() -> None:
    rows = [
        rated("p/q", 1, T0 + timedelta(days=2)),
        rated("p/q", None, T0 + timedelta(days=1)),
        rated("p/q", 5, T0),
    ]
    state = derive(rows)["p/q"]
    assert (state.reviews, state.last_rating) == (2, 1)
    assert state.due == T0 + timedelta(days=3)


def test_every_language_counts_for_the_same_item_key() -> None:
    english = sample_answer(n=1, rating=5, started_at=T0)
    spanish = replace(
        sample_answer(n=2, rating=5, started_at=T0 + timedelta(days=8)),
        language="es",
        prompt_text="¿Por qué elegiste una carrera en ventas?",
    )
    (state,) = derive([english, spanish]).values()
    assert (state.key, state.reviews) == ("core/why-sales", 2)


def test_due_items_come_most_overdue_first_and_weak_ones_are_those_rated_3_or_less() -> None:
    now = T0 + timedelta(days=30)
    states = derive(
        [
            Review("p/old", T0, 1),
            Review("p/recent", T0 + timedelta(days=20), 1),
            Review("p/fair", now - timedelta(hours=1), 3),
            Review("p/good", now - timedelta(hours=1), 4),
        ]
    )
    assert [s.key for s in due_items(states, now)] == ["p/old", "p/recent"]
    assert [s.key for s in weak_items(states, now)] == ["p/fair"]


def test_due_summary_counts_today_and_this_week_in_the_local_day() -> None:
    tokyo = timezone(timedelta(hours=9))
    rows = [
        rated("p/overdue", 1, T0 - timedelta(days=3)),  # due 3 days ago
        rated("p/tomorrow", 1, T0),  # due T0 + 1 day
        rated("p/easy", 5, T0),  # due in a week or more
    ]
    now = T0.astimezone(tokyo)  # 18:30 in Tokyo
    summary = due_summary(rows, now)
    assert (summary.today, summary.this_week) == (1, 2)
    assert summary.next_due == T0 + timedelta(days=1)
    # Late in the evening, tomorrow morning's item is still tomorrow; the next day it is today.
    assert due_summary(rows, now + timedelta(hours=20)).today == 2
    assert due_summary([], now) == type(summary)(0, 0, None)


def test_the_schedule_is_derived_from_the_history_file(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    assert read_rated(path) == [] and not path.exists()
    session = sample_session()
    with HistoryStore.open(path) as store:
        store.record_answer(session, sample_answer(n=1, rating=1))
        store.record_answer(session, sample_answer(n=2, rating=None))
    rows = read_rated(path)
    assert [(r["item_key"], r["rating"]) for r in rows] == [("core/why-sales", 1)]
    assert derive(rows)["core/why-sales"].reviews == 1


def _fill(path: Path, answers: list[tuple[str, int, int]]) -> None:
    """Answers as (item key, minutes after T0, rating) in one session."""
    session = sample_session()
    with HistoryStore.open(path) as store:
        for n, (key, minutes, rating) in enumerate(answers, 1):
            answer = sample_answer(n=n, rating=rating)
            at = (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
            store.record_answer(session, replace(answer, item_key=key, started_at=at))


def test_load_states_gives_what_a_full_replay_gives_and_replays_only_what_changed(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import aecoach.coaching.schedule as schedule

    path, cache = tmp_path / "history.sqlite3", tmp_path / "cache"
    assert schedule.load_states(path, cache) == {} and not path.exists()
    _fill(path, [("p/a", 0, 1), ("p/b", 1, 5), ("p/a", 2, 4)])
    replayed: list[str] = []
    real = schedule.derive

    def counting(rows):  # type: ignore[no-untyped-def]
        states = real(rows)
        replayed.extend(states)
        return states

    monkeypatch.setattr(schedule, "derive", counting)
    first = schedule.load_states(path, cache)
    assert first == real(read_rated(path))
    assert sorted(replayed) == ["p/a", "p/b"]
    replayed.clear()
    assert schedule.load_states(path, cache) == first
    assert replayed == [], "an unchanged history is served from the cache"
    # A new rating of p/b, and an import-like answer of p/a *before* its others.
    _fill(path, [("p/b", 60 * 24 * 3, 2), ("p/a", -5, 3)])
    third = schedule.load_states(path, cache)
    assert third == real(read_rated(path))
    assert sorted(replayed) == ["p/a", "p/b"]
    # A damaged cache is rebuilt, never trusted.
    (cache / "schedule.json").write_text("{not json", encoding="utf-8")
    assert schedule.load_states(path, cache) == third
