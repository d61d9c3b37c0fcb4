"""A history that already holds a time no reader can use (an import from before imports
were checked, a hand edit): every reader names the row and the fix, and carries on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.cli import app
from aecoach.history import badtimes
from aecoach.history.store import HistoryStore
from clockfix import Now, fix_clock
from factories import sample_answer, sample_session

runner = CliRunner()
NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
BAD_ANSWER = "a0000000-0000-4000-8000-00000000bad1"
BAD_SESSION = "5e550000-0000-4000-8000-00000000bad2"

# What old imports and hand edits have been seen to leave, and what merely looks like a time.
BAD_VALUES = [
    "yesterday-ish",
    "",
    "2025-03-14",
    "2025-03-14T09:30:00",  # no zone
    "2025-03-14T09:30:00+02:00",
    "2025-02-30T09:30:00.000Z",
    "2025-03-14T25:30:00.000Z",
    "1969-12-31T23:59:59.999Z",
    12345,
]

COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["today"],
    ["today", "--json"],
    ["export", "--format", "json", "--output", "-"],
    ["export", "--format", "csv", "--output", "-"],
    ["export", "--format", "md", "--output", "-"],
    ["history"],
    ["history", "--json"],
]


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    badtimes.forget()
    yield
    badtimes.forget()


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Now:
    return fix_clock(monkeypatch, NOW)


def history(home: Path) -> Path:
    """Two sessions: one good answer, and one session of two answers."""
    path = home / "history.sqlite3"
    with HistoryStore.open(path) as store:
        good = sample_session("5e550000-0000-4000-8000-000000000001")
        store.record_answer(good, sample_answer(good.id, 1, rating=2))
        other = sample_session(BAD_SESSION, started_at="2025-03-15T09:30:00.000Z")
        day = datetime(2025, 3, 15, 9, 30, tzinfo=UTC)
        for n, uid in ((2, BAD_ANSWER), (3, None)):
            at = day + timedelta(minutes=n)
            store.record_answer(other, sample_answer(other.id, n, started_at=at, uid=uid))
    return path


def spoil(path: Path, sql: str, *values: object) -> None:
    """Write straight into SQLite, as an old import or a hand edit did."""
    db = sqlite3.connect(path)
    try:
        db.execute(sql, values)
        db.commit()
    finally:
        db.close()


def rows(path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        found = db.execute("SELECT uid, started_at FROM answers ORDER BY id").fetchall()
        return found + db.execute("SELECT id, started_at FROM sessions ORDER BY id").fetchall()
    finally:
        db.close()


def run(args: list[str]):  # type: ignore[no-untyped-def]
    badtimes.forget()  # each command is its own process in real life
    return runner.invoke(app, args, env={"COLUMNS": "120"})


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_every_reader_survives_an_answer_with_a_bad_time(
    home: Path, now: Now, value: object
) -> None:
    path = history(home)
    spoil(path, "UPDATE answers SET started_at = ? WHERE uid = ?", value, BAD_ANSWER)
    before = rows(path)
    for args in COMMANDS:
        result = run(args)
        assert result.exit_code == 0, (args, result.output, result.exception)
        warnings = [line for line in result.stderr.splitlines() if line]
        assert warnings == [
            f"aecoach: warning: answer a0000000 in {path} has no usable time ('{value}'), so it"
            " is left out of stats, review, exports and the report — take it out of the record"
            " with `aecoach history remove a0000000`"
        ], args
        assert "Traceback" not in result.output
    assert rows(path) == before  # never rewritten
    # Left out of what is counted; listed by `history`, where it is found to be removed.
    assert '"answers": 2' in run(["stats", "--json"]).stdout
    assert BAD_ANSWER not in run(["export", "--format", "json", "-o", "-"]).stdout
    assert BAD_ANSWER in run(["history", "--json"]).stdout


def test_an_answer_with_a_bad_time_is_removed_and_the_warning_ends(home: Path, now: Now) -> None:
    path = history(home)
    spoil(path, "UPDATE answers SET started_at = ? WHERE uid = ?", "yesterday-ish", BAD_ANSWER)
    result = run(["history", "remove", BAD_ANSWER[:8], "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the removal itself is not told to remove
    result = run(["stats"])
    assert result.exit_code == 0 and result.stderr == ""


def test_a_session_with_a_bad_start_is_left_out_with_its_answers(home: Path, now: Now) -> None:
    path = history(home)
    spoil(path, "UPDATE sessions SET started_at = ? WHERE id = ?", "14/03/2025", BAD_SESSION)
    for args in [*COMMANDS, ["report", "--output", str(home / "report.html")]]:
        result = run(args)
        assert result.exit_code == 0, (args, result.output, result.exception)
        assert result.stderr.strip() == (
            f"aecoach: warning: session 5e550000 in {path} has no usable start time"
            " ('14/03/2025'), so it and its answers are left out of stats, review, exports and"
            " the report — take it out of the record with `aecoach history remove 5e550000`"
        ), args
    assert '"answers": 1' in run(["stats", "--json"]).stdout


def test_the_report_survives_a_bad_answer_time(home: Path, now: Now) -> None:
    path = history(home)
    spoil(
        path,
        "UPDATE answers SET started_at = ? WHERE uid = ?",
        "2025-02-30T09:30:00.000Z",
        BAD_ANSWER,
    )
    result = run(["report", "--output", str(home / "report.html")])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "history remove a0000000" in result.stderr
    assert (home / "report.html").is_file()


def test_many_bad_rows_are_named_up_to_five_then_counted(home: Path, now: Now) -> None:
    path = home / "history.sqlite3"
    with HistoryStore.open(path) as store:
        session = sample_session("5e550000-0000-4000-8000-000000000001")
        for n in range(8):
            store.record_answer(session, sample_answer(session.id, n))
    spoil(path, "UPDATE answers SET started_at = ?", "soon")
    result = run(["stats"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert lines[-1].startswith("aecoach: warning: 3 more sessions or answers in")


def test_a_good_history_pays_one_pass_and_says_nothing(home: Path, now: Now) -> None:
    history(home)
    result = run(["stats"])
    assert result.exit_code == 0 and result.stderr == ""
