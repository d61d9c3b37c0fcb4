"""The story bank (issue 15): add in $EDITOR or from options, list, show, edit, remove, JSON,
linked to answers in practice, exported and imported, and what stats says about it."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.cli import app
from aecoach.coaching.stories import Draft, parse, report, template
from aecoach.errors import AecoachError, Msg
from test_practice_flow import ALL_YES, Run

EDITOR = """
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("Title: ", "Title: Saved the Q3 renewal", 1)
text = text.replace("Skills: ", "Skills: negotiation, Resilience", 1)
text = text.replace("[Result]\\n", "[Result]\\nRenewed at full price.\\n", 1)
open(path, "w", encoding="utf-8").write(text)
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return script


def _json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_template_reads_back_what_was_written() -> None:
    draft = Draft("Won it back", ("empathy",), situation="A churned account.", result="Renewed.")
    assert parse(template(draft)) == draft
    hostile = parse(template(Draft("Red \x1b[31malert", (), action="\x1b]0;owned\x07")))
    assert (hostile.title, hostile.action) == ("Red \\x1b[31malert", "\\x1b]0;owned\\x07")
    with pytest.raises(AecoachError) as caught:
        parse(template(Draft("", ())))
    assert caught.value.msg is Msg.STORY_NO_TITLE
    with pytest.raises(AecoachError) as caught:
        parse(template(Draft("x", ())).replace("Skills: ", "Skills: charm"))
    assert caught.value.msg is Msg.STORY_BAD_SKILL


def test_a_story_is_added_in_the_editor_and_with_options(
    home: Path, runner: CliRunner, editor: Path
) -> None:
    result = runner.invoke(app, ["stories", "add"])
    assert result.exit_code == 0, result.stderr
    assert "Saved story 1: Saved the Q3 renewal" in result.stdout
    result = runner.invoke(
        app, ["stories", "add", "--title", "Cold-call record", "--skill", "resilience"]
    )
    assert "Saved story 2: Cold-call record" in result.stdout
    listed = _json(runner, "stories", "list", "--json")
    assert [(s["id"], s["title"], s["skills"], s["told"]) for s in listed] == [  # type: ignore[union-attr]
        (1, "Saved the Q3 renewal", ["negotiation", "resilience"], 0),
        (2, "Cold-call record", ["resilience"], 0),
    ]
    shown = _json(runner, "stories", "show", "1", "--json")
    assert shown["result"] == "Renewed at full price."  # type: ignore[index]
    text = runner.invoke(app, ["stories", "show", "1"]).stdout
    assert "1. Saved the Q3 renewal" in text and "Result\nRenewed at full price." in text


def test_a_story_is_edited_and_removed(home: Path, runner: CliRunner) -> None:
    runner.invoke(app, ["stories", "add", "--title", "Draft", "--task", "Book 10 meetings"])
    assert runner.invoke(app, ["stories", "edit", "1", "--title", "Booked 12"]).exit_code == 0
    shown = _json(runner, "stories", "show", "1", "--json")
    assert (shown["title"], shown["task"]) == ("Booked 12", "Book 10 meetings")  # type: ignore[index]
    assert runner.invoke(app, ["stories", "remove", "1"], input="n\n").exit_code == 1
    result = runner.invoke(app, ["stories", "remove", "1"], input="y\n")
    assert result.exit_code == 0 and "Deleted story 1." in result.stdout
    result = runner.invoke(app, ["stories", "show", "1"])
    assert result.exit_code == 1 and "no story has the number 1" in result.stderr
    assert "No stories yet" in runner.invoke(app, ["stories", "list"]).stdout


def test_a_failing_editor_saves_nothing(
    home: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "false")
    result = runner.invoke(app, ["stories", "add"])
    assert result.exit_code == 1
    assert result.stderr.startswith("aecoach: error: the editor (false) exited with status 1")
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    assert "could not be started" in runner.invoke(app, ["stories", "add"]).stderr
    assert not (home / "history.sqlite3").exists()


def test_practice_offers_stories_that_fit_and_links_the_one_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("AECOACH_HOME", str(home))
    runner = CliRunner()
    # core/why-sales shows determination and empathy.
    runner.invoke(
        app, ["stories", "add", "--title", "Quota in a bad year", "--skill", "determination"]
    )
    runner.invoke(app, ["stories", "add", "--title", "Unrelated", "--skill", "negotiation"])
    steps = [("ready", True), ("answer", "", 30.0), ("rate", 4), ("checklist", ALL_YES)]
    run = Run(home, [*steps, ("key", "1")], questions=("why-sales",))
    assert "Stories that fit: 1 Quota in a bad year" in run.flat
    assert "Unrelated" not in run.flat
    assert ("key", "Which story did you tell? (a number, Enter for none) ") in run.prompter.asked
    listed = _json(runner, "stories", "list", "--json")
    assert [s["told"] for s in listed] == [1, 0]  # type: ignore[index]
    # Enter: none told, nothing linked.
    Run(home, [*steps, ("key", "enter")], questions=("why-sales",))
    assert [s["told"] for s in _json(runner, "stories", "list", "--json")] == [1, 0]  # type: ignore[index]


