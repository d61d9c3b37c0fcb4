"""The session flow with a scripted prompter and a fake clock: no terminal, real history."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from aecoach.bank.model import Bank
from aecoach.coaching.session import practice_plan
from aecoach.context import Context
from aecoach.history.store import read_listing
from aecoach.ui.practice import Clocks, PracticeOptions, practise
from aecoach.ui.prompter import FakeClock, ScriptedPrompter

ALL_YES = {"example": True, "on-question": True, "confident": True, "engaged": True}


class Run:
    def __init__(self, home: Path, steps: list[tuple[object, ...]], **options: object) -> None:
        self.clock = FakeClock()
        self.prompter = ScriptedPrompter(steps, self.clock)
        self.out, self.err = io.StringIO(), io.StringIO()
        self.context = Context(home=home, clock=self.clock.now)
        self.code = practise(
            self.context,
            PracticeOptions(**options),  # type: ignore[arg-type]
            prompter=self.prompter,
            console=Console(file=self.out, width=100, color_system=None),
            err=Console(file=self.err, width=100, color_system=None),
            clocks=Clocks(now=self.clock.now, monotonic=self.clock.monotonic),
        )
        assert self.prompter.steps == [], "every scripted answer should have been asked for"

    @property
    def text(self) -> str:
        return self.out.getvalue()

    @property
    def flat(self) -> str:
        """The output with line wrapping undone, for finding long texts."""
        return " ".join(self.text.split())


def test_a_two_question_session_is_saved_and_summarised(tmp_path: Path, bank: Bank) -> None:
    home = tmp_path / "home"
    plan = practice_plan(bank, role="ae", count=2, seed=11)
    run = Run(
        home,
        [
            ("ready", True),
            ("answer", "Led with the Acme renewal", 95.0),
            ("rate", 4),
            ("checklist", ALL_YES | {"engaged": False}),
            ("ready", True),
            ("answer", "", 130.4),
            ("rate", 2),
            ("checklist", ALL_YES | {"example": False}),
        ],
        role="ae",
        count=2,
        seed=11,
    )
    assert run.code == 0
    first, second = plan.items
    assert "Question 1 of 2" in run.text and "Question 2 of 2" in run.text
    assert first.prompt_text in run.flat
    assert "A strong answer covers:" in run.text
    assert all(hint in run.flat for hint in first.hints)
    assert "Time: 1:35 of" in run.text
    assert "Session summary" in run.text
    assert "Average rating 3.0 over 2 rated answers" in run.text
    assert "Before the real interview, prepare questions to ask them:" in run.text
    assert run.text.count("Before the real interview") == 1
    assert f"Saved in {home / 'history.sqlite3'}" in run.text

    (view,) = read_listing(home / "history.sqlite3").sessions
    assert view.session.end_reason == "finished"
    assert view.session.settings["seed"] == 11
    assert [a.item_key for a in view.answers] == [first.key, second.key]
    assert [a.rating for a in view.answers] == [4, 2]
    assert [a.seconds_used for a in view.answers] == [95.0, 130.4]
    assert view.answers[0].notes == "Led with the Acme renewal"
    assert view.answers[0].checklist["engaged"] is False
    assert view.answers[0].started_at == "2025-03-14T09:30:00.000Z"
    assert view.answers[1].started_at == "2025-03-14T09:31:35.000Z"
    assert view.answers[1].overran is (second.time_limit < 130.4)


def test_role_and_count_are_asked_only_when_not_given(tmp_path: Path) -> None:
    run = Run(
        tmp_path / "home",
        [
            ("choose", "sdr"),
            ("number", 1),
            ("ready", True),
            ("answer", "", 10.0),
            ("rate", 5),
            ("checklist", ALL_YES),
        ],
        seed=3,
    )
    assert [m for m, _ in run.prompter.asked][:2] == ["choose", "number"]
    (view,) = read_listing(run.context.history_path).sessions
    assert view.session.settings["role"] == "sdr"
    assert "sdr" in view.answers[0].roles

    flags = Run(
        tmp_path / "home",
        [("ready", True), ("answer", "", 10.0), ("rate", 3), ("checklist", ALL_YES)],
        role="am",
        count=1,
        seed=3,
    )
    assert [m for m, _ in flags.prompter.asked] == ["ready", "answer", "rate", "checklist"]


def test_a_skill_or_kind_filter_means_the_role_is_not_asked(tmp_path: Path) -> None:
    run = Run(
        tmp_path / "home",
        [("ready", True), ("answer", "", 5.0), ("rate", "skip")],
        kind="closing",
        count=1,
        seed=1,
    )
    assert [m for m, _ in run.prompter.asked] == ["ready", "answer", "rate"]


def test_skip_records_no_rating_and_quit_ends_the_session(tmp_path: Path) -> None:
    run = Run(
        tmp_path / "home",
        [
            ("ready", True),
            ("answer", "", 20.0),
            ("rate", "skip"),
            ("ready", True),
            ("answer", "half", 30.0),
            ("rate", "quit"),
        ],
        role="ae",
        count=4,
        seed=2,
    )
    assert run.code == 0
    assert "Saved as skipped. Ending the session here." in run.text
    (view,) = read_listing(run.context.history_path).sessions
    assert view.session.end_reason == "quit"
    assert [(a.skipped, a.rating, a.checklist) for a in view.answers] == [
        (True, None, {}),
        (True, None, {}),
    ]
    assert view.answers[1].notes == "half"
    assert "Question 3 of 4" not in run.text


def test_q_between_questions_ends_the_session_with_what_was_rated(tmp_path: Path) -> None:
    run = Run(
        tmp_path / "home",
        [
            ("ready", True),
            ("answer", "", 20.0),
            ("rate", 5),
            ("checklist", ALL_YES),
            ("ready", False),
        ],
        role="ae",
        count=3,
        seed=2,
    )
    assert run.code == 0
    assert "Question 2 of 3" not in run.text
    assert "Average rating 5.0 over 1 rated answer · ended after 1 of 3" in run.text
    (view,) = read_listing(run.context.history_path).sessions
    assert (view.session.end_reason, len(view.answers)) == ("quit", 1)


def test_q_before_the_first_question_saves_nothing(tmp_path: Path) -> None:
    run = Run(tmp_path / "home", [("ready", False)], role="ae", count=3, seed=2)
    assert run.code == 0
    assert "No answers this time; nothing was saved." in run.text
    assert read_listing(run.context.history_path).totals.sessions == 0


def test_ctrl_c_keeps_what_was_rated_and_marks_the_session_interrupted(tmp_path: Path) -> None:
    run = Run(
        tmp_path / "home",
        [
            ("ready", True),
            ("answer", "first", 40.0),
            ("rate", 4),
            ("checklist", ALL_YES),
            ("ready", True),
            ("answer", "second", 50.0),
            ("rate", KeyboardInterrupt()),
        ],
        role="ae",
        count=3,
        seed=5,
    )
    assert run.code == 130
    assert run.err.getvalue().strip() == (
        "aecoach: stopped: 1 answer saved and the session is marked interrupted"
        " — see it with `aecoach history`"
    )
    assert "Session summary" not in run.text
    (view,) = read_listing(run.context.history_path).sessions
    assert view.session.end_reason == "interrupted"
    assert [a.notes for a in view.answers] == ["first"]


def test_ctrl_c_in_the_checklist_saves_the_rated_answer_with_what_was_ticked(
    tmp_path: Path,
) -> None:
    run = Run(
        tmp_path / "home",
        [
            ("ready", True),
            ("answer", "first", 40.0),
            ("rate", 4),
            ("checklist", {"example": True}, KeyboardInterrupt()),
        ],
        role="ae",
        count=2,
        seed=5,
    )
    assert run.code == 130
    assert "1 answer saved" in run.err.getvalue()
    (view,) = read_listing(run.context.history_path).sessions
    assert view.session.end_reason == "interrupted"
    (answer,) = view.answers
    assert (answer.notes, answer.rating) == ("first", 4)
    assert answer.checklist["example"] is True
    assert "engaged" not in answer.checklist  # not asked yet: unanswered, not "no"


def test_ctrl_c_before_any_rating_saves_nothing(tmp_path: Path) -> None:
    run = Run(
        tmp_path / "home",
        [("ready", True), ("answer", KeyboardInterrupt())],
        role="ae",
        count=2,
        seed=5,
    )
    assert run.code == 130
    assert "nothing was saved" in run.err.getvalue()
    assert read_listing(run.context.history_path).totals.sessions == 0


def test_ctrl_c_while_choosing_the_role_creates_no_history(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run = Run(home, [("choose", KeyboardInterrupt())])
    assert run.code == 130
    assert "aecoach: stopped before any answer was rated; nothing was saved" in run.err.getvalue()
    assert not (home / "history.sqlite3").exists()


def test_a_closed_terminal_mid_session_is_an_interruption(tmp_path: Path) -> None:
    run = Run(
        tmp_path / "home",
        [
            ("ready", True),
            ("answer", "", 3.0),
            ("rate", 1),
            ("checklist", ALL_YES),
            ("ready", EOFError()),
        ],
        role="sdr",
        count=2,
        seed=1,
    )
    assert run.code == 130
    db = sqlite3.connect(run.context.history_path)
    assert db.execute("SELECT end_reason, count(*) FROM sessions").fetchone() == ("interrupted", 1)
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    db.close()


def test_a_broken_history_stops_the_session_before_the_first_question(tmp_path: Path) -> None:
    from aecoach.errors import AecoachError, Msg

    home = tmp_path / "home"
    home.mkdir()
    (home / "history.sqlite3").write_text("not a database")
    with pytest.raises(AecoachError) as caught:
        Run(home, [], role="ae", count=2, seed=1)
    assert caught.value.msg is Msg.HISTORY_NOT_DB
    assert (home / "history.sqlite3").read_text() == "not a database"


def test_filters_that_match_nothing_are_explained_before_any_question(tmp_path: Path) -> None:
    from aecoach.errors import AecoachError, Msg

    home = tmp_path / "home"
    with pytest.raises(AecoachError) as caught:
        Run(home, [], kind="opening", skill="negotiation")
    assert caught.value.msg is Msg.NO_MATCH
    assert not (home / "history.sqlite3").exists()
