"""Writing a file the candidate asked for: atomically, privately, never through a link.

`write_private(path, write, force=...)` writes into a temporary file in the
same folder (mode 0600 whatever the umask, O_EXCL|O_NOFOLLOW), syncs it and
moves it into place, so the target is either the old file or the complete
new one, never half-written. Without `force` an existing file is refused,
and the move is a hard link, which fails rather than overwrite a file that
appeared meanwhile. A symbolic link at the target is always refused: writing
"through" it could overwrite a file the candidate never named.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from aecoach.errors import AecoachError, Msg
from aecoach.i18n import N_

NO_HARD_LINKS = {
    getattr(errno, name)
    for name in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "EMLINK", "ENOSYS")
    if hasattr(errno, name)
}


DISK_FULL = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT") if hasattr(errno, name)}


def _refuse_target(path: Path, force: bool) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise AecoachError(Msg.OUTPUT_UNWRITABLE, reason=exc.strerror, location=str(path)) from exc
    if stat.S_ISLNK(info.st_mode):
        raise AecoachError(Msg.OUTPUT_SYMLINK, location=str(path))
    if stat.S_ISDIR(info.st_mode):
        raise AecoachError(Msg.OUTPUT_IS_FOLDER, location=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise AecoachError(Msg.OUTPUT_NOT_FILE, location=str(path))
    if not force:
        raise AecoachError(Msg.OUTPUT_EXISTS, location=str(path))


# Marked for the catalogue; translated where a message names one (`_(exc.kind)`).
FILE_KINDS = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISFIFO, N_("a named pipe")),
    (stat.S_ISSOCK, N_("a socket")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a device")),
)


class NotRegularFile(OSError):
    """`read_capped` found a folder, pipe, socket or device; `kind` says which."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class FileTooLarge(OSError):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, refusing anything else or more than `limit`
    bytes before holding them: a device never ends and a named pipe waits for a writer.
    Raises NotRegularFile, FileTooLarge or the OSError of opening or reading."""
    # O_NONBLOCK: opening a named pipe must not wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in FILE_KINDS if test(info.st_mode)), "not a regular file")
            raise NotRegularFile(kind)
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        # The size can lie (a file still growing, /proc): cap the read itself too.
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > limit:
        raise FileTooLarge(max(info.st_size, total))
    return b"".join(chunks)


def fsync_path(path: Path, *, directory: bool = False) -> None:
    """Make `path` (a file, or with `directory` a folder's entries) durable; best effort."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is synced
    finally:
        os.close(fd)


def private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents as 0700 (mkdir's mode passes through
    the umask); raises OSError when one cannot be made."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)


STALE_TEMP_AGE = 600.0  # seconds: a temporary file this old belongs to a process that died
_OPEN_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def temp_name(path: Path, suffix: str = "tmp") -> Path:
    """A hidden name beside `path` nobody can guess ahead (a prepared link must miss it)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.{suffix}")


def sweep_stale(path: Path, suffix: str = "tmp", extra: str = "") -> None:
    """Remove what `temp_name(path, suffix)` files killed processes left beside `path`
    (a name made only by aecoach, that stayed unchanged for STALE_TEMP_AGE, owned by us;
    `extra` is a regular expression for sidecars such as -wal); best effort."""
    pattern = re.compile(
        rf"\.{re.escape(path.name)}\.\d+\.[0-9a-f]{{8}}\.{re.escape(suffix)}(?:{extra})?"
    )
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    now = time.time()
    me = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (me is None or info.st_uid == me) and now - info.st_mtime > STALE_TEMP_AGE:
                os.unlink(entry.path)
        except OSError:
            pass


def replace_private(path: Path, text: str, *, sync: bool) -> None:
    """Replace aecoach's own file `path` with `text`: private (0600), atomic (a
    temporary file renamed over it), its folders made private as needed, synced to
    disk when `sync`. Raises OSError; the temporary file never stays behind."""
    private_folders(path.parent)
    tmp = temp_name(path)
    # O_EXCL|O_NOFOLLOW under a name nobody can guess: in a shared home a link
    # prepared at the temporary name must not redirect the write.
    fd = os.open(tmp, _OPEN_NEW, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_private(
    path: Path,
    write: Callable[[TextIO], None],
    *,
    force: bool = False,
    encoding: str = "utf-8",
    newline: str | None = "",
) -> None:
    """Call `write` with a text stream, and put what it wrote at `path` (0600) atomically."""
    path = Path(path)
    _refuse_target(path, force)
    folder = path.parent
    if not folder.is_dir():
        raise AecoachError(Msg.OUTPUT_NO_FOLDER, folder=str(folder), location=str(path))
    sweep_stale(path)  # what killed exports left here
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, _OPEN_NEW, 0o600)
    except OSError as exc:
        raise AecoachError(Msg.OUTPUT_UNWRITABLE, reason=exc.strerror, location=str(path)) from exc
    try:
        os.fchmod(fd, 0o600)  # the umask can only take bits away; make it exactly 0600
        with open(fd, "w", encoding=encoding, newline=newline) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        _place(tmp, path, force)
        fsync_path(folder, directory=True)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno == errno.EEXIST:
            raise AecoachError(Msg.OUTPUT_EXISTS, location=str(path)) from exc
        if exc.errno in DISK_FULL:
            raise AecoachError(Msg.OUTPUT_DISK_FULL, location=str(path)) from exc
        raise AecoachError(Msg.OUTPUT_UNWRITABLE, reason=exc.strerror, location=str(path)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _place(tmp: Path, path: Path, force: bool) -> None:
    if force:
        # rename replaces a link that appeared meanwhile, never the file it points to.
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails with EEXIST rather than overwrite
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from exc
        os.replace(tmp, path)
        return
    os.unlink(tmp)
