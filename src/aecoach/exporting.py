"""`aecoach export`: the history as CSV (spreadsheets), JSON (lossless) or Markdown (a mentor).

The writers take a text stream and an iterator of sessions read from one
snapshot of the history; nothing here prints. Text from packs and notes is
data wherever it lands: CSV cells that a spreadsheet would run as a formula
are neutralised, Markdown special characters are escaped, and control
characters are made visible. See docs/export.md.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, TextIO

from aecoach.coaching.feedback import calibration_line, note_lines
from aecoach.coaching.labels import checklist_label, timing_clauses
from aecoach.history.deliveries import CSV_COLUMNS as DELIVERY_COLUMNS
from aecoach.history.queries import (
    CELL,
    CHECKLIST_KEYS,
    FORMULA_START,
    NO_FILTERS,
    ExportedSession,
    Filters,
    csv_lines,
    csv_sessions,
    export_sessions,
)
from aecoach.i18n import _
from aecoach.textsafe import inert

FORMATS = ("csv", "json", "md")
SUFFIXES = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md"}

# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "session_id",
    "session_started_at",
    "mode",
    "end_reason",
    "answer_uid",
    "started_at",
    "item_key",
    "item_type",
    "pack",
    "language",
    "kind",
    "roles",
    "skills",
    "prompt_text",
    "seconds_used",
    "time_limit",
    "overran",
    "skipped",
    "rating",
    *(f"checklist_{k.replace('-', '_')}" for k in CHECKLIST_KEYS),
    "checklist_other",
    "notes",
    "feedback",  # the coach's notes as a JSON object, empty for answers saved before them
    # Spoken answers (issue 13): empty for typed ones.
    *DELIVERY_COLUMNS,
)
_BATCH = 2000


def _json_list(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


# A formula character at the start of a cell, i.e. after a cell or record separator.
_FORMULA_CELL = re.compile("([\x1e\x1f])([" + re.escape("".join(FORMULA_START)) + "])")
# textsafe's unsafe characters but for the two separators (inert text never holds those).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1d\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _cells_of(column: str, text: str) -> str:
    """The raw cells for one distinct roles, skills or checklist JSON text."""
    if column == "checklist":
        return CELL.join(_checklist_cells(text))
    return "; ".join(_json_list(text))


def _records(raw: str) -> str:
    """Raw cells (CELL between cells, \\x1e between records) as CSV records.

    Every cell is neutralised (a leading formula character gets a quote) and
    quoted (inner quotes doubled); control characters in the text are made
    visible. Quoted numbers are still numbers to spreadsheet programs.
    """
    if raw.startswith(FORMULA_START):
        raw = "'" + raw
    raw = _FORMULA_CELL.sub("\\1'\\2", raw)
    if _UNSAFE.search(raw):
        raw = _UNSAFE.sub(lambda m: inert(m.group()), raw)
    quoted = raw.replace('"', '""').replace(CELL, '","').replace("\x1e", '"\r\n"')
    # RFC 4180 ends records with CRLF; a line break inside a quoted note stays a
    # bare LF, which spreadsheets read as a line break within the cell.
    return f'"{quoted}"\r\n'


# Every formula character read as "=", and the record separator as the cell
# separator: then one search for CELL + "=" finds every cell to neutralise.
_FORMULA_PROBE = bytes.maketrans(b"=+-@\t\r\n\x1e", b"=======\x1f")


def _neutralise_bytes(raw: bytes) -> bytes:
    """A quote before every cell that starts with a formula character.

    UTF-8 never uses bytes below 0x80 inside a multi-byte character, so
    mapping these ASCII bytes cannot make a false match.
    """
    probe = raw.translate(_FORMULA_PROBE)
    pieces = [b"'"] if probe.startswith(b"=") else []
    start = 0
    found = probe.find(b"\x1f=")
    while found != -1:
        pieces += (raw[start : found + 1], b"'")
        start = found + 1
        found = probe.find(b"\x1f=", found + 2)
    if not pieces:
        return raw
    pieces.append(raw[start:])
    return b"".join(pieces)


# _UNSAFE as UTF-8: the one-byte controls (all but the two separators) are
# found by deleting every other byte; the few multi-byte ones by a regex
# each, which starts with a fixed byte and so is a fast scan.
_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0B, 0x1E), 0x7F])
_NOT_CONTROLS = bytes(b for b in range(256) if b not in _CONTROLS)
_UNSAFE_SEQUENCES = tuple(
    re.compile(pattern)
    for pattern in (
        b"\xc2[\x80-\x9f]",  # C1 controls
        b"\xe2\x80[\xaa-\xae]",  # bidirectional embeddings and overrides
        b"\xe2\x81[\xa6-\xa9]",  # bidirectional isolates
        b"\xed[\xa0-\xbf]",  # surrogates (never valid UTF-8)
    )
)


def _unsafe_bytes(raw: bytes) -> bool:
    if raw.translate(None, _NOT_CONTROLS):
        return True
    return any(pattern.search(raw) for pattern in _UNSAFE_SEQUENCES)


def _records_bytes(raw: bytes) -> bytes:
    """_records for UTF-8 bytes: the same result, several times faster."""
    if _unsafe_bytes(raw):  # rare: inert text has none; take the careful way
        return _records(raw.decode("utf-8", "replace")).encode("utf-8")
    raw = _neutralise_bytes(raw)
    quoted = raw.replace(b'"', b'""').replace(b"\x1f", b'","').replace(b"\x1e", b'"\r\n"')
    return b'"' + quoted + b'"\r\n'


def write_csv(out: TextIO, db: sqlite3.Connection, filters: Filters) -> tuple[int, int]:
    """One record per answer, oldest first (see queries.csv_lines for the speed)."""
    sessions = {
        key: (CELL.join(cells) + CELL).encode("utf-8", "replace")
        for key, cells in csv_sessions(db).items()
    }
    out.write(",".join(CSV_COLUMNS) + "\r\n")
    # Bytes go straight to the file under a text stream (after its byte-order mark).
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
    seen: set[str] = set()
    answers = 0
    cursor = csv_lines(db, filters, _cells_of)
    while rows := cursor.fetchmany(_BATCH):
        for sid, _rest in rows:
            if sid not in sessions:  # an answer whose session row is missing (a damaged file)
                sessions[sid] = (CELL.join((sid, "", "", "")) + CELL).encode("utf-8", "replace")
        records = _records_bytes(b"\x1e".join([sessions[sid] + rest for sid, rest in rows]))
        if binary is not None:
            binary.write(records)
        else:
            out.write(records.decode("utf-8"))
        seen.update(sid for sid, _rest in rows)
        answers += len(rows)
    return len(seen), answers


def _checklist_cells(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        value = {}
    if not isinstance(value, dict):
        value = {}
    known = tuple("" if k not in value else str(int(bool(value[k]))) for k in CHECKLIST_KEYS)
    other = "; ".join(f"{k}={int(bool(v))}" for k, v in value.items() if k not in CHECKLIST_KEYS)
    return (*known, other)


# --- Markdown ---------------------------------------------------------------------------------

# Everywhere: emphasis, code, links and images, HTML and entities, tables,
# strikethrough, math, and the backslash itself.
_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]<>|~!&$#])")
# At the start of a line: headings, quotes, lists, setext underlines.
_MD_LINE_START = re.compile(r"^(\s*)([-+=>])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
# Bare links that GitHub-flavoured Markdown makes live: scheme://, www., e-mail.
_MD_AUTOLINK = re.compile(r"(:)(?=//)|(?<=www)(\.)|(@)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # prompts, keys and labels repeat on every session
def md_inert(text: str) -> str:
    """Text that Markdown shows as written: no link, image, HTML or formatting can start."""
    text = inert(text)
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), text)


def md_line(text: str) -> str:
    """md_inert, on one line (for headings and list items)."""
    return md_inert(" ".join(text.split()))


def _clock(seconds: float) -> str:
    from aecoach.coaching.session import clock

    return clock(seconds)


def _local(iso: str | None, zone: tzinfo | None) -> str:
    if not iso:
        return "-"
    try:
        return datetime.fromisoformat(iso).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _rating(value: int | None) -> str:
    from aecoach.coaching.session import rating_label

    if value is None:
        return _("skipped")
    return _("{rating} of 5 ({label})").format(rating=value, label=_(rating_label(value)))


def write_markdown_summary(out: TextIO, summary: object, zone: tzinfo | None) -> None:
    from aecoach.bank import taxonomy
    from aecoach.coaching.stats import Stats

    assert isinstance(summary, Stats)
    out.write("# " + _("Interview practice log") + "\n\n")
    if summary.empty:
        out.write(_("No answers match.") + "\n")
        return
    out.write(
        "- "
        + _("{sessions} sessions, {answers} answers, from {first} to {last}").format(
            sessions=summary.sessions,
            answers=summary.answers,
            first=_local(summary.first_at, zone),
            last=_local(summary.last_at, zone),
        )
        + "\n"
    )
    if summary.average is not None:
        out.write(
            "- "
            + _(
                "Average self-rating {avg} of 5 over {rated} rated answers ({skipped} skipped)"
            ).format(
                avg=f"{summary.average:.1f}",
                rated=summary.rated,
                skipped=summary.answers - summary.rated,
            )
            + "\n"
        )
    share = summary.timing.share_within
    if share is not None:
        out.write(
            "- "
            + _("{share}% of answers within their time limit").format(share=round(share * 100))
            + timing_clauses(summary.timing)
            + "\n"
        )
    if summary.by_skill:
        out.write("\n## " + _("By skill") + "\n\n")
        out.write(
            "| " + _("Skill") + " | " + _("Answers") + " | " + _("Average") + " |\n"
            "| --- | ---: | ---: |\n"
        )
        for g in summary.by_skill:
            avg = "-" if g.average is None else f"{g.average:.1f}"
            out.write(
                f"| {md_line(_(taxonomy.SKILLS.get(g.key, g.key)))} | {g.answers} | {avg} |\n"
            )
    if summary.weakest:
        out.write("\n## " + _("To practise next") + "\n\n")
        for w in summary.weakest:
            avg = _("skipped") if w.average is None else f"{w.average:.1f}"
            out.write(f"- {md_line(w.prompt_text)} ({md_line(w.item_key)}, {avg})\n")


def write_markdown(
    out: TextIO,
    sessions: Iterable[ExportedSession],
    zone: tzinfo | None = None,
    spoken: dict[str, dict[str, Any]] | None = None,
) -> tuple[int, int]:
    n_sessions = n_answers = 0
    for exported in sessions:
        s = exported.session
        end = {
            "finished": _("finished"),
            "quit": _("ended early"),
            "interrupted": _("interrupted"),
        }.get(s.end_reason or "", _("unfinished"))
        out.write(
            f"\n## {md_line(_local(s.started_at, zone))} · {md_line(_(exported.mode))} · {end}\n"
        )
        for number, a in enumerate(exported.answers, 1):
            out.write(f"\n### {number}. {md_line(a.prompt_text)}\n\n")
            out.write(f"- {_('Question')}: {md_line(a.item_key)} ({md_line(a.language)})\n")
            time_text = _("{used} of {limit}").format(
                used=_clock(a.seconds_used), limit=_clock(a.time_limit)
            )
            if a.overran:
                time_text += " " + _("(over)")
            out.write(f"- {_('Time')}: {time_text}\n")
            out.write(f"- {_('Rating')}: {_rating(a.rating)}\n")
            if a.checklist:
                out.write(f"- {_('Checklist')}:\n")
                for key, ok in a.checklist.items():
                    mark = "[x]" if ok else "[ ]"
                    out.write(f"  - {mark} {md_line(checklist_label(key, a.item_type, a.kind))}\n")
            if a.notes:
                out.write(f"- {_('Notes')}:\n\n")
                for line in a.notes.splitlines() or [""]:
                    out.write(f"  > {md_inert(line)}  \n" if line.strip() else "  >\n")
            if a.feedback:
                heading = _("Coach's notes")
                out.write(f"- {heading}:\n")
                for line in note_lines(a.feedback):
                    out.write(f"  - {md_line(line)}\n")
                rated = calibration_line(a.feedback, a.rating)
                if rated:
                    out.write(f"  - {md_line(rated)}\n")
            if spoken and a.uid in spoken:
                _write_delivery(out, spoken[a.uid])
        n_sessions += 1
        n_answers += len(exported.answers)
    return n_sessions, n_answers


def _write_delivery(out: TextIO, figures: dict[str, Any]) -> None:
    from aecoach.analysis.wording import figure_rows

    out.write(f"- {_('Delivery')}:\n")
    for label, value in figure_rows(figures):
        out.write(f"  - {md_line(label)}: {md_line(value)}\n")
    transcript = figures.get("transcript")
    if isinstance(transcript, str) and transcript:
        out.write(f"  - {_('Transcript')}: {md_line(transcript)}\n")


# --- Running an export ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    format: str
    path: Path | None  # None for standard output
    sessions: int
    answers: int


def format_for(fmt: str | None, output: str) -> str | None:
    """The format asked for, or the one the output's name implies (None if neither)."""
    if fmt:
        return fmt
    if output == "-":
        return None
    return SUFFIXES.get(Path(output).suffix.lower())


