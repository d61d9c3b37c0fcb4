"""Reading the history for the report and writing the page, privately, like `export`."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aecoach.history.queries import NO_FILTERS, Filters

if TYPE_CHECKING:
    from aecoach.history.deliveries import Stored


@dataclass(frozen=True)
class ReportResult:
    path: Path | None  # None for standard output
    sessions: int
    answers: int
    size: int  # characters written


def default_name(today: date) -> str:
    return f"aecoach-report-{today.isoformat()}.html"


def check_name(output: str) -> None:
    """Refuse a name that says another format (r.pdf, r.txt, no extension): the page
    would not open in a browser on a double click, which is what a mentor will do."""
    if output == "-":
        return
    path = Path(output)
    if path.suffix.lower() in (".html", ".htm"):
        return
    from aecoach.errors import AecoachError, Msg

    # r.pdf becomes r.html; "week.2025-03" keeps its dotted date and gains .html.
    real_suffix = path.suffix[1:].isalpha()
    fixed = (path.with_suffix(".html") if real_suffix else Path(path.name + ".html")).name
    raise AecoachError(Msg.REPORT_NOT_HTML, name=path.name, fixed=fixed, exit_code=2)


def _attach_recordings(
    sessions: list[dict[str, Any]], spoken: dict[str, Stored], home: Path
) -> None:
    """Each spoken answer's recording file, for the page's audio players."""
    from aecoach.voice.recordings import folder

    for session in sessions:
        for answer in session["answers"]:
            stored = spoken.get(answer["uid"])
            if stored is not None and stored.recording:
                answer["recording"] = str(folder(home) / stored.recording)


def read_data(
    history: Path,
    filters: Filters,
    *,
    today: date,
    zone: tzinfo | None,
    home: Path | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(what `stats --json` says, the sessions of `export --format json`), from one snapshot."""
    from aecoach.coaching.stats import compute
    from aecoach.errors import AecoachError, Msg
    from aecoach.history.interchange import session_dict
    from aecoach.history.queries import export_sessions
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(history, check=False)
    if store is None:
        raise AecoachError(Msg.NO_HISTORY, location=str(history))

    def work(db: sqlite3.Connection) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        from aecoach.history import deliveries

        stats = compute(db, filters, today=today, zone=zone).as_dict()
        spoken = deliveries.all_stored(db)  # one read: the figures and the recordings
        figures = {uid: stored.figures for uid, stored in spoken.items()}
        sessions = [
            # The effective mode, as stats counts it: a drill recorded as practice is a drill.
            # The figures as the JSON export carries them.
            {**session_dict(e.session, e.answers, figures), "mode": e.mode}
            for e in export_sessions(db, filters)
        ]
        if home is not None:
            _attach_recordings(sessions, spoken, home)
        return stats, sessions

    with store:
        return store.read(work)


def write_report(
    history: Path,
    output: str,
    filters: Filters = NO_FILTERS,
    *,
    force: bool = False,
    audio: str = "embed",
    today: date,
    zone: tzinfo | None = None,
    home: Path | None = None,
    stdout: TextIO | None = None,
    unmatched: str | None = None,
) -> ReportResult:
    """`unmatched` names the filters, when there are any, for a refusal if none match."""
    from aecoach.report.model import build
    from aecoach.report.render import render

    stats, sessions = read_data(history, filters, today=today, zone=zone, home=home)
    if unmatched is not None and not stats.get("answers"):
        # As `stats` refuses: an empty page for a filter that matched nothing misleads.
        from aecoach.errors import AecoachError, Msg

        raise AecoachError(Msg.NO_ANSWERS_MATCH, filters=unmatched)
    page = render(build(stats, sessions, zone=zone), zone=zone, audio=audio, home=home)
    counts = (len(sessions), sum(len(s["answers"]) for s in sessions))
    if output == "-":
        stream = stdout or sys.stdout
        stream.write(page)
        stream.flush()
        return ReportResult(None, *counts, len(page))
    from aecoach.safefile import write_private

    write_private(Path(output), lambda handle: handle.write(page), force=force)
    return ReportResult(Path(output), *counts, len(page))
