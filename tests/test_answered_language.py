"""`history` and `stats` word a question in today's language, whatever it was answered in."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from aecoach.bank.loader import load_bank
from aecoach.cli import app
from aecoach.coaching.session import PlanItem, make_answer
from aecoach.history.store import HistoryStore
from factories import sample_session

runner = CliRunner()


def answered_in_japanese(home: Path) -> tuple[str, str]:
    """Two weak answers given in Japanese: to a bank question, and to one no bank has.
    Returns the bank question's English text and its Japanese text."""
    question = next(q for q in load_bank("ja").questions if not q.fallback)
    english = next(q for q in load_bank("en").questions if q.key == question.key)
    gone = question._replace(key="old-pack/gone", text="削除された質問です")
    with HistoryStore.open(home / "history.sqlite3") as store:
        session = sample_session("s-ja", language="ja")
        for n, item in enumerate((question, gone)):
            answer = make_answer(
                PlanItem(item, item.time_limit),
                session_id="s-ja",
                started_at=datetime(2025, 3, 14, 9, n, tzinfo=UTC),
                seconds_used=60.0,
                rating=2,
            )
            store.record_answer(session, answer)
    return english.text, question.text


def stored_prompts(home: Path) -> list[str]:
    db = sqlite3.connect(home / "history.sqlite3")
    try:
        return [r[0] for r in db.execute("SELECT prompt_text FROM answers ORDER BY id")]
    finally:
        db.close()


def test_history_shows_todays_wording_and_keeps_the_stored_text(home: Path) -> None:
    english, japanese = answered_in_japanese(home)
    result = runner.invoke(app, ["--lang", "en", "history"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert english in result.output and japanese not in result.output
    assert "削除された質問です" in result.output  # no bank has it: the text it was answered in
    # Nothing rewritten: the file and the JSON keep what the candidate read.
    assert stored_prompts(home) == [japanese, "削除された質問です"]
    listing = json.loads(runner.invoke(app, ["--lang", "en", "history", "--json"]).output)
    assert [a["prompt_text"] for a in listing["sessions"][0]["answers"]] == stored_prompts(home)
    # In the language it was answered in, it reads as it did.
    again = runner.invoke(app, ["--lang", "ja", "history"], env={"COLUMNS": "200"})
    assert japanese in again.output and english not in again.output


def test_stats_names_the_weakest_questions_in_todays_language(home: Path) -> None:
    english, japanese = answered_in_japanese(home)
    result = runner.invoke(app, ["--lang", "en", "stats"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Practise next" in result.output
    assert english in result.output and japanese not in result.output
    assert "削除された質問です" in result.output
    assert stored_prompts(home) == [japanese, "削除された質問です"]


def test_a_pack_that_cannot_load_leaves_the_stored_text(home: Path, tmp_path: Path) -> None:
    _, japanese = answered_in_japanese(home)
    broken = tmp_path / "broken.yaml"
    broken.write_text("not: [a pack", encoding="utf-8")
    result = runner.invoke(
        app, ["--lang", "en", "--pack", str(broken), "history"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert japanese in result.output


def test_answers_in_todays_language_need_no_bank(home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from aecoach.bank import loader

    answered_in_japanese(home)

    def no_bank(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bank was loaded")

    monkeypatch.setattr(loader, "survey", no_bank)
    result = runner.invoke(app, ["--lang", "ja", "history"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
