"""`aecoach import` of files that look like exports but are not what they claim
(reliability audit, issue 12): impossible dates, terminal escapes in the settings,
endless or blocking files and numbers SQLite cannot hold are refused with their
place in the file, so nothing that would crash a later command gets in."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.cli import app
from aecoach.coaching.stats import parse_since
from aecoach.errors import AecoachError, Msg
from aecoach.exporting import import_file
from test_export import good_export

NOTHING = (
    " — correct it, or export the file again with `aecoach export --format json`;"
    " nothing was imported"
)


def spoilt(tmp_path: Path, spoil) -> Path:  # type: ignore[no-untyped-def]
    data = good_export(tmp_path)
    spoil(data)
    source = tmp_path / "spoilt.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return source


def refused(tmp_path: Path, spoil) -> str:  # type: ignore[no-untyped-def]
    source = spoilt(tmp_path, spoil)
    target = tmp_path / "target.sqlite3"
    with pytest.raises(AecoachError) as caught:
        import_file(target, source)
    assert caught.value.msg is Msg.IMPORT_BAD_VALUE
    assert not target.exists()
    text = caught.value.text
    assert text.startswith(f"{source}: at ") and text.endswith(NOTHING)
    return text[len(f"{source}: at ") : -len(NOTHING)]


# --- 1. Every date is parsed for real --------------------------------------------------------

IMPOSSIBLE = [
    "2025-02-30T25:61:61.000Z",  # no such day, hour, minute or second
    "2025-02-30T09:30:00.000Z",
    "2025-01-01T24:00:00.000Z",
    "0000-01-01T00:00:00.000Z",  # year 0
    "0001-01-01T00:00:00.000Z",  # a local time zone west of UTC would make it year 0
    "9999-12-31T23:59:59.999Z",  # and one east of it year 10000
    "２０２５-03-14T09:30:00.000Z",  # full-width digits
    "٢٠٢٥-03-14T09:30:00.000Z",  # Arabic-Indic digits
    "2025-03-14T09:30:00.000Z\n",
]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_an_impossible_answer_time_is_refused_with_its_place(tmp_path: Path, value: str) -> None:
    problem = refused(tmp_path, lambda d: d["sessions"][0]["answers"][0].update(started_at=value))
    assert problem.startswith("sessions[0].answers[0].started_at: expected a UTC time")


def test_impossible_session_times_are_refused_with_their_place(tmp_path: Path) -> None:
    bad = "2025-02-30T25:61:61.000Z"
    assert refused(tmp_path, lambda d: d["sessions"][0].update(started_at=bad)).startswith(
        "sessions[0].started_at: expected a UTC time"
    )
    assert refused(tmp_path, lambda d: d["sessions"][0].update(ended_at=bad)).startswith(
        "sessions[0].ended_at: expected a UTC time"
    )


def test_a_refused_date_leaves_every_reader_working(
    home: Path, runner: CliRunner, tmp_path: Path
) -> None:
    good = spoilt(tmp_path, lambda d: None)
    assert runner.invoke(app, ["import", str(good)]).exit_code == 0
    bad = spoilt(
        tmp_path,
        lambda d: (
            d["sessions"][0].update(id="s-2", started_at="2025-02-30T25:61:61.000Z")
            or d["sessions"][0]["answers"][0].update(uid="u-2")
        ),
    )
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert "at sessions[0].started_at: expected a UTC time" in result.output
    for command in (["stats"], ["history"], ["export", "--format", "md", "-o", "-"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
        assert "this is a bug" not in result.output


# --- 2. The settings are made inert like every other text -------------------------------------

ESCAPE = "\x1b]0;PWNED\x1b\\\x1b[2J"


def test_imported_settings_cannot_reach_the_terminal_raw(
    home: Path, runner: CliRunner, tmp_path: Path
) -> None:
    def spoil(d: dict) -> None:  # type: ignore[type-arg]
        d["sessions"][0]["settings"] = {
            "role": ESCAPE,
            ESCAPE: [ESCAPE, {"deep": ESCAPE}],
            "seed": 7,
        }

    assert runner.invoke(app, ["import", str(spoilt(tmp_path, spoil))]).exit_code == 0
    result = runner.invoke(app, ["history"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\\x1b]0;pwned" in result.output.lower()
    exported = runner.invoke(app, ["export", "--format", "json", "-o", "-"]).output
    settings = json.loads(exported)["sessions"][0]["settings"]
    assert "\x1b" not in json.dumps(settings, ensure_ascii=False)
    assert settings["seed"] == 7


# --- 5. Only a regular file is read, and only so much of it -----------------------------------


def _aecoach(home: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    def limit_memory() -> None:  # an import that reads for ever must not take the machine
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    env = {**os.environ, "AECOACH_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "aecoach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        preexec_fn=limit_memory,
    )


def test_import_of_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    result = _aecoach(tmp_path / "home", "import", "/dev/zero")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "aecoach: error: /dev/zero: this is a device, not an export file"
        " — give the path of a file written by `aecoach export --format json`"
    )
    assert not (tmp_path / "home").exists()


def test_import_of_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    try:
        result = _aecoach(tmp_path / "home", "import", str(fifo), timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("import waited for a writer on a FIFO")
    assert result.returncode == 1
    assert "this is a named pipe, not an export file" in result.stderr


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aecoach.history import interchange

    source = spoilt(tmp_path, lambda d: None)
    monkeypatch.setattr(interchange, "MAX_BYTES", source.stat().st_size - 1)
    with pytest.raises(AecoachError) as caught:
        import_file(tmp_path / "target.sqlite3", source)
    assert caught.value.msg is Msg.IMPORT_TOO_LARGE


# --- 6. Numbers SQLite cannot hold, and --since at the ends of the calendar -------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("time_limit", 2**63),
        ("time_limit", 10**30),
        ("seconds_used", 2**63),
        ("seconds_used", 10**400),
        ("seconds_used", 1e300),
    ],
)
def test_numbers_too_large_to_keep_are_refused(tmp_path: Path, key: str, value: int) -> None:
    def spoil(d: dict) -> None:  # type: ignore[type-arg]
        d["sessions"][0]["answers"][0][key] = value

    problem = refused(tmp_path, spoil)
    assert problem.startswith(f"sessions[0].answers[0].{key}: expected ")


def test_a_huge_number_in_the_settings_is_kept_as_text_safely(
    home: Path, runner: CliRunner, tmp_path: Path
) -> None:
    source = spoilt(tmp_path, lambda d: d["sessions"][0]["settings"].update(seed=2**70))
    assert runner.invoke(app, ["import", str(source)]).exit_code == 0
    assert runner.invoke(app, ["history"]).exit_code == 0


@pytest.mark.parametrize(
    "value",
    ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31"],
)
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_since_at_the_ends_of_the_calendar(
    home: Path,
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    zone: str,
) -> None:
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert runner.invoke(app, ["import", str(spoilt(tmp_path, lambda d: None))]).exit_code == 0
        result = runner.invoke(app, ["stats", "--json", "--since", value])
        assert "this is a bug" not in result.output
        assert result.exit_code == 0, result.output
        # Everything is since the year 1, nothing since the year 9999.
        assert json.loads(result.output)["answers"] == (1 if value.startswith("0001") else 0)
        result = runner.invoke(app, ["stats", "--since", value])
        assert "this is a bug" not in result.output
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_since_text_still_sorts_with_the_answers() -> None:
    assert parse_since("0001-01-01T00:00:00+14:00") <= "0001-01-01T00:00:00.000Z"
    assert parse_since("9999-12-31T23:59:59-14:00") >= "9999-12-31T23:59:59.999Z"
