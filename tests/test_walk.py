"""Defects found by walking through aecoach as a new candidate would: each fix has a test here
that failed before it (and a guard or two for what must stay as it was)."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from aecoach.analysis.content import coach_notes
from aecoach.bank.loader import load_bank
from aecoach.cli import app
from aecoach.coaching.session import DRILL_CHECKLIST, PlanItem, make_answer
from aecoach.history.store import HistoryStore
from factories import sample_answer, sample_question, sample_session
from test_practice_flow import ALL_YES, Run


def _history_with_a_practice_and_a_drill_answer(home: Path) -> None:
    objection = load_bank("en").objections[0]
    drilled = make_answer(
        PlanItem(objection, objection.time_limit),
        session_id="s-2",
        started_at=datetime(2025, 3, 14, 10, 0, tzinfo=UTC),
        seconds_used=30.0,
        rating=3,
        checklist={
            "acknowledged": True,
            "on-question": False,
            "confident": True,
            "next-step": False,
        },
        checklist_items=DRILL_CHECKLIST,
    )
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session("s-1"), sample_answer(checklist={"on-question": False}))
        store.record_answer(sample_session("s-2", mode="drill"), drilled)


def test_stats_names_the_practice_checklist_item_as_practice_asked_it(
    home: Path, runner: CliRunner
) -> None:
    # Practice and drills share the key "on-question"; stats called it "Answered the
    # objection itself" even when every answer was to an interview question.
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session(), sample_answer(checklist={"on-question": False}))
    result = runner.invoke(app, ["stats"])
    assert "Answered the question asked" in result.stdout
    assert "objection itself" not in result.stdout


def test_markdown_and_report_name_a_drill_answer_s_checklist_as_the_drill_asked_it(
    home: Path, runner: CliRunner
) -> None:
    _history_with_a_practice_and_a_drill_answer(home)
    md = runner.invoke(app, ["export", "--format", "md"]).stdout
    drill = md[md.index("· drill ·") :]
    assert "[x] Acknowledged the concern before answering it" in drill
    assert "[ ] Ended with a question or a next step" in drill
    assert "[ ] Answered the objection itself" in drill
    assert "Answered the question asked" not in drill
    practice = md[: md.index("· drill ·")]
    assert "[ ] Answered the question asked" in practice
    page = runner.invoke(app, ["report", "-o", "-"]).stdout
    assert "Answered the objection itself" in page
    assert "Answered the question asked" in page


def test_figures_are_shown_as_written() -> None:
    notes = coach_notes("I ran 80 accounts worth 2M and a 3K budget", "en", sample_question())
    assert notes.numbers == ("80 accounts", "2M", "3K")


@pytest.mark.parametrize(
    ("lang", "end"), [("ja", "未満）。"), ("th", "กำหนด)"), ("es", "límite).")]
)
def test_the_stats_time_line_ends_as_its_language_ends_a_sentence(
    home: Path, runner: CliRunner, lang: str, end: str
) -> None:
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session(), sample_answer(seconds_used=2.0))
    out = runner.invoke(app, ["--lang", lang, "stats"], env={"COLUMNS": "200"}).stdout
    line = next(x for x in out.splitlines() if "%" in x and ("(" in x or "（" in x))
    assert line.rstrip().endswith(end), line


ANSWERED = [("ready", True), ("answer", "", 30.0), ("rate", 4), ("checklist", ALL_YES)]


def _add_stories(runner: CliRunner, *stories: tuple[str, str]) -> None:
    for title, skill in stories:
        runner.invoke(app, ["stories", "add", "--title", title, "--skill", skill])


def test_stories_that_fit_are_numbered_as_the_key_that_picks_them(
    home: Path, runner: CliRunner
) -> None:
    _add_stories(runner, ("Unrelated", "negotiation"), ("Quota year", "determination"))
    # The one story that fits is story 2, offered as key 1: the line above must say 1.
    run = Run(home, [*ANSWERED, ("key", "1")], questions=("why-sales",))
    assert "Stories that fit: 1 Quota year" in run.flat
    listed = runner.invoke(app, ["stories", "list", "--json"]).stdout
    assert '"told": 1' in listed.split('"Quota year"')[1]


def test_no_stories_are_suggested_for_the_questions_for_them() -> None:
    from aecoach.history.stories import new_story
    from aecoach.ui.steer import Extras

    story = new_story("Asked well", ("curiosity",), now="2026-12-01T10:00:00.000Z")
    closing = sample_question(key="core/questions-for-us", skills=("curiosity",))
    out = io.StringIO()
    extras = Extras(stories=[replace(story, id=1)])
    extras.on_item(Console(file=out, width=80), PlanItem(closing, 120, asks_back=True))
    assert "Stories that fit" not in out.getvalue()


def test_a_story_refused_after_the_editor_keeps_what_was_written(
    home: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_stories import EDITOR

    script = tmp_path / "editor.py"
    script.write_text(EDITOR.replace("negotiation", "negotation"), encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    result = runner.invoke(app, ["stories", "add"])
    assert result.exit_code == 1
    assert "'negotation' is not a skill" in result.stderr
    kept = home / "story-draft.txt"
    assert str(kept) in " ".join(result.stderr.split())
    assert "Renewed at full price." in kept.read_text(encoding="utf-8")
    assert (kept.stat().st_mode & 0o777) == 0o600
    # Run again, the editor opens on what was kept; fixed and saved, the copy goes.
    fixed = tmp_path / "fixed.py"
    fixed.write_text(
        "import sys\np = sys.argv[1]\nt = open(p, encoding='utf-8').read()\n"
        "open(p, 'w', encoding='utf-8').write(t.replace('negotation', 'negotiation'))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {fixed}")
    result = runner.invoke(app, ["stories", "add"])
    assert result.exit_code == 0, result.stderr
    shown = runner.invoke(app, ["stories", "show", "1", "--json"]).stdout
    assert "Renewed at full price." in shown and '"negotiation"' in shown
    assert not kept.exists()


def test_an_untouched_template_is_not_kept(
    home: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "true")
    result = runner.invoke(app, ["stories", "add"])
    assert result.exit_code == 1 and "a story needs a title" in result.stderr
    assert not (home / "story-draft.txt").exists()


def test_history_remove_asks_in_the_candidate_s_language_with_one_sentence_end(
    home: Path, runner: CliRunner
) -> None:
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session("d-100", mode="drill"), sample_answer("d-100"))
    asked = runner.invoke(app, ["history", "remove", "d-100"], input="n\n").stdout
    assert "The drill session of " in asked and "with 1 answer." in asked
    uid = runner.invoke(app, ["history", "--json"]).stdout.split('"uid": "')[1][:8]
    asked = runner.invoke(app, ["history", "remove", uid], input="n\n").stdout
    assert "\u201cWhy did you choose a career in sales?\u201d\n" in asked  # not "?”."
    ja = runner.invoke(app, ["--lang", "ja", "history", "remove", "d-100"], input="n\n").stdout
    assert "drill" not in ja and "ドリル" in ja and "）。" in ja
    th = runner.invoke(app, ["--lang", "th", "history", "remove", "d-100"], input="n\n").stdout
    assert "drill" not in th and not th.splitlines()[0].endswith(".")


@pytest.mark.parametrize("language", ["es", "id", "ja", "th"])
def test_the_yes_no_question_is_in_the_candidate_s_language(
    home: Path, runner: CliRunner, language: str
) -> None:
    # Click's confirm said "[y/N]: " and "Error: invalid input" in English in every language.
    from aecoach import i18n

    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session("d-100", mode="drill"), sample_answer("d-100"))
    i18n.use(language)
    try:
        suffix = i18n._("{question} [y/N]: ").format(question="")
        retry = i18n._("Type y for yes, or n (or Enter) for no.")
        yes = i18n._("yes")
    finally:
        i18n.use("en")
    assert suffix != " [y/N]: " and yes != "yes"  # the control: they are translated
    args = ["--lang", language, "history", "remove", "d-100"]
    kept = runner.invoke(app, args, input="maybe\n\n")
    assert kept.exit_code == 1
    shown = " ".join(kept.stdout.split())
    assert " ".join(suffix.split()) in shown and retry in shown
    assert "[y/N]: " not in kept.stdout and "invalid input" not in kept.output
    removed = runner.invoke(app, args, input=f"{yes}\n")
    assert removed.exit_code == 0, removed.output
    assert runner.invoke(app, ["history", "--json"]).stdout.count('"uid"') == 0


def test_the_yes_no_hint_is_never_broken_across_lines(home: Path, runner: CliRunner) -> None:
    # At 60 columns the Japanese prompt broke inside the hint: "[y：はい／N：いい" / "え]：".
    from aecoach import i18n

    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session("d-100", mode="drill"), sample_answer("d-100"))
    i18n.use("ja")
    try:
        hint = i18n._("{question} [y/N]: ").format(question="").strip()
    finally:
        i18n.use("en")
    args = ["--lang", "ja", "history", "remove", "d-100"]
    shown = runner.invoke(app, args, input="\n", env={"COLUMNS": "60"}).stdout
    assert any(hint in line for line in shown.splitlines()), shown


def test_a_point_not_touched_is_cut_after_a_whole_word() -> None:
    from aecoach.coaching.feedback import note_lines

    hint = (
        "Use STAR: what the prospect needed to see and which part you led versus the specialist"
        " you brought in"
    )
    notes = coach_notes("We won it.", "en", sample_question(hints=(hint, "Short point.")))
    lines = [x for x in note_lines(notes.as_dict()) if x.startswith("Not touched")]
    assert lines[0] == (
        "Not touched: Use STAR: what the prospect needed to see and which part you led versus"
        " the\u2026"
    )
    assert lines[1] == "Not touched: Short point."


def test_the_timed_checklist_item_is_shown_with_the_checklist_before_the_story_question(
    home: Path, runner: CliRunner
) -> None:
    _add_stories(runner, ("Quota year", "empathy"))
    run = Run(home, [*ANSWERED, ("key", "enter")], questions=("why-sales",))
    assert run.text.index("Stayed within time: yes (timed)") < run.text.index("  1 Quota year")


def test_chosen_questions_are_recorded_for_the_plan_s_role_as_the_screen_says(
    home: Path, runner: CliRunner
) -> None:
    import json

    runner.invoke(app, ["plan", "set", "--date", "2099-12-15", "--role", "sdr"])
    run = Run(home, ANSWERED, questions=("why-sales",))
    assert "for Sales Development Representative" in run.flat
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert [r["key"] for r in stats["by_role"]] == ["sdr"]


def test_a_kept_story_emptied_in_the_editor_is_given_up(
    home: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir()
    kept = home / "story-draft.txt"
    kept.write_text("Title:\nSkills: charm\n", encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w')\"")
    result = runner.invoke(app, ["stories", "add"])
    assert result.exit_code == 1 and "a story needs a title" in result.stderr
    assert not kept.exists()


def test_the_markdown_log_says_what_within_the_limit_leaves_out(
    home: Path, runner: CliRunner
) -> None:
    # Too short and over time both fall outside "within": the log said only "0% within",
    # which a mentor reads as "overran everything".
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session(), sample_answer("s-1", 1, seconds_used=2.0))
        store.record_answer(sample_session(), sample_answer("s-1", 2, seconds_used=150.0))
    md = " ".join(runner.invoke(app, ["export", "--format", "md"]).stdout.split())
    stats = " ".join(runner.invoke(app, ["stats"]).stdout.split())
    clauses = "; 1 too short (under a quarter of the limit); 1 overran, by 0:30 on average"
    assert "- 0% of answers within their time limit" + clauses in md
    assert "Time: 0% of answers within their limit" + clauses + "." in stats


def test_no_stories_are_suggested_for_a_prospect_s_objection() -> None:
    from aecoach.history.stories import new_story
    from aecoach.ui.steer import Extras

    story = new_story("Handled it", ("objection-handling",), now="2026-12-01T10:00:00.000Z")
    objection = load_bank("en").objections[0]
    out = io.StringIO()
    extras = Extras(stories=[replace(story, id=1)])
    extras.on_item(Console(file=out, width=80), PlanItem(objection, 45))
    assert "Stories that fit" not in out.getvalue()


def test_a_filtered_export_links_only_the_answers_it_holds(home: Path, runner: CliRunner) -> None:
    import json

    _add_stories(runner, ("Quota", "determination"))
    Run(home, [*ANSWERED, ("key", "1")], questions=("why-sales",))
    told = json.loads(runner.invoke(app, ["export"]).stdout)["sessions"][0]["answers"][0]["uid"]
    for filtered in (["--mode", "drill"], ["--since", "2099-01-01"], ["--language", "ja"]):
        data = json.loads(runner.invoke(app, ["export", *filtered]).stdout)
        assert data["sessions"] == [] and data["story_links"] == [], filtered
        assert [s["title"] for s in data["stories"]] == ["Quota"]
    # Taken out with `history remove`: its link is not exported either.
    assert runner.invoke(app, ["history", "remove", told[:8], "--yes"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["export"]).stdout)["story_links"] == []


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_a_job_description_that_is_not_a_file_is_refused_at_once(
    home: Path, runner: CliRunner, tmp_path: Path
) -> None:
    import os

    pipe = tmp_path / "job.fifo"
    os.mkfifo(pipe)  # before the fix, open() waited for a writer for ever
    # The device first: on the code before, it failed there rather than hanging on the pipe.
    for job, kind in ((Path("/dev/zero"), "a device"), (pipe, "a named pipe")):
        result = runner.invoke(
            app, ["plan", "set", "--date", "2099-12-15", "--role", "ae", "--job", str(job)]
        )
        assert result.exit_code == 1, result.stdout
        assert f"{job}: cannot read the job description ({kind})" in result.stderr
    assert "No interview plan" in runner.invoke(app, ["plan"]).stdout