def test_stories_and_links_are_exported_and_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, other = tmp_path / "home", tmp_path / "other"
    monkeypatch.setenv("AECOACH_HOME", str(home))
    runner = CliRunner()
    runner.invoke(app, ["stories", "add", "--title", "Quota", "--skill", "determination"])
    steps = [("ready", True), ("answer", "", 30.0), ("rate", 4), ("checklist", ALL_YES)]
    Run(home, [*steps, ("key", "1")], questions=("why-sales",))
    backup = tmp_path / "backup.json"
    assert runner.invoke(app, ["export", "-o", str(backup)]).exit_code == 0
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert [s["title"] for s in data["stories"]] == ["Quota"]
    answer_uid = data["sessions"][0]["answers"][0]["uid"]
    assert data["story_links"] == [
        {"answer_uid": answer_uid, "story_uid": data["stories"][0]["uid"]}
    ]
    monkeypatch.setenv("AECOACH_HOME", str(other))
    assert runner.invoke(app, ["import", str(backup)]).exit_code == 0
    assert runner.invoke(app, ["import", str(backup)]).exit_code == 0  # twice: nothing doubled
    listed = _json(runner, "stories", "list", "--json")
    assert [(s["title"], s["told"]) for s in listed] == [("Quota", 1)]  # type: ignore[index]
    data["stories"][0]["title"] = 7
    backup.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["import", str(backup)])
    assert result.exit_code == 1 and "at stories[0].title: expected text" in result.stderr


def test_an_export_without_stories_is_as_before(home: Path, runner: CliRunner) -> None:
    from aecoach.history.store import HistoryStore
    from factories import sample_answer, sample_session

    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session(), sample_answer())
    assert json.loads(runner.invoke(app, ["export", "-f", "json"]).stdout).keys() == {
        "format",
        "version",
        "sessions",
    }


def test_stats_names_skills_without_a_story_and_an_overused_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = report([("a", "Quota", ("determination",)), ("b", "Other", ())], {"a": 4, "b": 1})
    assert "determination" not in found.missing_skills and "empathy" in found.missing_skills
    assert found.overused == (("Quota", 4, 5),)
    assert report([("a", "Quota", ())], {"a": 2}).overused == ()  # too few to say
    home = tmp_path / "home"
    monkeypatch.setenv("AECOACH_HOME", str(home))
    runner = CliRunner()
    runner.invoke(app, ["stories", "add", "--title", "Quota", "--skill", "determination"])
    steps = [("ready", True), ("answer", "", 30.0), ("rate", 4), ("checklist", ALL_YES)]
    for _ in range(3):
        Run(home, [*steps, ("key", "1")], questions=("why-sales",))
    text = " ".join(runner.invoke(app, ["stats"], env={"COLUMNS": "200"}).stdout.split())
    assert "Stories: 1 in your bank." in text
    assert "Skills with no story yet: Communication, Empathy" in text
    assert "Told most often: \u201cQuota\u201d, in 3 of 3 answers; vary it." in text
    stats = _json(runner, "stats", "--json")
    assert stats["stories"]["overused"] == [{"title": "Quota", "told": 3, "of": 3}]  # type: ignore[index]
    # Removing an answer takes its link out of the count too.
    db = sqlite3.connect(home / "history.sqlite3")
    uid = db.execute("SELECT uid FROM answers ORDER BY started_at LIMIT 1").fetchone()[0]
    db.close()
    assert runner.invoke(app, ["history", "remove", uid[:8], "--yes"]).exit_code == 0
    assert [s["told"] for s in _json(runner, "stories", "list", "--json")] == [2]  # type: ignore[index]


def test_removing_an_answer_keeps_its_story_link_and_counts_it_nowhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("AECOACH_HOME", str(home))
    runner = CliRunner()
    runner.invoke(app, ["stories", "add", "--title", "Quota", "--skill", "determination"])
    steps = [("ready", True), ("answer", "", 30.0), ("rate", 4), ("checklist", ALL_YES)]
    Run(home, [*steps, ("key", "1")], questions=("why-sales",))
    db = sqlite3.connect(home / "history.sqlite3")
    (uid,) = db.execute("SELECT uid FROM answers").fetchone()
    db.close()
    assert runner.invoke(app, ["history", "remove", uid, "--yes"]).exit_code == 0
    assert [s["told"] for s in _json(runner, "stories", "list", "--json")] == [0]  # type: ignore[index]
    db = sqlite3.connect(home / "history.sqlite3")
    kept = db.execute("SELECT answer_uid FROM answer_stories").fetchall()
    db.close()
    assert kept == [(uid,)]  # nothing is deleted: the link stays with the removed answer
