"""`aecoach stats`: the figures from real sessions and from built histories, the JSON
shape, the filters, and the screen at 80 columns and in a pipe."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from aecoach.bank.model import Bank
from aecoach.cli import app
from aecoach.coaching.stats import make_filters, read_stats
from aecoach.history import migrations
from aecoach.history.queries import Filters
from aecoach.history.store import HistoryStore
from aecoach.ui.stats import bar, buckets, render_stats, sparkline
from factories import IS_ROOT, sample_answer, sample_question, sample_session
from test_practice_flow import ALL_YES, Run

TODAY = date(2025, 3, 20)


def q(key: str, **changes: object):  # type: ignore[no-untyped-def]
    pack, id_ = key.split("/")
    return sample_question(key=key, id=id_, pack=pack, **changes)


def answer(session: str, n: int, question, **changes: object):  # type: ignore[no-untyped-def]
    """An answer to `question`, n minutes after 2025-03-14 09:30 UTC (or at `started_at`)."""
    from aecoach.coaching.session import PlanItem, make_answer

    args: dict[str, object] = {
        "session_id": session,
        "started_at": datetime(2025, 3, 14, 9, 30, tzinfo=UTC) + timedelta(minutes=n),
        "seconds_used": 60.0,
        "rating": 3,
        "checklist": {"example": True},
    }
    args.update(changes)
    return make_answer(PlanItem(question, question.time_limit), **args)  # type: ignore[arg-type]


WHY = q("core/why-sales", kind="motivation", skills=("determination",), roles=("ae", "sdr"))
DEAL = q("ae/deal", kind="behavioural", skills=("negotiation", "empathy"), roles=("ae",))
CALL = q("sdr/cold-call", kind="opening", skills=("resilience",), roles=("sdr",), time_limit=60)


def build(path: Path) -> None:
    """Three sessions on 14, 15 and 17 March 2025 (UTC): ratings improve, one skip, overruns."""
    with HistoryStore.open(path) as store:
        s1 = sample_session("s1", started_at="2025-03-14T09:30:00.000Z")
        for n, (question, rating, used) in enumerate(
            [(WHY, 2, 100.0), (DEAL, 1, 130.0), (CALL, 2, 70.0), (WHY, 2, 50.0)]
        ):
            store.record_answer(s1, answer("s1", n, question, rating=rating, seconds_used=used))
        s2 = sample_session("s2", started_at="2025-03-15T09:30:00.000Z", language="ja")
        for n, (question, rating) in enumerate([(WHY, 4), (DEAL, None), (CALL, 3)]):
            store.record_answer(
                s2,
                answer(
                    "s2",
                    24 * 60 + n,
                    question._replace(language="ja", text="なぜ営業を?"),
                    rating=rating,
                ),
            )
        s3 = sample_session("s3", started_at="2025-03-17T09:30:00.000Z", settings={"mode": "drill"})
        for n, (question, rating) in enumerate([(WHY, 5), (DEAL, 4), (WHY, 5)]):
            store.record_answer(s3, answer("s3", 3 * 24 * 60 + n, question, rating=rating))


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    build(path)
    return path


def stats_of(path: Path, filters: Filters | None = None, today: date = TODAY):  # type: ignore[no-untyped-def]
    return read_stats(path, filters or Filters(), today=today, zone=UTC)


def test_the_figures_of_a_built_history(history: Path) -> None:
    s = stats_of(history)
    assert (s.sessions, s.answers, s.rated) == (3, 10, 9)
    assert s.average == round(28 / 9, 2)
    assert {g.key: (g.answers, g.rated, g.average) for g in s.by_skill} == {
        "determination": (5, 5, 3.6),
        "negotiation": (3, 2, 2.5),
        "empathy": (3, 2, 2.5),
        "resilience": (2, 2, 2.5),
    }
    assert next(g.key for g in s.by_skill) == "determination"  # most practised first
    assert {g.key: g.average for g in s.by_kind} == {
        "motivation": 3.6,
        "behavioural": 2.5,
        "opening": 2.5,
    }
    # By the role each session was for: s1 and s2 for AE, the drill s3 for any role.
    assert {g.key: (g.answers, g.average) for g in s.by_role} == {
        "ae": (7, round(14 / 6, 2)),
        "any": (3, round(14 / 3, 2)),
    }
    # determination has 5 rated answers: too few for a trend (see test_stats_truth.py).
    assert s.trends == ()
    # Time: 9 answered; DEAL 130 s of 120 and CALL 70 s of 60 overran.
    assert s.timing.answered == 9 and s.timing.overran == 2
    assert s.timing.share_within == round(7 / 9, 3)
    assert s.timing.average_overrun == 10.0
    # Weakest: DEAL (1, skipped, 4 -> 2.5 with a skip) before CALL (2, 3 -> 2.5, no skip).
    assert [w.item_key for w in s.weakest] == ["ae/deal", "sdr/cold-call", "core/why-sales"]
    assert s.weakest[0].skipped == 1 and s.weakest[0].average == 2.5
    assert s.weakest[0].prompt_text == WHY.text  # the text as last shown (the sample's)
    assert [p.day for p in s.series] == [date(2025, 3, 14), date(2025, 3, 15), date(2025, 3, 17)]
    assert [p.average for p in s.series] == [1.75, 3.5, 4.67]
    assert (s.streak.longest, s.streak.days, s.streak.current) == (2, 3, 0)


def test_the_streak_counts_up_to_today_or_yesterday(history: Path) -> None:
    assert stats_of(history, today=date(2025, 3, 17)).streak.current == 1
    assert stats_of(history, today=date(2025, 3, 18)).streak.current == 1
    assert stats_of(history, today=date(2025, 3, 19)).streak.current == 0


def test_practice_days_are_counted_in_the_candidates_time_zone(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as store:
        # 23:30 UTC on the 14th is the 15th in Tokyo.
        for i, moment in enumerate(["2025-03-14T23:30:00", "2025-03-16T01:00:00"]):
            started = datetime.fromisoformat(moment).replace(tzinfo=UTC)
            session = sample_session(f"s{i}", started_at=moment + ".000Z")
            store.record_answer(session, answer(f"s{i}", 0, WHY, started_at=started))
    from zoneinfo import ZoneInfo

    tokyo = read_stats(path, today=date(2025, 3, 16), zone=ZoneInfo("Asia/Tokyo"))
    assert [p.day for p in tokyo.series] == [date(2025, 3, 15), date(2025, 3, 16)]
    assert tokyo.streak.current == 2
    utc = read_stats(path, today=date(2025, 3, 16), zone=UTC)
    assert [p.day for p in utc.series] == [date(2025, 3, 14), date(2025, 3, 16)]


def test_filters_since_role_language_and_mode(history: Path) -> None:
    since = stats_of(history, make_filters(since="2025-03-15", zone=UTC))
    assert (since.sessions, since.answers) == (2, 6)
    # No session was for SDR; the drill for any role has two SDR-tagged answers.
    assert stats_of(history, Filters(role="sdr")).answers == 2
    assert stats_of(history, Filters(language="ja")).answers == 3
    drill = stats_of(history, Filters(mode="drill"))
    assert (drill.sessions, drill.answers) == (1, 3)
    assert stats_of(history, Filters(mode="practice")).answers == 7
    assert stats_of(history, Filters(role="am")).empty


def test_one_question_in_two_languages_is_one_question(history: Path) -> None:
    s = stats_of(history)
    keys = [w.item_key for w in s.weakest]
    assert len(keys) == len(set(keys))
    why = next(g for g in s.by_kind if g.key == "motivation")
    assert why.answers == 5  # 4 English answers and 1 Japanese


def test_since_and_language_are_checked(history: Path) -> None:
    from aecoach.errors import AecoachError, Msg

    with pytest.raises(AecoachError) as caught:
        make_filters(since="last tuesday")
    assert caught.value.msg is Msg.BAD_SINCE
    assert caught.value.text == (
        "'last tuesday' is not a day aecoach reads — give one of"
        " YYYY-MM-DD, today, yesterday, 7d or 2w, such as 2025-03-01"
    )
    with pytest.raises(AecoachError) as caught:
        make_filters(language="日本")
    assert caught.value.msg is Msg.BAD_LANGUAGE


JSON_KEYS = {
    "version",
    "filters",
    "sessions",
    "answers",
    "rated",
    "skipped",
    "average",
    "first_at",
    "last_at",
    "by_skill",
    "by_kind",
    "by_theme",
    "by_role",
    "checklist",
    "signals",
    "trends",
    "timing",
    "weakest",
    "streak",
    "series",
    "due",
}


def test_the_json_keys_are_the_documented_ones(history: Path) -> None:
    data = stats_of(history).as_dict()
    assert set(data) == JSON_KEYS
    assert data["version"] == 1 and data["due"] is None
    assert set(data["by_skill"][0]) == {"key", "answers", "rated", "average"}
    assert data["trends"] == []
    assert set(data["checklist"][0]) == {"key", "missed", "of", "share"}
    assert set(data["timing"]) == {
        "answered",
        "within_limit",
        "share_within_limit",
        "too_short",
        "overran",
        "average_overrun_seconds",
    }
    assert set(data["weakest"][0]) == {
        "item_key",
        "prompt_text",
        "answers",
        "rated",
        "skipped",
        "average",
    }
    assert set(data["streak"]) == {"current", "longest", "days_practised", "last_day"}
    assert set(data["series"][0]) == {"day", "answers", "rated", "average"}
    docs = (Path(__file__).parent.parent / "docs" / "export.md").read_text(encoding="utf-8")
    for key in JSON_KEYS:
        assert f"`{key}`" in docs, key


def test_no_history_gives_zeros_and_creates_nothing(tmp_path: Path) -> None:
    s = read_stats(tmp_path / "none.sqlite3", today=TODAY)
    assert s.empty and s.sessions == 0 and s.average is None and s.series == ()
    assert list(tmp_path.iterdir()) == []


def test_stats_of_sessions_recorded_through_the_practice_flow(tmp_path: Path, bank: Bank) -> None:
    home = tmp_path / "home"
    steps: list[tuple[object, ...]] = [
        ("ready", True),
        ("answer", "Acme renewal", 95.0),
        ("rate", 4),
        ("checklist", ALL_YES),
        ("ready", True),
        ("answer", "", 500.0),
        ("rate", 2),
        ("checklist", ALL_YES | {"example": False}),
    ]
    # One limit for every question: the second session asks the weak one first (adaptive pick).
    Run(home, steps, role="ae", count=2, seed=11, time_limit=120)
    Run(home, steps, role="ae", count=2, seed=12, time_limit=120)
    s = read_stats(home / "history.sqlite3", today=date(2025, 3, 14), zone=UTC)
    assert (s.sessions, s.answers, s.rated, s.average) == (2, 4, 4, 3.0)
    assert s.timing.overran == 2 and s.timing.share_within == 0.5
    assert {g.key for g in s.by_role} >= {"ae"}
    assert s.streak.current == 1 and s.streak.days == 1
    assert s.weakest[0].average == 2.0


def old_history(path: Path) -> None:
    """A version-1 history with one answer."""
    db = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(db, (migrations.m001_initial,))
    db.close()
    # Written as version 1 wrote it: without the columns later migrations added.
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "INSERT INTO sessions (id, started_at, mode, language, app_version)"
        " VALUES ('s-1', '2025-03-14T09:30:00.000Z', 'practice', 'en', '0.1')"
    )
    db.execute(
        "INSERT INTO answers (uid, session_id, item_key, item_type, pack, language, prompt_text,"
        " kind, started_at, seconds_used, time_limit, overran, skipped, rating)"
        " VALUES ('a-1', 's-1', 'core/x', 'question', 'core', 'en', 'Q?', 'opening',"
        " '2025-03-14T09:31:00.000Z', 61, 120, 0, 0, 4)"
    )
    db.close()


def test_an_older_history_is_upgraded_and_keeps_its_answers(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    old_history(path)
    assert read_stats(path, today=TODAY).answers == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    db.close()


@pytest.mark.skipif(IS_ROOT, reason="root may write anywhere")
def test_an_older_history_that_may_not_be_changed_is_read_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "history.sqlite3"
    old_history(path)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert read_stats(path, today=TODAY).answers == 1
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        db.close()
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


# --- The screen -------------------------------------------------------------------------------


def rendered(path: Path, width: int = 80, **console: object) -> str:
    out = io.StringIO()
    render_stats(Console(file=out, width=width, **console), stats_of(path))  # type: ignore[arg-type]
    return out.getvalue()


def test_the_screen_fits_80_columns_and_says_what_matters(history: Path) -> None:
    text = rendered(history)
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "10 answers in 3 sessions, 2025-03-14 to 2025-03-17" in text
    assert "Average rating 3.1 of 5 (9 rated, 1 skipped)" in text
    assert "Determination" in text and "↑" not in text
    assert "A trend shows once a skill has 6 rated answers over 3 practice days." in text
    assert "Time: 78% of answers within their limit; 2 overran, by 0:10 on average." in text
    assert "Practise next (your lowest-rated questions)" in text
    assert "ae/deal · average 2.5 over 2 rated, 1 skipped" in text
    assert "No practice today or yesterday (longest 2 days; practice days in all: 3)." in text
    assert "Rating over time" in text and "▂▂▂▂▅▅▅▅▇▇▇▇" in text


def test_the_screen_is_plain_in_a_pipe_and_ascii_without_utf8(history: Path) -> None:
    text = rendered(history, force_terminal=False)
    assert "\x1b" not in text
    ascii_text = rendered(history, force_terminal=False, legacy_windows=False)
    assert "\x1b" not in ascii_text

    class AsciiFile(io.StringIO):
        encoding = "ascii"

    out = AsciiFile()
    render_stats(Console(file=out, width=80, force_terminal=False), stats_of(history))
    assert "█" not in out.getvalue() and "#####" in out.getvalue()


def test_colour_only_on_a_terminal(history: Path) -> None:
    assert "\x1b[" in rendered(history, force_terminal=True, color_system="standard")


def test_bars_and_sparklines() -> None:
    assert bar(5.0, width=10) == "█" * 10
    assert bar(None, width=4) == "    "
    assert bar(2.5, width=10) == "█████░░░░░"
    assert bar(2.5, width=10, unicode=False) == "#####....."
    assert sparkline([1.0, 3.0, 5.0, None]) == "▁▅█ "
    assert sparkline([1.0, 5.0], unicode=False) == "15"
    from aecoach.coaching.stats import Point

    points = [Point(date(2025, 1, d), 2, 2, float(1 + d % 5)) for d in range(1, 31)]
    assert len(buckets(points, 10)) == 10
    assert buckets(points[:3], 10) == [2.0, 3.0, 4.0]


def test_the_due_section_is_shown_when_a_scheduler_fills_it(history: Path) -> None:
    import dataclasses

    from aecoach.coaching.stats import Due

    s = dataclasses.replace(stats_of(history), due=Due(today=3, this_week=8))
    out = io.StringIO()
    render_stats(Console(file=out, width=80), s)
    assert "Due for review: 3 today, 8 this week" in out.getvalue()
    assert s.as_dict()["due"] == {"today": 3, "this_week": 8}


# --- The command ------------------------------------------------------------------------------


def test_stats_command_json_and_text(home: Path, runner: CliRunner) -> None:
    home.mkdir()
    build(home / "history.sqlite3")
    result = runner.invoke(app, ["stats", "--json", "--since", "2025-03-15"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["answers"] == 6 and data["filters"]["since"] is not None
    result = runner.invoke(app, ["stats"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "10 answers in 3 sessions" in result.output and "\x1b" not in result.output
    result = runner.invoke(app, ["stats", "--role", "am"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "aecoach: error: no answers match am — loosen the filters, or leave them out to see"
        " everything"
    )
    result = runner.invoke(app, ["stats", "--language", "ja", "--mode", "practice", "--json"])
    assert json.loads(result.output)["answers"] == 3


def test_stats_command_without_history(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0
    assert "no answers saved yet — run `aecoach practice` to start" in result.output
    assert not home.exists()
    result = runner.invoke(app, ["stats", "--json"])
    assert json.loads(result.output)["answers"] == 0
    result = runner.invoke(app, ["stats", "--since", "someday"])
    assert result.exit_code == 2 and "'someday' is not a day aecoach reads" in result.output


@pytest.mark.parametrize(
    "zone",
    ["Asia/Tokyo", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham"],
)
def test_local_days_agree_with_python_across_clock_changes(zone: str) -> None:
    import random
    from zoneinfo import ZoneInfo

    from aecoach.coaching.stats import _LocalDays

    tz = ZoneInfo(zone)
    local_day = _LocalDays(tz)
    rng = random.Random(zone)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for _ in range(3000):
        moment = start + timedelta(seconds=rng.randrange(0, 2 * 365 * 86400))
        iso = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert local_day(iso) == moment.astimezone(tz).date(), iso


def test_stats_says_what_is_due_for_review(home: Path, runner: CliRunner) -> None:
    # Rated long ago (2025), so both are due by now; the skipped one is not a review.
    session = sample_session()
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(session, sample_answer(n=1, rating=1))
        store.record_answer(session, sample_answer(n=2, rating=None))
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["due"] == {"today": 1, "this_week": 1}
    text = runner.invoke(app, ["stats"], env={"COLUMNS": "100"})
    assert "Due for review: 1 today, 1 this week" in text.stdout


def test_one_answer_in_one_session_reads_in_the_singular(home: Path, runner: CliRunner) -> None:
    with HistoryStore.open(home / "history.sqlite3") as store:
        store.record_answer(sample_session(), sample_answer(n=1, rating=3))
    result = runner.invoke(app, ["stats"], env={"COLUMNS": "100"})
    assert "1 answer in 1 session, 2025-03-14 to 2025-03-14" in result.stdout
