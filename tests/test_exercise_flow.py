"""Issue 16's exercises through the real runner, with a scripted prompter and a fake clock:
follow-up turns, model answers on request, typed pipeline-maths numbers, the cold-call
checklist. The pseudo-terminal runs are in test_e2e_exercises.py."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from aecoach.bank.model import Bank
from aecoach.coaching.exercise import is_correct, parse_number, shown_number
from aecoach.coaching.modes import drill_plan
from aecoach.coaching.session import practice_plan
from aecoach.context import Context
from aecoach.history.store import read_listing
from aecoach.ui.coach import CoachOptions, Terminal, drill
from aecoach.ui.practice import Clocks, PracticeOptions, practise
from aecoach.ui.prompter import FakeClock, ScriptedPrompter

DRILL_YES = {"acknowledged": True, "on-question": True, "confident": True, "next-step": True}
CALL_YES = {"reason-early": True, "one-question": True, "specific-ask": True}


class Run:
    def __init__(self, home: Path, steps: list[tuple[object, ...]], flow: str = "practice", **opts):  # type: ignore[no-untyped-def]
        self.clock = FakeClock()
        self.prompter = ScriptedPrompter(steps, self.clock)
        self.out = io.StringIO()
        self.context = Context(home=home, clock=self.clock.now)
        console = Console(file=self.out, width=100, color_system=None)
        err = Console(file=io.StringIO(), width=100, color_system=None)
        clocks = Clocks(now=self.clock.now, monotonic=self.clock.monotonic)
        if flow == "drill":
            term = Terminal(prompter=self.prompter, console=console, err=err, clocks=clocks)
            self.code = drill(self.context, CoachOptions(**opts), term)
        else:
            self.code = practise(
                self.context,
                PracticeOptions(**opts),
                prompter=self.prompter,
                console=console,
                err=err,
                clocks=clocks,
            )
        assert self.prompter.steps == [], "every scripted answer should have been asked for"

    @property
    def flat(self) -> str:
        return " ".join(self.out.getvalue().split())

    def answers(self):  # type: ignore[no-untyped-def]
        (view,) = read_listing(self.context.history_path).sessions
        return view.answers


def test_a_drill_plays_the_follow_up_after_the_first_answer_and_records_both(
    tmp_path: Path, bank: Bank
) -> None:
    (item,) = drill_plan(bank, role="am", count=1, seed=7).items
    (turn,) = item.turns
    steps = [
        ("ready", True),
        ("answer", "acknowledge, then value", 30.0),
        ("answer", "trade, don't discount", 50.0),  # 5 s over the 45 s clock
        ("rate", 4),
        ("checklist", DRILL_YES),
    ]
    run = Run(tmp_path / "home", steps, flow="drill", role="am", count=1, seed=7)
    assert run.code == 0
    text = run.flat
    # The push comes after the first answer, then its own points in the review.
    assert text.index(item.prompt_text) < text.index(f"They push back: \u201c{turn.line}\u201d")
    assert f"Follow-up 1: \u201c{turn.line}\u201d" in text
    assert all(point in text for point in turn.points)
    (answer,) = run.answers()
    assert answer.item_key == item.key
    assert answer.seconds_used == 80.0 and answer.time_limit == 90
    assert answer.overran and answer.checklist["on-time"] is False  # one turn ran over
    assert answer.notes.splitlines() == [
        "[1] (0:30/0:45) acknowledge, then value",
        f"[2] \u201c{turn.line}\u201d (0:50/0:45) trade, don't discount",
    ]


def test_the_model_answer_is_shown_only_when_asked_after_the_attempt(
    tmp_path: Path, bank: Bank
) -> None:
    (item,) = practice_plan(bank, kind="pitch", role="sdr", count=1, seed=3).items
    first_line = item.model_answer.splitlines()[0]
    steps = [("ready", True), ("answer", "my pitch", 25.0), ("rate", "model")]
    steps += [
        ("rate", 3),
        ("checklist", dict.fromkeys(["example", "on-question", "confident", "engaged"], True)),
    ]
    run = Run(tmp_path / "home", steps, kind="pitch", role="sdr", count=1, seed=3)
    text = run.out.getvalue()
    assert "Press m to see a model answer" in text
    shown = text.index("A model answer")
    assert shown > text.index("How did it go?")  # after the attempt and its feedback
    assert " ".join(first_line.split()[:6]) in " ".join(text[shown:].split())
    assert text.count("Brief") == 1  # the product card, above the question


def test_no_model_answer_unless_asked(tmp_path: Path, bank: Bank) -> None:
    (item,) = practice_plan(bank, kind="pitch", role="sdr", count=1, seed=3).items
    yes = dict.fromkeys(["example", "on-question", "confident", "engaged"], True)
    steps = [("ready", True), ("answer", "my pitch", 25.0), ("rate", 4), ("checklist", yes)]
    run = Run(tmp_path / "home", steps, kind="pitch", role="sdr", count=1, seed=3)
    assert "A model answer" not in run.out.getvalue()
    assert " ".join(item.model_answer.split()[:8]) not in run.flat


@pytest.mark.parametrize("form", ["plain", "working", "wrong", "none"])
def test_a_pipeline_maths_answer_is_checked_and_the_right_one_shown(
    tmp_path: Path, bank: Bank, form: str
) -> None:
    plan = practice_plan(bank, kind="pipeline-maths", role="ae", count=1, seed=1)
    (item,) = plan.items
    answer = item.item.answer
    right = shown_number(answer)
    typed = {
        "plain": right,
        "working": f"it comes to = {answer}",
        "wrong": shown_number(answer + 1),
        "none": "",
    }[form]
    steps = [("ready", True), ("answer", typed, 60.0), ("rate", 4)]
    steps.append(("checklist", {"explained": True}))
    run = Run(tmp_path / "home", steps, kind="pipeline-maths", role="ae", count=1, seed=1)
    correct = form in ("plain", "working")
    if correct:
        assert f"Correct: {right}." in run.flat
    elif form == "wrong":
        assert f"Not quite: you typed {typed}; the answer is {right}." in run.flat
    else:
        assert f"No number to check in what you typed. The answer is {right}." in run.flat
    assert "Your number ›" in "".join(m for _, m in run.prompter.asked)
    (recorded,) = run.answers()
    assert recorded.checklist == {"correct": correct, "explained": True, "on-time": True}
    assert recorded.notes == typed


def test_the_checked_number_is_labelled_checked_and_only_the_clock_timed(
    tmp_path: Path, bank: Bank
) -> None:
    (item,) = practice_plan(bank, kind="pipeline-maths", role="ae", count=1, seed=1).items
    steps = [("ready", True), ("answer", shown_number(item.item.answer), 60.0), ("rate", 4)]
    steps.append(("checklist", {"explained": True}))
    run = Run(tmp_path / "home", steps, kind="pipeline-maths", role="ae", count=1, seed=1)
    assert "Got the number right: yes (checked)" in run.flat
    assert "Stayed within time: yes (timed)" in run.flat
    assert "right: yes (timed)" not in run.flat


def test_s_after_a_checked_number_says_the_check_is_not_kept(tmp_path: Path, bank: Bank) -> None:
    (item,) = practice_plan(bank, kind="pipeline-maths", role="ae", count=1, seed=1).items
    steps = [("ready", True), ("answer", shown_number(item.item.answer), 60.0), ("rate", "skip")]
    run = Run(tmp_path / "home", steps, kind="pipeline-maths", role="ae", count=1, seed=1)
    assert "Saved as skipped, unrated, without the number check." in run.flat


@pytest.mark.parametrize("kind", ["pipeline-maths", "pitch"])
def test_q_at_the_rating_says_the_answer_is_saved_as_skipped(
    tmp_path: Path, bank: Bank, kind: str
) -> None:
    role = "ae" if kind == "pipeline-maths" else "sdr"
    (item,) = practice_plan(bank, kind=kind, role=role, count=1, seed=1).items
    typed = shown_number(item.item.answer) if kind == "pipeline-maths" else "my pitch"
    steps = [("ready", True), ("answer", typed, 60.0), ("rate", "quit")]
    run = Run(tmp_path / "home", steps, kind=kind, role=role, count=1, seed=1)
    (recorded,) = run.answers()
    assert recorded.skipped and recorded.rating is None
    said = "q: saved as skipped, unrated"
    assert said in run.flat and "Ending the session here." in run.flat
    # The typed number was right, but an unrated answer keeps no checklist: say so.
    assert ("without the number check" in run.flat) == (kind == "pipeline-maths")


def test_a_cold_call_is_ticked_against_the_cold_call_checklist(tmp_path: Path, bank: Bank) -> None:
    (item,) = practice_plan(bank, kind="cold-call", count=1, seed=2).items
    steps = [("ready", True), ("answer", "opener", 20.0)]
    steps += [("answer", f"reply {n}", 30.0) for n in range(1, len(item.turns) + 1)]
    steps += [("rate", 3), ("checklist", CALL_YES | {"specific-ask": False})]
    run = Run(tmp_path / "home", steps, kind="cold-call", count=1, seed=2)
    (answer,) = run.answers()
    assert answer.checklist == CALL_YES | {"specific-ask": False, "on-time": True}
    assert answer.time_limit == item.time_limit * (1 + len(item.turns))
    assert [line.split(")", 1)[1].strip() for line in answer.notes.splitlines()] == [
        "opener",
        *(f"reply {n}" for n in range(1, len(item.turns) + 1)),
    ]
    assert "Asked for a meeting with a day and a time (missed in 1 of 1)" in run.flat


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1,800,000", "en", 1_800_000),
        ("1.800.000", "es", 1_800_000),
        ("1.800.000", "id", 1_800_000),
        ("3,5", "es", 3.5),
        ("3.5", "ja", 3.5),
        ("$1.8m", "en", 1_800_000),
        ("1800k", "th", 1_800_000),
        ("105%", "en", 105),
        ("4x", "en", 4),
        ("12 / 0.04 = 300, 300 / 20 = 15", "en", 15),
        ("1,80,000", "en", None),
        ("60 or 70", "en", None),
        ("none", "en", None),
    ],
)
def test_typed_numbers_are_read_with_the_language_s_separators(
    text: str, language: str, value: float | None
) -> None:
    assert parse_number(text, language) == value


def test_correct_allows_the_tolerance_and_float_noise() -> None:
    assert is_correct(0.1 * 3, 0.3)
    assert is_correct(104.6, 105, tolerance=0.5) and not is_correct(104.4, 105, tolerance=0.5)
    assert not is_correct(None, 1)
    assert shown_number(1_800_000, "es") == "1.800.000" and shown_number(3.5, "id") == "3,5"


def test_questions_show_gives_the_brief_and_follow_ups_but_no_model_answer(runner) -> None:  # type: ignore[no-untyped-def]
    import json

    from aecoach.cli import app

    shown = runner.invoke(app, ["questions", "show", "exercises/cold-call-finance-director"])
    assert shown.exit_code == 0
    text = " ".join(shown.stdout.replace("│", " ").split())
    assert "Brief Ledgerly automates accounts payable" in text
    assert "Follow-up 1: “I've got a board pack due this afternoon." in text
    assert "Opener:" not in text  # the model answer waits for an attempt
    data = json.loads(runner.invoke(app, ["questions", "show", "pm-nrr", "--json"]).stdout)
    assert (data["answer"], data["kind"]) == (105, "pipeline-maths")
    roleplay = runner.invoke(app, ["questions", "show", "ae-roleplay-timing", "--json"]).stdout
    (turn,) = json.loads(roleplay)["turns"]
    assert set(turn) == {"line", "points", "time_limit"} and turn["time_limit"] is None


def test_stats_and_the_report_name_every_checklist_s_items() -> None:
    from aecoach.coaching.session import ALL_CHECKLISTS, COLD_CALL_CHECKLIST, PIPELINE_CHECKLIST
    from aecoach.report.render import checklist_label  # the name the report calls

    keys = [c.key for c in ALL_CHECKLISTS]
    assert len(keys) == len(set(keys))
    for item in (*COLD_CALL_CHECKLIST, *PIPELINE_CHECKLIST):
        assert checklist_label(item.key) == item.label
