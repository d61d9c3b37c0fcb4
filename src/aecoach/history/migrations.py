"""The history's schema, as an ordered list of forward migrations.

`PRAGMA user_version` is the number of migrations applied. Each step runs
with its version bump inside one BEGIN IMMEDIATE transaction, and the
version is read again inside that transaction, so a process killed half-way
leaves the previous version intact and two processes opening the file at
once never apply a step twice. Steps run statement by statement through
`execute`: `executescript` would COMMIT first and break that promise.

Never edit a migration that has shipped; add a new one at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# "AECH": marks the file as an aecoach history for `file(1)` and for us.
APPLICATION_ID = 0x41454348


def m001_initial(db: sqlite3.Connection) -> None:
    """Sessions and answers, shaped for stats, export, review, mocks and drills to come."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(
        """
        CREATE TABLE sessions (
            id          TEXT PRIMARY KEY,          -- uuid4
            started_at  TEXT NOT NULL,             -- ISO-8601 UTC
            ended_at    TEXT,
            mode        TEXT NOT NULL CHECK (mode <> ''),  -- practice, later review/mock/drill
            settings    TEXT NOT NULL DEFAULT '{}',        -- JSON object: filters, seed, count
            end_reason  TEXT CHECK (end_reason IN ('finished', 'quit', 'interrupted')),
            language    TEXT NOT NULL,
            app_version TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE answers (
            id           INTEGER PRIMARY KEY,
            uid          TEXT NOT NULL UNIQUE,     -- uuid4, for de-duplicating imports
            session_id   TEXT NOT NULL REFERENCES sessions (id),
            item_key     TEXT NOT NULL,            -- "<pack>/<id>"
            item_type    TEXT NOT NULL CHECK (item_type IN ('question', 'objection')),
            pack         TEXT NOT NULL,
            language     TEXT NOT NULL,
            prompt_text  TEXT NOT NULL,            -- as shown
            kind         TEXT NOT NULL,            -- question kind or objection theme
            roles        TEXT NOT NULL DEFAULT '[]',   -- JSON list
            skills       TEXT NOT NULL DEFAULT '[]',   -- JSON list
            started_at   TEXT NOT NULL,
            seconds_used REAL NOT NULL CHECK (seconds_used >= 0),
            time_limit   INTEGER NOT NULL CHECK (time_limit > 0),
            overran      INTEGER NOT NULL CHECK (overran IN (0, 1)),
            skipped      INTEGER NOT NULL CHECK (skipped IN (0, 1)),
            rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
            checklist    TEXT NOT NULL DEFAULT '{}',   -- JSON object: item -> true/false
            notes        TEXT NOT NULL DEFAULT '',
            CHECK ((skipped = 1) = (rating IS NULL))
        )
        """
    )
    db.execute("CREATE INDEX answers_by_item ON answers (item_key)")
    db.execute("CREATE INDEX answers_by_time ON answers (started_at)")
    db.execute("CREATE INDEX answers_by_session ON answers (session_id)")
    db.execute("CREATE INDEX sessions_by_time ON sessions (started_at)")


def m002_stats_indexes(db: sqlite3.Connection) -> None:
    """Covering indexes, so `aecoach stats` aggregates from indexes, not from the wide rows.

    Each index holds exactly the columns one stats query reads (see
    history/queries.py): 100,000 answers then aggregate in tens of
    milliseconds, not hundreds, without a sort of the table.
    """
    # Per question: rating, time discipline, kind, skills and roles in one pass.
    db.execute(
        "CREATE INDEX answers_stats_by_item ON answers"
        " (item_key, kind, skills, roles, rating, overran, seconds_used, time_limit, started_at)"
    )
    # Per skill list, in time order: the first and latest ratings for the trend.
    db.execute("CREATE INDEX answers_stats_by_skills ON answers (skills, started_at, rating)")
    # Per session, in time order: the rating-over-time chart and the practice days.
    db.execute("CREATE INDEX answers_stats_by_session ON answers (session_id, started_at, rating)")
    # The new indexes start with item_key and session_id, so they serve every
    # lookup the old ones did; keeping both would only slow each answer's write.
    db.execute("DROP INDEX answers_by_item")
    db.execute("DROP INDEX answers_by_session")


def m003_feedback(db: sqlite3.Connection) -> None:
    """The coach's notes on each answer: a JSON object, NULL for answers saved before them."""
    db.execute("ALTER TABLE answers ADD COLUMN feedback TEXT")


