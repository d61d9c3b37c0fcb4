"""The disk fills while the candidate types: the answer just rated is shown to copy, and saved
once they make room and press Enter (or they stop, and the last line says what was lost).

The full disk is the store's write raising what a full disk makes it raise
(HISTORY_DISK_FULL); test_full_disk.py shows a real one gives exactly that. The pseudo-terminal
run patches the store in the child through a sitecustomize, and "making room" is deleting a
file the patch looks at."""

from __future__ import annotations

import io
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from aecoach.context import Context
from aecoach.errors import AecoachError, Msg
from aecoach.history.store import HistoryStore
from aecoach.ui.practice import Clocks, PracticeOptions, practise
from aecoach.ui.prompter import FakeClock, ScriptedPrompter
from vtscreen import Terminal, aecoach_env

ALL_YES = {"example": True, "on-question": True, "confident": True, "engaged": True}
NOTES = "Led with the Acme renewal \x1b[31m and its 20% uplift"


def _full_for(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """The store's answer writes fail `times` times as on a full disk, then work."""
    real = HistoryStore.record_answer
    calls: list[int] = []

    def record_answer(self: HistoryStore, session: object, answer: object) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise AecoachError(Msg.HISTORY_DISK_FULL, location=str(self.path))
        real(self, session, answer)  # type: ignore[arg-type]

    monkeypatch.setattr(HistoryStore, "record_answer", record_answer)
    return calls


def _run(home: Path, steps: list[tuple[object, ...]]) -> tuple[int | None, str, str, Exception]:
    clock = FakeClock()
    prompter = ScriptedPrompter(steps, clock)
    out, err = io.StringIO(), io.StringIO()
    code, raised = None, None
    try:
        code = practise(
            # A fixed role and seed: one known question.
            Context(home=home, clock=clock.now),
            PracticeOptions(role="ae", count=1, seed=11),
            prompter=prompter,
            console=Console(file=out, width=60, color_system=None),
            err=Console(file=err, width=60, color_system=None),
            clocks=Clocks(now=clock.now, monotonic=clock.monotonic),
        )
    except AecoachError as exc:
        raised = exc
    assert prompter.steps == [], "every scripted answer should have been asked for"
    return code, out.getvalue(), err.getvalue(), raised  # type: ignore[return-value]


def _saved(home: Path) -> list[tuple[int | None, str]]:
    db = sqlite3.connect(home / "history.sqlite3")
    rows = db.execute("SELECT rating, notes FROM answers").fetchall()
    db.close()
    return rows


ANSWERED = [("ready", True), ("answer", NOTES, 60.0), ("rate", 4), ("checklist", ALL_YES)]


def test_the_unsaved_answer_is_shown_and_saved_once_there_is_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _full_for(monkeypatch, times=2)
    home = tmp_path / "home"
    steps = [*ANSWERED, ("ready", True), ("ready", True)]  # still full, then room
    code, out, _err, raised = _run(home, steps)
    assert raised is None and code == 0
    assert len(calls) == 3
    shown = out[out.index("This answer is not saved yet") :]
    # Everything typed and chosen, each on a line of its own (nothing cut at 60 columns)...
    lines = shown.splitlines()
    assert any(line.startswith("Question: ") and len(line) > 60 for line in lines)
    assert "Rating: 4 Good" in lines
    assert "  Led with the Acme renewal \\x1b[31m and its 20% uplift" in lines
    assert "\x1b" not in out  # ...and inert
    assert shown.count("This answer is not saved yet") == 1  # shown once, not per try
    assert shown.count("the disk is full") == 1 and shown.count("Still not saved.") == 1
    assert "Saved." in shown
    assert _saved(home) == [(4, NOTES.replace("\x1b", "\\x1b"))]


def test_stopping_ends_on_one_line_that_names_the_answer_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_for(monkeypatch, times=99)
    home = tmp_path / "home"
    code, out, _err, raised = _run(home, [*ANSWERED, ("ready", False)])
    assert code is None and isinstance(raised, AecoachError)
    assert raised.msg is Msg.ANSWER_NOT_SAVED
    assert "\n" not in raised.text and "shown above is not saved" in raised.text
    assert "Led with the Acme renewal" in out
    assert not (home / "history.sqlite3").exists() or _saved(home) == []


def test_other_failures_still_end_the_session_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def corrupt(self: HistoryStore, session: object, answer: object) -> None:
        raise AecoachError(Msg.HISTORY_CORRUPT, detail="page 2", location=str(self.path))

    monkeypatch.setattr(HistoryStore, "record_answer", corrupt)
    _code, out, _err, raised = _run(tmp_path / "home", ANSWERED)
    assert isinstance(raised, AecoachError) and raised.msg is Msg.HISTORY_CORRUPT
    assert "not saved yet" not in out


# --- In a real terminal -----------------------------------------------------------------------

PATCH = """
import os
from pathlib import Path
from aecoach.context import Context
from aecoach.errors import AecoachError, Msg
from aecoach.history import store

_real = store.HistoryStore.record_answer


def _record_answer(self, session, answer):
    if Path(os.environ["FULL_FLAG"]).exists():
        raise AecoachError(Msg.HISTORY_DISK_FULL, location=str(self.path))
    _real(self, session, answer)


store.HistoryStore.record_answer = _record_answer
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_in_a_terminal_the_candidate_makes_room_and_presses_enter(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(PATCH)
    flag = tmp_path / "disk-is-full"
    flag.touch()
    home = tmp_path / "home"
    env = aecoach_env(str(home), PYTHONPATH=str(site), FULL_FLAG=str(flag))
    t = Terminal(["practice", "--role", "ae", "--count", "1", "--seed", "11"], env, cols=80)
    terminals.append(t)
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("Notes ›")
    t.send("my notes on the renewal")
    time.sleep(0.2)  # Enter on its own: with the text it would be a paste
    t.send("\r")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    asked = t.text().count("(y/n)")
    t.send("4")
    for n in range(1, 5):
        t.wait_for(lambda n=n: t.text().count("(y/n)") >= asked + n)
        t.send("y")
    t.wait_for("press Enter to save it again")
    assert "  my notes on the renewal" in t.text()
    assert "Rating: 4 Good" in t.text()
    flag.unlink()  # room made
    t.send("\r")
    t.wait_for("Saved in")
    assert t.finish() == 0
    assert _saved(home) == [(4, "my notes on the renewal")]
