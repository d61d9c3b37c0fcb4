"""Keys the candidate did not mean as an answer (issue 12), in a real pseudo-terminal that,
like many, has no bracketed paste: a pasted note stays a note, keys already waiting
are not a rating, an Enter pressed as the gate appears counts, kill -INT stops a
one-key prompt, and a long note or a slow save says so."""

from __future__ import annotations

import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from test_e2e_practice import answers, begin, rate, sessions, start
from vtscreen import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

RATING = "Your rating (1-5, s to skip, q to end the session):"


def _session(terminals: list[Terminal], home: Path, count: int) -> Terminal:
    """A practice session of `count` questions, at the first question's notes prompt."""
    t = start(terminals, home, ["--role", "ae", "--count", str(count), "--seed", "4"], NO_COLOR="1")
    begin(t, 1, count)
    return t


def _settle(t: Terminal, seconds: float = 0.6) -> None:
    """Read what aecoach prints for a while: time for a stray key to be taken, if it would."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        t.pump()


PASTES = {
    "digit-line": ("Context: mid-market SaaS\r5 yrs, yes, 2 promotions, no gaps\r", 2),
    "task-line": ("Situation: churn at 9%\rTask: cut it in half\rAction: QBRs\r", 3),
    "no-final-enter": ("Won 4 of 5 deals\rsaved 2 at risk", 2),
}


@pytest.mark.parametrize("name", list(PASTES))
def test_a_pasted_note_stays_a_note_and_no_rating_is_saved_that_was_not_typed(
    tmp_path: Path, terminals: list[Terminal], name: str
) -> None:
    paste, lines = PASTES[name]
    home = tmp_path / "home"
    t = _session(terminals, home, 2)
    t.send(paste)  # one write, as a terminal without bracketed paste delivers it
    if not paste.endswith("\r"):
        _settle(t, 0.3)
        t.send("\r")
    t.wait_for(RATING)
    _settle(t)
    after = t.text().split(RATING)[-1]
    assert "Strong" not in after and "skipped" not in after, t.dump()
    assert "Press Enter for question 2" not in t.text(), "the next clock must not start"
    rate(t, "3", "nnnn")
    t.wait_for("Press Enter for question 2 of 2")
    t.send("q")
    t.wait_for("Session summary")
    assert t.finish() == 0
    (row,) = answers(home)
    assert row["rating"] == 3 and row["skipped"] == 0
    assert str(row["notes"]).splitlines() == [part for part in paste.split("\r") if part], row[
        "notes"
    ]
    assert len(str(row["notes"]).splitlines()) == lines


def test_a_paste_that_arrives_in_two_parts_is_still_one_note(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = _session(terminals, home, 1)
    t.child.delaybeforesend = None  # pexpect waits 50 ms before each send otherwise
    t.send("First line\r")
    time.sleep(0.003)  # far quicker than anyone types the next key after Enter
    t.send("5 and more\r")
    t.child.delaybeforesend = 0.05
    t.wait_for(RATING)
    _settle(t)
    assert "Strong" not in t.text().split(RATING)[-1], t.dump()
    rate(t, "2", "nnnn")
    t.wait_for("Session summary")
    assert t.finish() == 0
    assert [r["rating"] for r in answers(home)] == [2]
    assert answers(home)[0]["notes"] == "First line\n5 and more"


PROMPT_AFTER_A_PAUSE = """
import sys, time
from aecoach.coaching.session import RATING_SCALE
from aecoach.ui.prompter import TerminalPrompter

time.sleep(float(sys.argv[1]))  # the keys sent meanwhile wait in the terminal
prompter = TerminalPrompter()
if sys.argv[2] == "rate":
    print("GOT", prompter.rate("Your rating: ", RATING_SCALE))
elif sys.argv[2] == "checklist":
    print("GOT", prompter.checklist([("example", "Example"), ("confident", "Confident")]))
else:
    print("GOT", prompter.ready("Press Enter for question 2 of 2: "))
