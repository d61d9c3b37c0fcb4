"""The SQL behind `aecoach stats` and `aecoach export`: aggregate in SQLite, stream the rest.

Stats never load every answer into Python. Three grouped queries, each
served by a covering index from migration m002, return a few hundred rows
however long the history is:

- per question (item key, kind, skills, roles): counts, rating sums, time;
  Python then folds these into skills, kinds, roles and the weakest questions;
- per skill list, the first and latest K ratings in time order, for trends;
- per session: start time and rating sums, for the chart and practice days.

Exports stream answers session by session through one cursor.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from aecoach.history.records import (
    ANSWER_COLUMNS,
    AnswerRecord,
    SessionRecord,
    answer_select,
    decode_feedback,
    loads_json,
    session_from_row,
)

# A session's mode: the column, or for sessions recorded as `practice` by a
# later mode that names itself in its settings, the settings' "mode".
MODE_SQL = (
    "CASE WHEN s.mode <> 'practice' THEN s.mode"
    " ELSE coalesce(CASE WHEN json_valid(s.settings) THEN"
    " CAST(json_extract(s.settings, '$.mode') AS TEXT) END, 'practice') END"
)


@dataclass(frozen=True)
class Filters:
    """Which answers to count or export; None means no filter on that field."""

    since: str | None = None  # ISO-8601 UTC; answers started at or after it
    role: str | None = None  # answers to questions for this role
    language: str | None = None  # answers given in this language
    mode: str | None = None  # answers from sessions of this mode

    @property
    def active(self) -> bool:
        return any(v is not None for v in self.as_dict().values())

    def as_dict(self) -> dict[str, str | None]:
        return {
            "since": self.since,
            "role": self.role,
            "language": self.language,
            "mode": self.mode,
        }


NO_FILTERS = Filters()

# The role a session was for, from its settings; NULL for "any role".
SESSION_ROLE_SQL = (
    "CASE WHEN json_valid(s.settings) THEN CAST(json_extract(s.settings, '$.role') AS TEXT) END"
)


def where(filters: Filters, alias: str = "") -> tuple[str, list[Any]]:
    """A WHERE clause (or "") and its parameters for answers under `alias`."""
    a = f"{alias}." if alias else ""
    parts: list[str] = []
    params: list[Any] = []
    if filters.since is not None:
        parts.append(f"{a}started_at >= ?")
        params.append(filters.since)
    if filters.role is not None:
        # The role the session was for; a session for any role counts the answers whose
        # question is tagged with it. roles is a JSON list written by json.dumps; a role id
        # has no quotes or backslashes, so '"ae"' occurs in the text exactly when "ae" is
        # an element.
        parts.append(
            f"({a}session_id IN (SELECT s.id FROM sessions s WHERE {SESSION_ROLE_SQL} = ?)"
            f" OR ({a}session_id IN (SELECT s.id FROM sessions s WHERE {SESSION_ROLE_SQL} IS NULL)"
            f" AND instr({a}roles, ?) > 0))"
        )
        params += [filters.role, json.dumps(filters.role)]
    if filters.language is not None:
        parts.append(f"{a}language = ?")
        params.append(filters.language)
    if filters.mode is not None:
        parts.append(f"{a}session_id IN (SELECT s.id FROM sessions s WHERE {MODE_SQL} = ?)")
        params.append(filters.mode)
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


def _and(clause: str, condition: str) -> str:
    return f"{clause} AND {condition}" if clause else f" WHERE {condition}"


# --- Stats ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemGroup:
    """Answers to one question with one kind, skill list and role list."""

    item_key: str
    kind: str
    skills: tuple[str, ...]
    roles: tuple[str, ...]
    answers: int
    rated: int
    rating_sum: int
    answered: int  # not skipped (skipped = rating IS NULL, which the index holds)
    overran: int  # answered past the limit
    overrun_seconds: float  # summed over those
    last_at: str
    short: int = 0  # answered in under TOO_SHORT of the limit


@dataclass(frozen=True)
class SessionPoint:
    session_id: str
    started_at: str  # the first answer's start
    answers: int
    rated: int
    rating_sum: int


@dataclass(frozen=True)
class TimedRating:
    started_at: str
    rating: int


def _list(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def item_groups(db: sqlite3.Connection, filters: Filters, short: float = 0.0) -> list[ItemGroup]:
    """Answers grouped per question; `short` is the share of the limit under which an
    answer counts as too short."""
    clause, params = where(filters)
    rows = db.execute(
        "SELECT item_key, kind, skills, roles, count(*), count(rating), total(rating),"
        " count(rating), total(overran AND rating IS NOT NULL),"
        " total(CASE WHEN overran AND rating IS NOT NULL THEN seconds_used - time_limit END),"
        " max(started_at),"
        " total(rating IS NOT NULL AND seconds_used < time_limit * ?)"
        f" FROM answers{clause}"
        " GROUP BY item_key, kind, skills, roles",
        [short, *params],
    ).fetchall()
    return [
        ItemGroup(
            item_key=row[0],
            kind=row[1],
            skills=_list(row[2]),
            roles=_list(row[3]),
            answers=row[4],
            rated=row[5],
            rating_sum=int(row[6]),
            answered=int(row[7]),
            overran=int(row[8]),
            overrun_seconds=float(row[9]),
            last_at=row[10],
            short=int(row[11]),
        )
        for row in rows
    ]


def edge_ratings(
    db: sqlite3.Connection, filters: Filters, limit: int
) -> dict[tuple[str, ...], tuple[list[TimedRating], list[TimedRating]]]:
    """Per skill list: its first and its latest `limit` rated answers, oldest first.

    The first K answers for a skill are among the first K of the skill lists
    that contain it, so these few rows are enough to find every skill's trend.
    """
    clause, params = where(filters)
    lists = [
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT skills FROM answers{clause}",
            params,
        )
    ]
    rated = _and(_and(clause, "skills = ?"), "rating IS NOT NULL")
    out: dict[tuple[str, ...], tuple[list[TimedRating], list[TimedRating]]] = {}
    for text in lists:
        edges = []
        for order in ("ASC", "DESC"):
            rows = db.execute(
                "SELECT started_at, rating FROM answers"
                f"{rated} ORDER BY started_at {order}, rowid {order} LIMIT ?",
                [*params, text, limit],
            ).fetchall()
            edges.append([TimedRating(r[0], r[1]) for r in rows])
        first, latest = edges
        latest.reverse()
        key = _list(text)
        if key in out:  # the same list written differently (only in a hand-edited file)
            merged_first = sorted(out[key][0] + first, key=lambda t: t.started_at)[:limit]
            merged_latest = sorted(out[key][1] + latest, key=lambda t: t.started_at)[-limit:]
            out[key] = (merged_first, merged_latest)
        else:
            out[key] = (first, latest)
    return out


def session_points(db: sqlite3.Connection, filters: Filters) -> list[SessionPoint]:
    clause, params = where(filters)
    rows = db.execute(
        "SELECT session_id, min(started_at), count(*), count(rating), total(rating)"
        f" FROM answers{clause}"
        " GROUP BY session_id",  # in index order; sorting by time here would cost a sort
        params,
    ).fetchall()
    return [SessionPoint(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]


def session_roles(db: sqlite3.Connection) -> dict[str, str | None]:
    """The role each session was for (None: any role), by session id."""
    return dict(db.execute(f"SELECT s.id, {SESSION_ROLE_SQL} FROM sessions s").fetchall())


def checklist_counts(db: sqlite3.Connection, filters: Filters) -> list[tuple[str, int]]:
    """(checklist JSON, rated answers with it): a history holds few distinct checklists."""
    clause, params = where(filters)
    rated = _and(clause, "rating IS NOT NULL")
    return db.execute(
        f"SELECT checklist, count(*) FROM answers{rated} GROUP BY checklist", params
    ).fetchall()


def _has_feedback(db: sqlite3.Connection) -> bool:
    """False for a file from before migration 3 read as it is (read-only)."""
    return any(row[1] == "feedback" for row in db.execute("PRAGMA table_info(answers)"))


def feedback_signals(db: sqlite3.Connection, filters: Filters) -> list[tuple[Any, ...]]:
    """Per answer with coach's notes, oldest first: (started_at, quantified, I, we, points,
    points touched). Only these few fields leave SQLite."""
    if not _has_feedback(db):
        return []
    clause, params = where(filters)
    noted = _and(clause, "feedback IS NOT NULL AND json_valid(feedback)")
    return db.execute(
        "SELECT started_at, json_extract(feedback, '$.quantified'),"
        " json_extract(feedback, '$.i_count'), json_extract(feedback, '$.we_count'),"
        " json_extract(feedback, '$.hints'), json_array_length(feedback, '$.covered_hints')"
        f" FROM answers{noted} AND NOT coalesce(json_extract(feedback, '$.empty'), 0)"
        " ORDER BY started_at, id",
        params,
    ).fetchall()


def latest_prompts(db: sqlite3.Connection, keys: list[str]) -> dict[str, tuple[str, str]]:
    """The text each question was last shown in, and that text's language (it may vary)."""
    out = {}
    for key in keys:
        row = db.execute(
            "SELECT prompt_text, language FROM answers WHERE item_key = ?"
            " ORDER BY started_at DESC LIMIT 1",
            (key,),
        ).fetchone()
        if row:
            out[key] = (row[0], row[1])
    return out


