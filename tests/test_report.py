"""`aecoach report`: the figures it draws, the file it writes, and the page in a real browser."""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
import struct
import wave
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aecoach.cli import app
from aecoach.coaching.session import TOO_SHORT
from aecoach.report.model import build, timing_of
from aecoach.report.render import csp, render
from reportkit import HOSTILE, make_history

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
expect: Any = None  # playwright's, once the browser fixture has imported it


def answer(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "uid": "u",
        "item_key": "core/why-sales",
        "prompt_text": "Why sales?",
        "skills": ["empathy"],
        "started_at": "2025-03-03T09:00:00.000Z",
        "seconds_used": 60.0,
        "time_limit": 120,
        "overran": False,
        "skipped": False,
        "rating": 3,
        "checklist": {},
        "notes": "",
    }
    base.update(changes)
    return base


def session(answers: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "s",
        "started_at": answers[0]["started_at"] if answers else "2025-03-03T09:00:00.000Z",
        "mode": "practice",
        "settings": {"role": "ae"},
        "end_reason": "finished",
        "answers": answers,
    }
    base.update(changes)
    return base


STATS = {"sessions": 1, "answers": 1, "rated": 1, "average": 3.0, "streak": {"current": 1}}


# --- The figures, computed directly ---


def test_an_answer_far_under_its_limit_is_too_short_not_within() -> None:
    assert timing_of(answer(seconds_used=2.0)) == "too_short"
    assert timing_of(answer(seconds_used=TOO_SHORT * 120)) == "within"
    assert timing_of(answer(overran=True, seconds_used=130.0)) == "over"
    assert timing_of(answer(skipped=True, rating=None)) is None


def test_weekly_ratings_per_skill_keep_a_week_without_practice_as_a_gap() -> None:
    answers = [
        answer(uid="a", started_at="2025-03-03T09:00:00.000Z", rating=2),  # Monday, week 1
        answer(uid="b", started_at="2025-03-09T09:00:00.000Z", rating=4),  # Sunday, week 1
        answer(uid="c", started_at="2025-03-17T09:00:00.000Z", rating=5),  # week 3
        answer(uid="d", started_at="2025-03-17T10:00:00.000Z", rating=None, skipped=True),
    ]
    report = build(STATS, [session(answers)])
    assert report.skill_weeks.weeks == (date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17))
    assert report.skill_weeks.series == {"empathy": (3.0, None, 5.0)}


def test_the_checklist_item_missed_most_comes_first_as_a_share() -> None:
    answers = [
        answer(uid="a", checklist={"example": False, "confident": True}),
        answer(uid="b", checklist={"example": False, "confident": False}),
        answer(uid="c", checklist={"example": True, "confident": True, "engaged": False}),
    ]
    report = build(STATS, [session(answers)])
    assert [(m.key, m.asked, m.missed) for m in report.checklist] == [
        ("engaged", 1, 1),
        ("example", 3, 2),
        ("confident", 3, 1),
    ]


def test_delivery_and_coach_signals_are_charted_only_where_answers_have_them() -> None:
    plain = build(STATS, [session([answer()])])
    assert not plain.delivery_weeks and not plain.signal_weeks
    spoken = answer(
        delivery={"words_per_minute": 142.0, "fillers_per_minute": 3.5},
        feedback={"quantified": True, "i_count": 3, "we_count": 1},
    )
    report = build(STATS, [session([spoken])])
    assert report.delivery_weeks.series == {
        "fillers_per_minute": (3.5,),
        "words_per_minute": (142.0,),
    }
    assert report.signal_weeks.series == {"i_share": (75.0,), "quantified": (100.0,)}


def test_the_policy_allows_no_network_request_and_only_our_script() -> None:
    policy = csp("let x = 1;", "embed")
    assert policy.startswith("default-src 'none';")
    assert "http" not in policy and "*" not in policy and "'self'" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_hostile_text_is_escaped_in_the_html() -> None:
    page = render(build(STATS, [session([answer(prompt_text=HOSTILE, notes=HOSTILE)])]))
    assert "<script>document.title" not in page
    assert '"><img src=x' not in page
    assert "&lt;script&gt;document.title" in page
    assert page.count("<script") == 1  # ours alone: pygal's own script is removed


