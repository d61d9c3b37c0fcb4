"""The coach's notes on screen: after the hints and before the rating, then one calibration line.

The observations come from aecoach.analysis.content (pure); this module only words and
prints them. Every line names what it saw ("Figures: 30%, two quarters"), never a grade.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from aecoach.i18n import N_, _
from aecoach.textsafe import inert, shown

if TYPE_CHECKING:
    from aecoach.analysis.content import Feedback
    from aecoach.coaching.session import PlanItem

STAR_LABELS = {
    "situation": N_("situation"),
    "task": N_("task"),
    "action": N_("action"),
    "result": N_("result"),
}
CALIBRATION_LABELS = {
    "no_example": N_("no example"),
    "no_number": N_("no number"),
    "no_result": N_("no result"),
    "few_points": N_("few of the points"),
    "has_number": N_("a number"),
    "full_star": N_("all four STAR parts"),
    "all_points": N_("every point"),
}


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


def _listed(texts: Iterable[str]) -> str:
    return _(", ").join(inert(t) for t in texts)


def _counted(pairs: Iterable[tuple[str, int]]) -> str:
    return _(", ").join(f"\u201c{inert(w)}\u201d \u00d7{n}" for w, n in pairs)


def note_lines(notes: Feedback) -> list[str]:
    """The observations, one line each, in the interface language."""
    if notes.empty:
        return [_("No notes typed, so nothing to look at: type a line or two of what you said.")]
    lines = []
    if notes.numbers:
        lines.append(_("Figures: {figures}.").format(figures=_listed(notes.numbers)))
    else:
        lines.append(_("No figure: nothing in the answer is measured."))
    if notes.i_count or notes.we_count:
        lines.append(
            _("\u201cI\u201d words: {i} · \u201cwe\u201d words: {we}.").format(
                i=notes.i_count, we=notes.we_count
            )
        )
    missing = notes.missing_star
    if missing is not None:
        if missing:
            parts = _listed(_(STAR_LABELS[p]) for p in missing)
            lines.append(_("STAR: no sign of the {parts}.").format(parts=parts))
        else:
            lines.append(_("STAR: situation, task, action and result are all there."))
    if notes.hints:
        lines.append(
            _("Points touched: {covered} of {total}.").format(
                covered=len(notes.covered_hints), total=len(notes.hints)
            )
        )
        lines.extend(
            _("Not touched: {point}").format(point=shown(hint, 80)) for hint in notes.missing_hints
        )
    if notes.vocabulary:
        lines.append(_("Role words: {words}.").format(words=_listed(notes.vocabulary)))
    if notes.hedges:
        lines.append(_("Weak words: {words}.").format(words=_counted(notes.hedges.items())))
    if notes.repeated:
        lines.append(_("Said most: {words}.").format(words=_counted(notes.repeated)))
    return lines


def calibration_line(notes: Feedback | None) -> str | None:
    if notes is None or not notes.calibration or notes.rating is None:
        return None
    labels = _listed(_(CALIBRATION_LABELS[c]) for c in notes.calibration)
    if notes.rating >= 4:
        return _("Rated {rating}; {signals}.").format(rating=notes.rating, signals=labels)
    return _("Rated {rating}, yet the answer has {signals}.").format(
        rating=notes.rating, signals=labels
    )


def show_notes(console: Console, notes: Feedback | None) -> None:
    if notes is None:
        return
    console.print()
    console.print(Text(_("Coach's notes:"), style="bold"))
    from aecoach.ui.practice import bullets

    console.print(bullets(note_lines(notes)))


def show_calibration(console: Console, notes: Feedback | None) -> None:
    line = calibration_line(notes)
    if line is not None:
        console.print(Text(line, style="yellow"))
