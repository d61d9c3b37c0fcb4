"""The deliveries table: the figures, transcript and recording of each spoken answer.

Written next to the answer (after it, in its own transaction: a crash between
the two loses the figures, never the rating), read by play, stats and export,
and emptied of transcripts and recordings by `aecoach voice forget`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

# The figures kept in columns of their own, for stats; the rest go in `figures`.
COLUMNS = (
    "answer_uid",
    "language",
    "speaking_seconds",
    "rate_unit",
    "rate_per_minute",
    "fillers",
    "fillers_per_minute",
    "figures",
    "transcript",
    "recording",
)


@dataclass(frozen=True)
class Stored:
    answer_uid: str
    figures: dict[str, Any]  # as Delivery.as_json(), transcript included
    recording: str | None


def present(db: sqlite3.Connection) -> bool:
    """Whether the table exists: a read-only history from before migration 6 lacks it."""
    return (
        db.execute("SELECT 1 FROM sqlite_master WHERE name = 'deliveries'").fetchone() is not None
    )


def row_for(answer_uid: str, figures: dict[str, Any], recording: str | None) -> tuple[Any, ...]:
    rest = {k: v for k, v in figures.items() if k != "transcript"}
    unit = "characters" if figures.get("characters_per_minute") is not None else "words"
    rate = figures.get("characters_per_minute") if unit == "characters" else None
    rate = rate if rate is not None else figures.get("words_per_minute")
    return (
        answer_uid,
        str(figures.get("language") or ""),
        float(figures.get("speaking_seconds") or 0.0),
        unit,
        rate,
        figures.get("fillers"),
        figures.get("fillers_per_minute"),
        json.dumps(rest, ensure_ascii=False, sort_keys=True),
        figures.get("transcript"),
        recording,
    )


def insert(db: sqlite3.Connection, row: tuple[Any, ...]) -> None:
    marks = ", ".join("?" for _ in COLUMNS)
    db.execute(
        f"INSERT INTO deliveries ({', '.join(COLUMNS)}) VALUES ({marks})"
        " ON CONFLICT (answer_uid) DO NOTHING",
        row,
    )


def _stored(row: sqlite3.Row | tuple[Any, ...]) -> Stored:
    uid, figures, transcript, recording = row
    data = json.loads(figures) if figures else {}
    data["transcript"] = transcript
    return Stored(uid, data, recording)


def find(db: sqlite3.Connection, answer: str | None) -> list[tuple[str, Stored | None]]:
    """Answers by uid or the start of one (None: the latest spoken answer), with their
    deliveries; more than one means the prefix is ambiguous."""
    if answer is None:
        rows = db.execute(
            "SELECT a.uid FROM deliveries d JOIN answers a ON a.uid = d.answer_uid"
            " WHERE d.recording IS NOT NULL ORDER BY a.started_at DESC LIMIT 1"
        ).fetchall()
    else:
        escaped = answer.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = db.execute(
            "SELECT uid FROM answers WHERE uid LIKE ? ESCAPE '\\' LIMIT 5", (escaped + "%",)
        ).fetchall()
    out = []
    for (uid,) in rows:
        row = db.execute(
            "SELECT answer_uid, figures, transcript, recording FROM deliveries"
            " WHERE answer_uid = ?",
            (uid,),
        ).fetchone()
        out.append((uid, None if row is None else _stored(row)))
    return out


def recordings(db: sqlite3.Connection) -> set[str]:
    return {
        r[0] for r in db.execute("SELECT recording FROM deliveries WHERE recording IS NOT NULL")
    }


def by_uid(db: sqlite3.Connection, uids: list[str]) -> dict[str, Stored]:
    """The deliveries of these answers (for export), in chunks under SQLite's variable limit."""
    out: dict[str, Stored] = {}
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.execute(
            "SELECT answer_uid, figures, transcript, recording FROM deliveries"
            f" WHERE answer_uid IN ({marks})",
            chunk,
        ):
            out[row[0]] = _stored(row)
    return out


def forget(db: sqlite3.Connection, before: str | None) -> list[str]:
    """Drop transcripts and recordings (of answers started before `before`, an ISO time,
    or all); return the recording file names to delete. Answers taken out with `history
    remove` keep their row in removed_answers, and their recordings are forgotten too."""
    from aecoach.history.removals import has_removals

    where = "(d.transcript IS NOT NULL OR d.recording IS NOT NULL)"
    args: tuple[Any, ...] = ()
    if before is not None:
        started = "SELECT uid, started_at FROM answers"
        if has_removals(db):
            started += " UNION ALL SELECT uid, started_at FROM removed_answers"
        where += f" AND d.answer_uid IN (SELECT uid FROM ({started}) WHERE started_at < ?)"
        args = (before,)
    rows = db.execute(
        f"SELECT d.answer_uid, d.recording FROM deliveries d WHERE {where}", args
    ).fetchall()
    db.executemany(
        "UPDATE deliveries SET transcript = NULL, recording = NULL WHERE answer_uid = ?",
        [(uid,) for uid, _ in rows],
    )
    return [name for _, name in rows if name]


