"""Rendering `aecoach history`: where the file is, then recent sessions and their answers."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aecoach.errors import Msg, render
from aecoach.history.records import SessionView
from aecoach.history.store import Listing
from aecoach.session import rating_label, time_text
from aecoach.textsafe import inert

END_LABELS = {
    "finished": "finished",
    "quit": "ended early",
    "interrupted": "interrupted",
    None: "unfinished",  # still running elsewhere, or the process was killed
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


def _session_heading(view: SessionView) -> Text:
    s = view.session
    rated = [a.rating for a in view.answers if a.rating is not None]
    role = s.settings.get("role") if isinstance(s.settings, dict) else None
    parts = [
        local_time(s.started_at),
        s.mode if not role else f"{s.mode} ({str(role).upper()})",
        END_LABELS.get(s.end_reason, str(s.end_reason)),
        f"{len(view.answers)} answer{'s' if len(view.answers) != 1 else ''}",
    ]
    if rated:
        parts.append(f"average {sum(rated) / len(rated):.1f}")
    return Text(" · ".join(parts), style="bold")


def render_history(console: Console, listing: Listing) -> None:
    if not listing.exists:
        console.print(Text(f"{listing.path}: {render(Msg.NO_HISTORY)}"), soft_wrap=True)
        return
    totals = listing.totals
    console.print(Text(f"History file: {listing.path}"), soft_wrap=True)
    line = (
        f"{totals.sessions} session{'s' if totals.sessions != 1 else ''},"
        f" {totals.answers} answer{'s' if totals.answers != 1 else ''} in all"
    )
    if len(listing.sessions) < totals.sessions:
        line += f"; the latest {len(listing.sessions)} below, newest first (see more with --limit)"
    console.print(Text(line + ".", style="dim"))
    if not listing.sessions:
        console.print(Text("No sessions saved yet — run `aecoach practice` to start one."))
        return
    rows = {
        id(view): [
            (
                a,
                time_text(a.seconds_used, a.time_limit, a.overran),
                "skipped" if a.rating is None else f"{a.rating} {rating_label(a.rating)}",
                f"{sum(a.checklist.values())} of {len(a.checklist)}" if a.checklist else "-",
            )
            for a in view.answers
        ]
        for view in listing.sessions
    }
    # One width per column for every session, so the tables line up down the screen.
    headers = ("Time", "Rating", "Checklist")
    widths = [
        max([len(h), *(len(r[i + 1]) for rs in rows.values() for r in rs)])
        for i, h in enumerate(headers)
    ]
    for view in listing.sessions:
        console.print()
        console.print(_session_heading(view))
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, expand=True)
        table.add_column("Question", ratio=1, overflow="fold")
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, no_wrap=True, min_width=width)
        for a, used, rating, checklist in rows[id(view)]:
            # Written through inert() already; again here, as the file may come from elsewhere.
            cell = Text(inert(a.prompt_text))
            cell.append(f"\n{inert(a.item_key)}", style="dim")
            if a.notes:
                cell.append(f"\nNotes: {inert(a.notes)}", style="dim")
            table.add_row(cell, used, rating, checklist)
        console.print(table)
