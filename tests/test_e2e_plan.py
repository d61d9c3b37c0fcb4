"""A week before the interview, end to end in a real pseudo-terminal on a fixed clock (issue 15):
a question rated 1 is back the same day, review takes the plan's role, none is due past the day."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clockfix import clock_env
from test_e2e_practice import answers, rate
from vtscreen import Terminal, aecoach_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

MONDAY = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def env(home: Path, at: datetime) -> dict[str, str]:
    return clock_env(aecoach_env(str(home), NO_COLOR="1", COLUMNS="120", TZ="UTC"), at)


def run(home: Path, at: datetime, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aecoach", *args],
        env=env(home, at),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_week_out_a_miss_comes_back_today_and_again_before_the_day(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    assert run(home, MONDAY, "plan", "set", "--date", "2026-12-14", "--role", "ae").returncode == 0
    t = Terminal(["practice", "-q", "why-sales"], env(home, MONDAY))
    terminals.append(t)
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("Notes ›")
    t.send("\r")
    rate(t, "1", "nnnn")
    assert t.finish() == 0

    later = MONDAY + timedelta(hours=2)
    today = json.loads(run(home, later, "today", "--json").stdout)
    assert today["days_left"] == 7 and today["due"] == ["core/why-sales"]

    # Review that afternoon: no role question (the plan's), the miss first.
    t = Terminal(["review", "--count", "1"], env(home, later))
    terminals.append(t)
    t.wait_for("Review for Account Executive: 1 due, 0 new")
    t.wait_for("Press Enter for question 1 of 1")
    t.send("\r")
    t.wait_for("Why did you choose")
    t.send("\r")
    t.wait_for("Last time (")
    rate(t, "4", "yyyy")
    t.wait_for("Due today: 0")
    assert t.finish() == 0
    assert [r["rating"] for r in answers(home)] == [1, 4]

    # It comes back again before the interview day, never after it.
    dues = [
        json.loads(run(home, MONDAY + timedelta(days=d), "today", "--json").stdout)["due"]
        for d in range(1, 8)
    ]
    back = [d for d, due in enumerate(dues, 1) if "core/why-sales" in due]
    assert back and back[0] < 7
