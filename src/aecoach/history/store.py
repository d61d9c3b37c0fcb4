"""The practice history: one SQLite file that never loses a rated answer.

Promises, and how they are kept:
- A rated answer is durable the moment `record_answer` returns: one
  BEGIN IMMEDIATE transaction per answer, WAL journal, synchronous=FULL.
- Two aecoach processes can write at once: a 5 s busy timeout inside SQLite
  and a retry loop around each transaction, so "database is locked" only
  surfaces (as HISTORY_LOCKED) if another program holds the lock for long.
- A new file appears complete or not at all: it is built under a temporary
  name, then hard-linked into place (which fails rather than overwrite), so a
  kill during creation never leaves a half-made or zero-byte history.
- The user's file is never deleted, truncated or "repaired": anything that is
  not a healthy aecoach history of a version we know is refused before a
  single byte is written, with a message saying what it is and what to do.
- The folder we create is 0700 and the file 0600 (SQLite gives -wal and -shm
  the database's mode), whatever the umask.
- Reading (`aecoach history`) creates nothing: a missing file is reported
  as "no history yet".
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from aecoach.errors import AecoachError, Msg
from aecoach.history.migrations import APPLICATION_ID, LATEST, NewerSchema, migrate, user_version
from aecoach.history.records import (
    ANSWER_COLUMNS,
    AnswerRecord,
    SessionRecord,
    SessionView,
    answer_select,
    decode_feedback,
    encode_feedback,
    loads_json,
    session_from_row,
)
from aecoach.safefile import NO_HARD_LINKS, fsync_path, sweep_stale, temp_name

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 5.0  # seconds SQLite itself waits for a lock
LOCK_WAIT = 20.0  # seconds in all before a lock is reported to the candidate
SLOW_NOTICE = 1.0  # seconds a save waits before `on_slow` says why

# Primary SQLite result codes (the low byte of the extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26

T = TypeVar("T")


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _one_line(detail: str, limit: int = 160) -> str:
    """SQLite's words for a problem, as one short line for a one-line message."""
    text = detail.replace("*** in database main ***", " ")
    text = "; ".join(part.strip() for part in text.splitlines() if part.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sidecars(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


# SQLite sizes its -shm index to 32 KiB when a WAL history is opened, even to read it,
# and a write needs a few pages more: below this much room the disk counts as full.
MIN_FREE_BYTES = 1 << 20


def free_bytes(folder: Path) -> int | None:
    """Room left for us in `folder`'s file system (None where it cannot be told)."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return info.f_bavail * info.f_frsize


def _disk_full(folder: Path) -> bool:
    free = free_bytes(folder)
    return free is not None and free < MIN_FREE_BYTES


def _wal_pending(path: Path) -> bool:
    """Whether the -wal may hold committed answers not yet in the file itself."""
    try:
        return os.stat(_sidecars(path)[0]).st_size > 0
    except OSError:
        return False


def _present(files: tuple[Path, ...]) -> set[Path]:
    return {file for file in files if os.path.lexists(file)}


def _remove_new_sidecars(path: Path, before: set[Path]) -> None:
    """Remove the -wal and -shm a failed open just made (an empty -wal, and its index),
    so a full disk is left as it was. Sidecars that were there before belong to another
    connection, or to answers, and stay."""
    wal, shm = _sidecars(path)
    if wal not in before:
        with contextlib.suppress(OSError):
            if os.lstat(wal).st_size == 0:
                os.unlink(wal)
    if shm not in before and not os.path.lexists(wal):
        with contextlib.suppress(OSError):
            os.unlink(shm)


# --- Looking at a file before SQLite does -----------------------------------------------------

_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "a program"),
)


def _looks_like(head: bytes) -> str:
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    if head.startswith(b"SQLite format"):
        return "a SQLite database with a damaged header"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "binary data of some other kind"
        text = head[: exc.start].decode("utf-8")
    if all(c.isprintable() or c in "\t\r\n" for c in text):
        return "a text file"
    return "binary data of some other kind"


def _check_file(path: Path) -> None:
    """Refuse anything that is not plausibly a SQLite file, before SQLite opens it."""
    where = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        # A dangling symbolic link: it exists as a name, not as a file.
        raise AecoachError(
            Msg.HISTORY_UNREADABLE, reason="it links to a file that does not exist", location=where
        ) from exc
    except OSError as exc:
        raise AecoachError(Msg.HISTORY_UNREADABLE, reason=exc.strerror, location=where) from exc
    if stat.S_ISDIR(info.st_mode):
        raise AecoachError(Msg.HISTORY_NOT_FILE, location=where)
    if not stat.S_ISREG(info.st_mode):
        raise AecoachError(Msg.HISTORY_NOT_DB, looks="a device or pipe, not a file", location=where)
    if info.st_size == 0:
        raise AecoachError(Msg.HISTORY_EMPTY_FILE, location=where)
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise AecoachError(Msg.HISTORY_UNREADABLE, reason=exc.strerror, location=where) from exc
    if not head.startswith(SQLITE_MAGIC):
        raise AecoachError(Msg.HISTORY_NOT_DB, looks=_looks_like(head), location=where)
    if len(head) < 100:
        raise AecoachError(
            Msg.HISTORY_CORRUPT, detail=f"it is cut short at {len(head)} bytes", location=where
        )


# --- Creating a folder and a file -------------------------------------------------------------


def _ensure_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkdir's mode passes through the umask; a history is nobody else's business.
        os.chmod(folder, 0o700)
    except OSError as exc:
        reason = f"{exc.strerror}: {exc.filename or folder}"
        raise AecoachError(Msg.HISTORY_NO_FOLDER, reason=reason, location=str(folder)) from exc


def _create(path: Path, busy_timeout: float) -> None:
    """Build a new, empty, current-version history and move it into place atomically."""
    tmp = temp_name(path, "new")
    leftovers = (tmp, *_sidecars(tmp), Path(f"{tmp}-journal"))
    try:
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # the umask can only narrow 0600, but say it outright
        finally:
            os.close(fd)
        db = sqlite3.connect(tmp, timeout=busy_timeout, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = FULL")
            migrate(db)
            db.execute("PRAGMA journal_mode = WAL")
        finally:
            db.close()
        fsync_path(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another aecoach created it first; use theirs
        except OSError as exc:
            if exc.errno not in NO_HARD_LINKS:
                raise
            # A rename, checked first, is nearly as good; it could only clobber a file
            # made by another aecoach in the same instant, on such a file system.
            if not os.path.lexists(path):
                os.replace(tmp, path)
        fsync_path(path.parent, directory=True)
    except sqlite3.Error as exc:
        raise _translate(exc, path, "created") from exc
    except OSError as exc:
        raise _os_error(exc, path, "created") from exc
    finally:
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def _os_error(exc: OSError, path: Path, action: str) -> AecoachError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return AecoachError(
            Msg.HISTORY_READ_ONLY,
            reason=exc.strerror,
            target=str(path.parent),
            location=str(path),
        )
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return AecoachError(Msg.HISTORY_DISK_FULL, location=str(path))
    return AecoachError(Msg.HISTORY_IO, action=action, detail=exc.strerror, location=str(path))


def _translate(
    exc: sqlite3.Error, path: Path, action: str, lock_wait: float = LOCK_WAIT
) -> AecoachError:
    """A SQLite failure as the one message a candidate can act on."""
    code = _code(exc)
    where = str(path)
    detail = _one_line(str(exc) or type(exc).__name__)
    if code in (_BUSY, _LOCKED):
        return AecoachError(Msg.HISTORY_LOCKED, seconds=f"{lock_wait:g}", location=where)
    if code == _FULL or (code in (_IOERR, _CANTOPEN) and _disk_full(path.parent)):
        # SQLite says "disk I/O error" when it cannot size its -shm index on a full disk.
        return AecoachError(Msg.HISTORY_DISK_FULL, location=where)
    if code in (_CORRUPT, _NOTADB):
        return AecoachError(Msg.HISTORY_CORRUPT, detail=detail, location=where)
    if code in (_READONLY, _CANTOPEN):
        return AecoachError(
            Msg.HISTORY_READ_ONLY, reason=detail, target=str(path.parent), location=where
        )
    return AecoachError(Msg.HISTORY_IO, action=action, detail=detail, location=where)


# --- The store --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    sessions: int
    answers: int


@dataclass(frozen=True)
class Listing:
    """What `aecoach history` shows: where the file is, and the recent sessions."""

    path: Path
    exists: bool
    sessions: tuple[SessionView, ...] = ()
    totals: Totals = Totals(0, 0)
    removed: int = 0  # answers taken out with `history remove`, kept apart in the file


class HistoryStore:
    """An open history. Build it with `open` (to write) or `open_existing` (to read)."""

    def __init__(self, path: Path, db: sqlite3.Connection, *, lock_wait: float) -> None:
        self.path = path
        self._db = db
        self._lock_wait = lock_wait
        self.version = 0
        # Called (from another thread) once a save has waited SLOW_NOTICE seconds for a
        # lock, so the candidate hears why nothing happens; it must only print.
        self.on_slow: Callable[[], None] | None = None

    @property
    def lock_wait(self) -> float:
        return self._lock_wait

    # -- Opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        busy_timeout: float = BUSY_TIMEOUT,
        lock_wait: float = LOCK_WAIT,
    ) -> HistoryStore:
        """Open the history to add to it, creating the folder and file if missing."""
        path = Path(path)
        _ensure_folder(path.parent)
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise AecoachError(
                Msg.HISTORY_READ_ONLY,
                reason="the folder is read-only",
                target=str(path.parent),
                location=str(path),
            )
        sweep_stale(path, "new", extra="-wal|-shm|-journal")  # half-built by killed processes
        if not os.path.lexists(path):
            _create(path, busy_timeout)
        _check_file(path)
        if not os.access(path, os.R_OK | os.W_OK):
            raise AecoachError(
                Msg.HISTORY_READ_ONLY,
                reason="the file is read-only",
                target=str(path),
                location=str(path),
            )
        before = _present(_sidecars(path))
        store = cls(path, cls._connect(path, busy_timeout, lock_wait), lock_wait=lock_wait)
        try:
            store._retrying(cls._writer_settings, action="opened")
            store._check_identity()
            store._check_health()
            store._retrying(migrate, action="upgraded")
            mode = store._retrying(lambda db: db.execute("PRAGMA journal_mode").fetchone()[0])
            if str(mode).lower() != "wal":
                store._retrying(lambda db: db.execute("PRAGMA journal_mode = WAL").fetchone())
            store._make_private()
        except NewerSchema as exc:
            store.close()
            raise store._newer(exc.found) from exc
        except BaseException:
            store.close()
            _remove_new_sidecars(path, before)
            raise
        return store

    @classmethod
    def open_existing(
        cls,
        path: Path,
        *,
        busy_timeout: float = BUSY_TIMEOUT,
        lock_wait: float = LOCK_WAIT,
        check: bool = True,
        bad_times: str = "leave out",
    ) -> HistoryStore | None:
        """Open the history to read it; None when there is none. Creates nothing.

        `check=False` skips the full-file health check (a quarter of a second
        at 100,000 answers) for reads that must be quick, such as stats: a
        damaged page they touch is still reported as HISTORY_CORRUPT by SQLite.

        Answers and sessions with a time no reader can use are named on stderr, once
        a command, and left out of what this store reads (history/badtimes.py);
        `bad_times="show"` names them but reads them (the listing, where they are
        found to be removed), `"ignore"` does neither (the removal itself).
        """
        store = cls._open_existing(path, busy_timeout, lock_wait, check)
        if store is not None and bad_times != "ignore":
            try:
                store._mind_bad_times(leave_out=bad_times == "leave out")
            except BaseException:
                store.close()
                raise
        return store

    def _mind_bad_times(self, *, leave_out: bool) -> None:
        from aecoach.history import badtimes

        bad = self._retrying(lambda db: badtimes.find(db, self.path))
        if not bad:
            return
        if leave_out:
            self._retrying(lambda db: badtimes.leave_out(db, bad))
        from aecoach.edge import warn
        from aecoach.errors import render

        fresh = badtimes.untold(self.path, bad)
        for row in fresh[: badtimes.NAMED]:
            msg = (
                Msg.HISTORY_BAD_ANSWER_TIME
                if row.kind == "answer"
                else Msg.HISTORY_BAD_SESSION_TIME
            )
            warn(
                render(
                    msg,
                    id=row.id[: badtimes.SHORT_ID],
                    value=str(row.value),
                    location=str(self.path),
                )
            )
        if len(fresh) > badtimes.NAMED:
            more = len(fresh) - badtimes.NAMED
            warn(render(Msg.HISTORY_BAD_TIMES_MORE, count=more, location=str(self.path)))

    @classmethod
    def _open_existing(
        cls, path: Path, busy_timeout: float, lock_wait: float, check: bool
    ) -> HistoryStore | None:
        path = Path(path)
        if not os.path.lexists(path):
            return None
        _check_file(path)
        # A file or folder we may not write gets a read-only connection from the start:
        # a read-write one would be quietly downgraded and leave -wal and -shm behind.
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
        if writable and _disk_full(path.parent) and not _wal_pending(path):
            # Even a read would make a -wal and a 32 KiB -shm, which a full disk refuses.
            return cls._read_as_it_is(path, busy_timeout, lock_wait, check)
        before = _present(_sidecars(path))
        try:
            return cls._open_to_read(path, busy_timeout, lock_wait, check, writable)
        except AecoachError as exc:
            if not writable or exc.msg not in (Msg.HISTORY_IO, Msg.HISTORY_DISK_FULL):
                raise
            # The disk may be full without saying so (a quota, a file size limit).
            _remove_new_sidecars(path, before)
            return cls._read_as_it_is(path, busy_timeout, lock_wait, check)

    @classmethod
    def _open_to_read(
        cls, path: Path, busy_timeout: float, lock_wait: float, check: bool, writable: bool
    ) -> HistoryStore:
        store = cls(
            path,
            cls._connect(path, busy_timeout, lock_wait, read_only=not writable),
            lock_wait=lock_wait,
        )
        try:
            store._check_identity()
        except AecoachError as exc:
            store.close()
            if exc.msg is not Msg.HISTORY_READ_ONLY or not writable:
                raise
            # Writable by its mode, yet SQLite may not write there (a read-only mount).
            return cls._read_as_it_is(path, busy_timeout, lock_wait, check)
        try:
            if check:
                store._check_health()
        except BaseException:
            store.close()
            raise
        if store.version < LATEST:
            if not writable:
                # Migrations add indexes, columns and tables whose readers check for
                # them (the deliveries of 6: history/deliveries.py), so an older file
                # that may not be upgraded can still be read as it is (just slower).
                return store
            store.close()
            return cls.open(path, busy_timeout=busy_timeout, lock_wait=lock_wait)
        return store

    @classmethod
    def _read_as_it_is(
        cls, path: Path, busy_timeout: float, lock_wait: float, check: bool
    ) -> HistoryStore:
        """A read-only connection that writes nothing, not even SQLite's -wal and -shm."""
        db = cls._connect(path, busy_timeout, lock_wait, read_only=True)
        store = cls(path, db, lock_wait=lock_wait)
        try:
            store._check_identity()
            if check:
                store._check_health()
        except BaseException:
            store.close()
            raise
        return store

    @staticmethod
    def _connect(
        path: Path, busy_timeout: float, lock_wait: float, *, read_only: bool = False
    ) -> sqlite3.Connection:
        try:
            if read_only:
                uri = Path(path).resolve().as_uri() + "?mode=ro"
                if not _wal_pending(path):
                    # Without -shm SQLite reads a WAL database only if told it is
                    # immutable. With no -wal, or an empty one, there is nothing pending
                    # to miss; a writer appearing meanwhile (someone who may write here)
                    # is the small risk a read-only listing takes.
                    uri += "&immutable=1"
                db = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None)
            else:
                db = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise _translate(exc, path, "opened", lock_wait) from exc
        return db

    @staticmethod
    def _writer_settings(db: sqlite3.Connection) -> None:
        # Per connection, not stored in the file. synchronous=FULL makes each
        # COMMIT durable (fsync) before record_answer returns.
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")

    def _check_identity(self) -> None:
        def read(db: sqlite3.Connection) -> tuple[int, int]:
            return int(db.execute("PRAGMA application_id").fetchone()[0]), user_version(db)

        app_id, version = self._retrying(read, action="opened")
        if app_id != APPLICATION_ID:
            raise AecoachError(Msg.HISTORY_FOREIGN, location=str(self.path))
        if version > LATEST:
            raise self._newer(version)
        self.version = version

    def _check_health(self) -> None:
        # quick_check reads every page (milliseconds for a history), so damage is
        # reported before anything is added to a broken file or shown from one.
        problem = self._retrying(lambda db: db.execute("PRAGMA quick_check(1)").fetchone()[0])
        if problem != "ok":
            raise AecoachError(
                Msg.HISTORY_CORRUPT, detail=_one_line(str(problem)), location=str(self.path)
            )

    def _newer(self, found: int) -> AecoachError:
        return AecoachError(Msg.HISTORY_NEWER, found=found, known=LATEST, location=str(self.path))

    def _make_private(self) -> None:
        me = os.getuid() if hasattr(os, "getuid") else None
        for file in (self.path, *_sidecars(self.path)):
            try:
                info = os.stat(file)
                if (me is None or info.st_uid == me) and info.st_mode & 0o077:
                    os.chmod(file, 0o600)
            except OSError:
                pass  # a sidecar that is not there yet gets the database's mode from SQLite

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- Transactions -----------------------------------------------------------------------

    def _retrying(self, work: Callable[[sqlite3.Connection], T], *, action: str = "read") -> T:
        """Run `work`, waiting out other writers for up to lock_wait seconds in all."""
        deadline = time.monotonic() + self._lock_wait
        pause = 0.02
        while True:
            try:
                return work(self._db)
            except sqlite3.Error as exc:
                if _code(exc) in (_BUSY, _LOCKED) and time.monotonic() < deadline:
                    time.sleep(random.uniform(pause / 2, pause))
                    pause = min(pause * 2, 0.5)
                    continue
                raise _translate(exc, self.path, action, self._lock_wait) from exc

    def _write(self, work: Callable[[sqlite3.Connection], T], *, action: str = "saved") -> T:
        """Run `work` in one BEGIN IMMEDIATE ... COMMIT transaction, retried if busy."""

        def transaction(db: sqlite3.Connection) -> T:
            db.execute("BEGIN IMMEDIATE")
            try:
                result = work(db)
                db.execute("COMMIT")
                return result
            except BaseException:
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise

        if self.on_slow is None:
            return self._retrying(transaction, action=action)
        import threading

        notice = threading.Timer(SLOW_NOTICE, self.on_slow)
        notice.daemon = True
        notice.start()
        try:
            return self._retrying(transaction, action=action)
        finally:
            notice.cancel()

    # -- Writing ----------------------------------------------------------------------------

    def write(self, work: Callable[[sqlite3.Connection], T], *, action: str = "saved") -> T:
        """`work` in one write transaction: for the stores beside this one (plan, stories)."""
        return self._write(work, action=action)

    def record_answer(self, session: SessionRecord, answer: AnswerRecord) -> None:
        """Save one answer, and its session if this is the session's first; durable on return."""
        if answer.session_id != session.id:
            raise ValueError("the answer belongs to another session")
        row = _answer_row(answer)

        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO sessions (id, started_at, mode, settings, language, app_version)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (
                    session.id,
                    session.started_at,
                    session.mode,
                    json.dumps(session.settings, ensure_ascii=False, sort_keys=True),
                    session.language,
                    session.app_version,
                ),
            )
            columns = ", ".join(ANSWER_COLUMNS)
            marks = ", ".join("?" for _ in ANSWER_COLUMNS)
            db.execute(f"INSERT INTO answers ({columns}) VALUES ({marks})", row)

        self._write(work)

    def end_session(self, session_id: str, *, ended_at: str, reason: str) -> bool:
        """Mark how a session ended; False if it has no saved answers (so no row)."""

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE sessions SET ended_at = ?, end_reason = ?"
                " WHERE id = ? AND end_reason IS NULL",
                (ended_at, reason, session_id),
            )
            return cursor.rowcount > 0

        return self._write(work)

    def import_sessions(
        self, sessions: Sequence[tuple[SessionRecord, Sequence[AnswerRecord]]]
    ) -> tuple[int, int]:
        """Add sessions and answers not already held, all in one transaction.

        An answer is known by its uid, a session by its id, so importing the
        same export twice adds nothing. An existing session that never learnt
        how it ended takes the imported ending. Returns (sessions, answers) added.
        """
        columns = ", ".join(ANSWER_COLUMNS)
        marks = ", ".join("?" for _ in ANSWER_COLUMNS)

        def work(db: sqlite3.Connection) -> tuple[int, int]:
            from aecoach.history.removals import removed_uids

            added_sessions = added_answers = 0
            removed = removed_uids(db)  # taken out on purpose: an old export must not restore them
            for session, exported in sessions:
                answers = [a for a in exported if a.uid not in removed]
                if not answers:
                    continue  # a session exists with its first answer, never before
                cursor = db.execute(
                    "INSERT INTO sessions (id, started_at, ended_at, mode, settings, end_reason,"
                    " language, app_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO NOTHING",
                    (
                        session.id,
                        session.started_at,
                        session.ended_at,
                        session.mode,
                        _json(session.settings),
                        session.end_reason,
                        session.language,
                        session.app_version,
                    ),
                )
                if cursor.rowcount > 0:
                    added_sessions += 1
                elif session.end_reason is not None:
                    db.execute(
                        "UPDATE sessions SET ended_at = ?, end_reason = ?"
                        " WHERE id = ? AND end_reason IS NULL",
                        (session.ended_at, session.end_reason, session.id),
                    )
                for answer in answers:
                    cursor = db.execute(
                        f"INSERT INTO answers ({columns}) VALUES ({marks})"
                        " ON CONFLICT (uid) DO NOTHING",
                        _answer_row(answer),
                    )
                    added_answers += max(cursor.rowcount, 0)
            return added_sessions, added_answers

        return self._write(work)

    # -- Reading ----------------------------------------------------------------------------

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on one consistent snapshot (several queries see the same data)."""

        def snapshot(db: sqlite3.Connection) -> T:
            db.execute("BEGIN")
            try:
                return work(db)
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")

        return self._retrying(snapshot)

    def count_answers(self, session_id: str) -> int:
        return self._retrying(
            lambda db: db.execute(
                "SELECT count(*) FROM answers WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
        )

    def totals(self) -> Totals:
        def read(db: sqlite3.Connection) -> Totals:
            sessions = db.execute("SELECT count(*) FROM sessions").fetchone()[0]
            answers = db.execute("SELECT count(*) FROM answers").fetchone()[0]
            return Totals(sessions, answers)

        return self._retrying(read)

    def rated(self) -> list[dict[str, Any]]:
        """Every rated answer as {item_key, started_at, rating}, oldest first: what
        the spaced-repetition schedule is derived from (see aecoach.coaching.schedule)."""
        rows = self._retrying(
            lambda db: db.execute(
                "SELECT item_key, started_at, rating FROM answers"
                " WHERE rating IS NOT NULL ORDER BY started_at, id"
            ).fetchall()
        )
        return [{"item_key": k, "started_at": t, "rating": r} for k, t, r in rows]

    def recent(self, limit: int = 10) -> list[SessionView]:
        """The latest `limit` sessions, newest first, each with its answers in order."""

        def read(db: sqlite3.Connection) -> list[SessionView]:
            db.execute("BEGIN")  # one snapshot for both queries
            try:
                sessions = db.execute(
                    "SELECT id, started_at, ended_at, mode, settings, end_reason, language,"
                    " app_version FROM sessions ORDER BY started_at DESC, rowid DESC LIMIT ?",
                    (limit,),
                ).fetchall()
                ids = [row[0] for row in sessions]
                answers: dict[str, list[AnswerRecord]] = {i: [] for i in ids}
                if ids:
                    marks = ", ".join("?" for _ in ids)
                    rows = db.execute(
                        f"SELECT {answer_select(db)} FROM answers"
                        f" WHERE session_id IN ({marks}) ORDER BY started_at, id",
                        ids,
                    ).fetchall()
                    for row in rows:
                        answer = _answer_from_row(row)
                        answers[answer.session_id].append(answer)
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")
            return [SessionView(session_from_row(row), tuple(answers[row[0]])) for row in sessions]

        return self._retrying(read)


def read_listing(path: Path, *, limit: int = 10) -> Listing:
    """Everything `aecoach history` shows, read without creating or changing anything."""
    # Rows with an unusable time are listed too: this is where they are found to be removed.
    store = HistoryStore.open_existing(path, bad_times="show")
    if store is None:
        return Listing(path=Path(path), exists=False)
    from aecoach.history.removals import count_removed

    with store:
        return Listing(
            path=Path(path),
            exists=True,
            sessions=tuple(store.recent(limit)),
            totals=store.totals(),
            removed=store.read(count_removed),
        )


def read_rated(path: Path) -> list[dict[str, Any]]:
    """The rated answers (see HistoryStore.rated), read without creating anything."""
    store = HistoryStore.open_existing(path)
    if store is None:
        return []
    with store:
        return store.rated()


# --- Rows <-> records -------------------------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _answer_row(a: AnswerRecord) -> tuple[Any, ...]:
    return (
        a.uid,
        a.session_id,
        a.item_key,
        a.item_type,
        a.pack,
        a.language,
        a.prompt_text,
        a.kind,
        _json(list(a.roles)),
        _json(list(a.skills)),
        a.started_at,
        float(a.seconds_used),
        int(a.time_limit),
        int(bool(a.overran)),
        int(bool(a.skipped)),
        a.rating,
        _json(dict(a.checklist)),
        a.notes,
        encode_feedback(a.feedback),
    )


def _answer_from_row(row: Sequence[Any]) -> AnswerRecord:
    values = dict(zip(ANSWER_COLUMNS, row, strict=True))
    values["roles"] = tuple(str(r) for r in loads_json(values["roles"], []))
    values["skills"] = tuple(str(s) for s in loads_json(values["skills"], []))
    values["checklist"] = {str(k): bool(v) for k, v in loads_json(values["checklist"], {}).items()}
    values["overran"] = bool(values["overran"])
    values["skipped"] = bool(values["skipped"])
    values["feedback"] = decode_feedback(values["feedback"])
    return AnswerRecord(**values)
