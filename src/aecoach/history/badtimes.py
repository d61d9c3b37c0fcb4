"""Answers and sessions whose time no reader can use, found before anything reads them.

aecoach writes every time as `2025-03-14T09:30:00.000Z` and `aecoach import` refuses any
other, but a file can hold others: an import from before that check, a hand edit. Every
reader turns times into days and weeks, so one such row would stop stats, today, review
and the report. A reading connection therefore looks for them first (one pass over the
time index, in SQLite), names each with the command that takes it out, and leaves it
out of what it reads: TEMP views named `answers` and `sessions` shadow the tables on
that connection only (SQLite resolves an unqualified name in `temp` first), so every
query reads on unchanged and keeps its indexes. The file is never changed; the listing
of `aecoach history` still shows such a row, so it can be found and removed.

Nothing of this runs while no such row exists but the one pass (60 ms at 100,000
answers), and that runs once per state of the file (its and its -wal's size and time):
the result is kept for the process, which opens the history several times, and in
`cache/history-times.json` beside the file when that folder exists, for the commands
after it. A file changed in any way (a new answer, a hand edit) is looked at again.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

# A UTC time every reader can parse and order, from the year 1970 to 2999 (as an import
# checks): 2025-03-14T09:30:00, then Z or up to six decimals and Z (aecoach writes three;
# other writers' times parse as well, so they are no reason to leave an answer out).
# SQLite reads a real date and time back as exactly their own text, and anything else as
# another text or NULL: the 30th of February, hour 25, words, a number. aecoach's own form
# takes a quicker test (this runs over every answer): julianday() refuses all but a day
# past the month's end, which only days 29 to 31 need to be looked at for.
_ANY = (
    "strftime('%Y-%m-%dT%H:%M:%S', substr({c}, 1, 19), '+0 days') = substr({c}, 1, 19)"
    " AND (substr({c}, 20) = 'Z' OR substr({c}, 20, 1) = '.' AND substr({c}, -1) = 'Z'"
    " AND length({c}) BETWEEN 22 AND 27 AND NOT substr({c}, 21, length({c}) - 21) GLOB '*[^0-9]*')"
)
_OWN = (
    "julianday({c}) IS NOT NULL AND substr({c}, -1) = 'Z'"
    " AND (substr({c}, 9, 2) < '29' OR date(substr({c}, 1, 10), '+0 days') = substr({c}, 1, 10))"
)
_OK = (
    "coalesce({c} >= '1970' AND {c} < '3' AND CASE WHEN {c} LIKE '____-__-__T__:__:__.___Z'"
    f" THEN {_OWN} ELSE {_ANY} END, 0)"
)
_FIND = (
    f"SELECT 'session', id, started_at FROM main.sessions WHERE NOT {_OK.format(c='started_at')}"
    " UNION ALL"
    # By id, which the time index holds (the uid would mean reading every row); uid after.
    " SELECT 'answer', (SELECT uid FROM main.answers u WHERE u.id = a.id), started_at"
    f" FROM (SELECT id, started_at FROM main.answers WHERE NOT {_OK.format(c='started_at')}) a"
)
NAMED = 5  # rows named one by one; any beyond are counted in one more line
SHORT_ID = 8  # as `aecoach history` shows an id


@dataclass(frozen=True)
class BadTime:
    kind: str  # "answer" or "session"
    id: str  # the answer's uid or the session's id
    value: object  # what the row holds instead of a time


_found: dict[tuple[str, tuple[int, ...]], tuple[BadTime, ...]] = {}
_told: set[tuple[str, str, str]] = set()


def _state(path: Path) -> tuple[int, ...]:
    """What changes whenever the file's rows can have: sizes and times of it and its -wal."""
    out: list[int] = []
    for name in (str(path), f"{path}-wal"):
        try:
            info = os.stat(name)
        except OSError:
            info = None
        if info is None or info.st_size == 0:  # readers make and drop an empty -wal
            out += [-1, -1]
            continue
        out += [info.st_size, info.st_mtime_ns]
    return tuple(out)


def find(db: sqlite3.Connection, path: Path) -> tuple[BadTime, ...]:
    path = Path(path)
    key = (str(path.resolve()), _state(path))
    if key not in _found:
        cache = path.parent / "cache" / CACHE_NAME
        found = _read_cache(cache, key)
        if found is None:
            rows = db.execute(_FIND).fetchall()
            found = tuple(BadTime(kind, str(ident), value) for kind, ident, value in rows)
            if cache.parent.is_dir():  # reading makes no folder
                _write_cache(cache, key, found)
        _found[key] = found
    return _found[key]


CACHE_NAME = "history-times.json"
_FORMAT = 2


def _read_cache(cache: Path, key: tuple[str, tuple[int, ...]]) -> tuple[BadTime, ...] | None:
    import json

    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data["key"] != [_FORMAT, key[0], list(key[1])]:
            return None
        return tuple(BadTime(str(k), str(i), v) for k, i, v in data["bad"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a copy, never the truth: unreadable or stale, it is looked again


def _write_cache(cache: Path, key: tuple[str, tuple[int, ...]], bad: tuple[BadTime, ...]) -> None:
    import json

    from aecoach.bank.cache import write_text

    rows = [
        [b.kind, b.id, b.value if isinstance(b.value, int | float | str) else str(b.value)]
        for b in bad
    ]
    write_text(cache, json.dumps({"key": [_FORMAT, key[0], list(key[1])], "bad": rows}))


def leave_out(db: sqlite3.Connection, bad: tuple[BadTime, ...]) -> None:
    """Shadow `answers` and `sessions` on this connection with views without `bad`: an
    answer of a session left out is left out with it."""
    sessions = ", ".join(_quoted(b.id) for b in bad if b.kind == "session")
    answers = ", ".join(_quoted(b.id) for b in bad if b.kind == "answer")
    answer_test = f"uid NOT IN ({answers})" if answers else "1"
    session_test = f"session_id NOT IN ({sessions})" if sessions else "1"
    db.execute(
        "CREATE TEMP VIEW IF NOT EXISTS answers AS SELECT * FROM main.answers"
        f" WHERE {answer_test} AND {session_test}"
    )
    if sessions:
        db.execute(
            "CREATE TEMP VIEW IF NOT EXISTS sessions AS SELECT * FROM main.sessions"
            f" WHERE id NOT IN ({sessions})"
        )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def untold(path: Path, bad: tuple[BadTime, ...]) -> tuple[BadTime, ...]:
    """The rows not yet named in this process, which are named now: once per command."""
    where = str(Path(path).resolve())
    fresh = tuple(b for b in bad if (where, b.kind, b.id) not in _told)
    _told.update((where, b.kind, b.id) for b in fresh)
    return fresh


def forget() -> None:
    """Start afresh (tests run many commands in one process)."""
    _found.clear()
    _told.clear()
