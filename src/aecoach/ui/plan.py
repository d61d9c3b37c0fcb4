"""`aecoach plan` and `aecoach today` on screen, and the countdown line at the top of stats."""

from __future__ import annotations

import shlex
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aecoach.bank import taxonomy
from aecoach.i18n import N_, _, ngettext
from aecoach.textsafe import inert

if TYPE_CHECKING:
    from collections.abc import Mapping

    from aecoach.coaching.plan import Today
    from aecoach.coaching.schedule import ItemState
    from aecoach.context import Context
    from aecoach.history.plans import InterviewPlan

LEVELS = {
    "not-started": N_("not started"),
    "too-few": N_("too few answers"),
    "weak": N_("weak"),
    "improving": N_("improving"),
    "ready": N_("ready"),
}


def _role(role: str) -> str:
    return _(taxonomy.ROLES[role]) if role in taxonomy.ROLES else role


def skill_name(skill: str) -> str:
    return _(taxonomy.SKILLS[skill]) if skill in taxonomy.SKILLS else skill


def _days(n: int) -> str:
    if n == 0:
        return _("today")
    if n == 1:
        return _("tomorrow")
    return ngettext("in {n} day", "in {n} days", n).format(n=n)


def headline(plan: InterviewPlan, today: date) -> str:
    left = (plan.interview - today).days
    if plan.company:
        who = _("{role} at {company}").format(role=_role(plan.role), company=inert(plan.company))
    else:
        who = _role(plan.role)
    if left < 0:
        return _("The interview for {who} was on {date}.").format(
            who=who, date=plan.interview.isoformat()
        )
    return _("Interview for {who}: {date}, {days}.").format(
        who=who, date=plan.interview.isoformat(), days=_days(left)
    )


def plan_as_dict(plan: InterviewPlan | None, today: date) -> dict[str, Any]:
    if plan is None:
        return {"plan": None}
    return {
        "plan": {
            "interview": plan.interview.isoformat(),
            "days_left": (plan.interview - today).days,
            "role": plan.role,
            "company": plan.company,
            "job_terms": plan.job,
            "set_at": plan.set_at,
        }
    }


def render_plan(
    console: Console, plan: InterviewPlan | None, today: date, *, saved: bool = False
) -> None:
    if plan is None:
        console.print(
            Text(_("No interview plan. Set one with: aecoach plan set --date YYYY-MM-DD --role ae"))
        )
        return
    console.print(Text(headline(plan, today), style="bold"))
    skills = plan.job.get("skills", {}) if isinstance(plan.job, dict) else {}
    roles = plan.job.get("roles", {}) if isinstance(plan.job, dict) else {}
    if skills or roles:
        console.print(Text(_("From the job description:"), style="bold"))
        for skill, terms in skills.items():
            line = _("{skill}: {terms}").format(skill=skill_name(skill), terms=", ".join(terms))
            console.print(Text("  • " + line))
        for role, terms in roles.items():
            line = _("{role} vocabulary: {terms}").format(role=_role(role), terms=", ".join(terms))
            console.print(Text("  • " + line))
    elif plan.job:
        console.print(Text(_("The job description named none of the skills aecoach knows.")))
    if saved:
        console.print(
            Text(
                _(
                    "Saved. Review and practice now aim at that day; see what to do with:"
                    " aecoach today"
                ),
                style="dim",
            )
        )


def render_cleared(console: Console, cleared: bool) -> None:
    text = _("The plan is cleared.") if cleared else _("There was no plan to clear.")
    console.print(Text(text))


# --- Today ------------------------------------------------------------------------------------


def todays_work(context: Context, now: datetime) -> Today:
    """What `aecoach today` shows: without a plan, what the plain schedule has due."""
    from aecoach.coaching.plan import aim, today, unplanned
    from aecoach.coaching.schedule import load_states
    from aecoach.history.plans import read_plan

    plan = read_plan(context.history_path)
    if plan is None:
        return unplanned(load_states(context.history_path, context.cache_dir), now)
    states = aim(load_states(context.history_path, context.cache_dir), plan, now)
    return today(context.bank(), plan, states, now)


def planned_new(context: Context, states: Mapping[str, ItemState], now: datetime) -> list[str]:
    """With a plan, the new questions that cover the role's untried skills and kinds (in
    the order `today` gives them), for practice and review to ask first; else none."""
    from aecoach.coaching.plan import today
    from aecoach.history.plans import read_plan

    plan = read_plan(context.history_path)
    if plan is None or (plan.interview - now.astimezone().date()).days < 0:
        return []
    return list(today(context.bank(), plan, states, now.astimezone()).to_cover)


def _practise(keys: tuple[str, ...]) -> str:
    return " ".join(["aecoach practice", *(f"-q {shlex.quote(k)}" for k in keys)])


