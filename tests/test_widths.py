"""Every screen stays readable from 60 columns up (issue 17): checked at 60, 80 and 120.

Readable means: no line wider than the terminal, nothing cut short with "…", ids and
headers whole on one line, and Japanese lines that never start with 、 or 。.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from aecoach.cli import app
from aecoach.coaching.session import PlanItem, make_answer
from aecoach.history.store import HistoryStore
from aecoach.ui.wrap import NO_START
from factories import python_env, sample_question, sample_session

WIDTHS = [60, 80, 120]
LONG_KEY = "ae/an-id-long-enough-to-fold-at-sixty"


def fill(home: Path) -> None:
    with HistoryStore.open(home / "history.sqlite3") as store:
        for day in range(1, 6):
            sid = f"s-{day}"
            session = sample_session(sid, started_at=f"2026-11-{day:02d}T09:00:00.000Z")
            for n in range(1, 4):
                question = sample_question(key=LONG_KEY, id=LONG_KEY.split("/")[1], pack="ae")
                answer = make_answer(
                    PlanItem(question, question.time_limit),
                    session_id=sid,
                    started_at=datetime(2026, 11, day, 9, n, tzinfo=UTC),
                    seconds_used=60.0 + n,
                    rating=(day + n) % 5 + 1,
                    checklist={"example": True, "on-question": True},
                    notes=f"notes {n}",
                )
                store.record_answer(session, answer)
            store.end_session(sid, ended_at=f"2026-11-{day:02d}T09:10:00.000Z", reason="finished")


def screen(runner: CliRunner, width: int, *args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.output


def readable(text: str, width: int, *, written: str = "") -> None:
    """Fits, and nothing is cut short: every "…" shown is one the text itself has."""
    for line in text.splitlines():
        assert cell_len(line) <= width, f"{cell_len(line)} > {width}: {line!r}"
    assert text.count("…") == written.count("…"), text


def in_a_process(home: Path, width: int, *args: str) -> str:
    # Click sizes --help from the real terminal, which CliRunner does not pretend to be.
    env = {**python_env(home), "COLUMNS": str(width)}
    done = subprocess.run(
        [sys.executable, "-m", "aecoach", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


SCREENS = [
    ["tips"],
    ["questions"],
    ["questions", "show", "why-sales"],
    ["packs", "list"],
    ["lang"],
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", SCREENS, ids=" ".join)
def test_reference_screens(runner: CliRunner, width: int, args: list[str]) -> None:
    written = screen(runner, width, *args, "--json") if args[0] in ("tips", "questions") else ""
    readable(screen(runner, width, *args), width, written=written)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [["--help"], ["stats", "--help"], ["practice", "--help"]])
def test_help(home: Path, width: int, args: list[str]) -> None:
    readable(in_a_process(home, width, *args), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_question_ids_are_never_split(runner: CliRunner, width: int) -> None:
    out = screen(runner, width, "questions")
    keys = [q["key"] for q in json.loads(screen(runner, width, "questions", "--json"))]
    lines = out.splitlines()
    for key in keys:
        assert any(key in line for line in lines), key


@pytest.mark.parametrize("width", WIDTHS)
def test_stats_keeps_every_figure_and_header(runner: CliRunner, home: Path, width: int) -> None:
    home.mkdir(parents=True)
    fill(home)
    out = screen(runner, width, "stats")
    readable(out, width)
    header = next(line for line in out.splitlines() if line.startswith("Skill"))
    for word in ("Average", "Answers", "Trend"):
        assert word in header, header
    row = next(line for line in out.splitlines() if line.startswith("Determination"))
    assert "3." in row or "2." in row  # the average is there
    assert "15" in row  # the answers count
    assert "↑" in row or "↓" in row or "→" in row  # the trend


@pytest.mark.parametrize("width", WIDTHS)
def test_history_keeps_ids_whole(runner: CliRunner, home: Path, width: int) -> None:
    home.mkdir(parents=True)
    fill(home)
    out = screen(runner, width, "history", "-n", "2")
    for line in out.splitlines():
        if not line.startswith("History file:"):  # a path is left whole, to be copied
            assert cell_len(line) <= width, line
    assert sum(LONG_KEY in line for line in out.splitlines()) == 6


@pytest.mark.parametrize("width", WIDTHS)
def test_japanese_tips_keep_the_line_breaking_rules(runner: CliRunner, width: int) -> None:
    out = screen(runner, width, "--lang", "ja", "tips")
    readable(out, width, written=screen(runner, width, "--lang", "ja", "tips", "--json"))
    for line in out.splitlines():
        body = re.sub(r"^[\s│•]*(\d+\.\s)?", "", line)
        assert not body or body[0] not in NO_START, line


@pytest.mark.parametrize("width", WIDTHS)
def test_thai_tips_fit(runner: CliRunner, width: int) -> None:
    written = screen(runner, width, "--lang", "th", "tips", "--json")
    readable(screen(runner, width, "--lang", "th", "tips"), width, written=written)


SESSION_IDS = [f"{n}5c34cf4-0000-4000-8000-00000000000{n}" for n in range(1, 6)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "ja", "th"])
def test_a_session_heading_keeps_each_label_with_its_value(
    runner: CliRunner, home: Path, width: int, language: str
) -> None:
    # At 80 columns "… · average 3.0 · id 15c34cf4" once broke between "id" and its value.
    from aecoach import i18n

    home.mkdir(parents=True)
    with HistoryStore.open(home / "history.sqlite3") as store:
        for n, sid in enumerate(SESSION_IDS, 1):
            session = sample_session(sid, started_at=f"2026-11-0{n}T09:00:00.000Z")
            question = sample_question()
            answer = make_answer(
                PlanItem(question, question.time_limit),
                session_id=sid,
                started_at=datetime(2026, 11, n, 9, 1, tzinfo=UTC),
                seconds_used=61.0,
                rating=3,
                checklist={"example": True},
            )
            store.record_answer(session, answer)
            store.end_session(sid, ended_at=f"2026-11-0{n}T09:10:00.000Z", reason="finished")
    out = screen(runner, width, "--lang", language, "history")
    i18n.use(language)
    try:
        label = i18n._("id {id}")
        average = i18n._("average {average}").format(average="3.0")
    finally:
        i18n.use("en")
    lines = out.splitlines()
    for sid in SESSION_IDS:
        assert any(label.format(id=sid[:8]) in line for line in lines), out
    assert sum(average in line for line in lines) == len(SESSION_IDS), out
    for line in lines[1:]:  # the first names the history file, left whole to be copied
        assert cell_len(line) <= width, line
        assert not line.rstrip().endswith("·"), out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["es", "id", "ja", "th"])
@pytest.mark.parametrize(
    "args",
    [["packs", "list"], ["lang"], ["questions", "show", "why-sales"], ["stats"]],
    ids=" ".join,
)
def test_translated_screens(
    runner: CliRunner, home: Path, width: int, language: str, args: list[str]
) -> None:
    # At 60 columns `--lang es packs list` once read "Origen  Idio…  Pr…  Consej…", with
    # every pack id cut to "integra…" and no room left for the pack column at all.
    home.mkdir(parents=True)
    fill(home)
    readable(screen(runner, width, "--lang", language, *args), width)