"""


@pytest.mark.parametrize(
    ("prompt", "ahead", "typed", "got"),
    [
        ("rate", "5", "3", "GOT 3"),
        ("rate", "s", "2", "GOT 2"),
        ("checklist", "yy", "nn", "GOT {'example': False, 'confident': False}"),
        ("ready", "\r", "q", "GOT False"),
    ],
)
def test_keys_waiting_when_a_one_key_prompt_appears_are_not_its_answer(
    tmp_path: Path, prompt: str, ahead: str, typed: str, got: str
) -> None:
    import pexpect

    from vtscreen import aecoach_env

    child = pexpect.spawn(
        sys.executable,
        ["-c", PROMPT_AFTER_A_PAUSE, "1.0", prompt],
        env=aecoach_env(str(tmp_path / "home")),
        encoding="utf-8",
        timeout=20,
    )
    try:
        child.send(ahead)  # typed before the prompt is shown
        child.expect([r"Your rating: ", r"Example\? \(y/n\) ", r"question 2 of 2: "])
        time.sleep(0.3)
        for key in typed:
            child.send(key)
            time.sleep(0.1)
        child.expect(r"GOT .*\r?\n")
        assert child.after.strip() == got
    finally:
        child.close(force=True)


def test_an_enter_typed_in_line_mode_is_taken_at_the_gate(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    """The line-feed form of Enter, as a terminal in line mode delivers it."""
    home = tmp_path / "home"
    t = start(terminals, home, ["--role", "ae", "--count", "1", "--seed", "4"], NO_COLOR="1")
    t.wait_for("Press Enter for question 1 of 1")
    _settle(t, 0.3)
    t.send("\n")
    t.wait_for("Question 1 of 1", timeout=5)


@pytest.mark.parametrize("where", ["gate", "rating", "checklist"])
def test_kill_int_stops_a_one_key_prompt(
    tmp_path: Path, terminals: list[Terminal], where: str
) -> None:
    home = tmp_path / "home"
    t = _session(terminals, home, 2)
    t.send("kept\r")
    rate(t, "4", "yyyy")
    if where == "gate":
        t.wait_for("Press Enter for question 2 of 2")
    else:
        begin(t, 2, 2)
        t.send("\r")
        t.wait_for(RATING)
        if where == "checklist":
            t.send("2")
            t.wait_for("(y/n)")
    _settle(t, 0.3)
    t.child.kill(signal.SIGINT)
    assert t.finish(timeout=10) == 130
    # Rated is saved: stopped in the checklist, the second answer is kept with its rating.
    kept = [("kept", 4)] + ([("", 2)] if where == "checklist" else [])
    assert [(r["notes"], r["rating"]) for r in answers(home)] == kept
    assert sessions(home)[0]["end_reason"] == "interrupted"


def test_a_note_longer_than_the_limit_says_it_was_cut(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    from aecoach.coaching.session import MAX_NOTES

    home = tmp_path / "home"
    t = _session(terminals, home, 1)
    long = "word " * (MAX_NOTES // 5 + 40)
    for start_at in range(0, len(long), 2000):
        t.send(long[start_at : start_at + 2000])
        _settle(t, 0.2)
    t.send("\r")
    t.wait_for(RATING, timeout=30)
    assert f"Your notes were cut to their first {MAX_NOTES:,} characters" in t.text()
    rate(t, "3", "nnnn")
    t.wait_for("Session summary")
    assert t.finish() == 0
    assert len(str(answers(home)[0]["notes"])) == MAX_NOTES


def test_a_save_waiting_on_another_programs_lock_says_so(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = _session(terminals, home, 1)
    t.send("locked out\r")
    t.wait_for(RATING)
    holder = sqlite3.connect(home / "history.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        rate(t, "4", "nnnn")
        t.wait_for("Waiting for another program to release the history", timeout=4)
        assert "Saved" not in t.text().split("Waiting for another program")[-1]
    finally:
        holder.execute("COMMIT")
        holder.close()
    t.wait_for("Session summary", timeout=30)
    assert t.finish() == 0
    assert [r["notes"] for r in answers(home)] == ["locked out"]


def test_a_pasted_note_on_a_dumb_terminal_is_one_note_too(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(
        terminals,
        home,
        ["--role", "ae", "--count", "1", "--time", "45", "--seed", "4"],
        TERM="dumb",
        NO_COLOR="1",
    )
    t.wait_for("Press Enter for question 1 of 1")
    _settle(t, 0.3)
    t.send("\r")
    t.wait_for("Notes ›")
    t.send("Situation: churn at 9%\r5 renewals saved\rs for the rest\r")
    t.wait_for(RATING)
    _settle(t)
    assert "Strong" not in t.text().split(RATING)[-1], t.dump()
    rate(t, "2", "nnnn", enter="\r")
    t.wait_for("Session summary")
    assert t.finish() == 0
    (row,) = answers(home)
    assert row["rating"] == 2
    assert row["notes"] == "Situation: churn at 9%\n5 renewals saved\ns for the rest"
