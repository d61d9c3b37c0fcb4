"""`aecoach history` and `aecoach practice` from the command line, without a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.cli import app, run
from aecoach.history.store import HistoryStore
from factories import python_env, sample_answer, sample_session

runner = CliRunner()

NEED_TERMINAL_TAIL = (
    " is not a terminal — run `aecoach practice` in a terminal window,"
    " not through a pipe, a file or CI"
)


def fill(home: Path) -> Path:
    path = home / "history.sqlite3"
    with HistoryStore.open(path) as store:
        first = sample_session("s-old", started_at="2025-03-01T09:00:00.000Z")
        store.record_answer(first, sample_answer("s-old", 1, rating=2))
        store.end_session("s-old", ended_at="2025-03-01T09:10:00.000Z", reason="interrupted")
        second = sample_session("s-new", started_at="2025-03-02T09:00:00.000Z")
        store.record_answer(
            second, sample_answer("s-new", 1, rating=4, notes="used the Acme story")
        )
        store.record_answer(second, sample_answer("s-new", 2, rating=None, seconds_used=125))
        store.end_session("s-new", ended_at="2025-03-02T09:10:00.000Z", reason="finished")
    return path


# --- history ------------------------------------------------------------------------------------


def test_history_with_no_file_says_so_and_creates_nothing(home: Path) -> None:
    result = runner.invoke(app, ["history"])
    assert result.exit_code == 0
    assert result.output == (
        f"{home / 'history.sqlite3'}: no history yet — run `aecoach practice` to start one\n"
    )
    assert not home.exists()


def test_history_json_with_no_file(home: Path) -> None:
    result = runner.invoke(app, ["history", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "path": str(home / "history.sqlite3"),
        "exists": False,
        "total_sessions": 0,
        "total_answers": 0,
        "sessions": [],
    }
    assert not home.exists()


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so the listing's local times are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_lists_sessions_newest_first_with_answers(home: Path, utc: None) -> None:
    path = fill(home)
    result = runner.invoke(app, ["history"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"History file: {path}"
    assert lines[1] == "2 sessions, 3 answers in all."
    new = result.output.index(
        "2025-03-02 09:00 · practice (AE) · finished · 2 answers · average 4.0"
    )
    old = result.output.index(
        "2025-03-01 09:00 · practice (AE) · interrupted · 1 answer · average 2.0"
    )
    assert new < old
    assert "Why did you choose a career in sales?" in result.output
    assert "Notes: used the Acme story" in result.output
    assert "2:05 of 2:00, 0:05 over" in result.output  # the words the session summary uses
    assert "skipped" in result.output


def test_history_limit(home: Path) -> None:
    fill(home)
    result = runner.invoke(app, ["history", "--limit", "1"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "the latest 1 below, newest first (see more with --limit)" in result.output
    assert "interrupted" not in result.output


def test_history_json(home: Path) -> None:
    path = fill(home)
    result = runner.invoke(app, ["history", "--json", "--limit", "5"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["path"], data["exists"]) == (str(path), True)
    assert (data["total_sessions"], data["total_answers"]) == (2, 3)
    assert [s["id"] for s in data["sessions"]] == ["s-new", "s-old"]
    newest = data["sessions"][0]
    assert newest["end_reason"] == "finished"
    assert newest["settings"] == {"role": "ae", "seed": 7}
    answer = newest["answers"][0]
    assert set(answer) == {
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
        "feedback",
    }
    assert answer["roles"] == ["ae", "sdr", "am"]
    assert answer["checklist"]["on-time"] is True
    assert newest["answers"][1]["rating"] is None


def test_history_on_a_broken_file_is_one_error_line(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home.mkdir()
    (home / "history.sqlite3").write_text("shopping list\n")
    assert run(["history"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"aecoach: error: {home / 'history.sqlite3'}: this is not a history database:"
        " it looks like a text file — move it aside, or set AECOACH_HOME to another folder;"
        " aecoach has not changed it\n"
    )


def test_history_output_is_plain_under_no_color(home: Path) -> None:
    fill(home)
    env = python_env(home) | {"NO_COLOR": "1", "TERM": "xterm-256color"}
    result = subprocess.run(
        [sys.executable, "-m", "aecoach", "history"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "\x1b" not in result.stdout
    assert "History file:" in result.stdout


# --- practice without a terminal ----------------------------------------------------------------


def test_practice_refuses_without_a_terminal_and_creates_nothing(home: Path) -> None:
    result = runner.invoke(app, ["practice", "--role", "ae", "--count", "2"])
    assert result.exit_code == 1
    assert "practice is interactive, but standard input" in result.stderr
    assert not home.exists()


def test_practice_refusal_is_one_line_and_exit_1(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["practice"]) == 1
    captured = capsys.readouterr()
    assert (
        captured.err
        == f"aecoach: error: practice is interactive, but standard input{NEED_TERMINAL_TAIL}\n"
    )
    assert not home.exists()


@pytest.mark.parametrize("stdin", ["devnull", "pipe", "closed"])
def test_practice_refuses_devnull_pipes_and_closed_stdin(tmp_path: Path, stdin: str) -> None:
    home = tmp_path / "home"
    kwargs: dict[str, object] = {}
    if stdin == "devnull":
        kwargs["stdin"] = subprocess.DEVNULL
    elif stdin == "pipe":
        kwargs["input"] = "1\n4\ny\ny\n"
    else:
        kwargs["preexec_fn"] = lambda: os.close(0)
    result = subprocess.run(
        [sys.executable, "-m", "aecoach", "practice", "--role", "ae"],
        env=python_env(home),
        capture_output=True,
        text=True,
        timeout=30,
        **kwargs,  # type: ignore[arg-type]
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"aecoach: error: practice is interactive, but standard input{NEED_TERMINAL_TAIL}\n"
    )
    assert not home.exists()


def test_practice_refuses_when_only_stdout_is_redirected(tmp_path: Path) -> None:
    home = tmp_path / "home"
    leader, follower = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "aecoach", "practice", "--role", "ae"],
            env=python_env(home),
            stdin=follower,
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == 1
    assert result.stderr == (
        f"aecoach: error: practice is interactive, but standard output{NEED_TERMINAL_TAIL}\n"
    )
    assert not home.exists()


def test_help_stays_light(tmp_path: Path) -> None:
    """Startup is a product requirement: --help loads neither SQLite nor the terminal libraries."""
    code = (
        "import sys\n"
        "from aecoach.__main__ import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'sqlite3', 'rich', 'questionary', 'prompt_toolkit', 'aecoach.history.store'}\n"
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=python_env(tmp_path), capture_output=True, text=True
    )
    assert "practice" in result.stdout and "history" in result.stdout
    assert result.stderr.strip() == "[]"
