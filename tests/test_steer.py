"""Practice the candidate steers (issue 15): chosen questions, one pack, last time's answer,
redoing a rating, and taking a slip out of the record. Fixed clock, real history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.bank.model import Bank
from aecoach.cli import app
from aecoach.coaching.steer import chosen_plan, find_items, pack_ids
from aecoach.errors import AecoachError, Msg
from aecoach.history.store import HistoryStore, read_listing
from factories import sample_answer, sample_session
from test_practice_flow import ALL_YES, Run

S1 = "5f0c9a12-0000-4000-8000-000000000001"
S2 = "9e7d3b40-0000-4000-8000-000000000002"


def test_items_are_found_by_full_or_short_id_questions_and_objections(bank: Bank) -> None:
    objection = bank.objections[0]
    question = next(q for q in bank.questions if sum(x.id == q.id for x in bank.questions) == 1)
    found = find_items(bank, [question.id, objection.key, question.key])
    assert [i.key for i in found] == [question.key, objection.key]
    plan = chosen_plan(bank, found, time_limit=30)
    assert [i.key for i in plan.items] == [question.key, objection.key]
    assert {i.time_limit for i in plan.items} == {30}
    assert plan.settings["pick"] == "chosen" and plan.settings["questions"] == [
        question.key,
        objection.key,
    ]
    with pytest.raises(AecoachError) as caught:
        find_items(bank, ["why-salse"])
    assert caught.value.msg is Msg.UNKNOWN_ID and "did you mean" in caught.value.text


def test_a_pack_is_named_by_its_id_in_any_case(bank: Bank) -> None:
    assert pack_ids(bank, "CORE") == ["core"]
    with pytest.raises(AecoachError) as caught:
        pack_ids(bank, "acme")
    assert caught.value.msg is Msg.PACK_UNKNOWN and "core" in caught.value.text


def test_practice_asks_exactly_the_questions_named_in_order(tmp_path: Path, bank: Bank) -> None:
    keys = ["core/why-sales", "objections/no-budget"]
    run = Run(
        tmp_path / "home",
        [
            ("ready", True),
            ("answer", "", 30.0),
            ("rate", 3),
            ("checklist", ALL_YES),
            ("ready", True),
            ("answer", "", 20.0),
            ("rate", 4),
            ("checklist", ALL_YES),
        ],
        questions=("why-sales", "objections/no-budget"),
    )
    assert run.code == 0
    (view,) = read_listing(tmp_path / "home" / "history.sqlite3").sessions
    assert [a.item_key for a in view.answers] == keys
    assert view.session.settings["pick"] == "chosen"


def test_practice_draws_from_one_pack(tmp_path: Path) -> None:
    steps: list[tuple[object, ...]] = []
    for _ in range(2):
        steps += [("ready", True), ("answer", "", 10.0), ("rate", "skip")]
    run = Run(tmp_path / "home", steps, packs=("ae",), count=2, seed=1)
    (view,) = read_listing(tmp_path / "home" / "history.sqlite3").sessions
    assert {a.pack for a in view.answers} == {"ae"}
    assert view.session.settings["pack"] == ["ae"]
    assert run.code == 0


def test_last_time_s_rating_and_notes_show_after_the_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = [("ready", True), ("answer", "rambled about the team", 30.0), ("rate", 2)]
    Run(home, [*first, ("checklist", ALL_YES)], questions=("why-sales",))
    again = Run(
        home,
        [("ready", True), ("answer", "", 30.0), ("rate", 4), ("checklist", ALL_YES)],
        questions=("why-sales",),
    )
    assert "Last time (2025-03-14" in again.flat
    assert "2 Weak, \u201crambled about the team\u201d" in again.flat
    assert again.flat.index("A strong answer covers:") < again.flat.index("Last time")


def test_r_in_the_checklist_redoes_the_rating_before_it_is_saved(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run = Run(
        home,
        [
            ("ready", True),
            ("answer", "", 30.0),
            ("rate", 1),
            ("checklist", None),  # r: the 1 was a slip
            ("rate", 4),
            ("checklist", ALL_YES),
        ],
        questions=("why-sales",),
    )
    assert run.code == 0
    assert "(r to redo the rating)" in run.text and "Rate it again." in run.text
    (view,) = read_listing(home / "history.sqlite3").sessions
    assert [a.rating for a in view.answers] == [4]


def test_bad_ids_and_packs_are_one_line_even_without_a_terminal(runner: CliRunner) -> None:
    result = runner.invoke(app, ["practice", "--question", "why-salse"])
    assert result.exit_code == 1
    assert result.stderr.startswith("aecoach: error: no question with the id 'why-salse'")
    result = runner.invoke(app, ["practice", "--pack", "acme"])
    assert result.exit_code == 2
    assert "aecoach: error: no pack is called 'acme'" in result.stderr
    assert runner.invoke(app, ["practice", "--pack", "core"]).exit_code == 1  # no terminal


def _two_sessions(home: Path) -> None:
    with HistoryStore.open(home / "history.sqlite3") as store:
        for session_id, n in ((S1, 1), (S2, 5)):
            session = sample_session(session_id)
            store.record_answer(session, sample_answer(session_id, n, rating=2))
            store.record_answer(session, sample_answer(session_id, n + 1, rating=4))


def _answers(home: Path, table: str = "answers") -> list[dict[str, object]]:
    db = sqlite3.connect(home / "history.sqlite3")
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY started_at")]
    db.close()
    return rows


def test_history_shows_the_ids_remove_takes(home: Path, runner: CliRunner) -> None:
    _two_sessions(home)
    result = runner.invoke(app, ["history"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert f"id {S1[:8]}" in result.stdout
    first_answer = _answers(home)[0]["uid"]
    assert f"answer {str(first_answer)[:8]}" in result.stdout


def test_removing_a_session_moves_it_out_of_stats_and_exports(
    home: Path, runner: CliRunner, tmp_path: Path
) -> None:
    _two_sessions(home)
    backup = tmp_path / "backup.json"
    assert runner.invoke(app, ["export", "-o", str(backup)]).exit_code == 0
    result = runner.invoke(app, ["history", "remove", S1[:6]], input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "The practice session of" in result.stdout and "with 2 answers" in result.stdout
    assert "Removed 2 answers." in result.stdout
    assert "kept in the history file, marked removed" in " ".join(result.stdout.split())
    assert [a["session_id"] for a in _answers(home)] == [S2, S2]
    removed = _answers(home, "removed_answers")
    assert [(r["session_id"], r["removed_as"]) for r in removed] == [(S1, "session")] * 2
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert stats["answers"] == 2
    exported = json.loads(runner.invoke(app, ["export", "-f", "json"]).stdout)
    assert [s["id"] for s in exported["sessions"]] == [S2]
    # The backup from before still holds them: importing it must not undo the removal.
    assert runner.invoke(app, ["import", str(backup)]).exit_code == 0
    assert len(_answers(home)) == 2


def test_removing_one_answer_asks_first(home: Path, runner: CliRunner) -> None:
    _two_sessions(home)
    uid = str(_answers(home)[0]["uid"])
    declined = runner.invoke(app, ["history", "remove", uid[:8]], input="n\n")
    assert declined.exit_code == 1 and "Nothing was removed." in declined.stdout
    nobody = runner.invoke(app, ["history", "remove", uid[:8]], input="")
    assert nobody.exit_code == 2 and "add --yes" in nobody.stderr
    assert len(_answers(home)) == 4
    done = runner.invoke(app, ["history", "remove", uid[:8], "--yes"])
    assert done.exit_code == 0 and "Removed 1 answer." in done.stdout
    assert [r["removed_as"] for r in _answers(home, "removed_answers")] == ["answer"]
    assert len(_answers(home)) == 3
    listed = " ".join(runner.invoke(app, ["history"]).stdout.split())
    assert "1 answer taken out with `aecoach history remove` is kept apart in the file." in listed


def test_an_unknown_short_or_ambiguous_id_is_refused(home: Path, runner: CliRunner) -> None:
    _two_sessions(home)
    assert "too short" in runner.invoke(app, ["history", "remove", "5f"]).stderr
    result = runner.invoke(app, ["history", "remove", "ffffffff"])
    assert result.exit_code == 1 and "no session or answer has an id starting" in result.stderr
