"""The coach's notes in words: one line per observation, for the screen and the exports.

Reads the notes as stored (`Feedback.as_dict()` from aecoach.analysis.content), so an
answer saved or imported long ago is worded the same way as a new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aecoach.i18n import N_, _
from aecoach.textsafe import inert, shown

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


def _listed(texts: Iterable[Any]) -> str:
    return _(", ").join(inert(str(t)) for t in texts)


def _counted(pairs: Iterable[tuple[Any, Any]]) -> str:
    said = _("\u201c{word}\u201d \u00d7{n}")
    return _(", ").join(said.format(word=inert(str(w)), n=n) for w, n in pairs)


def _list(notes: dict[str, Any], key: str) -> list[Any]:
    value = notes.get(key)
    return value if isinstance(value, list) else []


def _count(notes: dict[str, Any], key: str) -> int:
    value = notes.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def note_lines(notes: dict[str, Any]) -> list[str]:
    """The observations, one line each, in the interface language, from the stored notes.

    Stored notes may come from an import: a value of the wrong shape is left out, never
    trusted, and every text is made inert.
    """
    if notes.get("empty"):
        return [_("No notes typed, so nothing to look at: type a line or two of what you said.")]
    lines = []
    if numbers := _list(notes, "numbers"):
        lines.append(_("Figures: {figures}.").format(figures=_listed(numbers)))
    else:
        lines.append(_("No figure: nothing in the answer is measured."))
    i_count, we_count = _count(notes, "i_count"), _count(notes, "we_count")
    if i_count or we_count:
        lines.append(
            _("\u201cI\u201d words: {i} · \u201cwe\u201d words: {we}.").format(
                i=i_count, we=we_count
            )
        )
    if isinstance(notes.get("missing_star"), list):
        missing = _list(notes, "missing_star")
        signs = notes.get("star_signs")
        signs = signs if isinstance(signs, dict) else {}
        found = _(", ").join(
            _("{part} \u201c{sign}\u201d").format(
                part=_(STAR_LABELS[p]), sign=shown(str(signs[p]), 40)
            )
            for p in STAR_LABELS
            if p in signs and p not in missing
        )
        parts = _listed(_(STAR_LABELS.get(p, str(p))) for p in missing)
        if missing and found:
            lines.append(
                _("STAR: {found}; no sign of the {parts}.").format(found=found, parts=parts)
            )
        elif missing:
            lines.append(_("STAR: no sign of the {parts}.").format(parts=parts))
        elif found:
            lines.append(_("STAR: {found}.").format(found=found))
        else:  # notes stored before the signs were
            lines.append(_("STAR: situation, task, action and result are all there."))
    if hints := _count(notes, "hints"):
        covered = len(_list(notes, "covered_hints"))
        words = [w for w in _list(notes, "touched_words") if isinstance(w, str)][:6]
        if covered and words:
            touched = _("Points touched: {covered} of {total}, by {words}.")
            lines.append(touched.format(covered=covered, total=hints, words=_listed(words)))
        else:
            touched = _("Points touched: {covered} of {total}.")
            lines.append(touched.format(covered=covered, total=hints))
        missed = _list(notes, "missing_hints")
        lines.extend(_("Not touched: {point}").format(point=_clipped(str(h), 80)) for h in missed)
    if vocabulary := _list(notes, "vocabulary"):
        from aecoach.analysis.content import as_written

        # Notes saved before the lists kept acronyms' capitals still read "ARR", not "arr".
        words = [as_written(w) if isinstance(w, str) else w for w in vocabulary]
        lines.append(_("Role words: {words}.").format(words=_listed(words)))
    hedges = notes.get("hedges")
    if isinstance(hedges, dict) and hedges:
        lines.append(_("Weak words: {words}.").format(words=_counted(hedges.items())))
    repeated = [p for p in _list(notes, "repeated") if isinstance(p, list) and len(p) == 2]
    if repeated:
        lines.append(_("Said most: {words}.").format(words=_counted(repeated)))
    return lines


def _clipped(text: str, limit: int) -> str:
    """`shown`, cut after a whole word where the text has spaces: "versus the…", never
    "versus the spe…" (Japanese and Thai run words together and are cut where they reach
    the limit)."""
    short = shown(text, limit)
    if short == inert(text) or " " not in short[limit // 2 : -1]:
        return short
    return short[:-1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def calibration_line(notes: dict[str, Any] | None, rating: int | None) -> str | None:
    """Where the rating and the signals disagree, which signals; None where they agree."""
    signals = _list(notes or {}, "calibration")
    if not signals or rating is None:
        return None
    labels = _listed(_(CALIBRATION_LABELS.get(c, str(c))) for c in signals)
    if rating >= 4:
        return _("Rated {rating}; {signals}.").format(rating=rating, signals=labels)
    return _("Rated {rating}, yet the answer has {signals}.").format(rating=rating, signals=labels)
