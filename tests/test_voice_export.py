"""Delivery figures in stats, export (CSV, JSON, Markdown) and import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.voicekit import FIGURES, spoken_history
from typer.testing import CliRunner

from aecoach.cli import app

runner = CliRunner()


def test_stats_show_pace_and_fillers_by_week(home: Path) -> None:
    spoken_history(home, ["2026-03-02T10:00:00Z", "2026-03-04T10:00:00Z", "2026-03-10T10:00:00Z"])
    out = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert out["delivery_by_week"] == [
        {"week": "2026-W10", "answers": 2, "rate_per_minute": 94.0, "fillers_per_minute": 24.8},
        {"week": "2026-W11", "answers": 1, "rate_per_minute": 94.0, "fillers_per_minute": 24.8},
    ]
    text = runner.invoke(app, ["stats"], env={"COLUMNS": "100"}).stdout
    assert "Spoken answers by week" in text and "2026-W11" in text
    since = json.loads(runner.invoke(app, ["stats", "--json", "--since", "2026-03-09"]).stdout)
    assert [w["week"] for w in since["delivery_by_week"]] == ["2026-W11"]


def test_csv_carries_the_figures_and_the_transcript(home: Path) -> None:
    (uid,) = spoken_history(home, ["2026-03-02T10:00:00Z"], {**FIGURES, "transcript": "=1+1 um"})
    result = runner.invoke(app, ["export", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    (row,) = rows
    assert row["answer_uid"] == uid
    assert row["rate_per_minute"] == "94.0" and row["fillers"] == "4"
    assert row["rate_unit"] == "words" and row["speaking_seconds"] == "9.7"
    assert row["transcript"] == "'=1+1 um"  # a formula is neutralised like every other cell


def test_typed_answers_export_empty_delivery_cells(home: Path) -> None:
    from tests.factories import sample_answer, sample_session

    from aecoach.history.store import HistoryStore

    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session(), sample_answer())
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "-f", "csv"]).stdout)))
    assert rows[0]["transcript"] == "" and rows[0]["fillers"] == ""
    data = json.loads(runner.invoke(app, ["export", "-f", "json"]).stdout)
    assert "delivery" not in data["sessions"][0]["answers"][0]


def test_json_round_trip_restores_the_figures_without_the_audio(
    home: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    (uid,) = spoken_history(home, ["2026-03-02T10:00:00Z"])
    backup = tmp_path / "backup.json"
    assert runner.invoke(app, ["export", "-o", str(backup)]).exit_code == 0
    answer = json.loads(backup.read_text(encoding="utf-8"))["sessions"][0]["answers"][0]
    assert answer["delivery"]["fillers"] == 4 and answer["delivery"]["transcript"] == "um hello"
    assert "recording" not in answer["delivery"]

    other = tmp_path / "other"
    monkeypatch.setenv("AECOACH_HOME", str(other))
    result = runner.invoke(app, ["import", str(backup)])
    assert result.exit_code == 0, result.output
    again = json.loads(runner.invoke(app, ["export", "-f", "json"]).stdout)
    assert again["sessions"][0]["answers"][0]["delivery"] == answer["delivery"]
    assert runner.invoke(app, ["import", str(backup)]).exit_code == 0  # twice adds nothing
    assert "has no recording" in runner.invoke(app, ["play", uid]).output


def test_a_bad_delivery_in_an_import_is_one_line(home: Path, tmp_path: Path) -> None:
    spoken_history(home, ["2026-03-02T10:00:00Z"])
    data = json.loads(runner.invoke(app, ["export", "-f", "json"]).stdout)
    data["sessions"][0]["answers"][0]["delivery"]["fillers"] = "many"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code != 0
    line = result.output.strip()
    assert line.count("\n") == 0 and "answers[0].delivery" in line and "fillers" in line


def test_markdown_lists_the_figures(home: Path) -> None:
    spoken_history(home, ["2026-03-02T10:00:00Z"])
    text = runner.invoke(app, ["export", "-f", "md"]).stdout
    assert "- Delivery:" in text
    assert "94 words a minute" in text and "so, um, uh, you know" in text
    assert "Transcript: um hello" in text
