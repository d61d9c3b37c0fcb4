"""An answer the history could not take (a full disk, say): shown so the candidate can copy
it, then saved again when they have made room. Without this the session ended on a one-line
error and the notes and rating just typed were gone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from aecoach.errors import AecoachError, Msg
from aecoach.i18n import _
from aecoach.textsafe import inert

if TYPE_CHECKING:
    from aecoach.history.records import AnswerRecord, SessionRecord
    from aecoach.ui.practice import Recorder
    from aecoach.ui.prompter import Prompter

# Failures the candidate can fix while aecoach waits: each message says "try again".
RETRYABLE = frozenset(
    {Msg.HISTORY_DISK_FULL, Msg.HISTORY_IO, Msg.HISTORY_LOCKED, Msg.HISTORY_READ_ONLY}
)


class PatientRecorder:
    """The history store, with one difference: an answer it cannot save is shown, and saved
    again each time the candidate presses Enter, until it is saved or they give up (q).

    Everything else (the voice recordings, the session's end) goes to the store itself."""

    def __init__(self, store: Recorder, prompter: Prompter, console: Console) -> None:
        self._store = store
        self._prompter = prompter
        self._console = console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def record_answer(self, session: SessionRecord, answer: AnswerRecord) -> None:
        shown = False
        while True:
            try:
                self._store.record_answer(session, answer)
                return
            except AecoachError as exc:
                if exc.msg not in RETRYABLE:
                    raise
                # Wrapped at words on a terminal, to read; whole lines in a log, to copy.
                wrap = not self._console.is_terminal
                if shown:
                    self._console.print(Text(_("Still not saved."), style="bold"))
                else:
                    show_unsaved(self._console, answer)
                    self._console.print(Text(exc.text, style="bold"), soft_wrap=wrap)
                    shown = True
                again = _(
                    "Make room (or fix the cause), then press Enter to save it again,"
                    " or q to stop: "
                )
                if not self._prompter.ready(again):
                    raise AecoachError(Msg.ANSWER_NOT_SAVED) from None


def show_unsaved(console: Console, answer: AnswerRecord) -> None:
    """The question, rating and notes, to copy: plain text, nothing a terminal would act on
    (notes pasted with escape codes show them as text)."""
    from aecoach.coaching.session import rating_label

    wrap = not console.is_terminal
    console.print()
    console.print(Text(_("This answer is not saved yet. Copy it now to keep it:"), style="bold"))
    lines = [
        _("Question: {text}").format(text=inert(answer.prompt_text)),
        _("Rating: {rating}").format(
            rating=rating_label(None)
            if answer.rating is None
            else f"{answer.rating} {rating_label(answer.rating)}"
        ),
    ]
    lines.append(_("Notes:"))
    for line in lines:
        console.print(Text(line), soft_wrap=wrap)
    for line in answer.notes.splitlines() or [_("(none typed)")]:
        console.print(Text("  " + inert(line)), soft_wrap=wrap)
    console.print()
