"""The history store: what it writes, how it waits, what it refuses, and what it never touches."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from aecoach.errors import AecoachError, Msg
from aecoach.history import migrations
from aecoach.history.migrations import APPLICATION_ID, LATEST, NewerSchema, migrate
from aecoach.history.store import HistoryStore, read_listing
from aecoach.safefile import STALE_TEMP_AGE
from factories import sample_answer, sample_session


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def make_history(path: Path, answers: int = 3, session_id: str = "s-1") -> None:
    with HistoryStore.open(path) as store:
        session = sample_session(session_id)
        for n in range(1, answers + 1):
            store.record_answer(session, sample_answer(session_id, n))


# --- Creating -----------------------------------------------------------------------------------


def test_a_new_history_is_private_whatever_the_umask(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "home" / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_answer(sample_session(), sample_answer())
        assert mode(path.parent) == 0o700
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["history.sqlite3", "history.sqlite3-shm", "history.sqlite3-wal"]
        for name in files:
            assert mode(path.parent / name) == 0o600, name


def test_a_new_history_is_complete_current_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.sqlite3"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "answers"} <= tables
    indexes = {
        r[0]
        for r in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    assert indexes == {
        "CREATE INDEX answers_by_time ON answers (started_at)",
        "CREATE INDEX sessions_by_time ON sessions (started_at)",
        # m002: covering indexes for stats
        "CREATE INDEX answers_stats_by_item ON answers"
        " (item_key, kind, skills, roles, rating, overran, seconds_used, time_limit, started_at)",
        "CREATE INDEX answers_stats_by_skills ON answers (skills, started_at, rating)",
        "CREATE INDEX answers_stats_by_session ON answers (session_id, started_at, rating)",
        # m004: the story bank and removed answers
        "CREATE INDEX answer_stories_by_story ON answer_stories (story_uid)",
        "CREATE UNIQUE INDEX removed_answers_by_uid ON removed_answers (uid)",
        # m005: the checklist table and the coach's notes over time
        "CREATE INDEX answers_stats_by_checklist ON answers (checklist, rating)",
        "CREATE INDEX answers_with_feedback ON answers (started_at) WHERE feedback IS NOT NULL",
    }
    db.close()


def test_without_hard_links_the_new_file_is_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_answer(sample_session(), sample_answer())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.sqlite3"]
    assert read_listing(path).totals.answers == 1


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    HistoryStore.open(folder / "history.sqlite3").close()
    assert mode(folder) == 0o755


def test_a_history_made_readable_to_others_is_made_private_again(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_history(path, 1)
    os.chmod(path, 0o644)
    HistoryStore.open(path).close()
    assert mode(path) == 0o600


def test_stale_half_built_histories_are_swept_but_fresh_ones_and_others_are_not(
    tmp_path: Path,
) -> None:
    stale = tmp_path / ".history.sqlite3.123.0123abcd.new"
    fresh = tmp_path / ".history.sqlite3.456.89abcdef.new"
    other = tmp_path / ".notes.txt.123.0123abcd.new"
    for p in (stale, fresh, other):
        p.write_bytes(b"")
    old = time.time() - STALE_TEMP_AGE - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    HistoryStore.open(tmp_path / "history.sqlite3").close()
    assert not stale.exists()
    assert fresh.exists() and other.exists()


# --- Writing and reading ------------------------------------------------------------------------


def test_answers_round_trip_with_every_field(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    session = sample_session("s-1")
    saved = [
        sample_answer("s-1", 1),
        sample_answer("s-1", 2, rating=None),
        sample_answer("s-1", 3, seconds_used=130.0),
    ]
    with HistoryStore.open(path) as store:
        for answer in saved:
            store.record_answer(session, answer)
        assert store.end_session("s-1", ended_at="2025-03-14T09:40:00.000Z", reason="finished")
        assert store.count_answers("s-1") == 3
    listing = read_listing(path)
    assert listing.exists and listing.totals.sessions == 1 and listing.totals.answers == 3
    (view,) = listing.sessions
    assert view.answers == tuple(saved)
    assert view.session.settings == {"role": "ae", "seed": 7}
    assert (view.session.end_reason, view.session.ended_at) == (
        "finished",
        "2025-03-14T09:40:00.000Z",
    )
    assert view.answers[2].overran and view.answers[1].skipped


def test_the_database_itself_refuses_impossible_answers(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_history(path, 1)
    db = sqlite3.connect(path)
    row = db.execute("SELECT * FROM answers").fetchone()
    bad = {"rating": 6, "skipped": 2, "item_type": "quiz", "seconds_used": -1}
    columns = [d[0] for d in db.execute("SELECT * FROM answers").description]
    for column, value in bad.items():
        values = dict(zip(columns, row, strict=True), id=None, uid=f"u-{column}")
        values[column] = value
        with pytest.raises(sqlite3.IntegrityError):
            marks = ", ".join("?" * len(values))
            db.execute(
                f"INSERT INTO answers ({', '.join(values)}) VALUES ({marks})",
                list(values.values()),
            )
    db.close()


def test_an_answer_is_committed_when_record_answer_returns(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_answer(sample_session(), sample_answer(n=1))
        other = sqlite3.connect(path)
        assert other.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
        assert other.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
        other.close()


def test_a_session_without_answers_has_no_row_to_end(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        assert (
            store.end_session("nobody", ended_at="2025-01-01T00:00:00.000Z", reason="quit") is False
        )
        assert store.totals().sessions == 0


def test_recent_is_newest_first_and_limited(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        for day in range(1, 6):
            session = sample_session(f"s-{day}", started_at=f"2025-03-0{day}T09:00:00.000Z")
            store.record_answer(session, sample_answer(f"s-{day}", day))
        assert [v.session.id for v in store.recent(3)] == ["s-5", "s-4", "s-3"]


def test_reading_a_missing_history_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "not-yet" / "history.sqlite3"
    listing = read_listing(path)
    assert (listing.exists, listing.sessions) == (False, ())
    assert not path.parent.exists()


def test_reading_leaves_the_folder_exactly_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_history(path, 4)
    before = snapshot(tmp_path)
    assert len(read_listing(path).sessions[0].answers) == 4
    assert snapshot(tmp_path) == before


# --- Migrations ---------------------------------------------------------------------------------


def test_migrations_are_named_steps_in_order() -> None:
    names = [m.__name__ for m in migrations.MIGRATIONS]
    assert names[:5] == [
        "m001_initial",
        "m002_stats_indexes",
        "m003_feedback",
        "m004_plan_stories_removals",
        "m005_feedback_indexes",
    ]
    assert "m006_deliveries" in names
    assert [n[:5] for n in names] == [f"m{n:03d}_" for n in range(1, len(names) + 1)]
    assert len(migrations.MIGRATIONS) == LATEST


def test_migrate_twice_applies_nothing_the_second_time(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    assert migrate(db) == LATEST
    assert migrate(db) == LATEST
    db.close()


def test_a_failing_step_leaves_the_previous_version_and_none_of_its_changes(
    tmp_path: Path,
) -> None:
    def m002_broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half (x)")
        db.execute("ALTER TABLE answers ADD COLUMN mood TEXT")
        raise RuntimeError("killed half-way")

    db = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    with pytest.raises(RuntimeError):
        migrate(db, (migrations.m001_initial, m002_broken))
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
    columns = [r[1] for r in db.execute("PRAGMA table_info(answers)")]
    assert "mood" not in columns
    assert not db.in_transaction
    db.close()


def test_two_processes_migrating_at_once_apply_each_step_once(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode = WAL")
    setup.execute("CREATE TABLE applied (step)")
    setup.close()

    def step(n: int):  # type: ignore[no-untyped-def]
        def apply(db: sqlite3.Connection) -> None:
            db.execute("INSERT INTO applied VALUES (?)", (n,))
            time.sleep(0.02)  # widen the window in which a second migrator could slip in

        return apply

    steps = tuple(step(n) for n in range(1, 6))
    errors: list[BaseException] = []

    def run() -> None:
        db = sqlite3.connect(path, isolation_level=None, timeout=10)
        try:
            migrate(db, steps)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db = sqlite3.connect(path)
    assert [r[0] for r in db.execute("SELECT step FROM applied ORDER BY rowid")] == [1, 2, 3, 4, 5]
    db.close()


def test_migrate_refuses_a_newer_file_without_changing_it(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    db.execute(f"PRAGMA user_version = {LATEST + 3}")
    with pytest.raises(NewerSchema) as caught:
        migrate(db)
    assert caught.value.found == LATEST + 3
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST + 3
    db.close()


# --- Refusing what is not ours, untouched -------------------------------------------------------


def write_newer(path: Path) -> None:
    make_history(path, 2)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.commit()
    db.close()


def write_corrupt(path: Path) -> None:
    make_history(path, 120)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 3 * page] = bytes((i * 7 + 3) % 256 for i in range(page))
    path.write_bytes(bytes(data))


def write_foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name, minutes)")
    db.execute("INSERT INTO recipes VALUES ('soup', 30)")
    db.commit()
    db.close()


FILES = {
    "zero-byte": (lambda p: p.write_bytes(b""), Msg.HISTORY_EMPTY_FILE, "empty (0 bytes)"),
    "png": (
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        Msg.HISTORY_NOT_DB,
        "it looks like a PNG image",
    ),
    "text": (
        lambda p: p.write_text("my interview notes\nbe confident\n", encoding="utf-8"),
        Msg.HISTORY_NOT_DB,
        "it looks like a text file",
    ),
    "truncated": (
        lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x10\x00"),
        Msg.HISTORY_CORRUPT,
        "cut short at 18 bytes",
    ),
    "corrupt": (write_corrupt, Msg.HISTORY_CORRUPT, "the history file is damaged"),
    "foreign-sqlite": (write_foreign_sqlite, Msg.HISTORY_FOREIGN, "from another program"),
    "newer-schema": (write_newer, Msg.HISTORY_NEWER, f"schema version {LATEST + 1}"),
}


@pytest.mark.parametrize("kind", list(FILES))
@pytest.mark.parametrize("how", ["write", "read"])
def test_a_file_that_is_not_a_usable_history_is_refused_untouched(
    tmp_path: Path, kind: str, how: str
) -> None:
    make, msg, words = FILES[kind]
    path = tmp_path / "history.sqlite3"
    make(path)
    before = snapshot(tmp_path)
    with pytest.raises(AecoachError) as caught:
        if how == "write":
            HistoryStore.open(path)
        else:
            read_listing(path)
    assert caught.value.msg is msg
    assert caught.value.text.startswith(f"{path}: ")
    assert words in caught.value.text
    assert "—" in caught.value.text, "every message says how to fix it"
    assert snapshot(tmp_path) == before, "the file (and the folder) must be byte-identical"


def test_newer_schema_message_in_full(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    write_newer(path)
    with pytest.raises(AecoachError) as caught:
        HistoryStore.open(path)
    assert caught.value.text == (
        f"{path}: this history was written by a newer aecoach (schema version {LATEST + 1};"
        f" this aecoach knows up to {LATEST}) — update aecoach to use it; the file was not changed"
    )


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "history.sqlite3").mkdir()
    with pytest.raises(AecoachError) as caught:
        HistoryStore.open(tmp_path / "history.sqlite3")
    assert caught.value.msg is Msg.HISTORY_NOT_FILE


def test_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AecoachError) as caught:
        HistoryStore.open(blocker / "home" / "history.sqlite3")
    assert caught.value.msg is Msg.HISTORY_NO_FOLDER
    assert "set AECOACH_HOME to a folder you can write" in caught.value.text


# --- Locks and full disks -----------------------------------------------------------------------


def test_a_short_lock_is_waited_out(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_history(path, 1)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.4, lambda: holder.execute("COMMIT"))
    with HistoryStore.open(path, busy_timeout=0.05, lock_wait=10) as store:
        release.start()
        store.record_answer(sample_session(), sample_answer(n=2))
        assert store.count_answers("s-1") == 2
    release.join()
    holder.close()


def test_a_long_lock_is_explained_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_history(path, 1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with HistoryStore.open(path, busy_timeout=0.05, lock_wait=0.3) as store:
            with pytest.raises(AecoachError) as caught:
                store.record_answer(sample_session(), sample_answer(n=2))
            assert caught.value.msg is Msg.HISTORY_LOCKED
            assert "locked by another program for more than 0.3 s" in caught.value.text
            assert "database is locked" not in caught.value.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert read_listing(path).totals.answers == 1


def test_a_full_disk_is_explained_and_earlier_answers_stay(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        session = sample_session()
        store.record_answer(session, sample_answer(n=1))
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        # SQLite reports a capped file exactly as it reports a full disk (SQLITE_FULL).
        store._db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(AecoachError) as caught:
            for n in range(2, 200):
                store.record_answer(session, sample_answer(n=n, notes="x" * 3000))
        assert caught.value.msg is Msg.HISTORY_DISK_FULL
        assert caught.value.text == (
            f"{path}: the disk is full, so the history cannot grow"
            " — free some space and try again; the answers already saved are safe"
        )
        saved = store.count_answers("s-1")
    assert saved >= 1
    assert read_listing(path).totals.answers == saved
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_save_that_waits_on_a_lock_says_so_once(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_answer(sample_session("s"), sample_answer("s", 1))
        heard: list[float] = []
        started = time.monotonic()
        store.on_slow = lambda: heard.append(time.monotonic() - started)
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(2.0, lambda: holder.execute("COMMIT")).start()
        store.record_answer(sample_session("s"), sample_answer("s", 2))
        holder.close()
        assert len(heard) == 1 and 0.9 < heard[0] < 2.0
        store.record_answer(sample_session("s"), sample_answer("s", 3))  # quick: silent
        assert len(heard) == 1
