"""`aecoach review`, `mock` and `drill` end to end, in a real pseudo-terminal."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.bank.model import Bank
from aecoach.cli import app
from aecoach.coaching.modes import drill_plan, mock_plan
from aecoach.coaching.session import ChecklistItem, Plan, PlanItem, checklist_for, clock
from aecoach.history.store import HistoryStore
from factories import sample_answer, sample_session
from test_e2e_practice import answers, rate, sessions
from vtscreen import Terminal, aecoach_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def start(terminals: list[Terminal], home: Path, args: list[str]) -> Terminal:
    terminal = Terminal(args, aecoach_env(str(home), NO_COLOR="1"))
    terminals.append(terminal)
    return terminal


def begin(t: Terminal, noun: str, number: int, total: int) -> None:
    """Enter at the gate; sent again if the item has not appeared after a while, in case
    a loaded machine lost the key while the gate's key reader was starting."""
    t.wait_for(f"Press Enter for {noun} {number} of {total}")
    heading = f"{noun.capitalize()} {number} of {total}"
    for _attempt in range(3):
        t.send("\r")
        try:
            t.wait_for(heading, timeout=5)
            return
        except AssertionError:
            continue
    t.wait_for(heading)


def answer_after(t: Terminal, heading: str, text: str = "") -> None:
    """Type `text` at the notes prompt that follows `heading`, once its clock runs, then
    Enter on its own: an Enter in the same burst as other keys is a pasted line break."""
    t.wait_for(lambda: " left " in t.text().rsplit(heading, 1)[-1].split("Notes ›", 1)[-1])
    if text:
        t.send(text)
        time.sleep(0.1)
    t.send("\r")


def push_backs(t: Terminal, item: PlanItem, reply: str = "") -> None:
    """Answer each follow-up turn of `item` as it comes (issue 16), after the first answer."""
    total = len(item.turns)
    for number, turn in enumerate(item.turns, 1):
        t.wait_for(f"\u201c{turn.line[:40]}")
        # This turn's own prompt: the one after its heading, not the first answer's.
        answer_after(t, f"Follow-up {number} of {total}", reply)


def own_checks(item: PlanItem, plan_checklist: tuple[ChecklistItem, ...], key: str) -> str:
    """One key per checklist prompt the item asks (a cold call has its own checklist)."""
    return key * sum(not c.measured for c in checklist_for(item, plan_checklist))


def keys_of(item: PlanItem, plan: Plan) -> list[str]:
    return [c.key for c in checklist_for(item, plan.checklist)]


