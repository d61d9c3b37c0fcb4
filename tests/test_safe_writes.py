"""Temporary files of aecoach's writers (reliability audit, issue 12): the settings and
cache writer cannot be redirected by a prepared link, and a killed export's hidden
temporary file does not stay for ever."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach import settings
from aecoach.cli import app
from aecoach.safefile import replace_private
from factories import sample_answer, sample_session

# --- 9. No write through a prepared link ------------------------------------------------------


def _prepared_links(folder: Path, name: str, victim: Path) -> list[Path]:
    """Links where a writer with a predictable temporary name would open its file."""
    links = [folder / f".{name}.{os.getpid()}.tmp", folder / f".{name}.tmp"]
    for link in links:
        link.symlink_to(victim)
    return links


def test_settings_are_not_written_through_a_prepared_link(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    links = _prepared_links(home, "settings.json", victim)
    settings.write(home, {"language": "es"})
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert settings.read(home) == ({"language": "es"}, None)
    assert all(link.is_symlink() for link in links)  # left as they are, not followed


def test_a_cache_write_is_not_redirected_either(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    folder = tmp_path / "cache"
    folder.mkdir()
    _prepared_links(folder, "bank.json", victim)
    replace_private(folder / "bank.json", "{}", sync=False)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (folder / "bank.json").read_text(encoding="utf-8") == "{}"
    assert oct(os.stat(folder / "bank.json").st_mode & 0o777) == "0o600"


def test_the_temporary_file_is_opened_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    real_open = os.open

    def spy(path, flags, *args):  # type: ignore[no-untyped-def]
        opened.append(flags)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", spy)
    replace_private(tmp_path / "settings.json", "{}", sync=False)
    writes = [f for f in opened if f & os.O_CREAT]
    assert writes and all(f & os.O_EXCL and f & os.O_NOFOLLOW for f in writes)


# --- 7. A killed export's temporary file is swept ---------------------------------------------


def _old(path: Path, seconds: float = 3600) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def test_an_export_sweeps_the_stale_temporary_files_of_killed_exports(
    home: Path, runner: CliRunner, tmp_path: Path
) -> None:
    from aecoach.history.store import HistoryStore

    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session("s"), sample_answer("s", 1))
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".log.csv.4242.0123abcd.tmp"
    stale.write_bytes(b"x" * 1000)
    _old(stale)
    fresh = out / ".log.csv.4243.89abcdef.tmp"  # an export still being written
    fresh.write_bytes(b"y")
    other = out / ".notes.csv.4242.0123abcd.tmp"  # another file's: not ours to judge
    other.write_bytes(b"z")
    _old(other)
    mine = out / ".log.csv.backup"  # the candidate's own, whatever its age
    mine.write_bytes(b"w")
    _old(mine)
    result = runner.invoke(app, ["export", "-o", str(out / "log.csv")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["log.csv", fresh.name, other.name, mine.name])


def test_a_killed_export_leaves_a_temporary_file_the_next_one_removes(
    home: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The real thing: a process killed while writing leaves its temporary file."""
    from aecoach.history.store import HistoryStore

    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session("s"), sample_answer("s", 1))
    out = tmp_path / "out"
    out.mkdir()
    script = (
        "import os, signal\n"
        "from aecoach.safefile import write_private\n"
        "def write(handle):\n"
        "    handle.write('half')\n"
        "    handle.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        f"write_private({str(out / 'log.csv')!r}, write)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    left = [p for p in out.iterdir()]
    assert len(left) == 1 and left[0].name.startswith(".log.csv.")
    _old(left[0])
    result = runner.invoke(app, ["export", "-o", str(out / "log.csv")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["log.csv"]
