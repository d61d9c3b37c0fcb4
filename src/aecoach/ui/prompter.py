"""Asking the candidate things: a narrow Prompter protocol, the terminal one, and a fake.

Screens (ui/practice.py) ask only through a Prompter, so the whole session
flow runs in unit tests with `ScriptedPrompter` and a `FakeClock`, and the
terminal details live here: questionary for menus, a live prompt_toolkit
toolbar for the countdown, and single-key prompts for ratings and checklists.

Every method lets KeyboardInterrupt (Ctrl-C) and EOFError (the terminal went
away) through: the session decides what they mean. questionary's `ask()`
would swallow Ctrl-C and return None, so only `unsafe_ask()` is used.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol, TextIO

from aecoach.coaching.session import Rating, clock
from aecoach.i18n import _

RateResult = int | Literal["skip", "quit", "model"]

# Keys closer together than this after an Enter are a paste, not a person: nobody types
# the next key 20 ms after Enter, and a terminal without bracketed paste sends a pasted
# note's lines as one burst of keys with Enters between them.
PASTE_GAP = 0.02


def _input_waiting(fd: int, within: float) -> bool:
    import select

    try:
        readable, _w, _x = select.select([fd], [], [], within)
    except (OSError, ValueError):
        return False
    return bool(readable)


def _discard_waiting_input() -> None:
    """Forget keys typed before a prompt is shown (the rest of a paste, a key pressed
    twice), so they cannot answer it. prompt_toolkit's own typeahead is cleared where
    its input is at hand (`keypress`)."""
    try:
        import termios

        termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError, AttributeError):
        pass  # not a terminal, or not POSIX: nothing is waiting there


class Prompter(Protocol):
    def choose(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        quit_value: str | None = None,
    ) -> str:
        """One of `choices` (value, label); returns the value, or `quit_value` for q."""
        ...

    def number(self, message: str, *, default: int, low: int, high: int) -> int: ...

    def confirm(self, message: str, *, default: bool = True) -> bool: ...

    def ready(self, message: str) -> bool:
        """Enter to go on (True), q to stop (False)."""
        ...

    def text(self, message: str) -> str: ...

    def timed_answer(
        self,
        message: str,
        *,
        time_limit: int,
        elapsed: Callable[[], float],
        status: Callable[[], str] | None = None,
    ) -> str:
        """Wait for Enter while a countdown runs; returns the notes typed (maybe empty).

        `status`, when given, is shown beside the clock (the live voice meter)."""
        ...

    def rate(
        self, message: str, scale: Sequence[Rating], *, extra: Mapping[str, str] | None = None
    ) -> RateResult:
        """One key: a rating from the scale, "skip" or "quit"; with `extra` {"m": meaning},
        also "model" (the candidate asked to see the model answer first)."""
        ...

    def checklist(
        self, items: Sequence[tuple[str, str]], ticked: dict[str, bool] | None = None
    ) -> dict[str, bool] | None:
        """One y/n key per (key, label) item; None when the candidate pressed r, to rate again.

        Each answer also goes into `ticked` as it is given, so a caller interrupted halfway
        still has the items answered before the interruption."""
        ...

    def keypress(self, message: str, keys: Mapping[str, str]) -> str:
        """One of `keys` (key -> what it means; "enter" for Enter)."""
        ...


# --- The terminal -----------------------------------------------------------------------------


class TerminalPrompter:
    """The real thing. Single-key prompts print plain lines, so they read well on any terminal."""

    def __init__(self, out: TextIO | None = None, *, dumb: bool | None = None) -> None:
        from prompt_toolkit.utils import is_dumb_terminal

        self.out = out or sys.stdout
        # TERM=dumb (Emacs shells, some CI consoles) cannot move the cursor: no live
        # toolbar and no arrow-key menus there, only lines of text.
        self.dumb = is_dumb_terminal() if dumb is None else dumb

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    @staticmethod
    def _width() -> int:
        import shutil

        return shutil.get_terminal_size((80, 24)).columns

    def _fold(self, message: str, *, column: int = 0, indent: str | None = None) -> str:
        """`message` broken at words for this terminal's width: written as it is, the
        terminal would break it anywhere, inside a word or a `(y/n)`. Its lines after
        the first hang under its first letter."""
        from aecoach.ui.wrap import fold

        if indent is None:
            indent = " " * (len(message) - len(message.lstrip(" ")))
        return fold(message, self._width(), column=column, indent=indent)

    def _fits(self, shown: str, after: str, *, column: int = 0) -> bool:
        """Whether `after` fits on the line that writing `shown` (from `column`) ends on."""
        from rich.cells import cell_len

        from aecoach.ui.wrap import last_line_width

        start = column if "\n" not in shown else 0
        return start + last_line_width(shown) + cell_len(after) <= self._width()

    def _read_line(self, message: str) -> str:
        """A line read the oldest way: the terminal echoes and edits it, nothing is drawn.

        For TERM=dumb, where even prompt_toolkit's fallback prompt sends a few
        escape sequences.
        """
        self._write(self._fold(message))
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    def keypress(self, message: str, keys: Mapping[str, str]) -> str:
        """Wait for one of `keys` (key -> what it means) and echo its meaning.

        On a dumb terminal every answer is a line, as the notes and the count
        are: a key there is typed and then Enter'd, and a single-key read would
        leave that Enter behind to answer the next prompt (start the clock).
        """
        if self.dumb:
            return self._line_choice(message, keys)
        from prompt_toolkit.application import Application
        from prompt_toolkit.input.typeahead import clear_typeahead
        from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
        from prompt_toolkit.layout import Layout
        from prompt_toolkit.layout.containers import Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.output import DummyOutput

        _discard_waiting_input()  # before the message: what comes after it is an answer
        shown = self._fold(message)
        self._write(shown)
        bindings = KeyBindings()

        def chooser(key: str) -> Callable[[KeyPressEvent], None]:
            def choose(event: KeyPressEvent) -> None:
                event.app.exit(result=key)

            return choose

        for key in keys:
            one_letter = len(key) == 1 and key.isalpha()
            variants = {key, key.upper()} if one_letter else {key}
            if key == "enter":
                # Enter pressed before this read switched the terminal to raw mode was
                # turned into a line feed (^J) by the terminal: it is still Enter.
                variants.add("c-j")
            for variant in variants:
                bindings.add(variant, eager=True)(chooser(key))

        @bindings.add("c-c", eager=True)
        @bindings.add("<sigint>", eager=True)  # kill -INT, which raw mode does not turn into c-c
        def _interrupt(event: KeyPressEvent) -> None:
            event.app.exit(exception=KeyboardInterrupt())

        @bindings.add("<any>")
        def _ignore(event: KeyPressEvent) -> None:
            pass  # any other key (Enter typed twice, arrows) does nothing

        # The message is already on screen; the app only reads keys, in raw mode.
        app: Application[str] = Application(
            layout=Layout(Window(FormattedTextControl(""))),
            key_bindings=bindings,
            output=DummyOutput(),
        )
        clear_typeahead(app.input)  # keys the notes prompt read ahead are not an answer
        try:
            choice = app.run()
        except BaseException:
            self._write("\n")
            raise
        meaning = keys[choice]
        if not self._fits(shown, meaning):
            self._write("\n" + " " * (len(message) - len(message.lstrip(" "))))
        self._write(f"{meaning}\n")
        return choice

    def _line_choice(self, message: str, keys: Mapping[str, str]) -> str:
        """`keypress` for a dumb terminal: a line holding one of the keys (Enter for "enter")."""
        _discard_waiting_input()
        while True:
            line = self._read_line(message).strip().lower()
            picked = "enter" if line == "" and "enter" in keys else line
            if picked in keys:
                return picked

    def choose(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        quit_value: str | None = None,
    ) -> str:
        # q is free as a shortcut while there are fewer than 26 choices (1-9, then a-z).
        quits = quit_value is not None and len(choices) < 26
        if self.dumb:
            labels = {str(n): label for n, (_, label) in enumerate(choices, 1)}
            lines = "".join(f"  {n}. {label}\n" for n, label in labels.items())
            typed = _("Type 1-{last}: ").format(last=len(choices))
            if quits:
                typed = _("Type 1-{last}, or q to stop: ").format(last=len(choices))
                labels["q"] = ""
            picked = self._line_choice(f"{message}\n{lines}{typed}", labels)
            return str(quit_value) if picked == "q" else choices[int(picked) - 1][0]
        import questionary
        from rich.cells import cell_len

        shortcuts = len(choices) <= 36  # questionary's limit: 1-9 then a-z
        if quits:
            instruction = _("(Use shortcuts or arrow keys, q to stop)")
        elif shortcuts:
            instruction = _("(Use shortcuts or arrow keys)")
        else:
            instruction = _("(Use arrow keys)")
        # questionary writes "? message instruction" and, once answered, "? message label":
        # where either would not fit, they go under the message rather than being cut anywhere.
        shown = self._fold(message, column=2, indent="  ")
        widest = max([instruction, *(label for _, label in choices)], key=cell_len)
        if not self._fits(shown, " " + widest, column=2):
            shown += "\n "
            instruction = self._fold(instruction, column=2, indent="  ")
        # A label wider than the terminal is cut at its edge: fold it, under its first letter
        # (" » 1) " is six cells before it; one more is kept free, as prompt_toolkit drops a
        # Thai tone mark that falls in the last column).
        titles = [self._fold(label, column=7, indent=" " * 6) for _, label in choices]
        question = questionary.select(
            shown,
            choices=[
                questionary.Choice(title=title, value=value)
                for (value, _label), title in zip(choices, titles, strict=True)
            ],
            default=default,
            use_shortcuts=shortcuts,
            instruction=instruction,
            qmark="?",
        )
        if quits:
            from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings

            extra = KeyBindings()

            @extra.add("q", eager=True)
            @extra.add("Q", eager=True)
            def _quit(event: KeyPressEvent) -> None:
                event.app.exit(result=quit_value)

            app = question.application
            app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra])
        result = question.unsafe_ask()
        if result is None:  # questionary's answer to a closed input
            raise EOFError
        return str(result)

    def number(self, message: str, *, default: int, low: int, high: int) -> int:
        def problem(text: str) -> str | None:
            text = text.strip() or str(default)
            if not text.isdigit() or not low <= int(text) <= high:
                return _("Type a whole number from {low} to {high}.").format(low=low, high=high)
            return None

        prompt = _("{message} ({low}-{high}, Enter for {default}) ").format(
            message=message, low=low, high=high, default=default
        )
        while True:
            if self.dumb:
                answer = self._read_line(prompt)
            else:
                import questionary

                answer = questionary.text(
                    self._fold(f"{message} ({low}-{high})", column=2, indent="  "),
                    default=str(default),
                    validate=lambda t: problem(t) or True,
                    qmark="?",
                ).unsafe_ask()
                if answer is None:
                    raise EOFError
            error = problem(answer)
            if error is None:
                return int(answer.strip() or default)
            self._write(error + "\n")

    def confirm(self, message: str, *, default: bool = True) -> bool:
        keys = {"y": _("yes"), "n": _("no")}
        return self.keypress(_("{question} (y/n) ").format(question=message), keys) == "y"

    def ready(self, message: str) -> bool:
        return self.keypress(message, {"enter": "", "q": _("end the session")}) == "enter"

    def text(self, message: str) -> str:
        if self.dumb:
            return self._read_line(message)
        from prompt_toolkit import prompt as pt_prompt

        return pt_prompt(message)

    def timed_answer(
        self,
        message: str,
        *,
        time_limit: int,
        elapsed: Callable[[], float],
        status: Callable[[], str] | None = None,
    ) -> str:
        if self.dumb:
            return self._timed_answer_lines(message, time_limit=time_limit, elapsed=elapsed)
        from prompt_toolkit import PromptSession
        from prompt_toolkit.application.current import get_app
        from prompt_toolkit.formatted_text import StyleAndTextTuples
        from prompt_toolkit.renderer import CPR_Support
        from prompt_toolkit.styles import Style

        announced = False

        def clock_status() -> tuple[bool, str]:
            nonlocal announced
            left = time_limit - elapsed()
            if left >= 0:
                return False, _("{time} left").format(time=clock(left))
            if not announced:
                announced = True
                get_app().output.bell()
            return True, _("TIME IS UP: {time} over").format(time=clock(-left))

        def toolbar() -> StyleAndTextTuples:
            up, text = clock_status()
            voice = [("class:voice", f" {status()} ")] if status is not None else []
            if up:
                return [
                    ("class:timeup", f" {text} "),
                    ("", "  " + _("Finish your thought, then Enter.") + " "),
                    *voice,
                ]
            keys = _(" of {limit}.  Enter: done   Ctrl-C: stop ").format(limit=clock(time_limit))
            return [("class:clock", f" {text} "), ("", keys), *voice]

        def prompt_message() -> StyleAndTextTuples:
            # prompt_toolkit shows a bottom toolbar only once the terminal has told it
            # where the cursor is (CPR). Where it never will, the clock goes in the prompt.
            if get_app().renderer.cpr_support is not CPR_Support.NOT_SUPPORTED:
                return [("", message)]
            up, text = clock_status()
            extra = f" {status()}" if status is not None else ""
            return [
                ("class:timeup" if up else "class:clock", f"[{text}]{extra}"),
                ("", f" {message}"),
            ]

        style = Style.from_dict(
            {
                "bottom-toolbar": "noreverse",
                "bottom-toolbar.text": "",
                "clock": "reverse bold",
                "timeup": "reverse bold",
                "voice": "bold",
            }
        )
        session: PromptSession[str] = PromptSession(
            prompt_message,
            bottom_toolbar=toolbar,
            refresh_interval=0.25,
            style=style,
            key_bindings=_paste_aware_enter(),
        )
        return session.prompt()

    def _read_note_lines(self, message: str) -> str:
        """A line, and the lines that came in the same burst (a pasted note)."""
        lines = [self._read_line(message)]
        with contextlib.suppress(AttributeError, ValueError, OSError):
            fd = sys.stdin.fileno()
            while _input_waiting(fd, PASTE_GAP):
                line = sys.stdin.readline()
                if not line:
                    break
                lines.append(line.rstrip("\r\n"))
        return "\n".join(lines)

    def _timed_answer_lines(
        self, message: str, *, time_limit: int, elapsed: Callable[[], float]
    ) -> str:
        """The countdown for a terminal that cannot redraw: a bell and a line at the limit.

        A step of several lines (the questions for them) is one clock: said once, rung once.
        """
        used = elapsed()
        if used < 1:
            have = _("You have {time}; aecoach will ring when time is up.")
            self._write(have.format(time=clock(time_limit)) + "\n")
        up = _("*** TIME IS UP: finish your thought, then press Enter. ***")

        def announce() -> None:
            self._write(f"\a\n{up}\n")

        if used >= time_limit:
            return self._read_note_lines(message)
        timer = threading.Timer(time_limit - used, announce)
        timer.daemon = True
        timer.start()
        try:
            return self._read_note_lines(message)
        finally:
            timer.cancel()

    def rate(
        self, message: str, scale: Sequence[Rating], *, extra: Mapping[str, str] | None = None
    ) -> RateResult:
        keys = {str(r.value): f"{r.value} {_(r.label)}" for r in scale}
        keys |= {"s": _("skipped (no rating)"), "q": _("end the session")}
        keys |= dict(extra or {})
        choice = self.keypress(message, keys)
        if choice == "s":
            return "skip"
        if choice == "q":
            return "quit"
        if choice == "m":
            return "model"
        return int(choice)

    def checklist(
        self, items: Sequence[tuple[str, str]], ticked: dict[str, bool] | None = None
    ) -> dict[str, bool] | None:
        keys = {"y": _("yes"), "n": _("no"), "r": _("redo the rating")}
        answers: dict[str, bool] = {} if ticked is None else ticked
        for key, label in items:
            choice = self.keypress("  " + _("{item}? (y/n) ").format(item=label), keys)
            if choice == "r":
                return None
            answers[key] = choice == "y"
        return answers


def _paste_aware_enter():  # type: ignore[no-untyped-def]
    """Enter ends the notes, unless more keys follow at once: then it is a line break
    inside a pasted note, and what follows is note too, not a rating."""
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    bindings = KeyBindings()

    @bindings.add("enter")
    @bindings.add("c-j")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        queued = bool(event.app.key_processor.input_queue)
        if queued or _input_waiting(event.app.input.fileno(), PASTE_GAP):
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    return bindings


# --- The fakes, for tests ---------------------------------------------------------------------


@dataclass
class FakeClock:
    """Wall clock and monotonic clock that move only when told to."""

    start: datetime = field(default_factory=lambda: datetime(2025, 3, 14, 9, 30, tzinfo=UTC))
    elapsed: float = 0.0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return self.elapsed

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds


class ScriptedPrompter:
    """Plays back a script of answers and records what was asked.

    Steps: ("choose", value), ("number", n), ("confirm", bool), ("ready", bool), ("text", str),
    ("answer", notes, seconds) -- moves the FakeClock on by `seconds` --,
    ("rate", 1..5 | "skip" | "quit" | "model"), ("checklist", {key: bool} | None for r),
    ("key", key).
    Any value that is an exception (e.g. KeyboardInterrupt()) is raised instead.
    """

    def __init__(self, steps: Sequence[tuple[Any, ...]], clock: FakeClock | None = None) -> None:
        self.steps = list(steps)
        self.clock = clock
        self.asked: list[tuple[str, str]] = []

    def _next(self, method: str, message: str) -> tuple[Any, ...]:
        self.asked.append((method, message))
        if not self.steps:
            raise AssertionError(f"the script ran out: {method}({message!r}) was asked")
        name, *values = self.steps.pop(0)
        if name != method:
            raise AssertionError(
                f"the script expected {name!r}, but {method}({message!r}) was asked"
            )
        for value in values:
            if isinstance(value, BaseException):
                raise value
        return tuple(values)

    def choose(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        quit_value: str | None = None,
    ) -> str:
        (value,) = self._next("choose", message)
        if value == "q" and quit_value is not None:
            return quit_value
        if value not in [v for v, _ in choices]:
            raise AssertionError(f"{value!r} is not one of the choices {choices}")
        return str(value)

    def number(self, message: str, *, default: int, low: int, high: int) -> int:
        (value,) = self._next("number", message)
        if not low <= value <= high:
            raise AssertionError(f"{value} is outside {low}..{high}")
        return int(value)

    def confirm(self, message: str, *, default: bool = True) -> bool:
        (value,) = self._next("confirm", message)
        return bool(value)

    def ready(self, message: str) -> bool:
        (value,) = self._next("ready", message)
        return bool(value)

    def text(self, message: str) -> str:
        (value,) = self._next("text", message)
        return str(value)

    def timed_answer(
        self,
        message: str,
        *,
        time_limit: int,
        elapsed: Callable[[], float],
        status: Callable[[], str] | None = None,
    ) -> str:
        notes, seconds = self._next("answer", message)
        if self.clock is not None:
            self.clock.advance(seconds)
        return str(notes)

    def rate(
        self, message: str, scale: Sequence[Rating], *, extra: Mapping[str, str] | None = None
    ) -> RateResult:
        (value,) = self._next("rate", message)
        if value == "model" and not extra:
            raise AssertionError("the model answer was not on offer")
        if value not in ("skip", "quit", "model") and value not in [r.value for r in scale]:
            raise AssertionError(f"{value!r} is not on the scale")
        return value  # type: ignore[no-any-return]

    def checklist(
        self, items: Sequence[tuple[str, str]], ticked: dict[str, bool] | None = None
    ) -> dict[str, bool] | None:
        if self.steps and self.steps[0][0] == "checklist" and len(self.steps[0]) > 2:
            # ("checklist", {answered so far}, KeyboardInterrupt()): stopped halfway.
            _name, so_far, *_rest = self.steps[0]
            if ticked is not None:
                ticked.update(so_far)
            self.steps[0] = ("checklist", *_rest)
        (value,) = self._next("checklist", ", ".join(k for k, _ in items))
        if value is None:  # r: redo the rating
            return None
        if set(value) != {k for k, _ in items}:
            raise AssertionError(
                f"the checklist asked {[k for k, _ in items]}, script gave {value}"
            )
        return dict(value)

    def keypress(self, message: str, keys: Mapping[str, str]) -> str:
        (value,) = self._next("key", message)
        if value not in keys:
            raise AssertionError(f"{value!r} is not one of the keys {list(keys)}")
        return str(value)
