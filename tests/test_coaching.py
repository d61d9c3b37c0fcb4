"""Review, mock and drill: their plans, and their flows with a scripted prompter, a fake clock."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from aecoach.bank.model import Bank
from aecoach.coaching.modes import (
    MOCK_EXERCISES,
    ROLE_THEMES,
    drill_plan,
    focus_points,
    keywords,
    match_asks,
    mock_plan,
    review_plan,
    scorecard,
)
from aecoach.coaching.session import (
    CHECKLIST,
    STAGES,
    PlanItem,
    checklist_for,
    make_answer,
    practice_plan,
)
from aecoach.context import Context
from aecoach.history.store import HistoryStore, read_listing
from aecoach.ui.coach import CoachOptions, Terminal, drill, mock, review
from aecoach.ui.practice import Clocks
from aecoach.ui.prompter import FakeClock, ScriptedPrompter
from factories import sample_answer, sample_session

ALL_YES = {"example": True, "on-question": True, "confident": True, "engaged": True}
ALL_NO = dict.fromkeys(ALL_YES, False)
# A drill's checklist is about the reply to a prospect, not an interview answer.
DRILL_YES = {"acknowledged": True, "on-question": True, "confident": True, "next-step": True}


def answered(
    rating: object, checklist: dict[str, bool] | None = None, notes: str = "", turns: int = 0
) -> list:
    """The steps of one answer: the first reply, one more for each follow-up turn, the rating."""
    steps: list[tuple[object, ...]] = [("ready", True), ("answer", notes, 20.0)]
    steps += [("answer", "", 15.0)] * turns
    steps.append(("rate", rating))
    if isinstance(rating, int):
        steps.append(("checklist", checklist or ALL_YES))
    return steps


def drilled(rating: object, checklist: dict[str, bool] | None = None, notes: str = "") -> list:
    """An objection in a drill: every built-in objection pushes back once more."""
    return answered(rating, checklist or DRILL_YES, notes, turns=1)


def answered_item(item: PlanItem, rating: int, own: dict[str, bool]) -> list:
    """One answer to `item`, whatever it is: its turns, and its own checklist's keys."""
    keys = [c.key for c in checklist_for(item, CHECKLIST) if not c.measured]
    return answered(rating, {k: own.get(k, True) for k in keys}, turns=len(item.turns))


class Flow:
    """One run of a coaching flow against a real history in `home`."""

    def __init__(
        self,
        home: Path,
        flow: Callable[..., int],
        steps: list[tuple[object, ...]],
        clock: FakeClock | None = None,
        **options: object,
    ) -> None:
        self.clock = clock or FakeClock()
        self.prompter = ScriptedPrompter(steps, self.clock)
        self.out, self.err = io.StringIO(), io.StringIO()
        self.context = Context(home=home, clock=self.clock.now)
        term = Terminal(
            prompter=self.prompter,
            console=Console(file=self.out, width=100, color_system=None),
            err=Console(file=self.err, width=100, color_system=None),
            clocks=Clocks(now=self.clock.now, monotonic=self.clock.monotonic),
        )
        self.code = flow(self.context, CoachOptions(**options), term)  # type: ignore[arg-type]
        assert self.prompter.steps == [], "every scripted answer should have been asked for"

    @property
    def flat(self) -> str:
        return " ".join(self.out.getvalue().split())


# --- Plans ------------------------------------------------------------------------------------


def test_a_drill_leans_to_the_role_s_own_objections(bank: Bank) -> None:
    for role, themes in ROLE_THEMES.items():
        plan = drill_plan(bank, role=role, count=3, seed=1)
        assert [i.item_type for i in plan.items] == ["objection"] * 3
        assert all(role in i.item.roles for i in plan.items)
        assert sum(i.kind in themes for i in plan.items) >= 2, role
        assert {i.time_limit for i in plan.items} == {45}
        assert plan.settings["mode"] == "drill"
    counts = Counter(
        i.kind for s in range(30) for i in drill_plan(bank, role="sdr", count=3, seed=s).items
    )
    # Two in three from the SDR's own themes, though price is now the biggest single theme.
    assert sum(counts[t] for t in ROLE_THEMES["sdr"]) >= 2 * sum(counts.values()) / 3
    assert drill_plan(bank, role="ae", count=3, seed=4).items == (
        drill_plan(bank, role="ae", count=3, seed=4).items
    )
    everything = drill_plan(bank, role="am", count=50, seed=1)
    assert (
        len(everything.items)
        == everything.matched
        == len([o for o in bank.objections if "am" in o.roles])
    )


@pytest.mark.parametrize("role", ["ae", "sdr", "am"])
def test_a_mock_has_the_shape_of_a_first_round(bank: Bank, role: str) -> None:
    for seed in range(1, 8):
        plan = mock_plan(bank, role=role, seed=seed)
        kinds = [i.kind for i in plan.items]
        assert kinds[0] == "opening"
        assert kinds[-3] == "objection-roleplay"
        assert kinds[-2] in MOCK_EXERCISES[role]  # the exercise the role's loop sets
        assert kinds[-1] == "closing" and plan.items[-1].asks_back
        middle = kinds[1:-3]
        assert 4 <= len(middle) <= 6
        assert {"motivation", "experience", "role-knowledge", "behavioural"} <= set(middle)
        assert [STAGES.index(k) for k in middle] == sorted(STAGES.index(k) for k in middle)
        assert len({i.key for i in plan.items}) == len(plan.items)
        assert all(role in i.item.roles for i in plan.items)
        assert plan.asks and all(role in a.roles for a in plan.asks)


