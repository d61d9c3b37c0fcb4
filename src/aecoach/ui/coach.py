"""`aecoach review`, `aecoach mock` and `aecoach drill` on screen.

Each builds its Plan (aecoach.coaching.modes) and plays it through the practice
runner (ui/practice.run_session), so the clock, the rating, the checklist,
saving each answer at once and Ctrl-C behave exactly as in practice. What is
here is only what differs: the opening screens and the endings (the review's
due dates, the mock's scorecard).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from aecoach.bank import taxonomy
from aecoach.coaching.session import DEFAULT_COUNT, Plan, clock, summarise
from aecoach.context import Context
from aecoach.errors import Msg, render
from aecoach.i18n import _, ngettext
from aecoach.ui.practice import (
    INTERRUPTED_EXIT,
    Clocks,
    RunResult,
    bullets,
    run_session,
    say_stopped,
    show_answers,
    show_saved_in,
    show_summary,
)
from aecoach.ui.prompter import Prompter

if TYPE_CHECKING:
    from aecoach.coaching.schedule import DueSummary
    from aecoach.ui.spoken import SpokenAnswers


@dataclass(frozen=True)
class CoachOptions:
    role: str | None = None
    count: int = DEFAULT_COUNT
    seed: int | None = None
    time_limit: int | None = None


@dataclass(frozen=True)
class Terminal:
    """Where a flow asks and prints, and its clocks."""

    prompter: Prompter
    console: Console
    err: Console
    clocks: Clocks
    voice: SpokenAnswers | None = None  # --voice: record and measure each answer


def _role_name(role: str | None) -> str:
    if not role:
        return _("any role")
    label = taxonomy.ROLES.get(role)
    return _(label) if label else role


def _minutes(plan: Plan) -> int:
    return max(1, round(sum(i.exchange_time for i in plan.items) / 60))


def _play(
    context: Context, plan: Plan, term: Terminal, command: str, intro: Text
) -> RunResult | None:
    def show_intro() -> None:
        term.console.print()
        term.console.print(intro)
        term.console.print(
            Text(
                _(
                    "Each answer is saved as soon as it is rated; q between items ends the"
                    " session, Ctrl-C stops at any time."
                ),
                style="dim",
            )
        )

    return run_session(
        context,
        plan,
        prompter=term.prompter,
        console=term.console,
        err=term.err,
        clocks=term.clocks,
        intro=show_intro,
        not_started=render(Msg.COACH_NOT_STARTED, command=command),
        voice=term.voice,
    )


_NOT_STARTED = "-"  # Ctrl-C at the role question
_STOPPED = "q"  # q at the role question: the candidate's choice, no failure


def _role(
    context: Context, options: CoachOptions, term: Terminal, command: str, *, allow_any: bool
) -> str | None:
    """--role, the plan's, or asked; _NOT_STARTED after Ctrl-C, _STOPPED after q (told)."""
    from aecoach.ui.steer import QUIT, choose_role

    try:
        role = choose_role(context, term.prompter, options.role, allow_any=allow_any)
    except (KeyboardInterrupt, EOFError):
        role = _NOT_STARTED
    if role in (_NOT_STARTED, QUIT):
        say_stopped(term.err, render(Msg.COACH_NOT_STARTED, command=command))
        return _NOT_STARTED if role == _NOT_STARTED else _STOPPED
    return role


def _not_started(role: str | None) -> int | None:
    """The exit code when the role question ended the command."""
    return {_NOT_STARTED: INTERRUPTED_EXIT, _STOPPED: 0}.get(role or "")


# --- When things fall due ---------------------------------------------------------------------


def when(moment: datetime, now: datetime) -> str:
    """A due moment as the candidate reads it: local date and time, and how far off."""
    local = moment.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    if days <= 0:
        far = _("today")
    elif days == 1:
        far = _("tomorrow")
    else:
        far = ngettext("in {n} day", "in {n} days", days).format(n=days)
    return _("{date} ({far})").format(date=local.strftime("%Y-%m-%d %H:%M"), far=far)


def show_due(console: Console, due: DueSummary, now: datetime) -> None:
    line = Text(
        _("Due today: {today} · this week: {week}").format(today=due.today, week=due.this_week),
        style="bold",
    )
    if due.next_due is not None:
        line.append(_(" · next: {when}").format(when=when(due.next_due, now)), style="")
    console.print(line)


# --- `aecoach review` -------------------------------------------------------------------------


def review(context: Context, options: CoachOptions, term: Terminal) -> int:
    """Run `aecoach review`; returns the exit code (0, or 130 when interrupted)."""
    from aecoach.coaching.modes import review_plan
    from aecoach.coaching.schedule import due_items, summarise_due
    from aecoach.history.plans import load_aimed
    from aecoach.ui.plan import planned_new

    role = _role(context, options, term, "review", allow_any=True)
    if (code := _not_started(role)) is not None:
        return code
    options = replace(options, role=role)
    now = term.clocks.now().astimezone()  # local: "today" ends at the candidate's midnight
    states = load_aimed(context.history_path, context.cache_dir, now)
    plan = review_plan(
        context.bank(),
        due=[s.key for s in due_items(states, now)],
        seen=states.keys(),
        new_first=planned_new(context, states, now),
        role=options.role,
        count=options.count,
        seed=options.seed,
        time_limit=options.time_limit,
    )
    console = term.console
    if not plan.items:
        console.print(Text(_("Nothing is due, and you have tried every question."), style="bold"))
        upcoming = summarise_due(states, now)
        if upcoming.next_due is not None:
            console.print(
                Text(_("The next one falls due {when}.").format(when=when(upcoming.next_due, now)))
            )
        return 0
    due, new = plan.settings["due"], plan.settings["new"]
    intro = Text(
        _("Review for {who}: {due} due, {new} new, about {minutes} min of answering.").format(
            who=_role_name(options.role), due=due, new=new, minutes=_minutes(plan)
        ),
        style="bold",
    )
    intro.append(
        "\n"
        + _(
            "Due items come first, the most overdue first; a low rating brings an item"
            " back sooner, a high one pushes it further out."
        ),
        style="dim",
    )
    result = _play(context, plan, term, "review", intro)
    if result is None:
        return INTERRUPTED_EXIT
    summary = summarise(result.answers, plan.scored_checklist)
    show_summary(console, summary, plan, context.history_path, saved=False)
    if result.answers:
        later = term.clocks.now().astimezone()
        show_due(
            console,
            summarise_due(load_aimed(context.history_path, context.cache_dir, later), later),
            later,
        )
        show_saved_in(console, context.history_path)
    return 0


