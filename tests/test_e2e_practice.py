"""`aecoach practice` end to end, in a real pseudo-terminal, read through a VT100 screen."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aecoach.bank.model import Bank
from aecoach.coaching.session import practice_plan
from vtscreen import Terminal, aecoach_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def start(terminals: list[Terminal], home: Path, args: list[str], **env: str) -> Terminal:
    answer_cpr = env.pop("ANSWER_CPR", "1") == "1"
    terminal = Terminal(["practice", *args], aecoach_env(str(home), **env), answer_cpr=answer_cpr)
    terminals.append(terminal)
    return terminal


def rate(terminal: Terminal, rating: str, checklist: str, *, enter: str = "") -> None:
    """Answer the rating prompt, then each checklist prompt as it appears.

    `enter="\r"` for a dumb terminal, where every answer is a line."""
    terminal.wait_for("Your rating (1-5, s to skip, q to end the session):")
    asked = terminal.text().count("(y/n)")
    terminal.send(rating + enter)
    for number, key in enumerate(checklist, 1):
        terminal.wait_for(lambda n=number: terminal.text().count("(y/n)") >= asked + n)
        terminal.send(key + enter)


def begin(terminal: Terminal, number: int, total: int) -> None:
    """Press Enter at the gate, and wait for the question and its notes prompt."""
    terminal.wait_for(f"Press Enter for question {number} of {total}")
    terminal.send("\r")
    terminal.wait_for(f"Question {number} of {total}")
    terminal.wait_for("Notes ›")


def answers(home: Path) -> list[dict[str, object]]:
    db = sqlite3.connect(home / "history.sqlite3")
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM answers ORDER BY id")]
    db.close()
    return rows


def sessions(home: Path) -> list[dict[str, object]]:
    db = sqlite3.connect(home / "history.sqlite3")
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM sessions")]
    db.close()
    return rows


def test_a_two_question_session_answered_rated_summarised_and_saved(
    tmp_path: Path, bank: Bank, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    first, second = practice_plan(bank, role="ae", count=2, seed=4).items
    t = start(terminals, home, ["--role", "ae", "--count", "2", "--seed", "4"], NO_COLOR="1")

    t.wait_for("Practice: 2 questions for Account Executive")
    begin(t, 1, 2)
    t.wait_for(first.prompt_text[:60])
    t.send("Acme renewal, 40% upsell")
    t.wait_for("Notes › Acme renewal, 40% upsell")
    t.send("\r")
    t.wait_for("A strong answer covers:")
    # A second of two minutes is too short: the time line and the checklist say the same.
    assert "Time: 0:0" in t.text() and ", too short." in t.text()
    rate(t, "4", "yyny")
    t.wait_for("Stayed within time: no (timed)")
    assert "Your rating (1-5, s to skip, q to end the session): 4 Good" in t.text()

    begin(t, 2, 2)
    assert first.prompt_text[:60] not in t.screen.display(), "each question has its own screen"
    t.send("\r")
    rate(t, "2", "nyyy")

    t.wait_for("Session summary")
    t.wait_for("Saved in")
    assert t.finish() == 0
    screen = t.text()
    assert "Your rating (1-5, s to skip, q to end the session): 2 Weak" in screen
    assert "Average rating 3.0 over 2 rated answers" in screen
    assert "Before the real interview, prepare questions to ask them:" in screen
    assert "Traceback" not in t.raw_text()

    rows = answers(home)
    assert [r["item_key"] for r in rows] == [first.key, second.key]
    assert [r["rating"] for r in rows] == [4, 2]
    assert rows[0]["notes"] == "Acme renewal, 40% upsell"
    assert json.loads(str(rows[0]["checklist"])) == {
        "example": True,
        "on-question": True,
        "confident": False,
        "engaged": True,
        "on-time": False,
    }
    assert json.loads(str(rows[1]["checklist"]))["example"] is False
    assert [r["overran"] for r in rows] == [0, 0]
    assert all(0 < float(r["seconds_used"]) < 60 for r in rows)  # type: ignore[arg-type]
    (session,) = sessions(home)
    assert session["end_reason"] == "finished"
    assert session["ended_at"] is not None
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(home / "history.sqlite3").st_mode) == 0o600
    assert json.loads(str(session["settings"]))["seed"] == 4

    listed = subprocess.run(
        [sys.executable, "-m", "aecoach", "history"],
        env=aecoach_env(str(home), NO_COLOR="1", COLUMNS="120"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert listed.returncode == 0
    assert f"History file: {home / 'history.sqlite3'}" in listed.stdout
    assert "practice (AE) · finished · 2 answers · average 3.0" in listed.stdout
    assert "Notes: Acme renewal, 40% upsell" in listed.stdout


def test_the_countdown_runs_on_screen_and_time_up_is_announced(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    # A seed whose question has no follow-up turn: the answer ends with the first Enter.
    args = ["--role", "sdr", "--count", "1", "--time", "10", "--seed", "1"]
    t = start(terminals, home, args, NO_COLOR="1")
    begin(t, 1, 1)
    t.wait_for(" 0:10 left  of 0:10.  Enter: done   Ctrl-C: stop")
    t.send("opening line")
    # The toolbar keeps counting while the candidate types: later values replace earlier ones.
    t.wait_for(lambda: "0:07 left" in t.screen.display(), timeout=15)
    assert "0:10 left" not in t.screen.display()
    assert "Notes › opening line" in t.screen.display()
    t.wait_for("TIME IS UP: 0:0", timeout=15)
    assert t.screen.bells >= 1
    t.wait_for("Finish your thought, then Enter.")
    t.send(" and close\r")
    t.wait_for("Time: 0:1")
    assert "over." in t.text()
    rate(t, "3", "yyyy")
    t.wait_for("Stayed within time: no (timed)")
    assert t.finish() == 0
    (row,) = answers(home)
    assert row["notes"] == "opening line and close"
    assert row["overran"] == 1
    assert float(row["seconds_used"]) > 10  # type: ignore[arg-type]
    assert json.loads(str(row["checklist"]))["on-time"] is False


def test_ctrl_c_mid_session_keeps_the_first_answer_and_exits_130(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(terminals, home, ["--role", "am", "--count", "3", "--seed", "9"], NO_COLOR="1")
    begin(t, 1, 3)
    t.send("first answer\r")
    rate(t, "5", "yyyy")
    begin(t, 2, 3)
    t.send("half of the second")
    t.wait_for("half of the second")
    t.send("\x03")
    t.wait_for("aecoach: stopped:")
    assert t.finish() == 130
    assert (
        "aecoach: stopped: 1 answer saved and the session is marked interrupted"
        " — see it with `aecoach history`"
    ) in " ".join(t.text().split())
    rows = answers(home)
    assert [(r["notes"], r["rating"]) for r in rows] == [("first answer", 5)]
    (session,) = sessions(home)
    assert session["end_reason"] == "interrupted"


def test_ctrl_c_at_the_rating_keeps_earlier_answers(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(terminals, home, ["--role", "ae", "--count", "2", "--seed", "2"], NO_COLOR="1")
    begin(t, 1, 2)
    t.send("\r")
    rate(t, "1", "nnnn")
    begin(t, 2, 2)
    t.send("\r")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    t.send("\x03")
    assert t.finish() == 130
    assert [r["rating"] for r in answers(home)] == [1]
    assert sessions(home)[0]["end_reason"] == "interrupted"


def test_ctrl_c_in_the_checklist_keeps_the_rated_answer(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    """Rated is saved: a stop halfway through the checklist keeps the rating and the items
    ticked so far; the others stay unanswered rather than counting as "no"."""
    home = tmp_path / "home"
    t = start(terminals, home, ["--role", "sdr", "--count", "2", "--seed", "4"], NO_COLOR="1")
    begin(t, 1, 2)
    t.send("answer one\r")
    rate(t, "3", "y")
    t.wait_for(lambda: t.text().count("(y/n)") >= 2)
    t.send("\x03")
    t.wait_for("aecoach: stopped:")
    assert t.finish() == 130
    assert "1 answer saved" in " ".join(t.text().split())
    (row,) = answers(home)
    assert (row["notes"], row["rating"]) == ("answer one", 3)
    ticked = json.loads(str(row["checklist"]))
    own = {k: v for k, v in ticked.items() if k != "on-time"}
    assert list(own.values()) == [True]  # the first item, and only it
    assert sessions(home)[0]["end_reason"] == "interrupted"


def test_without_cursor_reports_the_countdown_moves_into_the_prompt(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(
        terminals,
        home,
        ["--role", "ae", "--count", "1", "--time", "30", "--seed", "2"],  # no follow-up turn
        NO_COLOR="1",
        PROMPT_TOOLKIT_NO_CPR="1",
        ANSWER_CPR="0",
    )
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("[0:30 left] Notes ›")
    t.wait_for(lambda: "[0:28 left] Notes ›" in t.screen.display(), timeout=10)
    t.send("\r")
    rate(t, "s", "")
    assert t.finish() == 0
    (row,) = answers(home)
    assert (row["skipped"], row["rating"]) == (1, None)


def test_a_dumb_terminal_gets_plain_text_only(tmp_path: Path, terminals: list[Terminal]) -> None:
    home = tmp_path / "home"
    t = start(
        terminals,
        home,
        ["--count", "1", "--time", "45", "--seed", "1"],
        TERM="dumb",
        NO_COLOR="1",
    )
    # Every answer is a line here: the Enter after "2" must not start the clock.
    t.wait_for("Type 1-4:")
    t.send("2\r")
    t.wait_for("Press Enter for question 1 of 1")
    time.sleep(0.5)
    assert "Notes ›" not in t.text(), "the Enter after the role answered the next prompt"
    t.send("\r")
    t.wait_for("You have 0:45; aecoach will ring when time is up.")
    t.wait_for("Notes ›")
    t.send("short\r")
    rate(t, "4", "yyyy", enter="\r")
    t.wait_for("Session summary")
    assert t.finish() == 0
    raw = t.raw_text()
    assert "\x1b" not in raw, "no escape sequences at all on a dumb terminal"
    assert "Your rating (1-5, s to skip, q to end the session): 4" in raw
    (row,) = answers(home)
    assert (row["notes"], row["rating"]) == ("short", 4)
    assert json.loads(str(row["checklist"]))["example"] is True


def test_with_no_flags_it_asks_the_role_and_how_many(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(terminals, home, ["--seed", "5"], NO_COLOR="1")
    t.wait_for("Which role are you interviewing for?")
    t.wait_for("Account Manager (AM)")
    t.send("3")  # questionary's shortcut for the third choice
    time.sleep(0.2)
    t.send("\r")
    t.wait_for("How many questions?")
    t.send("\x7f1\r")  # replace the default 5 with 1
    t.wait_for("Practice: 1 question for Account Manager")
    begin(t, 1, 1)
    t.send("\r")
    rate(t, "q", "")
    t.wait_for("Ending the session here.")
    assert t.finish() == 0
    (session,) = sessions(home)
    assert json.loads(str(session["settings"]))["role"] == "am"
    assert session["end_reason"] == "quit"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_closed_terminal_or_a_kill_marks_the_session_interrupted(
    tmp_path: Path, terminals: list[Terminal], sig: signal.Signals
) -> None:
    home = tmp_path / "home"
    t = start(terminals, home, ["--role", "sdr", "--count", "2", "--seed", "3"], NO_COLOR="1")
    begin(t, 1, 2)
    t.send("kept\r")
    rate(t, "3", "yyyy")
    begin(t, 2, 2)
    t.send("lost with the window")
    t.wait_for("lost with the window")
    t.child.kill(sig)
    assert t.finish() == 130
    assert [r["notes"] for r in answers(home)] == ["kept"]
    assert sessions(home)[0]["end_reason"] == "interrupted"
