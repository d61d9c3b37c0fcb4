"""`aecoach plan`, `aecoach today` and the stats countdown (issue 15), on a fixed clock."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.bank.model import Bank
from aecoach.cli import app
from aecoach.coaching.plan import interview_start
from aecoach.history.plans import load_aimed, read_plan
from aecoach.history.store import HistoryStore, read_listing
from clockfix import Now, fix_clock
from factories import sample_answer, sample_session

MONDAY = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SESSION = "7a1b2c3d-0000-4000-8000-000000000001"


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Iterator[Now]:
    """Monday noon, in UTC as the local zone too, so "today" is the same day everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield fix_clock(monkeypatch, MONDAY)
    monkeypatch.undo()
    time.tzset()


def _rated(home: Path, at: datetime, rating: int, n: int = 1) -> None:
    with HistoryStore.open(home / "history.sqlite3") as store:
        session = sample_session(f"{SESSION[:-1]}{n}")
        store.record_answer(session, sample_answer(session.id, n, started_at=at, rating=rating))


def test_a_plan_is_set_shown_and_cleared(home: Path, runner: CliRunner, now: Now) -> None:
    assert "No interview plan" in runner.invoke(app, ["plan"]).stdout
    result = runner.invoke(
        app, ["plan", "set", "--date", "2026-12-14", "--role", "ae", "--company", "Acme"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Interview for Account Executive at Acme: 2026-12-14, in 7 days." in result.stdout
    shown = json.loads(runner.invoke(app, ["plan", "show", "--json"]).stdout)["plan"]
    assert shown["days_left"] == 7 and shown["role"] == "ae" and shown["company"] == "Acme"
    # One plan at a time: setting again replaces it.
    runner.invoke(app, ["plan", "set", "--date", "2026-12-09", "--role", "sdr"])
    plan = read_plan(home / "history.sqlite3")
    assert plan is not None and (plan.role, plan.interview.isoformat()) == ("sdr", "2026-12-09")
    assert "The plan is cleared." in runner.invoke(app, ["plan", "clear"]).stdout
    assert "There was no plan to clear." in runner.invoke(app, ["plan", "clear"]).stdout
    assert json.loads(runner.invoke(app, ["plan", "--json"]).stdout) == {"plan": None}


def test_bad_dates_are_one_line(home: Path, runner: CliRunner, now: Now) -> None:
    result = runner.invoke(app, ["plan", "set", "--date", "14/12/2026", "--role", "ae"])
    assert result.exit_code == 2 and result.stderr.startswith("aecoach: error: '14/12/2026'")
    result = runner.invoke(app, ["plan", "set", "--date", "2026-12-06", "--role", "ae"])
    assert result.exit_code == 2 and "has passed" in result.stderr


def test_the_date_errors_give_an_example_the_command_accepts(
    home: Path, runner: CliRunner, now: Now
) -> None:
    # Two weeks from the clock's today (Monday 2026-12-07), whatever year the test runs in.
    for bad in ("14/12/2026", "2026-12-06"):
        result = runner.invoke(app, ["plan", "set", "--date", bad, "--role", "ae"])
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "such as 2026-12-21" in result.stderr
    assert (
        runner.invoke(app, ["plan", "set", "--date", "2026-12-21", "--role", "ae"]).exit_code == 0
    )


def test_today_without_a_plan_shows_whats_due_and_exits_0(
    home: Path, runner: CliRunner, now: Now
) -> None:
    # No interview date is no error: the reviews due, and a hint on `plan set`.
    result = runner.invoke(app, ["today"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Nothing is due for review today." in result.stdout
    assert (
        "No interview date: set one with `aecoach plan set --date YYYY-MM-DD --role ae`."
        in result.stdout
    )
    _rated(home, MONDAY - timedelta(days=10), 2)  # long due by now
    result = runner.invoke(app, ["today"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Today:"
    assert "1 review due" in lines[1] and "aecoach review --count 1" in lines[1]
    assert lines[-1].startswith("No interview date:") and len(lines) == 3
    # --json keeps every key a plan gives; those a date or a role decide are null.
    planned = runner.invoke(app, ["plan", "set", "--date", "2026-12-14", "--role", "ae"])
    assert planned.exit_code == 0
    keys = set(json.loads(runner.invoke(app, ["today", "--json"]).stdout))
    runner.invoke(app, ["plan", "clear"])
    result = runner.invoke(app, ["today", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == keys
    assert {
        k: data[k] for k in ("interview", "role", "days_left", "practice_days")
    } == dict.fromkeys(("interview", "role", "days_left", "practice_days"))
    assert len(data["due"]) == 1 and data["todo"][0]["command"] == "aecoach review --count 1"
    assert (data["new_today"], data["readiness"], data["drill"], data["mock"]) == (
        [],
        [],
        False,
        False,
    )


def test_the_job_description_says_what_it_found(
    home: Path, runner: CliRunner, now: Now, tmp_path: Path
) -> None:
    job = tmp_path / "job.txt"
    job.write_text("Account Executive. Negotiate contracts; handle objections.", encoding="utf-8")
    result = runner.invoke(
        app, ["plan", "set", "--date", "2026-12-14", "--role", "ae", "--job", str(job)]
    )
    assert result.exit_code == 0, result.stderr
    assert "From the job description:" in result.stdout
    assert "Negotiation: negotiate, contract" in result.stdout
    data = json.loads(runner.invoke(app, ["today", "--json"]).stdout)
    assert data["readiness"][0]["skill"] == "negotiation"
    assert data["job_terms"]["negotiation"] == ["negotiate", "contract"]
    job.write_bytes(b"\xff\xfe bad")
    result = runner.invoke(
        app, ["plan", "set", "--date", "2026-12-14", "--role", "ae", "--job", str(job)]
    )
    assert result.exit_code == 1 and "cannot read the job description" in result.stderr


def test_a_question_rated_1_today_is_back_today_and_none_is_due_past_the_date(
    home: Path, runner: CliRunner, now: Now
) -> None:
    runner.invoke(app, ["plan", "set", "--date", "2026-12-14", "--role", "ae"])
    _rated(home, MONDAY - timedelta(days=30), 5, n=2)  # long ago, strong: FSRS says months
    _rated(home, MONDAY, 1)
    now.at(MONDAY + timedelta(hours=2))
    data = json.loads(runner.invoke(app, ["today", "--json"]).stdout)
    assert data["days_left"] == 7
    assert "core/why-sales" in data["due"]
    assert {"what": "1 review due", "command": "aecoach review --count 1"} in data["todo"]
    plan = read_plan(home / "history.sqlite3")
    assert plan is not None
    states = load_aimed(home / "history.sqlite3", None, now())
    assert max(s.due for s in states.values()) <= interview_start(plan, now().astimezone())
    # Stats counts it as due today, and says how far off the interview is.
    stats = runner.invoke(app, ["stats"], env={"COLUMNS": "120"})
    first = stats.stdout.splitlines()[0]
    assert first == (
        "Interview for Account Executive: 2026-12-14, in 7 days. What to do today: aecoach today"
    )
    assert json.loads(runner.invoke(app, ["stats", "--json"]).stdout)["due"]["today"] == 1


def test_today_suggests_a_mock_two_days_before(home: Path, runner: CliRunner, now: Now) -> None:
    runner.invoke(app, ["plan", "set", "--date", "2026-12-09", "--role", "sdr"])
    data = json.loads(runner.invoke(app, ["today", "--json"]).stdout)
    assert data["days_left"] == 2 and data["mock"] is True
    assert {"what": "a full mock interview, two days before", "command": "aecoach mock"} in (
        data["todo"]
    )
    text = runner.invoke(app, ["today"], env={"COLUMNS": "120"}).stdout
    assert "Interview for Sales Development Representative: 2026-12-09, in 2 days." in text
    assert "Readiness" in text and "not started" in text
    now.at(MONDAY + timedelta(days=3))
    passed = " ".join(runner.invoke(app, ["today"]).stdout.split())
    assert "was on 2026-12-09" in passed and "aecoach plan clear" in passed


def test_with_a_plan_review_and_practice_start_on_what_covers_the_role(
    tmp_path: Path, bank: Bank
) -> None:
    from rich.console import Console

    from aecoach.coaching.plan import today
    from aecoach.context import Context
    from aecoach.history.plans import InterviewPlan, save_plan
    from aecoach.ui.coach import review
    from aecoach.ui.practice import Clocks, PracticeOptions, practise
    from aecoach.ui.prompter import FakeClock, ScriptedPrompter
    from test_coaching import Flow, answered

    home = tmp_path / "home"
    clock = FakeClock(start=MONDAY)
    plan = InterviewPlan(MONDAY.date() + timedelta(days=7), "am")
    save_plan(home / "history.sqlite3", plan)
    cover = today(bank, plan, {}, MONDAY).to_cover
    run = Flow(home, review, [*answered(4), ("ready", False)], clock=clock, count=2, seed=1)
    assert "Review for Account Manager: 0 due, 2 new" in run.flat  # the plan's role, not asked
    (view,) = read_listing(home / "history.sqlite3").sessions
    assert view.answers[0].item_key in cover[:2]
    # Practice too: no role question (the plan's), and the pick starts on the cover.
    states = load_aimed(home / "history.sqlite3", None, MONDAY)
    next_cover = today(bank, plan, states, MONDAY).to_cover
    steps = [("ready", True), ("answer", "", 10.0), ("rate", "skip"), ("ready", False)]
    prompter = ScriptedPrompter(steps, clock)
    console = Console(file=io.StringIO(), width=100)
    code = practise(
        Context(home=home, clock=clock.now),
        PracticeOptions(count=3, seed=1),
        prompter=prompter,
        console=console,
        err=console,
        clocks=Clocks(now=clock.now, monotonic=clock.monotonic),
    )
    assert code == 0 and prompter.steps == []
    newest = read_listing(home / "history.sqlite3").sessions[0]
    assert newest.session.mode == "practice"
    assert newest.session.settings["role"] == "am"
    assert newest.answers[0].item_key in next_cover[:3]


def test_today_calls_one_good_answer_too_few_not_ready(
    home: Path, runner: CliRunner, now: Now, bank: Bank
) -> None:
    from aecoach.coaching.session import PlanItem, make_answer

    objection = next(o for o in bank.objections if "sdr" in o.roles)
    runner.invoke(app, ["plan", "set", "--date", "2026-12-16", "--role", "sdr"])
    with HistoryStore.open(home / "history.sqlite3") as store:
        session = sample_session(SESSION)
        item = PlanItem(objection, objection.time_limit)
        answer = make_answer(
            item,
            session_id=SESSION,
            started_at=MONDAY - timedelta(hours=1),
            seconds_used=40.0,
            rating=4,
        )
        store.record_answer(session, answer)
    result = runner.invoke(app, ["today"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    (row,) = [ln for ln in result.stdout.splitlines() if ln.startswith("  Objection handling")]
    assert row.split()[-3:] == ["too", "few", "answers"] and " ready" not in row
    flat = " ".join(result.stdout.split())
    assert "Ready takes a recent average of 4 or more" in flat
    assert "Objection handling 1 of 7" in flat
    data = json.loads(runner.invoke(app, ["today", "--json"]).stdout)
    (skill,) = [r for r in data["readiness"] if r["skill"] == "objection-handling"]
    assert skill["level"] == "too-few" and skill["practised"] == 1 and skill["recent"] == 4.0
    assert (skill["needed"], skill["fresh"]) == (7, 1)
    assert data["drill"] is True


def test_a_skill_of_few_questions_counts_the_answers_still_needed() -> None:
    from datetime import date

    from rich.console import Console

    from aecoach.coaching.plan import SkillReadiness, Today
    from aecoach.ui.plan import render_today

    few = SkillReadiness("negotiation", 1, 1, 5.0, 1.0, "too-few", needed=1, fresh=1, answers=1)
    work = Today(
        interview=date(2026, 12, 16),
        role="am",
        company="",
        days_left=9,
        practice_days=9,
        due=(),
        weak=(),
        weak_today=0,
        to_cover=(),
        new_today=(),
        drill=False,
        mock=False,
        readiness=(few,),
    )
    out = io.StringIO()
    render_today(Console(file=out, width=120, color_system=None), work)
    assert "Negotiation 1 of 3 answers." in " ".join(out.getvalue().split())