# --- `aecoach drill` --------------------------------------------------------------------------


def drill(context: Context, options: CoachOptions, term: Terminal) -> int:
    """Run `aecoach drill`; returns the exit code (0, or 130 when interrupted)."""
    from aecoach.coaching.modes import DRILL_TIME, drill_plan

    role = _role(context, options, term, "drill", allow_any=True)
    if (code := _not_started(role)) is not None:
        return code
    options = replace(options, role=role)
    plan = drill_plan(
        context.bank(),
        role=options.role,
        count=options.count,
        seed=options.seed,
        time_limit=options.time_limit or DRILL_TIME,
    )
    count = len(plan.items)
    intro = Text(
        ngettext(
            "Objection drill for {who}: {n} objection, {time} each.",
            "Objection drill for {who}: {n} objections, {time} each.",
            count,
        ).format(who=_role_name(options.role), n=count, time=clock(plan.items[0].time_limit)),
        style="bold",
    )
    if count < options.count:
        intro.append(
            "\n" + _("Only {n} objections are in the bank for this role.").format(n=count), style=""
        )
    intro.append(
        "\n"
        + _(
            "The prospect says it; you reply out loud at once, as on a live call."
            " Then read the coaching points and rate your reply."
        ),
        style="dim",
    )
    result = _play(context, plan, term, "drill", intro)
    if result is None:
        return INTERRUPTED_EXIT
    show_summary(
        term.console, summarise(result.answers, plan.scored_checklist), plan, context.history_path
    )
    return 0


# --- `aecoach mock` ---------------------------------------------------------------------------


def mock(context: Context, options: CoachOptions, term: Terminal) -> int:
    """Run `aecoach mock`; returns the exit code (0, or 130 when interrupted)."""
    from aecoach.coaching.modes import mock_plan, scorecard

    role = _role(context, options, term, "mock", allow_any=False)
    if (code := _not_started(role)) is not None:
        return code
    plan = mock_plan(context.bank(), role=role, seed=options.seed)
    intro = Text(
        _("Mock interview for {who}: {n} steps, about {minutes} min.").format(
            who=_role_name(role), n=len(plan.items), minutes=_minutes(plan)
        ),
        style="bold",
    )
    intro.append(
        "\n"
        + _(
            "An opening, questions on motivation, experience, behaviour and the role, an"
            " objection role-play, then your questions for them. Treat it as the real thing."
        ),
        style="dim",
    )
    from aecoach.coaching.session import EXERCISE_KINDS

    exercise = next((i for i in plan.items if i.kind in EXERCISE_KINDS), None)
    if exercise is not None:
        line = _("It also sets one exercise a real loop for the role has: {kind}.")
        intro.append("\n" + line.format(kind=exercise.kind_label), style="dim")
    result = _play(context, plan, term, "mock", intro)
    if result is None:
        return INTERRUPTED_EXIT
    console = term.console
    console.print()
    console.print(Rule(Text(_("Scorecard")), characters="─"))
    if not result.answers:
        console.print(Text(_("No answers this time; nothing was saved.")))
        return 0
    summary = summarise(result.answers, plan.scored_checklist)
    show_answers(console, summary, plan.language)
    card = scorecard(result.answers, plan.scored_checklist)
    if card.average is not None:
        console.print(
            Text(
                _("Ratings: average {avg} over {n} rated answers").format(
                    avg=f"{card.average:.1f}", n=card.rated
                )
            )
        )
    console.print(
        Text(
            _(
                "Time discipline: {ok} of {n} within time, {short} too short, {over} over;"
                " {used} used of {allowed} allowed"
            ).format(
                ok=card.within_time,
                n=card.timed,
                short=card.too_short,
                over=card.overran,
                used=clock(card.seconds_used),
                allowed=clock(card.seconds_allowed),
            )
        )
    )
    if len(result.answers) < len(plan.items):
        console.print(
            Text(
                _("Ended after {done} of {total} steps.").format(
                    done=len(result.answers), total=len(plan.items)
                )
            )
        )
    if card.checklist:
        console.print(Text(_("Checklist totals:"), style="bold"))
        console.print(bullets([f"{_(label)}: {met} / {of}" for label, met, of in card.checklist]))
    if card.focus:
        console.print(Text(_("What to work on next:"), style="bold"))
        lines = []
        for focus in card.focus:
            if focus.why == "skill":
                lines.append(
                    _("{skill}: average rating {avg}").format(
                        skill=_(focus.label), avg=focus.detail[0]
                    )
                )
            else:
                missed, of = focus.detail
                lines.append(
                    _("{item}: missed in {missed} of {of}").format(
                        item=_(focus.label), missed=missed, of=of
                    )
                )
        console.print(bullets(lines))
    else:
        console.print(Text(_("Nothing stands out to work on: every skill rated Good or better.")))
    show_saved_in(console, context.history_path)
    return 0
