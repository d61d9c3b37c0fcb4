"""The terminal prompter's keys, fed through prompt_toolkit's pipe input (no terminal needed)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from aecoach.coaching.session import RATING_SCALE
from aecoach.ui.prompter import FakeClock, ScriptedPrompter, TerminalPrompter


@contextmanager
def keys(typed: str) -> Iterator[tuple[TerminalPrompter, io.StringIO]]:
    """A TerminalPrompter reading `typed` as keystrokes; what it echoes goes to the StringIO."""
    out = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(typed)
        yield TerminalPrompter(out, dumb=False), out


def test_a_rating_is_one_key_and_other_keys_are_ignored() -> None:
    with keys("x\r9" + "4") as (prompter, out):
        assert prompter.rate("Your rating: ", RATING_SCALE) == 4
    assert out.getvalue() == "Your rating: 4 Good\n"


@pytest.mark.parametrize(
    ("typed", "result", "echo"),
    [("s", "skip", "skipped (no rating)"), ("Q", "quit", "end the session")],
)
def test_skip_and_quit_keys(typed: str, result: str, echo: str) -> None:
    with keys(typed) as (prompter, out):
        assert prompter.rate("> ", RATING_SCALE) == result
    assert out.getvalue() == f"> {echo}\n"


def test_the_checklist_is_one_y_or_n_per_item() -> None:
    with keys("yNxY") as (prompter, out):
        answers = prompter.checklist([("a", "First"), ("b", "Second"), ("c", "Third")])
    assert answers == {"a": True, "b": False, "c": True}
    assert out.getvalue() == "  First? (y/n) yes\n  Second? (y/n) no\n  Third? (y/n) yes\n"


def test_ctrl_c_at_a_key_prompt_interrupts() -> None:
    with keys("\x03") as (prompter, out), pytest.raises(KeyboardInterrupt):
        prompter.rate("> ", RATING_SCALE)
    assert out.getvalue() == "> \n"


def test_ready_is_enter_or_q() -> None:
    with keys("\r") as (prompter, _):
        assert prompter.ready("Go? ") is True
    with keys("q") as (prompter, _):
        assert prompter.ready("Go? ") is False


def test_the_timed_answer_returns_the_notes_typed() -> None:
    clock = FakeClock()
    with keys("Acme story, 3 numbers\r") as (prompter, _):
        notes = prompter.timed_answer("Notes › ", time_limit=60, elapsed=clock.monotonic)
    assert notes == "Acme story, 3 numbers"


def test_ctrl_c_during_the_timed_answer_interrupts() -> None:
    clock = FakeClock()
    with keys("half\x03") as (prompter, _), pytest.raises(KeyboardInterrupt):
        prompter.timed_answer("Notes › ", time_limit=60, elapsed=clock.monotonic)


def test_the_scripted_prompter_insists_on_its_script() -> None:
    prompter = ScriptedPrompter([("rate", 4)])
    with pytest.raises(AssertionError, match="expected 'rate'"):
        prompter.checklist([("a", "A")])
    with pytest.raises(AssertionError, match="ran out"):
        prompter.rate("> ", RATING_SCALE)