def history_text(home: Path) -> str:
    listed = subprocess.run(
        [sys.executable, "-m", "aecoach", "history"],
        env=aecoach_env(str(home), NO_COLOR="1", COLUMNS="120"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert listed.returncode == 0
    return listed.stdout


def test_a_drill_shows_the_prospect_s_line_and_is_saved(
    tmp_path: Path, bank: Bank, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    plan = drill_plan(bank, role="sdr", count=2, seed=3, time_limit=20)
    t = start(
        terminals, home, ["drill", "--role", "sdr", "--count", "2", "--seed", "3", "-t", "20"]
    )
    t.wait_for("Objection drill for Sales Development Representative: 2 objections, 0:20 each.")
    begin(t, "objection", 1, 2)
    t.wait_for(f"Prospect: \u201c{plan.items[0].prompt_text}")
    t.wait_for(" 0:20 left  of 0:20.")
    t.send("ask what they use today\r")
    push_backs(t, plan.items[0], "offer a short call")
    t.wait_for("Coaching points:")
    rate(t, "4", "yyyy")
    begin(t, "objection", 2, 2)
    # Once its clock runs: an Enter sent before the prompt reads keys is thrown away, as
    # keys typed ahead of a prompt are (issue 12), and "Notes ›" is already on the screen.
    answer_after(t, "Objection 2 of 2")
    push_backs(t, plan.items[1])
    rate(t, "2", "nnyn")
    t.wait_for("Session summary")
    t.wait_for("Saved in")
    assert t.finish() == 0
    assert "Average rating 3.0 over 2 rated answers" in t.text()
    rows = answers(home)
    assert [r["item_key"] for r in rows] == [i.key for i in plan.items]
    assert {r["item_type"] for r in rows} == {"objection"}
    assert json.loads(str(rows[0]["skills"])) == ["objection-handling"]
    (session,) = sessions(home)
    assert session["mode"] == "drill"
    assert json.loads(str(session["settings"]))["mode"] == "drill"
    assert "drill (SDR) · finished · 2 answers · average 3.0" in history_text(home)


def test_a_mock_interview_runs_through_to_the_scorecard(
    tmp_path: Path, bank: Bank, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    plan = mock_plan(bank, role="sdr", seed=1)
    total = len(plan.items)
    t = start(terminals, home, ["mock", "--role", "sdr", "--seed", "1"])
    t.wait_for(f"Mock interview for Sales Development Representative: {total} steps")
    for number, item in enumerate(plan.items[:-1], 1):
        begin(t, "question", number, total)
        t.wait_for(item.prompt_text[:40])
        answer_after(t, f"Question {number} of {total}")
        push_backs(t, item)
        # "Answered the question asked" is the second key where the item's checklist has it.
        keys = own_checks(item, plan.checklist, "y")
        rate(t, "3", keys[0] + "n" + keys[2:] if "on-question" in keys_of(item, plan) else keys)
    begin(t, "question", total, total)
    t.wait_for("Your question 1 (Enter alone when done) ›")
    # The questions for them run on the clock like every other step (issue 17).
    limit = clock(plan.items[-1].time_limit)
    t.wait_for(lambda: f"left  of {limit}.  Enter: done" in t.text())
    t.send("What training can I expect in the first month?\r")
    t.wait_for("Your question 2 (Enter alone when done) ›")
    t.send("\r")
    t.wait_for("Questions that land, and why:")
    assert "close to a strong one: What training can I expect?" in " ".join(t.text().split())
    rate(t, "4", "yyyy")
    t.wait_for("Scorecard")
    t.wait_for("Saved in")
    assert t.finish() == 0
    screen = " ".join(t.text().split())
    # Answered at once: too short, not "within time".
    assert f"Time discipline: 0 of {total} within time, {total} too short, 0 over" in screen
    asked = sum("on-question" in keys_of(i, plan) for i in plan.items)
    assert f"• Answered the question asked: missed in {asked - 1} of {asked}" in screen
    rows = answers(home)
    assert [r["item_key"] for r in rows] == [i.key for i in plan.items]
    assert rows[-1]["notes"] == "What training can I expect in the first month?"
    (session,) = sessions(home)
    assert (session["mode"], session["end_reason"]) == ("mock", "finished")
    assert f"mock (SDR) · finished · {total} answers" in history_text(home)


def test_review_asks_what_is_due_then_says_what_falls_due_next(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    session = sample_session()
    with HistoryStore.open(home / "history.sqlite3") as store:
        # core/why-sales, missed three days ago: due since two days.
        store.record_answer(
            session,
            sample_answer(rating=1, started_at=datetime.now(UTC) - timedelta(days=3)),
        )
    t = start(terminals, home, ["review", "--role", "ae", "--count", "2", "--seed", "1"])
    t.wait_for("Review for Account Executive: 1 due, 1 new")
    begin(t, "question", 1, 2)
    t.wait_for("Why did you choose a career in sales?")
    answer_after(t, "Question 1 of 2")
    rate(t, "5", "yyyy")
    begin(t, "question", 2, 2)
    t.send("\x03")
    t.wait_for("aecoach: stopped:")
    assert t.finish() == 130
    assert "1 answer saved and the session is marked interrupted" in " ".join(t.text().split())

    t = start(terminals, home, ["review", "--role", "ae", "--count", "1", "--seed", "2"])
    t.wait_for("Review for Account Executive: 0 due, 1 new")
    begin(t, "question", 1, 1)
    answer_after(t, "Question 1 of 1")
    rate(t, "3", "yyyy")
    t.wait_for("Saved in")
    assert t.finish() == 0
    screen = " ".join(t.text().split())
    assert "Due today: 0 · this week: 2 · next: " in screen
    assert "(tomorrow)" in screen
    modes = [(s["mode"], s["end_reason"]) for s in sessions(home)]
    assert modes == [("practice", None), ("review", "interrupted"), ("review", "finished")]


@pytest.mark.parametrize("command", ["review", "mock", "drill"])
def test_without_a_terminal_the_coaching_commands_refuse(
    runner: CliRunner, home: Path, command: str
) -> None:
    result = runner.invoke(app, [command])
    assert result.exit_code == 1
    assert result.output == (
        f"aecoach: error: `aecoach {command}` is interactive, but standard input is not a"
        " terminal — run it in a terminal window, not through a pipe, a file or CI\n"
    )
    assert not home.exists()