def clashing_name(fmt: str, output: str) -> str | None:
    """The other format the output's name says, when it says one (`-o x.json --format csv`):
    such a file fails to import, or opens in the wrong program, later."""
    if output == "-":
        return None
    named = SUFFIXES.get(Path(output).suffix.lower())
    return named if named is not None and named != fmt else None


def export(
    history: Path,
    fmt: str,
    output: str,
    filters: Filters = NO_FILTERS,
    *,
    force: bool = False,
    today: date | None = None,
    zone: tzinfo | None = None,
    stdout: TextIO | None = None,
) -> ExportResult:
    """Write the history (as filtered) in `fmt` to `output` (a path, or "-" for stdout)."""
    from aecoach.errors import AecoachError, Msg
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(history, check=False)
    if store is None:
        raise AecoachError(Msg.NO_HISTORY, location=str(history))

    def write(out: TextIO) -> tuple[int, int]:
        def work(db: sqlite3.Connection) -> tuple[int, int]:
            if fmt == "csv":
                return write_csv(out, db, filters)
            sessions = export_sessions(db, filters)
            from aecoach.history.deliveries import all_figures

            spoken = all_figures(db)
            if fmt == "json":
                from aecoach.history.interchange import write_json
                from aecoach.history.stories import export_extra

                return write_json(out, sessions, export_extra(db, filters), spoken)
            from aecoach.coaching.stats import compute

            summary = compute(db, filters, today=today or date.today(), zone=zone)
            write_markdown_summary(out, summary, zone)
            return write_markdown(out, sessions, zone, spoken)

        return store.read(work)

    counts = (0, 0)
    with store:
        if output == "-":
            stream = stdout or sys.stdout
            counts = write(stream)
            stream.flush()
            return ExportResult(fmt, None, *counts)
        from aecoach.safefile import write_private

        def to_file(handle: TextIO) -> None:
            nonlocal counts
            counts = write(handle)

        # A byte-order mark tells spreadsheet programs the CSV is UTF-8 (else
        # Excel guesses the local code page and garbles Japanese or Thai notes).
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        write_private(Path(output), to_file, force=force, encoding=encoding)
    return ExportResult(fmt, Path(output), *counts)


def import_file(history: Path, source: Path) -> tuple[int, int, int]:
    """Load a JSON export into the history: (sessions added, answers added, answers in file)."""
    from aecoach.history.interchange import read_export
    from aecoach.history.store import HistoryStore
    from aecoach.history.stories import import_stories, read_export_stories

    spoken: dict[str, dict[str, Any]] = {}
    records = read_export(source, spoken)  # checked in full before the history is even opened
    stories, story_links = read_export_stories(source)
    with HistoryStore.open(history) as store:
        added_sessions, added_answers = store.import_sessions(records)
        if stories or story_links:
            store.write(lambda db: import_stories(db, stories, story_links))
        if spoken:
            from aecoach.history import deliveries

            rows = [deliveries.row_for(uid, figures, None) for uid, figures in spoken.items()]
            store.write(lambda db: [deliveries.insert(db, row) for row in rows])
    return added_sessions, added_answers, sum(len(answers) for _s, answers in records)