def test_a_review_plan_puts_due_items_first_then_new_questions(bank: Bank) -> None:
    first, second = sorted(q.key for q in bank.questions if "ae" in q.roles)[:2]
    objection = next(o.key for o in bank.objections if "ae" in o.roles)
    plan = review_plan(
        bank,
        due=[objection, "gone/removed", second],
        seen={objection, second, first},
        role="ae",
        count=4,
        seed=1,
    )
    keys = [i.key for i in plan.items]
    assert keys[:2] == [objection, second]
    assert first not in keys[2:] and len(keys) == 4
    assert (plan.settings["due"], plan.settings["new"]) == (2, 2)
    nothing = review_plan(bank, due=[], seen={q.key for q in bank.questions}, count=3, seed=1)
    assert nothing.items == ()


def test_practice_asks_preferred_questions_first_and_else_picks_as_before(bank: Bank) -> None:
    random_pick = practice_plan(bank, role="ae", count=3, seed=9)
    assert practice_plan(bank, role="ae", count=3, seed=9, preferred=[]).items == random_pick.items
    weak = sorted(q.key for q in bank.questions if "ae" in q.roles)[-2:]
    plan = practice_plan(bank, role="ae", count=3, seed=9, preferred=weak)
    assert set(weak) <= {i.key for i in plan.items}
    assert (plan.settings["pick"], plan.settings["preferred"]) == ("adaptive", 2)


def test_the_candidate_s_questions_are_compared_by_keywords(bank: Bank) -> None:
    assert keywords("What are the biggest challenges?") == {"biggest", "challenge"}
    (quota, vague, training) = match_asks(
        ["How did the team do against quota last year?", "Nice office?", "Is there training?"],
        bank.asks,
    )
    assert quota.ask is not None and quota.ask.id == "ramp-and-attainment"
    assert {"quota", "team"} <= set(quota.shared)
    assert vague.ask is None
    assert training.ask is not None and training.ask.id == "training"
    # Unspaced scripts are compared by pairs of characters.
    assert "研修" in keywords("研修はありますか")


def test_the_scorecard_names_the_weakest_skills_and_most_missed_checks() -> None:
    answers = [
        sample_answer(n=1, rating=2, checklist=ALL_YES | {"example": False}),
        sample_answer(n=2, rating=3, checklist=ALL_YES | {"example": False}, seconds_used=500),
    ]
    card = scorecard(answers)
    assert (card.rated, card.average, card.within_time, card.timed) == (2, 2.5, 1, 2)
    assert ("Used a concrete real-world example", 0, 2) in card.checklist
    top = focus_points(answers)
    assert [f.label for f in top] == [
        "Used a concrete real-world example",
        "Determination",
        "Empathy",
    ]
    assert top[1].detail == (2.5,)
    assert focus_points([sample_answer(n=1, rating=5, checklist=ALL_YES)]) == []


# --- Flows ------------------------------------------------------------------------------------


def test_a_drill_is_recorded_with_objection_keys_and_mode(tmp_path: Path, bank: Bank) -> None:
    plan = drill_plan(bank, role="sdr", count=2, seed=3)
    run = Flow(
        tmp_path / "home",
        drill,
        [
            *drilled(4, DRILL_YES, notes="ask what they use today"),
            *drilled(2, dict.fromkeys(DRILL_YES, False)),
        ],
        role="sdr",
        count=2,
        seed=3,
    )
    assert run.code == 0
    first = plan.items[0].prompt_text
    assert f"Prospect: \u201c{first}\u201d" in run.flat
    assert "Coaching points:" in run.flat
    assert "Objection drill for Sales Development Representative: 2 objections, 0:45 each." in (
        run.flat
    )
    (view,) = read_listing(run.context.history_path).sessions
    assert view.session.mode == "drill"
    assert view.session.settings == {
        "mode": "drill",
        "role": "sdr",
        "count": 2,
        "seed": 3,
        "time": 45,
    }
    assert [a.item_key for a in view.answers] == [i.key for i in plan.items]
    assert {a.item_type for a in view.answers} == {"objection"}
    assert [a.rating for a in view.answers] == [4, 2]
    assert view.answers[0].checklist == DRILL_YES | {"on-time": True}


def test_ctrl_c_in_a_drill_keeps_what_was_rated(tmp_path: Path) -> None:
    run = Flow(
        tmp_path / "home",
        drill,
        [*drilled(5, DRILL_YES), ("ready", True), ("answer", KeyboardInterrupt())],
        role="ae",
        count=3,
        seed=1,
    )
    assert run.code == 130
    assert run.err.getvalue().strip() == (
        "aecoach: stopped: 1 answer saved and the session is marked interrupted"
        " — see it with `aecoach history`"
    )
    (view,) = read_listing(run.context.history_path).sessions
    assert (view.session.end_reason, len(view.answers)) == ("interrupted", 1)


