"""A checklist item's name, for the screens that list answers after the session.

Practice and drills share some keys ("on-question": the question asked, or the objection
itself), so an answer's item is named from the checklist it was asked with, and a figure
over all answers by the interview checklist, which most answers have.
"""

from __future__ import annotations

from aecoach.coaching.session import CHECKLIST, DRILL_CHECKLIST
from aecoach.i18n import _


def checklist_label(key: str, item_type: str | None = None) -> str:
    """The translated name of checklist item `key`; `item_type` "objection" names it as a
    drill asks it. A key no checklist knows is returned as it is (the caller makes it inert)."""
    lists = (
        (DRILL_CHECKLIST, CHECKLIST) if item_type == "objection" else (CHECKLIST, DRILL_CHECKLIST)
    )
    for checklist in lists:
        for item in checklist:
            if item.key == key:
                return _(item.label)
    return key
