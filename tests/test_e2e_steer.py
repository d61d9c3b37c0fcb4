"""Steered practice end to end, in a real pseudo-terminal (issue 15): a chosen question,
redoing a rating with r, last time's answer, and review asking for the role."""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clockfix import clock_env
from test_e2e_practice import answers, rate
from vtscreen import Terminal, aecoach_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

MONDAY = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def start(terminals: list[Terminal], home: Path, args: list[str], at: datetime) -> Terminal:
    terminal = Terminal(args, clock_env(aecoach_env(str(home), NO_COLOR="1"), at))
    terminals.append(terminal)
    return terminal


def test_a_chosen_question_a_redone_rating_and_last_time(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(terminals, home, ["practice", "--question", "why-sales"], MONDAY)
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("Notes ›")
    t.send("rambled about the team\r")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    t.send("1")
    t.wait_for("Quick checklist, one key each (r to redo the rating):")
    t.wait_for("(y/n)")
    t.send("r")
    t.wait_for("Rate it again.")
    rate(t, "2", "nnyy")
    t.wait_for("Session summary")
    assert t.finish() == 0
    (row,) = answers(home)
    assert (row["item_key"], row["rating"]) == ("core/why-sales", 2)
    assert str(row["started_at"]).startswith("2026-12-07T12:0")  # the fixed clock, moving on

    t = start(terminals, home, ["practice", "-q", "core/why-sales"], MONDAY.replace(hour=15))
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("Notes ›")
    t.send("\r")
    t.wait_for("Last time (")
    t.wait_for("2 Weak, \u201crambled about the team\u201d")
    rate(t, "4", "yyyy")
    assert t.finish() == 0
    assert [r["rating"] for r in answers(home)] == [2, 4]


def test_review_asks_for_the_role_as_practice_does(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(terminals, home, ["review", "--count", "1", "--seed", "1"], MONDAY)
    t.wait_for("Which role are you interviewing for?")
    t.wait_for("Any role: a mix")
    t.send("2")  # questionary's shortcut for the second choice: SDR
    time.sleep(0.2)
    t.send("\r")
    t.wait_for("Review for Sales Development Representative: 0 due, 1 new")
    t.wait_for("Press Enter for question 1 of 1")
    t.send("q")
    assert t.finish() == 0


def test_aecoach_env_is_unchanged_without_a_clock(tmp_path: Path) -> None:
    env = aecoach_env(str(tmp_path))
    assert "AECOACH_TEST_NOW" not in env
    assert clock_env(env, MONDAY)["AECOACH_TEST_NOW"] == "2026-12-07T12:00:00+00:00"


def test_stories_are_written_in_the_editor_offered_and_linked(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    from test_stories import EDITOR

    home = tmp_path / "home"
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.replace("negotiation", "determination"), encoding="utf-8")
    env = clock_env(aecoach_env(str(home), NO_COLOR="1"), MONDAY)
    t = Terminal(["stories", "add"], {**env, "EDITOR": f"{sys.executable} {script}"})
    terminals.append(t)
    t.wait_for("Saved story 1: Saved the Q3 renewal")
    assert t.finish() == 0

    t = start(terminals, home, ["practice", "-q", "why-sales"], MONDAY)
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("Stories that fit: 1 Saved the Q3 renewal")
    t.wait_for("Notes ›")
    t.send("\r")
    rate(t, "4", "yyyy")
    t.wait_for("Which story did you tell? (a number, Enter for none)")
    t.send("1")
    t.wait_for("Session summary")
    assert t.finish() == 0
    db = sqlite3.connect(home / "history.sqlite3")
    linked = db.execute(
        "SELECT s.title FROM answer_stories l JOIN stories s ON s.uid = l.story_uid"
    ).fetchall()
    db.close()
    assert linked == [("Saved the Q3 renewal",)]


def test_practice_pack_takes_a_pack_file_and_asks_only_its_questions(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    import subprocess

    home = tmp_path / "home"
    made = subprocess.run(
        [sys.executable, "-m", "aecoach", "packs", "new", "Acme Corp"],
        env=aecoach_env(str(home)),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert made.returncode == 0, made.stderr
    pack = tmp_path / "acme-corp.yaml"
    (home / "packs" / "acme-corp.yaml").rename(pack)  # not in the packs folder: loaded by --pack
    # The starter pack holds one question (acme-corp/why-us); asking for two gets that one.
    t = start(terminals, home, ["practice", "--pack", str(pack), "--count", "2"], MONDAY)
    t.wait_for("Practice: 1 question for any role")
    t.wait_for("Only 1 questions match those filters")
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("Notes ›")
    t.send("\r")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    t.send("s")
    t.wait_for("Session summary")
    assert t.finish() == 0
    assert [r["item_key"] for r in answers(home)] == ["acme-corp/why-us"]