def m004_plan_stories_removals(db: sqlite3.Connection) -> None:
    """The interview plan, the story bank, and answers taken out of the record (issue 15).

    Removed answers (and sessions left without answers) are moved, not deleted:
    `removed_answers` keeps every column and when and why it went, so stats,
    the schedule and exports no longer see it, nothing is lost, and an import
    of an older export does not bring it back (see history/removals.py).
    """
    # One plan at a time: the CHECK makes a second row impossible.
    db.execute(
        """
        CREATE TABLE plan (
            id          INTEGER PRIMARY KEY CHECK (id = 1),
            interview   TEXT NOT NULL,             -- YYYY-MM-DD, the candidate's local day
            role        TEXT NOT NULL,
            company     TEXT NOT NULL DEFAULT '',
            job         TEXT NOT NULL DEFAULT '{}',    -- JSON: terms found per skill and role
            set_at      TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE stories (
            id          INTEGER PRIMARY KEY,       -- what the candidate types: stories show 3
            uid         TEXT NOT NULL UNIQUE,      -- uuid4, for de-duplicating imports
            title       TEXT NOT NULL CHECK (title <> ''),
            skills      TEXT NOT NULL DEFAULT '[]',    -- JSON list
            situation   TEXT NOT NULL DEFAULT '',
            task        TEXT NOT NULL DEFAULT '',
            action      TEXT NOT NULL DEFAULT '',
            result      TEXT NOT NULL DEFAULT '',
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )
        """
    )
    # Which story an answer told; by uids, so links survive export and import.
    db.execute(
        """
        CREATE TABLE answer_stories (
            answer_uid  TEXT PRIMARY KEY,
            story_uid   TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX answer_stories_by_story ON answer_stories (story_uid)")
    columns = ", ".join(f"{c} {_REMOVED_TYPES.get(c, 'TEXT')}" for c in _ANSWER_FIELDS)
    db.execute(
        f"CREATE TABLE removed_answers (id INTEGER PRIMARY KEY, {columns},"
        " removed_at TEXT NOT NULL, removed_as TEXT NOT NULL)"  # 'answer' or 'session'
    )
    db.execute("CREATE UNIQUE INDEX removed_answers_by_uid ON removed_answers (uid)")
    db.execute(
        "CREATE TABLE removed_sessions (id TEXT PRIMARY KEY, started_at TEXT, ended_at TEXT,"
        " mode TEXT, settings TEXT, end_reason TEXT, language TEXT, app_version TEXT,"
        " removed_at TEXT NOT NULL)"
    )


# Spelled out, not imported from records: a shipped migration must never change.
_ANSWER_FIELDS = (
    "uid",
    "session_id",
    "item_key",
    "item_type",
    "pack",
    "language",
    "prompt_text",
    "kind",
    "roles",
    "skills",
    "started_at",
    "seconds_used",
    "time_limit",
    "overran",
    "skipped",
    "rating",
    "checklist",
    "notes",
    "feedback",  # m003
)
_REMOVED_TYPES = {
    "seconds_used": "REAL",
    "time_limit": "INTEGER",
    "overran": "INTEGER",
    "skipped": "INTEGER",
    "rating": "INTEGER",
}


def m005_feedback_indexes(db: sqlite3.Connection) -> None:
    """Indexes for what stats reads of the checklist and the coach's notes.

    The checklist table groups rated answers by their checklist (covered: no table scan,
    130 ms at 100,000 answers before); the notes over time read only the answers that have
    notes (a partial index: nothing to read in an older history, 53 ms before).
    """
    db.execute("CREATE INDEX answers_stats_by_checklist ON answers (checklist, rating)")
    db.execute(
        "CREATE INDEX answers_with_feedback ON answers (started_at) WHERE feedback IS NOT NULL"
    )


def m006_deliveries(db: sqlite3.Connection) -> None:
    """Delivery figures of spoken answers (issue 13): one row per answer given with --voice.

    A table of its own, keyed by the answer's uid (which export and import carry), so
    answers typed as today cost nothing and forgetting a recording touches no answer.
    """
    db.execute(
        """
        CREATE TABLE deliveries (
            -- No foreign key: an answer taken out with `history remove` moves to
            -- removed_answers, and its delivery stays with it (and `voice forget` reaches it).
            answer_uid         TEXT PRIMARY KEY,
            language           TEXT NOT NULL,
            speaking_seconds   REAL NOT NULL CHECK (speaking_seconds >= 0),
            rate_unit          TEXT NOT NULL CHECK (rate_unit IN ('words', 'characters')),
            rate_per_minute    REAL,                  -- NULL when there is no transcript
            fillers            INTEGER,
            fillers_per_minute REAL,
            figures            TEXT NOT NULL DEFAULT '{}',  -- JSON: the rest of the figures
            transcript         TEXT,                  -- NULL when none, or forgotten
            recording          TEXT                   -- file name under recordings/, or NULL
        )
        """
    )


Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[Migration, ...] = (
    m001_initial,
    m002_stats_indexes,
    m003_feedback,
    m004_plan_stories_removals,
    m005_feedback_indexes,
    m006_deliveries,
)
LATEST = len(MIGRATIONS)


class NewerSchema(Exception):
    """The file was written by a newer aecoach: its version is past LATEST."""

    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found} is newer than {LATEST}")
        self.found = found


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Apply the missing steps, one transaction each; return the version reached.

    The connection must be in autocommit mode (isolation_level=None).
    Raises NewerSchema, untouched, if the file is ahead of this code.
    """
    # Most opens have nothing to do: find that out without waiting for the write lock.
    version = user_version(db)
    if version > len(migrations):
        raise NewerSchema(version)
    if version == len(migrations):
        return version
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = user_version(db)
            if version >= len(migrations):
                db.execute("ROLLBACK")
                if version > len(migrations):
                    raise NewerSchema(version)
                return version
            migrations[version](db)
            # PRAGMA takes no parameters; version is an int we computed.
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