# --- Export -----------------------------------------------------------------------------------

SESSION_COLUMNS = (
    "id",
    "started_at",
    "ended_at",
    "mode",
    "settings",
    "end_reason",
    "language",
    "app_version",
)


@dataclass(frozen=True)
class ExportedSession:
    session: SessionRecord
    mode: str  # the effective mode (see MODE_SQL)
    answers: tuple[AnswerRecord, ...]


class _Decoded:
    """JSON columns decoded once per distinct text: a history holds few distinct
    role lists, skill lists and checklists, and decoding 100,000 of each is slow."""

    def __init__(self) -> None:
        self.lists: dict[str, tuple[str, ...]] = {}
        self.checklists: dict[str, dict[str, bool]] = {}

    def texts(self, text: str) -> tuple[str, ...]:
        found = self.lists.get(text)
        if found is None:
            found = self.lists[text] = tuple(str(v) for v in loads_json(text, []))
        return found

    def checklist(self, text: str) -> dict[str, bool]:
        found = self.checklists.get(text)
        if found is None:
            found = {str(k): bool(v) for k, v in loads_json(text, {}).items()}
            self.checklists[text] = found
        return dict(found)


def _answer(row: tuple[Any, ...], decoded: _Decoded) -> AnswerRecord:
    values = dict(zip(ANSWER_COLUMNS, row, strict=True))
    values["roles"] = decoded.texts(values["roles"])
    values["skills"] = decoded.texts(values["skills"])
    values["checklist"] = decoded.checklist(values["checklist"])
    values["overran"] = bool(values["overran"])
    values["skipped"] = bool(values["skipped"])
    values["feedback"] = decode_feedback(values["feedback"])
    return AnswerRecord(**values)