# --- The command ---


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("AECOACH_HOME", str(folder))
    monkeypatch.delenv("AECOACH_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return folder


@pytest.fixture
def history(home: Path) -> int:
    return make_history(home / "history.sqlite3")


def test_report_writes_a_private_file_and_never_overwrites_without_force(
    home: Path, history: int, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    runner = CliRunner()
    result = runner.invoke(app, ["report", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{history} answers from 6 sessions" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = runner.invoke(app, ["report", "-o", str(out)])
    assert again.exit_code != 0 and "--force" in again.output
    assert runner.invoke(app, ["report", "-o", str(out), "--force"]).exit_code == 0


def test_report_to_standard_output_and_with_filters(home: Path, history: int) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["report", "-o", "-", "--since", "2025-03-15"])
    assert result.exit_code == 0
    assert result.output.startswith("<!DOCTYPE html>")
    exported = json.loads(runner.invoke(app, ["export", "--since", "2025-03-15"]).output)
    answers = sum(len(s["answers"]) for s in exported["sessions"])
    assert 0 < answers < history
    assert result.output.count('<article class="answer"') == answers


def test_report_of_no_history_is_one_line(home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "-o", str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert result.output.count("\n") == 1 and "aecoach: error:" in result.output


def test_the_report_is_built_from_the_same_data_as_stats_json(home: Path, history: int) -> None:
    runner = CliRunner()
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).output)
    page = runner.invoke(app, ["report", "-o", "-"]).output
    assert f'<b id="n-answers">{stats["answers"]}</b>' in page
    assert f'<b id="n-sessions">{stats["sessions"]}</b>' in page
    assert f'<b id="average">{stats["average"]:.2f}</b>' in page


def test_report_speaks_the_candidates_language(home: Path, history: int) -> None:
    page = CliRunner().invoke(app, ["--lang", "ja", "report", "-o", "-"]).output
    assert '<html lang="ja">' in page
    assert "Interview practice report" not in page


# --- In a real browser ---


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is needed for the report's browser tests (.ci/run installs it)")
        pytest.skip("no chromium on this machine (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    global expect
    expect = sync_api.expect
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


class Page:
    """A page opened from the file with the network off, recording what it asked for."""

    def __init__(self, browser: Any, path: Path, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, offline=True)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else 0
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.goto(path.as_uri())

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def report_file(home: Path, history: int, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    assert CliRunner().invoke(app, ["report", "-o", str(out)]).exit_code == 0
    return out


def test_in_a_browser_every_chart_draws_its_points_and_nothing_is_fetched(
    browser: Any, report_file: Path
) -> None:
    view = Page(browser, report_file)
    try:
        charts = view.page.eval_on_selector_all(
            "figure.chart",
            """els => els.map(f => ({id: f.dataset.chart, expected: Number(f.dataset.points),
                dots: f.querySelectorAll('circle.dot').length,
                bars: f.querySelectorAll('rect.rect').length,
                drawn: f.querySelector('svg').getBoundingClientRect().height}))""",
        )
        ids = {c["id"] for c in charts}
        assert {"skills", "checklist", "timing"} <= ids
        for chart in charts:
            assert chart["drawn"] > 100, chart
            marks = chart["dots"] if chart["id"] == "skills" else chart["bars"]
            assert marks == chart["expected"] > 0, chart
        # The checklist item missed most is the top bar, where the eye starts.
        bars = view.page.eval_on_selector_all(
            "figure.chart[data-chart=checklist] rect.rect",
            "els => els.map(r => { const b = r.getBoundingClientRect();"
            " return {top: b.top, width: b.width}; })",
        )
        widths = [b["width"] for b in sorted(bars, key=lambda b: b["top"])]
        assert len(widths) > 1 and widths[0] > widths[-1]
        assert widths == sorted(widths, reverse=True)
        assert [u for u in view.requests if not u.startswith(("file:", "data:"))] == []
        assert view.errors == []
    finally:
        view.close()


def test_in_a_browser_the_filters_work_offline(browser: Any, report_file: Path) -> None:
    view = Page(browser, report_file)
    try:
        page = view.page
        total = page.locator("article.answer:visible").count()
        assert total == int(page.text_content("#shown-count") or 0) > 0
        page.select_option("select[name=role]", "sdr")
        roles = page.eval_on_selector_all(
            "article.answer:not([hidden])", "els => els.map(e => e.dataset.role)"
        )
        assert roles and set(roles) == {"sdr"}
        assert int(page.text_content("#shown-count") or 0) == len(roles) < total
        page.select_option("select[name=rating]", "skipped")
        ratings = page.eval_on_selector_all(
            "article.answer:not([hidden])", "els => els.map(e => e.dataset.rating)"
        )
        assert set(ratings) <= {""}
        assert page.locator("section.session:visible").count() <= 1
        page.click("button[type=reset]")
        expect(page.locator("#shown-count")).to_have_text(str(total))
        page.select_option("select[name=skill]", "curiosity")
        skills = page.eval_on_selector_all(
            "article.answer:not([hidden])", "els => els.map(e => e.dataset.skills)"
        )
        assert skills and all("curiosity" in s.split() for s in skills)
        assert view.errors == []
    finally:
        view.close()


def test_in_a_browser_hostile_text_is_inert(browser: Any, report_file: Path) -> None:
    view = Page(browser, report_file)
    try:
        page = view.page
        assert page.title() != "PWNED"
        assert page.locator("img").count() == 0
        assert page.locator("script").count() == 1
        assert HOSTILE.split('"><img', 1)[0] in (page.text_content(".notes") or "")
        assert view.errors == []
    finally:
        view.close()


def _tone(path: Path, seconds: float = 1.0, rate: int = 16000) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(int(seconds * rate))
        )
        out.writeframes(b"".join(frames))


@pytest.mark.parametrize("mode", ["embed", "link"])
def test_in_a_browser_an_audio_element_loads_its_recording(
    browser: Any, tmp_path: Path, mode: str
) -> None:
    recording = tmp_path / "answer.wav"
    _tone(recording)
    page_text = render(
        build(STATS, [session([answer(recording=str(recording))])]), audio=mode, home=tmp_path
    )
    out = tmp_path / "audio.html"
    out.write_text(page_text, encoding="utf-8")
    view = Page(browser, out)
    try:
        # Polled from here: the page's policy forbids evaluating strings, as it should.
        for _ in range(100):
            if view.page.eval_on_selector("audio", "a => a.readyState") >= 1:
                break
            view.page.wait_for_timeout(100)
        duration = view.page.eval_on_selector("audio", "a => a.duration")
        assert abs(duration - 1.0) < 0.05
        assert view.errors == []
    finally:
        view.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_in_a_browser_the_page_fits_a_desktop_and_a_phone(
    browser: Any, report_file: Path, width: int, tmp_path: Path
) -> None:
    view = Page(browser, report_file, width=width)
    try:
        scroll = view.page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width  # nothing wider than the screen: no sideways scrolling
        shot = tmp_path / f"report-{width}.png"
        view.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        view.close()


def test_the_page_prints(browser: Any, report_file: Path, tmp_path: Path) -> None:
    view = Page(browser, report_file)
    try:
        pdf = view.page.pdf()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        view.close()


def test_coach_notes_are_worded_as_in_the_terminal() -> None:
    from aecoach.analysis.content import coach_notes
    from factories import sample_question

    notes = coach_notes("We did fine I guess.", "en", sample_question()).as_dict()
    page = render(build(STATS, [session([answer(rating=5, feedback=notes)])]))
    from aecoach.coaching.feedback import calibration_line, note_lines

    lines = note_lines(notes)
    assert lines
    for line in [*lines, calibration_line(notes, 5) or ""]:
        assert f"<li>{line}</li>".replace("'", "&#39;").replace('"', "&#34;") in page or not line


def test_a_spoken_answer_brings_its_pace_chart_transcript_and_recording(
    home: Path, history: int
) -> None:
    import sqlite3

    from aecoach.history import deliveries

    db = sqlite3.connect(home / "history.sqlite3")
    uid = db.execute("SELECT uid FROM answers ORDER BY started_at LIMIT 1").fetchone()[0]
    figures = {
        "transcript": "um so we grew <b>pipeline</b> by 30%",
        "language": "en",
        "speaking_seconds": 40.0,
        "words_per_minute": 141.0,
        "fillers": 2,
        "fillers_per_minute": 3.0,
    }
    with db:
        deliveries.insert(db, deliveries.row_for(uid, figures, f"{uid}.wav"))
    db.close()
    (home / "recordings").mkdir(mode=0o700)
    _tone(home / "recordings" / f"{uid}.wav", seconds=0.5)
    runner = CliRunner()
    page = runner.invoke(app, ["report", "-o", "-"]).output
    assert 'data-chart="delivery"' in page
    assert "um so we grew &lt;b&gt;pipeline&lt;/b&gt; by 30%" in page
    assert page.count('<audio controls preload="metadata" src="data:audio/') == 1
    linked = runner.invoke(app, ["report", "-o", "-", "--audio", "link"]).output
    assert f'src="file://{home}/recordings/{uid}.wav"' in linked
    plain = runner.invoke(app, ["report", "-o", "-", "--audio", "none"]).output
    assert "<audio" not in plain


def test_week_labels_carry_the_year_when_the_weeks_cross_one() -> None:
    from aecoach.report.render import _week_labeller

    assert _week_labeller([date(2025, 3, 3), date(2025, 3, 10)])(date(2025, 3, 3)) == "03-03"
    across = _week_labeller([date(2024, 12, 30), date(2025, 1, 6)])
    assert across(date(2024, 12, 30)) == "2024-12-30"
