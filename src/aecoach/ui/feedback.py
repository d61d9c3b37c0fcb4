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
    from aecoach.coaching.stats import Stats


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


# --- In `aecoach stats` -------------------------------------------------------------------


def show_stats_extras(console: Console, stats: Stats) -> None:
    """The checklist items missed most, and the coach's notes' signals over time."""
    from rich import box
    from rich.table import Table

    from aecoach.coaching.session import CHECKLIST, DRILL_CHECKLIST

    labels = {c.key: c.label for c in (*CHECKLIST, *DRILL_CHECKLIST)}
    if stats.checklist:
        console.print()
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column(_("Checklist (most missed first)"), overflow="fold")
        table.add_column(_("Missed"), justify="right", no_wrap=True)
        table.add_column(_("Answers"), justify="right", no_wrap=True)
        for m in stats.checklist:
            label = _(labels[m.key]) if m.key in labels else inert(m.key)
            table.add_row(Text(label), f"{round(m.share * 100)}%", str(m.of))
        console.print(table)
    if stats.signals:
        console.print()
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column(_("Coach's notes"), overflow="fold")
        heads = [_("Earlier"), _("Latest")] if len(stats.signals) == 2 else [_("All")]
        for head in heads:
            table.add_column(head, justify="right", no_wrap=True)

        def share(value: float | None) -> str:
            return "-" if value is None else f"{round(value * 100)}%"

        table.add_row(_("Answers"), *(str(s.answers) for s in stats.signals))
        table.add_row(_("With a figure"), *(share(s.share_quantified) for s in stats.signals))
        table.add_row(
            _("\u201cI\u201d / \u201cwe\u201d"),
            *(f"{s.i_count} / {s.we_count}" for s in stats.signals),
        )
        table.add_row(_("Points touched"), *(share(s.share_touched) for s in stats.signals))
        console.print(table)
