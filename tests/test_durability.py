"""Nothing reported saved is ever lost: SIGKILL at random moments, and two writers at once.

Both tests run tests/helpers/history_writer.py as real separate processes
that save answers through the store and print `saved <uid>` after each
commit.
"""

from __future__ import annotations

import itertools
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from aecoach.history.migrations import LATEST
from aecoach.history.store import HistoryStore
from factories import HELPERS, python_env

WRITER = str(HELPERS / "history_writer.py")
KILLS = 30


def start_writer(path: Path, count: int, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, WRITER, str(path), str(count), *extra],
        env=python_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def reported(output: bytes) -> list[str]:
    """The uids of complete `saved` lines; a line cut off by the kill does not count."""
    lines = output.decode("utf-8", errors="replace").split("\n")[:-1]
    return [line.split(" ", 1)[1] for line in lines if line.startswith("saved ")]


def check_history(path: Path) -> set[str]:
    """The uids in a history after the crash, once it has passed SQLite's full check."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        orphans = db.execute(
            "SELECT count(*) FROM answers WHERE session_id NOT IN (SELECT id FROM sessions)"
        ).fetchone()[0]
        assert orphans == 0
        return {row[0] for row in db.execute("SELECT uid FROM answers")}
    finally:
        db.close()


def test_sigkill_at_random_moments_loses_no_answer_reported_saved(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    shared = tmp_path / "home" / "history.sqlite3"
    promised: set[str] = set()
    killed = 0
    for round_ in range(KILLS):
        # Every fifth round starts from nothing, so some kills land while the file is made.
        fresh = round_ % 5 == 0
        path = tmp_path / f"fresh-{round_}" / "history.sqlite3" if fresh else shared
        writer = start_writer(path, 0)
        # Python starts in roughly 0.1 s: early kills hit start-up, creation and the
        # migration; later ones hit answers being written.
        time.sleep(rng.uniform(0.0, 0.4))
        writer.send_signal(signal.SIGKILL)
        output, errors = writer.communicate(timeout=30)
        assert b"Traceback" not in errors, errors.decode()
        killed += writer.returncode == -signal.SIGKILL
        saved = reported(output)
        if fresh:
            if path.exists():
                assert set(saved) <= check_history(path), f"seed {seed}, round {round_}"
            else:
                assert saved == []
        else:
            promised.update(saved)
    assert killed >= 25, f"only {killed} of {KILLS} writers were still running when killed"
    assert len(promised) > 20, "the writers should have saved answers before most kills"
    present = check_history(shared)
    missing = promised - present
    assert not missing, f"seed {seed}: {len(missing)} answers reported saved are gone"
    # The history is still usable afterwards: a new session can write to it.
    with HistoryStore.open(shared) as store:
        assert store.totals().answers == len(present)


def test_two_processes_writing_at_once_both_record_everything(tmp_path: Path) -> None:
    path = tmp_path / "home" / "history.sqlite3"  # missing: they also race to create it
    count = 200
    start_at = f"{time.time() + 1.0:.3f}"  # both open first, then write from the same moment
    writers = [
        start_writer(path, count, "--session-end", "--start-at", start_at, "--pause", "0.004")
        for _ in range(2)
    ]
    # A reader in the middle of it all neither waits for long nor fails.
    time.sleep(1.1)
    listing = subprocess.run(
        [sys.executable, "-m", "aecoach", "history", "--json"],
        env=python_env(path.parent),
        capture_output=True,
        text=True,
        timeout=60,
    )
    results = [w.communicate(timeout=120) for w in writers]
    assert listing.returncode == 0, listing.stderr
    uids: list[str] = []
    for writer, (output, errors) in zip(writers, results, strict=True):
        text = output.decode() + errors.decode()
        assert writer.returncode == 0, text
        assert "locked" not in text.lower()
        saved = reported(output)
        assert len(saved) == count
        assert text.rstrip().endswith("ended")
        uids += saved
    assert check_history(path) == set(uids)
    assert len(set(uids)) == 2 * count
    db = sqlite3.connect(path)
    ended = db.execute("SELECT end_reason, count(*) FROM sessions GROUP BY end_reason").fetchall()
    order = [row[0] for row in db.execute("SELECT session_id FROM answers ORDER BY id")]
    db.close()
    assert ended == [("finished", 2)]
    turns = sum(1 for a, b in itertools.pairwise(order) if a != b)
    assert turns > 2, "the two writers should have taken turns, not run one after the other"
