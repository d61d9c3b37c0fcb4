"""Taking a test run or a slip out of the record: `aecoach history remove ID`.

Nothing is deleted. The answers are moved, whole, into `removed_answers`,
with when and how they were removed (one answer, or its whole session), and
a session left without answers moves into `removed_sessions`. So stats, the
schedule and exports, which read `answers`, no longer count them; the file
still says what happened; and importing an older export that holds them
does not bring them back (`import_sessions` skips removed uids).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from aecoach.errors import AecoachError, Msg
from aecoach.history.records import ANSWER_COLUMNS, AnswerRecord, SessionRecord, session_from_row

MIN_ID = 4  # characters of an id; fewer would too often name more than one thing
_SESSION_COLUMNS = "id, started_at, ended_at, mode, settings, end_reason, language, app_version"


@dataclass(frozen=True)
class Target:
    """What an id names: a whole session, or one answer in it."""

    kind: str  # "session" or "answer"
    session: SessionRecord
    answers: tuple[AnswerRecord, ...]  # the answers that would be removed


def has_removals(db: sqlite3.Connection) -> bool:
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'removed_answers'"
    ).fetchone()
    return row is not None


def removed_uids(db: sqlite3.Connection) -> set[str]:
    if not has_removals(db):
        return set()
    return {uid for (uid,) in db.execute("SELECT uid FROM removed_answers")}


def find(db: sqlite3.Connection, ref: str) -> Target:
    """The session or answer whose id starts with `ref` (the first characters `history` shows)."""
    from aecoach.history.store import _answer_from_row

    value = ref.strip().lower()
    if len(value) < MIN_ID:
        raise AecoachError(Msg.REMOVE_SHORT, value=ref, least=MIN_ID, exit_code=2)
    # Ids are uuid4 text: escape LIKE's wildcards all the same, the argument is typed by hand.
    pattern = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sessions = db.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id LIKE ? ESCAPE '\\' LIMIT 3", (pattern,)
    ).fetchall()
    columns = ", ".join(ANSWER_COLUMNS)
    answers = db.execute(
        f"SELECT {columns} FROM answers WHERE uid LIKE ? ESCAPE '\\' LIMIT 3", (pattern,)
    ).fetchall()
    found = len(sessions) + len(answers)
    if found == 0:
        _refuse_removed(db, ref, pattern)
        raise AecoachError(Msg.REMOVE_NOT_FOUND, value=ref)
    if found > 1:
        raise AecoachError(Msg.REMOVE_AMBIGUOUS, value=ref, count=found)
    if sessions:
        session = session_from_row(sessions[0])
        rows = db.execute(
            f"SELECT {columns} FROM answers WHERE session_id = ? ORDER BY started_at, id",
            (session.id,),
        ).fetchall()
        return Target("session", session, tuple(_answer_from_row(r) for r in rows))
    answer = _answer_from_row(answers[0])
    row = db.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (answer.session_id,)
    ).fetchone()
    return Target("answer", session_from_row(row), (answer,))


def _refuse_removed(db: sqlite3.Connection, ref: str, pattern: str) -> None:
    """A second `remove` of the same id is told so, with the day, rather than "no such id"."""
    if not has_removals(db):
        return
    rows = db.execute(
        "SELECT id, removed_at FROM removed_sessions WHERE id LIKE ? ESCAPE '\\'"
        " UNION ALL SELECT uid, removed_at FROM removed_answers WHERE uid LIKE ? ESCAPE '\\'"
        " LIMIT 3",
        (pattern, pattern),
    ).fetchall()
    if len({row[0] for row in rows}) == 1:
        from datetime import datetime

        try:
            day = datetime.fromisoformat(rows[0][1]).astimezone().date().isoformat()
        except (TypeError, ValueError, OverflowError):
            day = str(rows[0][1])
        raise AecoachError(Msg.REMOVE_ALREADY, value=ref, day=day)


def remove(db: sqlite3.Connection, target: Target, *, removed_at: str) -> int:
    """Move the target's answers (and an emptied session) out of the record; how many moved.

    Run inside one write transaction (HistoryStore.write)."""
    if not has_removals(db):
        raise AecoachError(Msg.REMOVE_OLD_HISTORY)
    columns = ", ".join(ANSWER_COLUMNS)
    uids = [a.uid for a in target.answers]
    moved = 0
    for uid in uids:
        cursor = db.execute(
            f"INSERT INTO removed_answers ({columns}, removed_at, removed_as)"
            f" SELECT {columns}, ?, ? FROM answers WHERE uid = ?"
            " ON CONFLICT (uid) DO NOTHING",
            (removed_at, target.kind, uid),
        )
        moved += max(cursor.rowcount, 0)
        # The story link stays with the removed answer (nothing is deleted); every reader
        # of links joins them to `answers`, so a removed answer's link counts nowhere.
        db.execute("DELETE FROM answers WHERE uid = ?", (uid,))
    left = db.execute(
        "SELECT count(*) FROM answers WHERE session_id = ?", (target.session.id,)
    ).fetchone()[0]
    if not left:
        # A session exists with its first answer and not without one: it goes too, kept.
        db.execute(
            f"INSERT INTO removed_sessions ({_SESSION_COLUMNS}, removed_at)"
            f" SELECT {_SESSION_COLUMNS}, ? FROM sessions WHERE id = ?"
            " ON CONFLICT (id) DO NOTHING",
            (removed_at, target.session.id),
        )
        db.execute("DELETE FROM sessions WHERE id = ?", (target.session.id,))
    return moved


def count_removed(db: sqlite3.Connection) -> int:
    if not has_removals(db):
        return 0
    return int(db.execute("SELECT count(*) FROM removed_answers").fetchone()[0])
