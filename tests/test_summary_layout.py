"""The session summary and the mock's scorecard read well at 60, 80 and 120 columns: a question
takes a few full lines (on its own line above its figures when the terminal is narrow), never a
ten-line column of two words each, and no line is wider than the terminal."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from aecoach.bank.model import Bank
from aecoach.coaching.modes import mock_plan
from aecoach.coaching.session import practice_plan
from aecoach.context import Context
from aecoach.ui.coach import CoachOptions, Terminal, mock
from aecoach.ui.practice import Clocks, PracticeOptions, practise
from aecoach.ui.prompter import FakeClock, ScriptedPrompter
from test_coaching import ALL_YES, answered_item

WIDTHS = [60, 80, 120]


def _consoles(width: int) -> tuple[io.StringIO, Console, Console]:
    out = io.StringIO()
    return (
        out,
        Console(file=out, width=width, color_system=None),
        Console(file=io.StringIO(), width=width, color_system=None),
    )


def _lines_for(lines: list[str], question: str) -> int:
    """How many lines the question's words run over, from the line where it starts."""
    words = question.split()
    start = next(i for i, line in enumerate(lines) if " ".join(words[:2]) in line)
    left = list(words)
    for used, line in enumerate(lines[start:], 1):
        for token in line.split():
            if left and token == left[0]:
                left.pop(0)
        if not left:
            return used
    raise AssertionError(f"{question!r} is not all there")


def _reads_well(section: str, width: int, questions: list[str]) -> None:
    lines = section.splitlines()
    for line in lines:
        assert cell_len(line) <= width, f"{cell_len(line)} > {width}: {line!r}"
    for question in questions:
        # Full lines: about the question's length over the width, less a number's margin.
        most = math.ceil(cell_len(question) / (width - 12)) + 1
        assert _lines_for(lines, question) <= most, section


@pytest.mark.parametrize("width", WIDTHS)
def test_the_session_summary_reads_well(tmp_path: Path, bank: Bank, width: int) -> None:
    plan = practice_plan(bank, role="ae", kind="pipeline-maths", count=2, seed=1)
    clock = FakeClock()
    steps = [("ready", True), ("answer", "4", 20.0), ("rate", 4), ("checklist", {"explained": 1})]
    steps += [("ready", True), ("answer", "", 100.0), ("rate", "skip")]
    out, console, err = _consoles(width)
    code = practise(
        Context(home=tmp_path / "home", clock=clock.now),
        PracticeOptions(role="ae", kind="pipeline-maths", count=2, seed=1),
        prompter=ScriptedPrompter(steps, clock),
        console=console,
        err=err,
        clocks=Clocks(now=clock.now, monotonic=clock.monotonic),
    )
    assert code == 0
    summary = out.getvalue().split("Session summary", 1)[1].split("Average rating", 1)[0]
    questions = [item.prompt_text for item in plan.items]
    _reads_well(summary, width, questions)
    flat = " ".join(summary.split())
    assert "4 Good" in flat and "skipped" in flat and "0:20 of 3:00" in flat
    narrow = width < 100
    # Narrow, the figures are labelled on their own line; wide, they are table columns.
    assert ("Time: " in summary) == narrow
    header = any(line.split()[:2] == ["#", "Question"] for line in summary.splitlines())
    assert header == (not narrow)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_mock_scorecard_reads_well(tmp_path: Path, bank: Bank, width: int) -> None:
    plan = mock_plan(bank, role="ae", seed=2)
    steps: list[tuple[object, ...]] = []
    for item in plan.items[:-1]:
        steps += answered_item(item, 3, ALL_YES)
    # The last step is "any questions for us?": one question, then Enter alone.
    steps += [("ready", True), ("answer", "How long is ramp?", 10), ("answer", "", 1)]
    steps += [("rate", 4), ("checklist", ALL_YES)]
    clock = FakeClock()
    out, console, err = _consoles(width)
    term = Terminal(
        prompter=ScriptedPrompter(steps, clock),
        console=console,
        err=err,
        clocks=Clocks(now=clock.now, monotonic=clock.monotonic),
    )
    assert (
        mock(
            Context(home=tmp_path / "home", clock=clock.now), CoachOptions(role="ae", seed=2), term
        )
        == 0
    )
    card = out.getvalue().split("Scorecard", 1)[1].split("Ratings: average", 1)[0]
    _reads_well(card, width, [item.prompt_text for item in plan.items])
