"""The coach's notes on screen: after the hints and before the rating, then one calibration line.

The observations come from aecoach.analysis.content (pure) and are worded by
aecoach.coaching.feedback; this module only prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from aecoach.coaching.feedback import calibration_line, note_lines
from aecoach.i18n import _
from aecoach.textsafe import inert

if TYPE_CHECKING:
    from aecoach.analysis.content import Feedback
    from aecoach.coaching.session import PlanItem


def analyse(item: PlanItem, text: str) -> Feedback | None:
    """The notes on an answer to `item`; None for the typed "questions for us" list."""
    if item.asks_back:
        return None
    from aecoach.analysis.content import coach_notes

    return coach_notes(inert(text), item.item.language, item.item)


def rated(notes: Feedback | None, rating: int | None) -> Feedback | None:
    """The notes with the candidate's rating, and so their calibration."""
    if notes is None:
        return None
    from aecoach.analysis.content import calibrated

    return calibrated(notes, rating)


def stored(notes: Feedback | None) -> dict[str, Any] | None:
    return None if notes is None else notes.as_dict()


def show_notes(console: Console, notes: Feedback | None) -> None:
    if notes is None:
        return
    from aecoach.ui.practice import bullets

    console.print()
    console.print(Text(_("Coach's notes") + ":", style="bold"))
    console.print(bullets(note_lines(notes.as_dict())))


def show_calibration(console: Console, notes: Feedback | None) -> None:
    line = calibration_line(stored(notes), notes.rating if notes else None)
    if line is not None:
        console.print(Text(line, style="yellow"))
