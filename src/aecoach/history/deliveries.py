"""The deliveries table: the figures, transcript and recording of each spoken answer.

Written next to the answer (after it, in its own transaction: a crash between
the two loses the figures, never the rating), read by play, stats and export,
and emptied of transcripts and recordings by `aecoach voice forget`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

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
    """Whether the table exists: a read-only history from before migration 3 lacks it."""
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
    or all); return the recording file names to delete."""
    where = "d.transcript IS NOT NULL OR d.recording IS NOT NULL"
    args: tuple[Any, ...] = ()
    if before is not None:
        where = f"({where}) AND a.started_at < ?"
        args = (before,)
    rows = db.execute(
        "SELECT d.answer_uid, d.recording FROM deliveries d JOIN answers a ON a.uid = d.answer_uid"
        f" WHERE {where}",
        args,
    ).fetchall()
    db.executemany(
        "UPDATE deliveries SET transcript = NULL, recording = NULL WHERE answer_uid = ?",
        [(uid,) for uid, _ in rows],
    )
    return [name for _, name in rows if name]


def weekly(db: sqlite3.Connection) -> list[tuple[str, int, float | None, float | None]]:
    """Per ISO week (YYYY-Www, UTC): spoken answers, average pace and fillers a minute."""
    rows = db.execute(
        "SELECT a.started_at, d.rate_per_minute, d.fillers_per_minute"
        " FROM deliveries d JOIN answers a ON a.uid = d.answer_uid ORDER BY a.started_at"
    ).fetchall()
    from datetime import datetime

    weeks: dict[str, list[tuple[float | None, float | None]]] = {}
    for started, rate, fillers in rows:
        year, week, _day = datetime.fromisoformat(started).isocalendar()
        weeks.setdefault(f"{year}-W{week:02d}", []).append((rate, fillers))
    out = []
    for key, values in weeks.items():
        rates = [r for r, _ in values if r is not None]
        fills = [f for _, f in values if f is not None]
        out.append(
            (
                key,
                len(values),
                sum(rates) / len(rates) if rates else None,
                sum(fills) / len(fills) if fills else None,
            )
        )
    return out
