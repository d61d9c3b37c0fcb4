"""The schedule aimed at the interview date, and what to do today (issue 15), on a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from aecoach.analysis.jobs import likely_role, scan
from aecoach.bank.model import Bank
from aecoach.coaching.plan import (
    FRESH_DAYS,
    RECENT,
    aim,
    days_left,
    interview_start,
    keys_for_today,
    level_of,
    needed_for_ready,
    today,
)
from aecoach.coaching.schedule import derive
from aecoach.history.plans import InterviewPlan

TOKYO = timezone(timedelta(hours=9))
NOW = datetime(2026, 12, 8, 10, 0, tzinfo=TOKYO)  # a Tuesday morning, local
WEEK_OUT = InterviewPlan(date(2026, 12, 15), "ae", "Acme")


def rows(*answers: tuple[str, datetime, int]) -> list[dict[str, object]]:
    return [{"item_key": k, "started_at": t.isoformat(), "rating": r} for k, t, r in answers]


def test_a_question_rated_1_today_is_back_today_and_again_before_the_date() -> None:
    states = aim(derive(rows(("core/why-sales", NOW, 1))), WEEK_OUT, NOW)
    due = states["core/why-sales"].due.astimezone(TOKYO)
    assert due.date() == NOW.date() and due == NOW + timedelta(hours=1)
    # Redone that afternoon and rated Good: it comes back again, before the interview day.
    later = NOW + timedelta(hours=5)
    states = aim(
        derive(rows(("core/why-sales", NOW, 1), ("core/why-sales", later, 4))), WEEK_OUT, later
    )
    again = states["core/why-sales"].due.astimezone(TOKYO)
    assert NOW.date() < again.date() < WEEK_OUT.interview


def test_no_item_is_scheduled_past_the_interview_day() -> None:
    history = rows(*((f"core/q{n}", NOW - timedelta(days=n), 5) for n in range(1, 20)))
    plain = derive(history)
    assert max(s.due for s in plain.values()) > interview_start(WEEK_OUT, NOW)  # FSRS alone would
    aimed = aim(plain, WEEK_OUT, NOW)
    assert max(s.due for s in aimed.values()) <= interview_start(WEEK_OUT, NOW)


def test_a_weak_answer_late_in_the_evening_still_comes_back_that_day() -> None:
    late = datetime(2026, 12, 8, 23, 30, tzinfo=TOKYO)
    due = aim(derive(rows(("core/why-sales", late, 2))), WEEK_OUT, late)["core/why-sales"].due
    assert due.astimezone(TOKYO) == datetime(2026, 12, 8, 23, 59, tzinfo=TOKYO)


def test_far_from_the_date_a_weak_answer_waits_for_fsrs_and_a_past_plan_changes_nothing() -> None:
    far = InterviewPlan(date(2027, 3, 1), "ae")
    states = derive(rows(("core/why-sales", NOW, 1)))
    assert aim(states, far, NOW) == states
    passed = InterviewPlan(date(2026, 12, 1), "ae")
    assert aim(states, passed, NOW) == states and days_left(passed, NOW.date()) == -7


def test_today_lists_due_weak_and_new_work_spread_over_the_days_left(bank: Bank) -> None:
    history = rows(
        ("core/why-sales", NOW - timedelta(days=1), 1),
        ("core/tell-me-about-yourself", NOW - timedelta(days=3), 3),
    )
    states = aim(derive(history), WEEK_OUT, NOW)
    plan_today = today(bank, WEEK_OUT, states, NOW)
    assert plan_today.days_left == 7 and plan_today.practice_days == 7
    assert "core/why-sales" in plan_today.due
    # Every skill and kind of the role gets a new question before the date, a share today.
    role_questions = [q for q in bank.questions if "ae" in q.roles]
    touched = {
        s for k in plan_today.to_cover for q in role_questions if q.key == k for s in q.skills
    }
    touched |= {s for q in role_questions if q.key in states for s in q.skills}
    assert touched == {s for q in role_questions for s in q.skills}
    assert 1 <= len(plan_today.new_today) <= len(plan_today.to_cover)
    assert len(plan_today.new_today) * 7 >= len(plan_today.to_cover)
    assert not plan_today.mock
    # Most overdue first: the Fair answer of three days ago, then yesterday's miss.
    assert keys_for_today(plan_today)[:2] == ["core/tell-me-about-yourself", "core/why-sales"]
    data = plan_today.as_dict()
    assert data["days_left"] == 7 and data["interview"] == "2026-12-15"
    assert {r["skill"] for r in data["readiness"]} >= {"negotiation", "objection-handling"}


def test_a_mock_is_suggested_two_days_before(bank: Bank) -> None:
    two_before = datetime(2026, 12, 13, 9, 0, tzinfo=TOKYO)
    assert today(bank, WEEK_OUT, {}, two_before).mock
    assert not today(bank, WEEK_OUT, {}, two_before + timedelta(days=1)).mock


def test_the_job_description_weights_the_skills_it_names(bank: Bank) -> None:
    found = scan(
        "Account Executive, quota-carrying. You negotiate contracts and handle objections;"
        " Salesforce hygiene matters. 新規開拓の経験"
    )
    assert found["skills"]["negotiation"] == ["negotiate", "contract"]
    assert "handle objections" in found["skills"]["objection-handling"]
    assert found["roles"]["ae"] == ["account executive", "quota-carrying", "新規開拓"]
    assert likely_role(found) == "ae"
    plan = InterviewPlan(date(2026, 12, 15), "ae", job=found)
    first = today(bank, plan, {}, NOW).readiness[0]
    assert first.skill == "negotiation" and first.weight == 3.0


def test_job_terms_match_in_any_case_and_keep_the_acronyms_capitals() -> None:
    found = scan("We sell saas to mid-market; you own arr targets and keep the crm tidy. Ex-SDR?")
    assert found["roles"]["ae"] == ["ARR"]
    assert found["roles"]["sdr"] == ["SDR"]
    assert found["skills"]["product-knowledge"] == ["SaaS"]
    assert "CRM" in found["skills"]["organisation"]


def test_readiness_reads_coverage_and_recent_ratings(bank: Bank) -> None:
    negotiation = [q.key for q in bank.questions if "ae" in q.roles and "negotiation" in q.skills]
    enough = needed_for_ready(len(negotiation))
    history = rows(
        *((k, NOW - timedelta(hours=n + 1), 5) for n, k in enumerate(negotiation[:enough]))
    )
    states = aim(derive(history), WEEK_OUT, NOW)
    by_skill = {r.skill: r for r in today(bank, WEEK_OUT, states, NOW).readiness}
    assert by_skill["negotiation"].level == "ready"
    assert by_skill["negotiation"].practised == enough
    assert by_skill["resilience"].level in ("not-started", "ready", "improving", "weak")
    assert datetime(2026, 12, 15, tzinfo=TOKYO).astimezone(UTC) == interview_start(
        WEEK_OUT, NOW
    ).astimezone(UTC)


SDR_SOON = InterviewPlan(date(2026, 12, 17), "sdr")


def _objections(bank: Bank) -> list[str]:
    return sorted(
        [q.key for q in bank.questions if "sdr" in q.roles and "objection-handling" in q.skills]
        + [o.key for o in bank.objections if "sdr" in o.roles]
    )


def test_one_good_answer_is_too_few_to_call_a_skill_ready(bank: Bank) -> None:
    (first, *_) = _objections(bank)
    states = aim(derive(rows((first, NOW - timedelta(hours=2), 4))), SDR_SOON, NOW)
    plan_today = today(bank, SDR_SOON, states, NOW)
    skill = next(r for r in plan_today.readiness if r.skill == "objection-handling")
    assert (skill.practised, skill.recent, skill.level) == (1, 4.0, "too-few")
    assert plan_today.drill  # not ready, so the drill stays on today's list
    data = skill.as_dict()
    # The keys today --json had, and the evidence the level rests on.
    assert {"skill", "questions", "practised", "recent", "weight", "level"} <= data.keys()
    assert data["needed"] == needed_for_ready(len(_objections(bank))) and data["fresh"] == 1


def test_ready_needs_enough_recent_questions_of_the_skill(bank: Bank) -> None:
    keys = _objections(bank)
    needed = needed_for_ready(len(keys))
    assert needed == max(RECENT, -(-len(keys) // 5))  # a fifth of its questions, at least 3

    def level(history: list[dict[str, object]]) -> str:
        states = aim(derive(history), SDR_SOON, NOW)
        ready = today(bank, SDR_SOON, states, NOW).readiness
        return next(r for r in ready if r.skill == "objection-handling").level

    recent = [(k, NOW - timedelta(hours=n + 1), 5) for n, k in enumerate(keys[:needed])]
    assert level(rows(*recent)) == "ready"
    assert level(rows(*recent[:-1])) == "too-few"
    # Rated long ago, the same answers say little about the candidate today.
    stale = [(k, NOW - timedelta(days=FRESH_DAYS + 1 + n), 5) for n, k in enumerate(keys[:needed])]
    assert level(rows(*stale)) == "too-few"
    # A weak average needs no more evidence to be worth redoing.
    assert level(rows((keys[0], NOW - timedelta(hours=1), 2))) == "weak"


def test_the_levels_as_a_rule() -> None:
    assert level_of(None, 0, 3, 0) == "not-started"
    assert level_of(3.0, 1, 3, 1) == "weak"
    assert level_of(5.0, 2, 3, 2) == "too-few"
    assert level_of(5.0, 3, 3, 3) == "ready"
    assert level_of(3.7, 3, 3, 3) == "improving"
    # A skill of one question: asked once is not enough, three times is.
    assert needed_for_ready(1) == 1
    assert level_of(5.0, 1, 1, 1) == "too-few" and level_of(5.0, 1, 1, 3) == "ready"
    assert needed_for_ready(35) == 7 and needed_for_ready(10) == 3
