"""The session's logic without a terminal: choosing, scoring, recording, summarising."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from aecoach.bank.model import Bank
from aecoach.coaching.session import (
    CHECKLIST,
    EXERCISE_KINDS,
    RATING_SCALE,
    STAGES,
    PlanItem,
    clock,
    make_answer,
    practice_plan,
    rating_label,
    summarise,
)
from aecoach.errors import AecoachError, Msg
from factories import sample_answer, sample_question


def keys(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.key for i in plan.items]


def test_plan_keeps_only_questions_matching_every_filter(bank: Bank) -> None:
    plan = practice_plan(bank, role="sdr", skill="curiosity", count=50, seed=1)
    assert plan.items, "the bank has SDR curiosity questions"
    for item in plan.items:
        assert "sdr" in item.item.roles
        assert "curiosity" in item.skills
    # Exercises (cold calls, plans...) come only with --kind; see the next test.
    expected = {
        q.key
        for q in bank.questions
        if "sdr" in q.roles and "curiosity" in q.skills and q.kind not in EXERCISE_KINDS
    }
    assert set(keys(plan)) == expected
    assert plan.matched == len(expected)


def test_exercises_are_asked_only_when_their_kind_is(bank: Bank) -> None:
    plain = practice_plan(bank, role="sdr", count=50, seed=1)
    assert not {i.kind for i in plain.items} & set(EXERCISE_KINDS)
    calls = practice_plan(bank, kind="cold-call", count=50, seed=1)
    assert {i.kind for i in calls.items} == {"cold-call"} and len(calls.items) >= 4


def test_plan_by_kind(bank: Bank) -> None:
    plan = practice_plan(bank, kind="closing", count=50, seed=1)
    assert {i.kind for i in plan.items} == {"closing"}


def test_the_same_seed_gives_the_same_questions_in_the_same_order(bank: Bank) -> None:
    first = practice_plan(bank, role="ae", count=5, seed=42)
    again = practice_plan(bank, role="ae", count=5, seed=42)
    assert keys(first) == keys(again)
    assert [a.key for a in first.asks] == [a.key for a in again.asks]
    others = {tuple(keys(practice_plan(bank, role="ae", count=5, seed=s))) for s in range(1, 6)}
    assert len(others) > 1, "different seeds should give different sessions"


def test_without_a_seed_one_is_drawn_and_recorded_so_the_session_can_be_replayed(
    bank: Bank,
) -> None:
    plan = practice_plan(bank, role="am", count=4)
    seed = plan.settings["seed"]
    assert isinstance(seed, int)
    assert keys(practice_plan(bank, role="am", count=4, seed=seed)) == keys(plan)
    assert plan.settings == {
        "mode": "practice",
        "pick": "random",
        "role": "am",
        "skill": None,
        "kind": None,
        "count": 4,
        "seed": seed,
        "time": None,
    }


def test_questions_come_in_interview_order(bank: Bank) -> None:
    for seed in range(1, 20):
        stages = [STAGES.index(i.kind) for i in practice_plan(bank, count=8, seed=seed).items]
        assert stages == sorted(stages)


def test_asking_for_more_than_match_gives_all_that_match(bank: Bank) -> None:
    pool = [q for q in bank.questions if q.kind == "closing" and "am" in q.roles]
    plan = practice_plan(bank, role="am", kind="closing", count=50, seed=3)
    assert len(plan.items) == len(pool) == plan.matched
    assert len(set(keys(plan))) == len(pool)


def test_time_override_replaces_every_limit(bank: Bank) -> None:
    plan = practice_plan(bank, count=5, seed=9, time_limit=45)
    assert {i.time_limit for i in plan.items} == {45}
    own = practice_plan(bank, count=5, seed=9)
    assert [i.time_limit for i in own.items] == [i.item.time_limit for i in own.items]


def test_no_match_is_a_clear_error(bank: Bank) -> None:
    with pytest.raises(AecoachError) as caught:
        practice_plan(bank, role="am", kind="objection-roleplay", skill="curiosity", count=5)
    assert caught.value.msg is Msg.NO_MATCH
    assert "'am' and 'curiosity' and 'objection-roleplay'" in caught.value.text


@pytest.mark.parametrize(("count", "time_limit"), [(0, None), (51, None), (5, 9), (5, 1801)])
def test_plan_refuses_out_of_range_settings(bank: Bank, count: int, time_limit: int | None) -> None:
    with pytest.raises(ValueError):
        practice_plan(bank, count=count, time_limit=time_limit)


def test_asks_follow_the_role(bank: Bank) -> None:
    plan = practice_plan(bank, role="sdr", count=2, seed=5)
    assert len(plan.asks) == 3
    assert all("sdr" in a.roles for a in plan.asks)


def test_rating_scale_is_one_to_five_with_labels() -> None:
    assert [r.value for r in RATING_SCALE] == [1, 2, 3, 4, 5]
    assert all(r.label and r.meaning for r in RATING_SCALE)
    assert rating_label(4) == "Good"
    assert rating_label(None) == "skipped"


def test_checklist_is_the_one_the_issue_names() -> None:
    assert [(c.key, c.label, c.measured) for c in CHECKLIST] == [
        ("example", "Used a concrete real-world example", False),
        ("on-question", "Answered the question asked", False),
        ("confident", "Clear and confident", False),
        ("on-time", "Stayed within time", True),
        ("engaged", "Engaged the interviewer, not only talked about myself", False),
    ]


def test_a_rated_answer_becomes_a_full_record() -> None:
    question = sample_question()
    record = make_answer(
        PlanItem(question, 90),
        session_id="s-9",
        started_at=datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        seconds_used=75.44,
        rating=4,
        checklist={"example": True, "on-question": False, "confident": True, "engaged": False},
        notes="  STAR story about Acme  ",
    )
    uuid.UUID(record.uid)
    assert record.session_id == "s-9"
    assert record.item_key == "core/why-sales"
    assert record.item_type == "question"
    assert (record.pack, record.language) == ("core", "en")
    assert record.prompt_text == "Why did you choose a career in sales?"
    assert record.kind == "motivation"
    assert record.roles == ("ae", "sdr", "am")
    assert record.skills == ("determination", "empathy")
    assert record.started_at == "2025-01-02T03:04:05.678Z"
    assert record.seconds_used == 75.4
    assert record.time_limit == 90
    assert (record.overran, record.skipped, record.rating) == (False, False, 4)
    assert record.checklist == {
        "example": True,
        "on-question": False,
        "confident": True,
        "on-time": True,
        "engaged": False,
    }
    assert record.notes == "STAR story about Acme"


def test_the_clock_answers_stayed_within_time_and_records_the_overrun() -> None:
    item = PlanItem(sample_question(), 60)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    on_time = make_answer(item, session_id="s", started_at=start, seconds_used=60.0, rating=3)
    over = make_answer(item, session_id="s", started_at=start, seconds_used=60.3, rating=3)
    assert (on_time.overran, on_time.checklist["on-time"]) == (False, True)
    assert (over.overran, over.checklist["on-time"]) == (True, False)
    assert clock(on_time.seconds_used) == "1:00"
    assert clock(over.seconds_used) == "1:01"


def test_a_skipped_answer_has_no_rating_and_no_checklist() -> None:
    record = sample_answer(rating=None, checklist={"example": True})
    assert (record.skipped, record.rating, record.checklist) == (True, None, {})


def test_notes_are_made_inert() -> None:
    record = sample_answer(notes="good\x1b[2Jbad\u202e")
    assert record.notes == "good\\x1b[2Jbad\\u202e"


def test_an_objection_can_be_planned_and_recorded(bank: Bank) -> None:
    objection = bank.objections[0]
    item = PlanItem(objection, objection.time_limit)
    assert item.item_type == "objection"
    assert item.prompt_text == objection.line
    assert item.hints == objection.points
    assert item.kind == objection.theme
    assert item.kind_label.startswith("Objection: ")
    record = make_answer(
        item, session_id="s", started_at=datetime(2025, 1, 1, tzinfo=UTC), seconds_used=40, rating=2
    )
    assert (record.item_type, record.item_key, record.skills) == (
        "objection",
        objection.key,
        ("objection-handling",),
    )


def test_summary_counts_averages_and_names_what_to_work_on() -> None:
    answers = [
        sample_answer(n=1, rating=4, seconds_used=100),
        sample_answer(
            n=2,
            rating=2,
            seconds_used=130,
            checklist={"example": False, "on-question": True, "confident": False, "engaged": True},
        ),
        sample_answer(n=3, rating=None, seconds_used=10),
    ]
    summary = summarise(answers)
    assert (summary.rated, summary.skipped, summary.overran) == (2, 1, 1)
    assert summary.average == 3.0
    assert [(m.label, m.missed, m.of) for m in summary.misses] == [
        ("Clear and confident", 2, 2),
        ("Used a concrete real-world example", 1, 2),
        ("Stayed within time", 1, 2),
    ]
    assert summary.passed(answers[0]) == (4, 5)


def test_summary_of_nothing() -> None:
    summary = summarise([])
    assert (summary.rated, summary.average, summary.misses) == (0, None, ())


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (0.2, "0:01"), (59.0, "0:59"), (60, "1:00"), (125.5, "2:06"), (3600, "1:00:00")],
)
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text


def test_the_review_shows_the_time_the_history_keeps(bank) -> None:  # type: ignore[no-untyped-def]
    # 2.04 s is kept as 2.0 s: the screen right after the answer must say 0:02 as well,
    # not the 0:03 a countdown's rounding-up would give.
    import io

    from rich.console import Console

    from aecoach.coaching.session import PlanItem
    from aecoach.ui.practice import show_review

    question = bank.questions[0]
    out = io.StringIO()
    show_review(Console(file=out, width=80), PlanItem(question, 8), 2.04)
    assert "Time: 0:02 of 0:08, within time." in out.getvalue()
    # Under a quarter of the limit is too short, as the checklist and the scorecard say.
    out = io.StringIO()
    show_review(Console(file=out, width=80), PlanItem(question, 60), 2.04)
    assert "Time: 0:02 of 1:00, too short." in out.getvalue()


def test_a_too_short_answer_did_not_stay_within_time() -> None:
    # One definition: the checklist's "Stayed within time" is what time discipline calls
    # within time, so a 10 s answer to a 2-minute question is too short in both.
    from aecoach.coaching.modes import scorecard

    item = PlanItem(sample_question(), 120)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    short = make_answer(item, session_id="s", started_at=start, seconds_used=10.0, rating=3)
    fine = make_answer(item, session_id="s", started_at=start, seconds_used=30.0, rating=3)
    assert (short.overran, short.checklist["on-time"]) == (False, False)
    assert fine.checklist["on-time"] is True
    card = scorecard([short, fine])
    assert (card.within_time, card.too_short, card.overran) == (1, 1, 0)
    assert ("Stayed within time", 1, 2) in card.checklist
