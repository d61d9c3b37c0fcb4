"""Names and phrases shared by the screens and files that look back on answers: a
checklist item's name, and the time discipline's clauses (stats, the Markdown log).

Practice and drills share some keys ("on-question": the question asked, or the objection
itself), so an answer's item is named from the checklist it was asked with, and a figure
over all answers by the interview checklist, which most answers have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from aecoach.coaching.session import (
    CHECKLIST,
    COLD_CALL_CHECKLIST,
    DRILL_CHECKLIST,
    PIPELINE_CHECKLIST,
    checklist_for,
    clock,
)
from aecoach.i18n import _

if TYPE_CHECKING:
    from aecoach.coaching.stats import Timing


def checklist_label(key: str, item_type: str | None = None, kind: str | None = None) -> str:
    """The translated name of checklist item `key`, as the answer's checklist asked it: an
    objection's (a drill), a cold call's or a pipeline sum's, else the interview checklist's,
    which most answers have. A key no checklist knows is returned as it is (the caller
    makes it inert)."""
    own = checklist_for(_Item(item_type or "", kind or ""), CHECKLIST)  # type: ignore[arg-type]
    first = DRILL_CHECKLIST if item_type == "objection" else own
    for checklist in (first, CHECKLIST, *_OTHERS):
        for item in checklist:
            if item.key == key:
                return _(item.label)
    return key


class _Item(NamedTuple):
    """What `checklist_for` reads of an item."""

    item_type: str
    kind: str


_OTHERS = (DRILL_CHECKLIST, COLD_CALL_CHECKLIST, PIPELINE_CHECKLIST)


def timing_clauses(timing: Timing) -> str:
    """What "within their limit" leaves out, as stats words it: "; 3 too short (under a
    quarter of the limit); 2 overran, by 0:15 on average" (empty when nothing is)."""
    text = ""
    if timing.short:
        text += _("; {n} too short (under a quarter of the limit)").format(n=timing.short)
    if timing.overran and timing.average_overrun is not None:
        text += _("; {n} overran, by {over} on average").format(
            n=timing.overran, over=clock(timing.average_overrun)
        )
    return text
