"""A full disk (reliability audit, issue 12, findings 3 and 4): reading the history works
and creates nothing, practice says the disk is full, `packs new` says so too and leaves
no empty pack behind.

A small file system needs root to mount, so the disk is made "full" for one aecoach
process with RLIMIT_FSIZE=0: no file may grow by a byte, which is what a full disk is
to SQLite (it cannot size its -shm index) and to any writer. Python ignores the
SIGXFSZ that comes with it, so each write fails with EFBIG. Where the free space is
what aecoach looks at, the test also says the disk has none (`FREE_BYTES=0`, a seam
read by the probe below). One test runs on a real, full tmpfs where that may be mounted.
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factories import sample_answer, sample_session

PROBE = """
import os, sys
if os.environ.get("FREE_BYTES") is not None:
    from aecoach.history import store
    store.free_bytes = lambda folder: int(os.environ["FREE_BYTES"])
from aecoach.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _history(home: Path) -> Path:
    from aecoach.history.store import HistoryStore

    path = home / "history.sqlite3"
    with HistoryStore.open(path) as store:
        for n in range(5):
            store.record_answer(sample_session("s"), sample_answer("s", n))
    return path


def _no_room() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _full(*args: str, home: Path, free: int | None = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AECOACH_HOME": str(home), "COLUMNS": "80"}
    env.pop("FREE_BYTES", None)
    if free is not None:
        env["FREE_BYTES"] = str(free)
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=_no_room,
    )


def _snapshot(folder: Path) -> dict[str, str]:
    """The history's files, and any temporary file left anywhere in the home."""
    assert not [p for p in folder.rglob("*") if p.name.endswith((".tmp", ".new"))]
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name.startswith("history")
    }


READS = [
    ["history"],
    ["stats"],
    ["stats", "--json"],
    ["export", "--format", "csv"],
    ["export", "--format", "json"],
    ["export", "--format", "md"],
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("free", [0, None], ids=["no-free-space", "space-unknown"])
def test_reading_on_a_full_disk_works_and_creates_nothing(
    home: Path, args: list[str], free: int | None
) -> None:
    home.mkdir()
    _history(home)
    before = _snapshot(home)
    result = _full(*args, home=home, free=free)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()
    assert _snapshot(home) == before  # no -wal, no -shm, the file unchanged


def test_reading_still_sees_what_an_earlier_crash_left_in_the_wal(home: Path) -> None:
    """A -wal that holds answers must not be skipped: then the read says it cannot."""
    home.mkdir()
    path = _history(home)
    import sqlite3

    # A writer that dies with its last answers only in the -wal.
    script = (
        "import os, sqlite3, sys\n"
        f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "db.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "db.execute(\"UPDATE answers SET notes = 'in the wal'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    assert Path(f"{path}-wal").stat().st_size > 0
    result = _full("export", "--format", "json", home=home)
    if result.returncode == 0:
        assert "in the wal" in result.stdout  # read through the -wal
    else:
        assert "this is a bug" not in result.stderr
        assert "disk is full" in result.stderr
    with sqlite3.connect(path) as db:  # and nothing was lost
        assert db.execute("SELECT count(*) FROM answers WHERE notes = 'in the wal'").fetchone()[0]


def test_practice_on_a_full_disk_says_the_disk_is_full(home: Path) -> None:
    home.mkdir()
    _history(home)
    script = (
        "import sys\n"
        "from aecoach.history import store\n"
        "store.free_bytes = lambda folder: 0\n"
        "from aecoach.errors import AecoachError\n"
        f"try:\n    store.HistoryStore.open(store.Path({str(home / 'history.sqlite3')!r}))\n"
        "except AecoachError as exc:\n    print(exc.msg.name)\n    print(exc.text)\n"
    )
    before = _snapshot(home)
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_no_room,
    )
    name, text = out.stdout.splitlines()[:2]
    assert name == "HISTORY_DISK_FULL", out
    assert "the disk is full" in text
    assert _snapshot(home) == before


def _mount_tmpfs(where: Path, size: str) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def full_tmpfs(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "small"
    if not _mount_tmpfs(where, "1m"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_on_a_real_full_file_system(full_tmpfs: Path) -> None:
    home = full_tmpfs / "home"
    home.mkdir()
    _history(home)
    fd = os.open(full_tmpfs / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    before = _snapshot(home)
    env = {**os.environ, "AECOACH_HOME": str(home)}
    for args in READS:
        result = subprocess.run(
            [sys.executable, "-m", "aecoach", *args], capture_output=True, text=True, env=env
        )
        assert result.returncode == 0, (args, result.stderr)
        assert _snapshot(home) == before, args
    result = subprocess.run(
        [sys.executable, "-m", "aecoach", "packs", "new", "acme"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1 and "this is a bug" not in result.stderr, result.stderr
    assert "full" in result.stderr
    assert not (home / "packs" / "acme.yaml").exists()


# --- 4. `packs new` on a full disk ------------------------------------------------------------


def test_packs_new_that_cannot_grow_a_file_leaves_no_pack(home: Path) -> None:
    home.mkdir()
    result = _full("packs", "new", "acme", home=home, free=None)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "this is a bug" not in result.stderr
    assert result.stderr.startswith(f"aecoach: error: {home / 'packs' / 'acme.yaml'}: ")
    assert not list((home / "packs").iterdir())  # no empty pack, no temporary file
    later = subprocess.run(
        [sys.executable, "-m", "aecoach", "tips"],
        capture_output=True,
        text=True,
        env={**os.environ, "AECOACH_HOME": str(home)},
    )
    assert later.returncode == 0 and later.stderr == ""


def test_packs_new_on_a_full_disk_says_the_disk_is_full(
    home: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """ENOSPC as a file system reports it when the data reaches the disk (at fsync)."""
    import errno

    from aecoach import safefile
    from aecoach.cli import app

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(safefile.os, "fsync", full)
    result = runner.invoke(app, ["packs", "new", "acme"])
    assert result.exit_code == 1
    assert result.output == (
        f"aecoach: error: {home / 'packs' / 'acme.yaml'}: the disk is full, so the file was"
        " not written — free some space and try again\n"
    )
    assert not list((home / "packs").iterdir())
    monkeypatch.undo()
    result = runner.invoke(app, ["tips"])
    assert result.exit_code == 0 and "left out your pack" not in result.output