def commands(work: Today) -> list[tuple[str, str]]:
    """(what, the command that does it), in the order to do them."""
    out = []
    if work.due:
        what = ngettext("{n} review due", "{n} reviews due", len(work.due)).format(n=len(work.due))
        out.append((what, f"aecoach review --count {min(len(work.due), 50)}"))
    weak = work.weak[: work.weak_today]
    if weak:
        what = ngettext("{n} weak answer to redo", "{n} weak answers to redo", len(weak))
        out.append((what.format(n=len(weak)), _practise(weak)))
    if work.new_today:
        n = len(work.new_today)
        what = ngettext("{n} new question", "{n} new questions", n).format(n=n)
        out.append((what, _practise(work.new_today)))
    if work.drill:
        out.append((_("an objection drill"), "aecoach drill"))
    if work.mock:
        out.append((_("a full mock interview, two days before"), "aecoach mock"))
    return out


def today_as_dict(work: Today) -> dict[str, Any]:
    return {**work.as_dict(), "todo": [{"what": w, "command": c} for w, c in commands(work)]}


def render_today(console: Console, work: Today) -> None:
    from aecoach.history.plans import InterviewPlan

    if work.interview is None or work.role is None or work.days_left is None:
        _render_unplanned(console, work)
        return
    plan = InterviewPlan(work.interview, work.role, work.company)
    today = date.fromordinal(work.interview.toordinal() - work.days_left)
    console.print(Text(headline(plan, today), style="bold"))
    if work.passed:
        console.print(
            Text(
                _(
                    "Set the next one with `aecoach plan set`, or forget it with"
                    " `aecoach plan clear`."
                )
            )
        )
        return
    todo = commands(work)
    console.print()
    if not _show_todo(console, todo):
        console.print(Text(_("Nothing left for today: every skill practised, nothing due.")))
    if work.job_terms:
        console.print(
            Text(
                _("The job description weighs: {skills}.").format(
                    skills=", ".join(skill_name(s) for s in work.job_terms)
                ),
                style="dim",
            )
        )
    console.print()
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), title=None)
    table.add_column(_("Skill"))
    table.add_column(_("Practised"), justify="right", no_wrap=True)
    table.add_column(_("Recent"), justify="right", no_wrap=True)
    table.add_column(_("Readiness"), no_wrap=True)
    for r in work.readiness:
        name = skill_name(r.skill) + (" *" if r.weight > 1 else "")
        recent = "-" if r.recent is None else f"{r.recent:.1f}"
        practised = _("{done} of {of}").format(done=r.practised, of=r.questions)
        table.add_row(name, practised, recent, _(LEVELS[r.level]))
    console.print(table)
    if any(r.weight > 1 for r in work.readiness):
        console.print(Text(_("* named in the job description"), style="dim"))
    few = [r for r in work.readiness if r.level == "too-few"]
    if few:
        from aecoach.coaching.plan import FRESH_DAYS, READY_AT, RECENT

        rule = _(
            "Ready takes a recent average of {good:g} or more over enough questions rated in"
            " the last {days} days: {counts}."
        )
        counts = _(", ").join(
            _("{skill} {fresh} of {needed}").format(
                skill=skill_name(r.skill), fresh=r.fresh, needed=r.needed
            )
            if r.fresh < r.needed
            # Few questions, each asked too seldom: count the answers instead.
            else _("{skill} {answers} of {least} answers").format(
                skill=skill_name(r.skill), answers=r.answers, least=RECENT
            )
            for r in few
        )
        console.print(Text(rule.format(good=READY_AT, days=FRESH_DAYS, counts=counts), style="dim"))


def _show_todo(console: Console, todo: list[tuple[str, str]]) -> bool:
    """ "Today:" and each thing to do with its command; False when there is nothing."""
    if not todo:
        return False
    console.print(Text(_("Today:"), style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", style="dim")
    for what, command in todo:
        grid.add_row(f"  • {what}", command)
    console.print(grid)
    return True


def _render_unplanned(console: Console, work: Today) -> None:
    """No date is no error: what is due today, and how a date would pace the rest."""
    if not _show_todo(console, commands(work)):
        console.print(Text(_("Nothing is due for review today.")))
    hint = _("No interview date: set one with `aecoach plan set --date YYYY-MM-DD --role ae`.")
    console.print(Text(hint, style="dim"))


def reminder(context: Context, now: datetime) -> str | None:
    """The countdown line at the top of `aecoach stats`, when there is a plan."""
    from aecoach.history.plans import read_plan

    plan = read_plan(context.history_path)
    if plan is None:
        return None
    return headline(plan, now.date()) + " " + _("What to do today: aecoach today")
