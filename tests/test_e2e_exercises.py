"""Issue 16's flows end to end in a real pseudo-terminal: a drill whose objections push back,
a mock interview with its exercise, and pipeline maths with the typed number checked."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest

from aecoach.bank.model import Bank
from aecoach.coaching.exercise import shown_number
from aecoach.coaching.modes import drill_plan, mock_plan
from aecoach.coaching.session import practice_plan
from test_e2e_coaching import answer_after, begin, keys_of, own_checks, push_backs, start
from test_e2e_practice import answers, rate, sessions
from vtscreen import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def flat(t: Terminal) -> str:
    return " ".join(t.text().split())


def test_a_drill_plays_each_push_back_on_its_own_clock_and_offers_a_model_answer(
    tmp_path: Path, bank: Bank, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    plan = drill_plan(bank, role="am", count=1, seed=2, time_limit=20)
    (item,) = plan.items
    (turn,) = item.turns
    t = start(terminals, home, ["drill", "--role", "am", "--count", "1", "--seed", "2", "-t", "20"])
    begin(t, "objection", 1, 1)
    t.wait_for(f"Prospect: \u201c{item.prompt_text[:40]}")
    t.wait_for("Notes ›")
    assert "model answer" not in t.text().lower()  # never before the attempt
    answer_after(t, "Objection 1 of 1", "acknowledge and ask")
    t.wait_for(f"They push back: \u201c{turn.line[:40]}")
    t.wait_for(" 0:20 left  of 0:20.")  # the follow-up's own clock, started afresh
    answer_after(t, "Follow-up 1 of 1", "trade, don't discount")
    t.wait_for(f"Follow-up 1: \u201c{turn.line[:30]}")
    t.wait_for("Press m to see a model answer")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    t.send("m")
    t.wait_for("A model answer")
    t.wait_for(item.model_answer.split()[1])
    rate(t, "4", "yyyy")
    t.wait_for("Saved in")
    assert t.finish() == 0
    (row,) = answers(home)
    assert row["item_key"] == item.key and row["rating"] == 4
    assert row["time_limit"] == 40
    notes = str(row["notes"]).splitlines()
    assert notes[0].startswith("[1] (0:") and notes[0].endswith("acknowledge and ask")
    assert notes[1].startswith(f"[2] \u201c{turn.line}\u201d (0:")
    assert notes[1].endswith("trade, don't discount")


def test_a_mock_interview_plays_its_role_play_turns_and_its_exercise(
    tmp_path: Path, bank: Bank, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    plan = mock_plan(bank, role="sdr", seed=4)
    total = len(plan.items)
    kinds = [i.kind for i in plan.items]
    assert "objection-roleplay" in kinds and "cold-call" in kinds
    t = start(terminals, home, ["mock", "--role", "sdr", "--seed", "4"])
    t.wait_for(f"Mock interview for Sales Development Representative: {total} steps")
    for number, item in enumerate(plan.items[:-1], 1):
        begin(t, "question", number, total)
        t.wait_for(item.prompt_text[:40])
        if item.brief:
            t.wait_for("Brief")
        answer_after(t, f"Question {number} of {total}", f"answer {number}")
        push_backs(t, item, f"reply {number}")
        rate(t, "3", own_checks(item, plan.checklist, "y"))
    begin(t, "question", total, total)
    t.wait_for("Your question 1 (Enter alone when done) ›")
    t.send("\r")
    rate(t, "3", "yyyy")
    t.wait_for("Scorecard")
    t.wait_for("Saved in")
    assert t.finish() == 0
    screen = flat(t)
    call = next(i for i in plan.items if i.kind == "cold-call")
    assert "Asked for a meeting with a day and a time: 1 / 1" in screen
    rows = answers(home)
    assert [r["item_key"] for r in rows] == [i.key for i in plan.items]
    by_key = {r["item_key"]: r for r in rows}
    assert len(str(by_key[call.key]["notes"]).splitlines()) == 1 + len(call.turns)
    # Answered in seconds: too short, so not "within time" on its checklist either.
    assert json.loads(str(by_key[call.key]["checklist"])) == {
        **dict.fromkeys(keys_of(call, plan), True),
        "on-time": False,
    }
    # The scorecard's time discipline and its checklist total say the same about time.
    discipline = re.search(r"Time discipline: (\d+) of (\d+) within time, (\d+) too short", screen)
    stayed = re.search(r"Stayed within time: (\d+) / (\d+)", screen)
    assert discipline and stayed
    assert (discipline[1], discipline[3]) == ("0", discipline[2])
    assert stayed[1] == discipline[1]
    (session,) = sessions(home)
    assert (session["mode"], session["end_reason"]) == ("mock", "finished")


def test_pipeline_maths_checks_the_typed_number_and_shows_the_answer(
    tmp_path: Path, bank: Bank, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    args = ["--role", "ae", "--kind", "pipeline-maths", "--count", "2", "--seed", "5"]
    first, second = practice_plan(bank, role="ae", kind="pipeline-maths", count=2, seed=5).items
    t = start(terminals, home, ["practice", *args])
    t.wait_for("Press Enter for question 1 of 2")
    t.send("\r")
    t.wait_for("Work it out, then type the number and press Enter.")
    t.wait_for("Your number ›")
    t.send(shown_number(first.item.answer))
    time.sleep(0.1)  # Enter on its own: in one burst with the digits it would be a paste
    t.send("\r")
    t.wait_for(f"Correct: {shown_number(first.item.answer)}.")
    t.wait_for("Press m to see the working and a model answer.")
    rate(t, "4", "y")
    t.wait_for("Press Enter for question 2 of 2")
    t.send("\r")
    t.wait_for(lambda: "Your number ›" in t.text().rsplit("Question 2 of 2", 1)[-1])
    t.send("7")
    time.sleep(0.1)
    t.send("\r")
    t.wait_for(f"Not quite: you typed 7; the answer is {shown_number(second.item.answer)}.")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    t.send("m")
    t.wait_for("Working and model answer")
    rate(t, "2", "n")
    t.wait_for("Saved in")
    assert t.finish() == 0
    assert "Got the number right (missed in 1 of 2)" in flat(t)
    one, two = answers(home)
    # Typed in a second of 90: too short, as time discipline counts it, so not "within time".
    assert json.loads(str(one["checklist"])) == {
        "correct": True,
        "explained": True,
        "on-time": False,
    }
    assert json.loads(str(two["checklist"]))["correct"] is False
    assert (one["notes"], two["notes"]) == (shown_number(first.item.answer), "7")