def test_ctrl_c_before_the_first_rating_saves_nothing_and_names_the_command(
    tmp_path: Path,
) -> None:
    run = Flow(tmp_path / "home", mock, [("choose", KeyboardInterrupt())])
    assert run.code == 130
    assert run.err.getvalue().strip() == (
        "aecoach: stopped before any answer was rated; nothing was saved"
        " — run `aecoach mock` again when ready"
    )
    assert not (tmp_path / "home" / "history.sqlite3").exists()


def test_a_mock_ends_with_a_scorecard_and_is_one_session(tmp_path: Path, bank: Bank) -> None:
    plan = mock_plan(bank, role="ae", seed=2)
    steps: list[tuple[object, ...]] = []
    for item in plan.items[:-1]:
        steps += answered_item(item, 3, ALL_YES | {"engaged": False})
    steps += [
        ("ready", True),
        ("answer", "How long is ramp for new hires?", 10),
        ("answer", "Where is the coffee?", 5),
        ("answer", "", 1),
        ("rate", 4),
        ("checklist", ALL_YES),
    ]
    run = Flow(tmp_path / "home", mock, steps, role="ae", seed=2)
    assert run.code == 0
    text = run.flat
    assert f"Mock interview for Account Executive: {len(plan.items)} steps" in text
    assert "Your questions:" in text
    assert "close to a strong one: How long is ramp, and what share of the team hit quota" in text
    assert "1 of 2 resemble the strong questions below." in text
    assert "Questions that land, and why:" in text
    assert "Scorecard" in text
    n = len(plan.items)
    # A pipeline-maths exercise has its own checklist, without "engaged".
    e = sum("engaged" in {c.key for c in checklist_for(i, CHECKLIST)} for i in plan.items)
    # 20 s of each limit is under a quarter of it: too short, not "within time".
    assert f"Time discipline: 0 of {n} within time, {n} too short, 0 over" in text
    assert f"Engaged the interviewer, not only talked about myself: 1 / {e}" in text
    assert "What to work on next:" in text
    assert f"• Engaged the interviewer, not only talked about myself: missed in {e - 1} of {e}" in (
        text
    )
    (view,) = read_listing(run.context.history_path).sessions
    assert view.session.mode == "mock" and view.session.settings["mode"] == "mock"
    assert view.session.end_reason == "finished"
    assert [a.item_key for a in view.answers] == [i.key for i in plan.items]
    assert view.answers[-1].notes == "How long is ramp for new hires? | Where is the coffee?"


def test_review_with_nothing_due_and_nothing_new_says_when_the_next_is_due(
    tmp_path: Path, bank: Bank
) -> None:
    home = tmp_path / "home"
    clock = FakeClock()
    # Every AM question and objection rated once, Strong.
    session = sample_session()
    with HistoryStore.open(home / "history.sqlite3") as store:
        for item in [*(q for q in bank.questions if "am" in q.roles), *bank.objections]:
            answer = make_answer(
                PlanItem(item, item.time_limit),
                session_id=session.id,
                started_at=clock.now(),
                seconds_used=10.0,
                rating=5,
                checklist=ALL_YES,
            )
            store.record_answer(session, answer)
    run = Flow(home, review, [], clock=clock, role="am", count=5, seed=1)
    assert run.code == 0
    assert "Nothing is due, and you have tried every question." in run.flat
    assert "The next one falls due" in run.flat
    assert read_listing(home / "history.sqlite3").totals.sessions == 1


def test_review_brings_back_what_was_rated_badly_once_it_is_due(tmp_path: Path) -> None:
    home = tmp_path / "home"
    clock = FakeClock()
    steps = [*drilled(1, DRILL_YES), *drilled(5, DRILL_YES)]
    first = Flow(home, drill, steps, clock=clock, role="ae", count=2, seed=5)
    weak, strong = (
        a.item_key for a in read_listing(first.context.history_path).sessions[0].answers
    )
    clock.advance(timedelta(days=2).total_seconds())
    run = Flow(
        home,
        review,
        [*answered(4, turns=1), ("ready", False)],
        clock=clock,
        role="ae",
        count=2,
        seed=1,
    )
    assert "Review for Account Executive: 1 due, 1 new" in run.flat
    assert "Due today: 0 · this week:" in run.flat
    (view, _) = read_listing(home / "history.sqlite3").sessions
    assert view.session.mode == "review"
    assert [a.item_key for a in view.answers] == [weak]
    assert strong not in [a.item_key for a in view.answers]


def test_the_intros_name_the_role_in_the_candidate_s_language() -> None:
    from aecoach import i18n
    from aecoach.ui.coach import _role_name

    try:
        i18n.use("ja")
        assert _role_name("sdr") == i18n._("Sales Development Representative")
        assert _role_name("sdr") != "Sales Development Representative"
        assert _role_name("custom") == "custom"
    finally:
        i18n.use("en")
    assert _role_name("ae") == "Account Executive"
