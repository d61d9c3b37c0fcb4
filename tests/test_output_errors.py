"""Output that cannot be written (reliability audit, issue 12, finding 8): a full disk
behind standard output, or standard output closed, is one line saying so, not a bug."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from factories import sample_answer, sample_session

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


def _history(home: Path) -> None:
    from aecoach.history.store import HistoryStore

    with HistoryStore.open(home / "history.sqlite3") as store:
        for n in range(3):
            store.record_answer(sample_session("s"), sample_answer("s", n))


def _run(home: Path, shell_redirect: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AECOACH_HOME": str(home), "COLUMNS": "80"}
    command = f'exec "$0" -m aecoach "$@" {shell_redirect}'
    return subprocess.run(
        ["sh", "-c", command, sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["stats", "--json"],
        ["history"],
        ["export", "--format", "csv"],
        ["--help"],
        ["--version"],
    ],
)
def test_standard_output_on_a_full_disk_is_one_line(home: Path, args: list[str]) -> None:
    home.mkdir()
    _history(home)
    result = _run(home, ">/dev/full", *args)
    assert result.returncode == 1
    assert result.stderr == (
        "aecoach: error: cannot write to standard output (no space left on device)"
        " — send the output to a file or a program that can take it\n"
    )


@pytest.mark.parametrize("args", [["stats", "--json"], ["stats"], ["tips"], ["--version"]])
def test_closed_standard_output_is_one_line(home: Path, args: list[str]) -> None:
    home.mkdir()
    _history(home)
    result = _run(home, ">&-", *args)
    assert result.returncode == 1
    assert result.stderr == (
        "aecoach: error: cannot write to standard output (it is closed)"
        " — send the output to a file or a program that can take it\n"
    )


def test_an_error_of_another_file_is_still_not_blamed_on_the_output(home: Path) -> None:
    home.mkdir()
    _history(home)
    result = _run(home, "", "export", "--format", "csv", "-o", "/dev/full")
    assert result.returncode == 1
    assert "cannot write to standard output" not in result.stderr
    assert result.stderr.startswith("aecoach: error: /dev/full: ")


@pytest.mark.parametrize("args", [["questions"], ["stats", "--json"], ["--help"], ["tips"]])
def test_a_reader_that_stops_early_gets_no_message(home: Path, args: list[str]) -> None:
    """`aecoach questions | head -1`: a closed pipe is the reader's choice, not an error."""
    home.mkdir()
    _history(home)
    env = {**os.environ, "AECOACH_HOME": str(home), "COLUMNS": "80"}
    with subprocess.Popen(
        [sys.executable, "-m", "aecoach", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # before aecoach writes a byte
        err = child.stderr.read().decode()
        child.wait(timeout=60)
    assert err == ""
