"""The terminal prompter's keys, fed through prompt_toolkit's pipe input (no terminal needed)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from aecoach.coaching.session import RATING_SCALE
from aecoach.ui.prompter import FakeClock, ScriptedPrompter, TerminalPrompter


class Typist(io.StringIO):
    """The screen, and a candidate who types the next keys once the next prompt is on it
    (a prompt is what the prompter writes without a line end)."""

    def __init__(self, send: Callable[[str], None], later: Sequence[str], ahead: int) -> None:
        super().__init__()
        self.send = send
        self.later = list(later)
        self.ahead = ahead  # prompts whose keys were typed before any prompt showed

    def write(self, text: str) -> int:
        written = super().write(text)
        if text and not text.endswith("\n"):
            if self.ahead:
                self.ahead -= 1
            elif self.later:
                self.send(self.later.pop(0))
        return written


@contextmanager
def keys(typed: str, *later: str, ahead: int = 1) -> Iterator[tuple[TerminalPrompter, io.StringIO]]:
    """A TerminalPrompter reading `typed` as keystrokes, and each of `later` once the next
    one-key prompt after the first `ahead` is shown; what it echoes goes to the StringIO."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        out = Typist(pipe.send_text, later, ahead)
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
    with keys("y", "Nx", "Y") as (prompter, out):
        answers = prompter.checklist([("a", "First"), ("b", "Second"), ("c", "Third")])
    assert answers == {"a": True, "b": False, "c": True}
    assert out.getvalue() == "  First? (y/n) yes\n  Second? (y/n) no\n  Third? (y/n) yes\n"


def test_keys_read_ahead_by_one_prompt_do_not_answer_the_next() -> None:
    with keys("4" + "5yyy", "2", "n") as (prompter, out):
        assert prompter.rate("Rating: ", RATING_SCALE) == 4
        assert prompter.rate("Again: ", RATING_SCALE) == 2
        assert prompter.checklist([("a", "First")]) == {"a": False}
    assert out.getvalue() == "Rating: 4 Good\nAgain: 2 Weak\n  First? (y/n) no\n"


def test_a_pasted_note_is_one_answer_with_its_line_breaks() -> None:
    clock = FakeClock()
    paste = "Context: SaaS\r5 yrs, 2 promotions\rTask: cut churn\r"
    with keys(paste, "3", ahead=0) as (prompter, _):
        notes = prompter.timed_answer("Notes › ", time_limit=60, elapsed=clock.monotonic)
        assert prompter.rate("Rating: ", RATING_SCALE) == 3
    assert notes == "Context: SaaS\n5 yrs, 2 promotions\nTask: cut churn"


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


@pytest.mark.parametrize("width", [60, 80])
def test_a_prompt_breaks_at_words_and_keeps_the_key_hint_whole(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    # Written as it was, the terminal broke it at its edge: "…about myself? (y/" and "n)".
    monkeypatch.setenv("COLUMNS", str(width))
    label = "Engaged the interviewer, not only talked about myself, and asked back"
    with keys("y") as (prompter, out):
        assert prompter.checklist([("engaged", label)]) == {"engaged": True}
    shown = out.getvalue()
    lines = shown.splitlines()
    assert all(len(line) <= width for line in lines), lines
    assert any("(y/n)" in line for line in lines), lines
    assert " ".join(shown.split()) == f"{label}? (y/n) yes"
    assert all(line.startswith("  ") for line in lines)  # hanging under the item


def test_the_echoed_answer_goes_under_a_prompt_it_would_not_fit_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    gate = "Press Enter for question 1 of 2 (the clock starts at once), or q: "
    with keys("q") as (prompter, out):
        assert prompter.keypress(gate, {"q": "end the session", "enter": ""}) == "q"
    lines = out.getvalue().splitlines()
    assert lines == [
        "Press Enter for question 1 of 2 (the clock starts at once),",
        "or q: end the session",
    ]