class Week(NamedTuple):
    week: str  # ISO week, "2026-W09" (UTC)
    answers: int
    rate_per_minute: float | None  # the average over the answers with a transcript
    fillers_per_minute: float | None


def weekly(db: sqlite3.Connection, filters: Any = None) -> list[Week]:
    """The spoken answers' pace and fillers a minute per ISO week, oldest first."""
    from datetime import datetime

    from aecoach.history.queries import NO_FILTERS, where

    if not present(db):
        return []
    clause, params = where(filters or NO_FILTERS, alias="a")
    rows = db.execute(
        "SELECT a.started_at, d.rate_per_minute, d.fillers_per_minute"
        f" FROM deliveries d JOIN answers a ON a.uid = d.answer_uid{clause}"
        " ORDER BY a.started_at",
        params,
    ).fetchall()
    weeks: dict[str, list[tuple[float | None, float | None]]] = {}
    for started, rate, fillers in rows:
        year, week, _day = datetime.fromisoformat(started).isocalendar()
        weeks.setdefault(f"{year}-W{week:02d}", []).append((rate, fillers))
    return [
        Week(key, len(values), _mean(r for r, _ in values), _mean(f for _, f in values))
        for key, values in weeks.items()
    ]


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def read_recorded(history: Path) -> frozenset[str]:
    """The uids of the answers whose recording is kept, for `aecoach history`."""
    from aecoach.history.store import HistoryStore

    if not history.exists():
        return frozenset()
    store = HistoryStore.open_existing(history, check=False)
    if store is None:
        return frozenset()
    with store:
        return store.read(
            lambda db: (
                frozenset(
                    row[0]
                    for row in db.execute(
                        "SELECT answer_uid FROM deliveries WHERE recording IS NOT NULL"
                    )
                )
                if present(db)
                else frozenset()
            )
        )


def read_weekly(history: Path, filters: Any) -> list[Week]:
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(history, check=False)
    if store is None:
        return []
    with store:
        return store.read(lambda db: weekly(db, filters))


# --- Export and import ------------------------------------------------------------------------

CSV_COLUMNS = (
    "speaking_seconds",
    "rate_per_minute",
    "rate_unit",
    "fillers",
    "fillers_per_minute",
    "transcript",
)


def csv_cells_sql(db: sqlite3.Connection) -> str:
    """SQL for the delivery cells of an answer row (joined by char(31)), for the CSV export.

    One primary-key lookup per answer; none at all when no answer was spoken.
    """
    empty = "char(" + ", ".join(["31"] * (len(CSV_COLUMNS) - 1)) + ")"
    if not present(db) or db.execute("SELECT 1 FROM deliveries LIMIT 1").fetchone() is None:
        return empty
    cells = " || char(31) || ".join(f"coalesce(d.{c}, '')" for c in CSV_COLUMNS)
    return f"coalesce((SELECT {cells} FROM deliveries d WHERE d.answer_uid = answers.uid), {empty})"


def all_stored(db: sqlite3.Connection) -> dict[str, Stored]:
    """Every answer's delivery: figures, transcript and recording file, by uid."""
    if not present(db):
        return {}
    rows = db.execute("SELECT answer_uid, figures, transcript, recording FROM deliveries")
    return {row[0]: _stored(row) for row in rows}


def all_figures(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Every answer's figures (transcript included, recording file left out), by uid."""
    return {uid: stored.figures for uid, stored in all_stored(db).items()}


_NUMBERS = {
    "duration_seconds": 24 * 3600,
    "speaking_seconds": 24 * 3600,
    "longest_pause_seconds": 24 * 3600,
    "words_per_minute": 10_000,
    "characters_per_minute": 100_000,
    "fillers_per_minute": 10_000,
}
_COUNTS = {"words": 10**7, "fillers": 10**7, "pauses_over_2s": 10**6, "limit_seconds": 10**6}
_TEXTS = ("language", "words_missing", "transcript")


def from_import(value: Any) -> dict[str, Any]:
    """An exported answer's "delivery" object, checked; raises ValueError saying what is wrong."""
    from aecoach.textsafe import inert

    if not isinstance(value, dict):
        raise ValueError("expected an object of delivery figures")
    out: dict[str, Any] = {}
    for key, limit in _NUMBERS.items():
        number = value.get(key)
        if number is None:
            out[key] = None
            continue
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ValueError(f"{key}: expected a number or null")
        if not 0 <= number <= limit:
            raise ValueError(f"{key}: expected 0 to {limit}")
        out[key] = float(number)
    for key, limit in _COUNTS.items():
        count = value.get(key)
        if count is not None and (
            isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= limit
        ):
            raise ValueError(f"{key}: expected a whole number from 0 to {limit} or null")
        out[key] = count
    for key in _TEXTS:
        text = value.get(key)
        if text is not None and not isinstance(text, str):
            raise ValueError(f"{key}: expected text or null")
        out[key] = None if text is None else inert(text)
    words = value.get("filler_words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError("filler_words: expected a list of text")
    out["filler_words"] = [inert(w) for w in words]
    band = value.get("rate_band")
    out["rate_band"] = band if isinstance(band, list) and len(band) == 2 else None
    if out["speaking_seconds"] is None:
        raise ValueError("speaking_seconds: expected a number")
    return out