def export_sessions(db: sqlite3.Connection, filters: Filters) -> Iterator[ExportedSession]:
    """Every session with its matching answers, oldest first, answers in order.

    One query, read row by row: memory holds one session at a time.
    """
    clause, params = where(filters, "a")
    session_cols = ", ".join(f"s.{c}" for c in SESSION_COLUMNS)
    answer_cols = answer_select(db, "a")
    cursor = db.execute(
        f"SELECT {session_cols}, {MODE_SQL}, {answer_cols}"
        f" FROM answers a JOIN sessions s ON s.id = a.session_id{clause}"
        " ORDER BY s.started_at, s.id, a.started_at, a.id",
        params,
    )
    n = len(SESSION_COLUMNS)
    decoded = _Decoded()
    current: tuple[Any, ...] | None = None
    answers: list[AnswerRecord] = []
    for row in cursor:
        head = row[: n + 1]
        if current is not None and head[0] != current[0]:
            yield _exported(current, answers)
            answers = []
        current = head
        answers.append(_answer(row[n + 1 :], decoded))
    if current is not None:
        yield _exported(current, answers)


def _exported(head: tuple[Any, ...], answers: list[AnswerRecord]) -> ExportedSession:
    return ExportedSession(session_from_row(head[:-1]), head[-1], tuple(answers))


