"""Coach's notes in the flows: shown after the hints and before the rating, stored with the
answer, carried by `history --json`, the exports and a JSON import."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.bank.model import Bank
from aecoach.cli import app
from aecoach.coaching.feedback import calibration_line, note_lines
from aecoach.coaching.session import practice_plan
from aecoach.errors import AecoachError, Msg
from aecoach.exporting import import_file
from aecoach.history.store import HistoryStore, read_listing
from test_export import export_json, good_export
from test_practice_flow import ALL_YES, Run

STORY = (
    "At my last company the CFO needed to decide fast. My goal was to close before the "
    "quarter ended. I called her and I built a one-page business case. As a result we "
    "signed $40k in two weeks."
)


def one_answer(home: Path, notes: str, rating: int, bank: Bank) -> Run:
    return Run(
        home,
        [("ready", True), ("answer", notes, 60.0), ("rate", rating), ("checklist", ALL_YES)],
        role="ae",
        count=1,
        seed=5,
        kind="behavioural",
    )


def test_notes_come_after_the_hints_and_before_the_rating(tmp_path: Path, bank: Bank) -> None:
    home = tmp_path / "home"
    run = one_answer(home, STORY, 4, bank)
    text = run.text
    hints, notes, scale = (
        text.index("A strong answer covers:"),
        text.index("Coach's notes:"),
        text.index("How did it go?"),
    )
    assert hints < notes < scale
    assert "Figures: $40k, two weeks." in run.flat
    assert (
        "STAR: situation “at my last”, task “needed to”, action “i called”, result “as a result”."
        in run.flat
    )
    (view,) = read_listing(home / "history.sqlite3").sessions
    (answer,) = view.answers
    assert answer.feedback is not None
    assert answer.feedback["numbers"] == ["$40k", "two weeks"]
    assert answer.feedback["quantified"] is True
    assert answer.feedback["missing_star"] == []
    assert answer.feedback["star_signs"]["result"] == "as a result"
    assert answer.feedback["calibration"] == []


def test_a_high_rating_the_signals_do_not_back_gets_a_calibration_line(
    tmp_path: Path, bank: Bank
) -> None:
    run = one_answer(tmp_path / "home", "I think it went fine, maybe.", 5, bank)
    assert "No figure: nothing in the answer is measured." in run.flat
    assert "Weak words: “i think” ×1, “maybe” ×1." in run.flat
    assert "Rated 5; no example, no number, no result, few of the points." in run.flat
    # The line comes after the rating, never before it: it is not a grade.
    assert run.text.index("Rated 5;") > run.text.index("How did it go?")


def test_a_rating_the_signals_agree_with_gets_no_calibration_line(
    tmp_path: Path, bank: Bank
) -> None:
    run = one_answer(tmp_path / "home", STORY, 5, bank)
    assert "Rated 5" not in run.text


def test_empty_notes_say_there_is_nothing_to_look_at(tmp_path: Path, bank: Bank) -> None:
    run = one_answer(tmp_path / "home", "", 5, bank)
    assert "No notes typed, so nothing to look at" in run.flat
    assert "Rated 5" not in run.text


def test_history_json_carries_the_feedback_on_each_answer(
    home: Path, runner: CliRunner, bank: Bank
) -> None:
    one_answer(home, STORY, 4, bank)
    result = runner.invoke(app, ["history", "--json"])
    assert result.exit_code == 0, result.output
    (answer,) = json.loads(result.output)["sessions"][0]["answers"]
    feedback = answer["feedback"]
    for key in ("numbers", "quantified", "i_count", "we_count", "hedges", "covered_hints"):
        assert key in feedback
    assert feedback["i_count"] == 4 and feedback["we_count"] == 1  # my, I, I, my; we
    assert feedback["missing_star"] == []


def test_json_export_and_import_keep_the_feedback(tmp_path: Path, bank: Bank) -> None:
    home = tmp_path / "home"
    one_answer(home, STORY, 4, bank)
    text = export_json(home / "history.sqlite3")
    source = tmp_path / "backup.json"
    source.write_text(text, encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    import_file(other, source)
    assert export_json(other) == text
    (view,) = read_listing(other).sessions
    assert view.answers[0].feedback == json.loads(text)["sessions"][0]["answers"][0]["feedback"]


def test_csv_and_markdown_exports_show_the_feedback(
    home: Path, runner: CliRunner, bank: Bank, tmp_path: Path
) -> None:
    one_answer(home, STORY, 4, bank)
    csv_path, md_path = tmp_path / "log.csv", tmp_path / "log.md"
    assert runner.invoke(app, ["export", "-o", str(csv_path)]).exit_code == 0
    assert runner.invoke(app, ["export", "-o", str(md_path)]).exit_code == 0
    import csv

    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert json.loads(row["feedback"])["numbers"] == ["$40k", "two weeks"]
    md = md_path.read_text(encoding="utf-8")
    assert "- Coach's notes:\n  - Figures: \\$40k, two weeks.\n" in md  # $ escaped for Markdown


def test_an_export_from_before_the_notes_imports_without_them(tmp_path: Path) -> None:
    data = good_export(tmp_path)
    del data["sessions"][0]["answers"][0]["feedback"]
    source = tmp_path / "old.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "target.sqlite3"
    import_file(target, source)
    (view,) = read_listing(target).sessions
    assert view.answers[0].feedback is None


def test_imported_feedback_is_made_inert_and_odd_shapes_are_not_trusted(tmp_path: Path) -> None:
    data = good_export(tmp_path)
    data["sessions"][0]["answers"][0]["feedback"] = {
        "numbers": ["\x1b[31m30%"],
        "hedges": ["not", "an", "object"],
        "repeated": [["ok", 3], "broken"],
        "hints": "three",
        "calibration": ["no_number", "no_example"],
    }
    source = tmp_path / "odd.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "target.sqlite3"
    import_file(target, source)
    (view,) = read_listing(target).sessions
    stored = view.answers[0].feedback
    assert stored is not None and stored["numbers"] == ["\\x1b[31m30%"]
    assert note_lines(stored) == ["Figures: \\x1b[31m30%.", "Said most: “ok” ×3."]
    assert calibration_line(stored, 5) == "Rated 5; no number, no example."


def test_feedback_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    data = good_export(tmp_path)
    data["sessions"][0]["answers"][0]["feedback"] = "great answer"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AecoachError) as caught:
        import_file(tmp_path / "target.sqlite3", source)
    assert caught.value.msg is Msg.IMPORT_BAD_VALUE
    assert "sessions[0].answers[0].feedback: expected an object, found text" in caught.value.text


def test_a_history_from_before_the_notes_is_migrated_and_keeps_its_answers(
    tmp_path: Path, bank: Bank
) -> None:
    from aecoach.history import migrations

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(db, migrations.MIGRATIONS[:2])
    db.execute(
        "INSERT INTO sessions (id, started_at, mode, language, app_version)"
        " VALUES ('s', '2025-01-01T00:00:00.000Z', 'practice', 'en', '0.1')"
    )
    db.execute(
        "INSERT INTO answers (uid, session_id, item_key, item_type, pack, language, prompt_text,"
        " kind, started_at, seconds_used, time_limit, overran, skipped, rating)"
        " VALUES ('a', 's', 'core/x', 'question', 'core', 'en', 'Q?', 'opening',"
        " '2025-01-01T00:00:01.000Z', 10, 60, 0, 0, 4)"
    )
    db.close()
    with HistoryStore.open(path):
        pass
    (view,) = read_listing(path).sessions
    assert view.answers[0].feedback is None
    assert len(practice_plan(bank, role="ae", count=1, seed=1).items) == 1


def test_a_version_4_history_gets_the_feedback_indexes(tmp_path: Path) -> None:
    from aecoach.history import migrations

    path = tmp_path / "v4.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(db, migrations.MIGRATIONS[:4])
    db.close()
    with HistoryStore.open(path):
        pass
    db = sqlite3.connect(path)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"answers_stats_by_checklist", "answers_with_feedback"} <= names
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    db.close()


def test_notes_stored_without_star_signs_are_still_worded() -> None:
    old = {"numbers": [], "missing_star": [], "hints": 0}
    assert "STAR: situation, task, action and result are all there." in note_lines(old)
    partial = {"missing_star": ["result"], "star_signs": {"task": "my goal"}}
    assert "STAR: task “my goal”; no sign of the result." in note_lines(partial)
