"""Rendering `aecoach history`: where the file is, then recent sessions and their answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from aecoach.coaching.session import rating_label, time_text
from aecoach.errors import Msg, render
from aecoach.history.records import SessionView
from aecoach.history.store import Listing
from aecoach.i18n import N_, _, ngettext
from aecoach.textsafe import inert
from aecoach.ui.wrap import Whole

SHORT_ID = 8  # characters of a uuid: unique in any one history in practice, and checked

END_LABELS = {
    "finished": N_("finished"),
    "quit": N_("ended early"),
    "interrupted": N_("interrupted"),
    None: N_("unfinished"),  # still running elsewhere, or the process was killed
}
MODES = {
    "practice": N_("practice"),
    "review": N_("review"),
    "mock": N_("mock"),
    "drill": N_("drill"),
}


def local_time(iso: str | None) -> str:
    if not iso:
        return "-"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def listing_as_dict(listing: Listing) -> dict[str, Any]:
    """The JSON shape of `aecoach history --json`."""
    sessions = []
    for view in listing.sessions:
        session = asdict(view.session)
        session["answers"] = [
            {**asdict(a), "roles": list(a.roles), "skills": list(a.skills)} for a in view.answers
        ]
        sessions.append(session)
    return {
        "path": str(listing.path),
        "exists": listing.exists,
        "total_sessions": listing.totals.sessions,
        "total_answers": listing.totals.answers,
        "sessions": sessions,
    }


def _session_heading(view: SessionView) -> Whole:
    """One line where it fits; where not, broken between its parts, never inside one
    (an id is copied from here into `aecoach history remove`)."""
    s = view.session
    rated = [a.rating for a in view.answers if a.rating is not None]
    role = s.settings.get("role") if isinstance(s.settings, dict) else None
    mode = _(MODES[s.mode]) if s.mode in MODES else s.mode
    parts = [
        local_time(s.started_at),
        mode if not role else f"{mode} ({str(role).upper()})",
        _(END_LABELS[s.end_reason]) if s.end_reason in END_LABELS else str(s.end_reason),
        ngettext("{count} answer", "{count} answers", len(view.answers)).format(
            count=len(view.answers)
        ),
    ]
    if rated:
        parts.append(_("average {average}").format(average=f"{sum(rated) / len(rated):.1f}"))
    shown = [Text(part, style="bold") for part in parts]
    # The id `aecoach history remove` takes, as short as it is shown.
    shown.append(Text(_("id {id}").format(id=short_id(s.id)), style="dim"))
    return Whole(shown)


def _answer_ids(answer: Any) -> list[Text]:
    """The question's id and the answer's (which `aecoach history remove` takes)."""
    return [
        Text(inert(answer.item_key), style="dim"),
        Text(_("answer {id}").format(id=short_id(answer.uid)), style="dim"),
    ]


def short_id(uid: str) -> str:
    return uid[:SHORT_ID]


def render_history(
    console: Console,
    listing: Listing,
    recorded: frozenset[str] = frozenset(),
    prompts: Mapping[str, str] | None = None,
) -> None:
    """`prompts`: the questions as the bank words them in today's language, by key; an
    answer whose question is not among them shows the text it was answered with."""
    prompts = prompts or {}
    if not listing.exists:
        console.print(Text(f"{listing.path}: {render(Msg.NO_HISTORY)}"), soft_wrap=True)
        return
    totals = listing.totals
    console.print(Text(_("History file: {path}").format(path=listing.path)), soft_wrap=True)
    sessions = ngettext("{count} session", "{count} sessions", totals.sessions)
    answers = ngettext("{count} answer", "{count} answers", totals.answers)
    line = _("{sessions}, {answers} in all").format(
        sessions=sessions.format(count=totals.sessions),
        answers=answers.format(count=totals.answers),
    )
    if len(listing.sessions) < totals.sessions:
        line += _("; the latest {count} below, newest first (see more with --limit)").format(
            count=len(listing.sessions)
        )
    console.print(Text(_("{line}.").format(line=line), style="dim"))
    if listing.removed:
        removed = ngettext(
            "{count} answer taken out with `aecoach history remove` is kept apart in the file.",
            "{count} answers taken out with `aecoach history remove` are kept apart in the file.",
            listing.removed,
        )
        console.print(Text(removed.format(count=listing.removed), style="dim"))
    if not listing.sessions:
        console.print(Text(_("No sessions saved yet — run `aecoach practice` to start one.")))
        return
    rows = {
        id(view): [
            (
                a,
                time_text(a.seconds_used, a.time_limit, a.overran),
                rating_label(None) if a.rating is None else f"{a.rating} {rating_label(a.rating)}",
                _("{met} of {of}").format(met=sum(a.checklist.values()), of=len(a.checklist))
                if a.checklist
                else "-",
            )
            for a in view.answers
        ]
        for view in listing.sessions
    }
    # One width per column for every session, so the tables line up down the screen.
    headers = (_("Time"), _("Rating"), _("Checklist"))
    widths = [
        max([cell_len(h), *(cell_len(r[i + 1]) for rs in rows.values() for r in rs)])
        for i, h in enumerate(headers)
    ]
    # A narrow terminal leaves the question too little room for an id to fit on a line:
    # each answer then goes under its question instead of beside it.
    longest_id = max((cell_len(r[0].item_key) for rs in rows.values() for r in rs), default=0)
    room = console.width - sum(widths) - 2 * len(widths) - 2
    if room < max(24, longest_id):
        _render_stacked(console, listing, rows, headers, prompts)
        return
    for view in listing.sessions:
        console.print()
        console.print(_session_heading(view))
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, expand=True)
        table.add_column(_("Question"), ratio=1, overflow="fold")
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, no_wrap=True, min_width=width)
        for a, used, rating, checklist in rows[id(view)]:
            # Written through inert() already; again here, as the file may come from elsewhere.
            prompt = Text(inert(prompts.get(a.item_key, a.prompt_text)))
            lines: list[Text | Whole] = [prompt, Whole(_answer_ids(a))]
            if a.notes:
                lines.append(Text(_("Notes: {notes}").format(notes=inert(a.notes)), style="dim"))
            if a.uid in recorded:  # spoken answers (issue 13)
                play = _("Play it: aecoach play {id}").format(id=a.uid[:8])
                lines.append(Text(play, style="dim"))
            cell = Group(*lines)
            table.add_row(cell, used, rating, checklist)
        console.print(table)


def _render_stacked(
    console: Console,
    listing: Listing,
    rows: dict[int, list[tuple[Any, str, str, str]]],
    headers: tuple[str, str, str],
    prompts: Mapping[str, str],
) -> None:
    for view in listing.sessions:
        console.print()
        console.print(_session_heading(view))
        for a, *values in rows[id(view)]:
            console.print(Text(inert(prompts.get(a.item_key, a.prompt_text))))
            console.print(Whole(_answer_ids(a)))
            console.print(Whole([Text(f"{h} {v}") for h, v in zip(headers, values, strict=True)]))
            if a.notes:
                console.print(Text(_("Notes: {notes}").format(notes=inert(a.notes)), style="dim"))