# --- CSV: cells made safe in SQL, for speed ---------------------------------------------------

CHECKLIST_KEYS = ("example", "on-question", "confident", "on-time", "engaged")

# OWASP, "CSV Injection": a cell starting with one of these is run as a formula
# (or split into one) by spreadsheet programs; a leading quote makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _case(expr: str, mapping: dict[str, str], default: str) -> str:
    def lit(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    if not mapping:
        return default
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
    return f"CASE {expr} {whens} ELSE {default} END"


MAX_MAPPED = 500  # distinct lists mapped in SQL; any beyond show as their JSON text
CELL = "\x1f"  # between cells in csv_lines (a control character: never in inert text)


def csv_lines(
    db: sqlite3.Connection,
    filters: Filters,
    cells_of: Callable[[str, str], str],
) -> sqlite3.Cursor:
    """(session_id, the rest of the CSV record as UTF-8) per answer, oldest first.

    SQLite joins each record's raw cells with CELL (\\x1f); the writer then
    neutralises, quotes and makes inert whole batches at once with a few
    string operations, which is what lets 100,000 answers take well under a
    second (the csv module alone needs about that long). Role lists, skill
    lists and checklists, of which a history holds few distinct values, are
    turned into their cells by `cells_of(column, json_text)` once each and
    mapped in SQL.
    """
    from aecoach.history import deliveries

    mapped = {}
    for column in ("roles", "skills", "checklist"):
        distinct = f"SELECT DISTINCT {column} FROM answers LIMIT ?"
        texts = [r[0] for r in db.execute(distinct, (MAX_MAPPED,))]
        default = column + (" || char(31, 31, 31, 31, 31)" if column == "checklist" else "")
        mapped[column] = _case(column, {t: cells_of(column, t) for t in texts}, default)
    parts = [
        "uid",
        "started_at",
        "item_key",
        "item_type",
        "pack",
        "language",
        "kind",
        mapped["roles"],
        mapped["skills"],
        "prompt_text",
        "seconds_used",
        "time_limit",
        "overran",
        "skipped",
        "coalesce(rating, '')",
        mapped["checklist"],
        "notes",
        "feedback" if _has_feedback(db) else "NULL",
        deliveries.csv_cells_sql(db),
    ]
    line = " || char(31) || ".join(f"coalesce({p}, '')" for p in parts)
    clause, params = where(filters)
    # As a BLOB the line reaches Python as UTF-8 bytes, which the writer fixes up
    # and writes as they are: no decoding and encoding of every character.
    # Time order comes from the answers_by_time index (with the rowid): no sort.
    return db.execute(
        f"SELECT session_id, CAST({line} AS BLOB) FROM answers{clause} ORDER BY started_at, id",
        params,
    )


def csv_sessions(db: sqlite3.Connection) -> dict[str, tuple[str, str, str, str]]:
    """Every session's CSV cells (id, start, mode, end), by id.

    Looked up in Python rather than joined per answer: the join costs more
    than the rest of the query together.
    """
    rows = db.execute(
        f"SELECT s.id, s.started_at, {MODE_SQL}, coalesce(s.end_reason, '') FROM sessions s"
    )
    return {row[0]: row for row in rows}
