"""Stats that tell the truth: each defect a new user found, pinned by a test that failed before.

The checklist shown, time discipline with "too short", question kinds apart from objection
themes, roles by the session's role, trends only on enough answers and days, no skipped
question as "lowest-rated", and Japanese and Thai without English skill names or matches on
polite endings.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rich.console import Console

from aecoach.bank.loader import load_bank
from aecoach.coaching.modes import match_asks, scorecard
from aecoach.coaching.stats import read_stats
from aecoach.history.queries import Filters
from aecoach.history.store import HistoryStore
from aecoach.ui.stats import render_stats
from factories import sample_session
from test_stats import CALL, DEAL, WHY, answer, q

TODAY = date(2025, 3, 20)
START = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
PRICE = q("objections/price", kind="price", skills=("objection-handling",), roles=("ae", "sdr"))


def fill(path: Path, sessions: list[tuple[str, dict, list]]) -> None:  # type: ignore[type-arg]
    """Sessions of (id, settings, [(question, rating, seconds, minutes after START, notes)])."""
    with HistoryStore.open(path) as store:
        for sid, settings, answers in sessions:
            first = START + timedelta(minutes=answers[0][3])
            session = sample_session(
                sid, settings=settings, started_at=first.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            )
            for n, (question, rating, seconds, minutes, checklist) in enumerate(answers):
                store.record_answer(
                    session,
                    answer(
                        sid,
                        minutes,
                        question,
                        rating=rating,
                        seconds_used=seconds,
                        checklist=checklist,
                        uid=f"{sid}-{n}",
                    ),
                )


def shown(path: Path, filters: Filters | None = None) -> str:
    out = io.StringIO()
    stats = read_stats(path, filters or Filters(), today=TODAY, zone=UTC)
    render_stats(Console(file=out, width=100, color_system=None), stats)
    return out.getvalue()


def test_the_checklist_is_shown_with_the_item_missed_most_first(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    fill(
        path,
        [
            (
                "s1",
                {"role": "ae"},
                [
                    (WHY, 3, 60.0, 0, {"example": False, "engaged": True}),
                    (WHY, 3, 60.0, 1, {"example": False, "engaged": False}),
                    (WHY, 4, 60.0, 2, {"example": True, "engaged": True}),
                    (WHY, None, 60.0, 3, {}),
                ],
            )
        ],
    )
    stats = read_stats(path, today=TODAY, zone=UTC)
    assert [(m.key, m.missed, m.of) for m in stats.checklist][:2] == [
        ("example", 2, 3),
        ("engaged", 1, 3),
    ]
    text = shown(path)
    assert "Checklist (most missed first)" in text
    assert text.index("Used a concrete real-world example") < text.index("Engaged the interviewer")
    assert "67%" in text


def test_the_coach_notes_signals_are_counted_over_time(tmp_path: Path) -> None:
    import dataclasses

    path = tmp_path / "h.sqlite3"
    notes = [
        {"quantified": False, "i_count": 1, "we_count": 5, "hints": 3, "covered_hints": ["a"]},
        {"quantified": False, "i_count": 0, "we_count": 4, "hints": 3, "covered_hints": []},
        {"quantified": True, "i_count": 4, "we_count": 1, "hints": 3, "covered_hints": ["a", "b"]},
        {"quantified": True, "i_count": 3, "we_count": 0, "hints": 3, "covered_hints": ["a"]},
    ]
    with HistoryStore.open(path) as store:
        session = sample_session("s1")
        for n, feedback in enumerate(notes):
            a = answer("s1", n * 24 * 60, WHY, rating=3)
            store.record_answer(session, dataclasses.replace(a, feedback=feedback))
    earlier, latest = read_stats(path, today=TODAY, zone=UTC).signals
    assert (earlier.share_quantified, earlier.i_count, earlier.we_count) == (0.0, 1, 9)
    assert (latest.share_quantified, latest.i_count, latest.we_count) == (1.0, 7, 1)
    assert (earlier.share_touched, latest.share_touched) == (round(1 / 6, 3), 0.5)
    text = shown(path)
    assert "With a figure" in text and "Points touched" in text
    assert "1 / 9" in text and "7 / 1" in text


def test_an_answer_far_under_its_limit_is_too_short_not_within_time(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    yes = {"example": True}
    fill(path, [("s1", {"role": "ae"}, [(WHY, 4, 2.0, 0, yes), (WHY, 4, 90.0, 1, yes)])])
    timing = read_stats(path, today=TODAY, zone=UTC).timing
    assert (timing.answered, timing.within, timing.short, timing.overran) == (2, 1, 1, 0)
    assert "Time: 50% of answers within their limit; 1 too short" in shown(path)
    # The mock scorecard says the same.
    with HistoryStore.open(path) as store:
        (view,) = store.recent(1)
    card = scorecard(view.answers)
    assert (card.within_time, card.too_short, card.overran, card.timed) == (1, 1, 0, 2)


def test_objection_themes_are_not_question_kinds(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    yes = {"example": True}
    fill(
        path,
        [
            ("s1", {"role": "ae"}, [(WHY, 4, 60.0, 0, yes)]),
            ("s2", {"mode": "drill", "role": "ae"}, [(PRICE, 3, 40.0, 5, yes)]),
        ],
    )
    stats = read_stats(path, today=TODAY, zone=UTC)
    assert [g.key for g in stats.by_kind] == ["motivation"]
    assert [g.key for g in stats.by_theme] == ["price"]
    text = shown(path)
    kinds = text.split("Question kind", 1)[1].split("Objection theme", 1)[0]
    assert "Motivation" in kinds and "Price" not in kinds
    assert "Price" in text.split("Objection theme", 1)[1]


def role_history(path: Path) -> None:
    yes = {"example": True}
    fill(
        path,
        [
            # An AE practice session whose questions are also tagged for SDR and AM.
            ("s1", {"role": "ae"}, [(WHY, 4, 60.0, 0, yes), (DEAL, 3, 60.0, 1, yes)]),
            # An SDR drill: its objection is tagged for AE too, but the drill was for SDR.
            ("s2", {"mode": "drill", "role": "sdr"}, [(PRICE, 2, 40.0, 10, yes)]),
            # A session for any role.
            ("s3", {"role": None}, [(CALL, 3, 50.0, 20, yes), (WHY, 5, 60.0, 21, yes)]),
        ],
    )


def test_roles_count_each_answer_once_by_the_sessions_role(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    role_history(path)
    stats = read_stats(path, today=TODAY, zone=UTC)
    assert {g.key: g.answers for g in stats.by_role} == {"ae": 2, "sdr": 1, "any": 2}
    assert sum(g.answers for g in stats.by_role) == stats.answers


def test_stats_for_one_role_leave_out_the_other_roles_sessions(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    role_history(path)
    ae = read_stats(path, Filters(role="ae"), today=TODAY, zone=UTC)
    # s1's two answers, and from the any-role session the one tagged AE; not the SDR drill.
    assert ae.answers == 3
    assert {g.key for g in ae.by_role} == {"ae", "any"}
    assert ae.by_theme == ()
    text = shown(path, Filters(role="ae"))
    assert "Sales Development Representative" not in text and "Account Manager" not in text


def test_no_trend_from_two_answers_against_two_within_an_hour(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    yes = {"example": True}
    fill(
        path, [("s1", {"role": "ae"}, [(WHY, r, 60.0, n, yes) for n, r in enumerate([2, 2, 5, 5])])]
    )
    stats = read_stats(path, today=TODAY, zone=UTC)
    assert stats.trends == ()
    text = shown(path)
    assert "↑" not in text
    assert "A trend shows once a skill has 6 rated answers over 3 practice days." in text


def test_a_trend_from_enough_answers_on_enough_days(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    yes = {"example": True}
    day = 24 * 60
    ratings = [2, 2, 3, 4, 5, 5]
    fill(
        path,
        [(f"s{n}", {"role": "ae"}, [(WHY, r, 60.0, n * day, yes)]) for n, r in enumerate(ratings)],
    )
    (trend,) = read_stats(path, today=TODAY, zone=UTC).trends
    assert (trend.skill, trend.answers, trend.first, trend.latest) == (
        "determination",
        3,
        round(7 / 3, 2),
        round(14 / 3, 2),
    )
    # The same six answers within one day make no trend.
    same_day = tmp_path / "same.sqlite3"
    fill(
        same_day, [("s1", {"role": "ae"}, [(WHY, r, 60.0, n, yes) for n, r in enumerate(ratings)])]
    )
    assert read_stats(same_day, today=TODAY, zone=UTC).trends == ()


def test_a_skipped_question_is_not_the_lowest_rated(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    yes = {"example": True}
    fill(path, [("s1", {"role": "ae"}, [(DEAL, None, 5.0, 0, {}), (WHY, 2, 60.0, 1, yes)])])
    stats = read_stats(path, today=TODAY, zone=UTC)
    assert [w.item_key for w in stats.weakest] == ["core/why-sales"]


def test_the_japanese_mock_scorecard_names_skills_in_japanese(tmp_path: Path) -> None:
    from aecoach import i18n
    from aecoach.bank import taxonomy
    from aecoach.coaching.modes import mock_plan
    from aecoach.context import Context
    from aecoach.ui.coach import CoachOptions, Terminal, mock
    from aecoach.ui.practice import Clocks
    from aecoach.ui.prompter import FakeClock, ScriptedPrompter
    from test_coaching import ALL_YES, answered_item

    plan = mock_plan(load_bank("ja"), role="ae", seed=2)
    steps: list[tuple[object, ...]] = []
    for item in plan.items[:-1]:
        steps += answered_item(item, 1, ALL_YES)  # with its turns and its own checklist
    steps += [("ready", True), ("answer", "", 1), ("rate", 1), ("checklist", ALL_YES)]
    clock = FakeClock()
    prompter = ScriptedPrompter(steps, clock)
    out = io.StringIO()
    previous = i18n.current()
    i18n.use("ja")
    try:
        term = Terminal(
            prompter=prompter,
            console=Console(file=out, width=100, color_system=None),
            err=Console(file=io.StringIO(), width=100, color_system=None),
            clocks=Clocks(now=clock.now, monotonic=clock.monotonic),
        )
        context = Context(home=tmp_path / "home", clock=clock.now, language="ja")
        assert mock(context, CoachOptions(role="ae", seed=2), term) == 0
        text = out.getvalue()
        named = [s for s in taxonomy.SKILLS.values() if s in text]
        assert named == [], named  # the English names
        assert any(i18n._(s) in text for s in taxonomy.SKILLS.values())
    finally:
        i18n.use(previous)


def test_japanese_and_thai_asks_match_on_content_not_polite_endings() -> None:
    ja = load_bank("ja")
    dress, training = match_asks(
        ["服装の決まりはありますか？", "入社後の研修はどのような内容ですか？"], ja.asks
    )
    assert dress.ask is None  # shares only あります and ですか with the strong questions
    assert training.ask is not None and training.ask.key == "tips/training"
    assert "研修" in training.shared
    th = load_bank("th")
    dress, training = match_asks(["บริษัทมีกฎการแต่งกายไหม", "พนักงานใหม่จะได้ฝึกอบรมอะไร"], th.asks)
    assert dress.ask is None
    assert training.ask is not None and training.ask.key == "tips/training"
