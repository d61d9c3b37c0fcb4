"""`aecoach plan` and `aecoach today`: preparing for an interview on a date (issue 15)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Optional

import typer

from aecoach.cli.common import Role, context_of, room
from aecoach.cli.group import AecoachGroup

commands = room()
plan_app = typer.Typer(
    cls=AecoachGroup,
    help="Your interview date and role: review and practice aim at it.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
commands.add_typer(plan_app, name="plan")

EXAMPLE_DAYS_AHEAD = 14  # the date shown in --date errors: two weeks from today

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead.")]


@plan_app.callback()
def plan(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Your interview date and role: review and practice aim at it.

    With a plan, nothing is scheduled past the interview day, weak answers
    come back the same day in the last week, and `aecoach today` says what to
    do each day. `plan` alone shows the plan.
    """
    if ctx.invoked_subcommand:
        return
    _show(ctx, as_json)


@plan_app.command("show")
def plan_show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the plan: date, role, job description terms."""
    _show(ctx, as_json)


def _show(ctx: typer.Context, as_json: bool) -> None:
    from aecoach.history.plans import read_plan
    from aecoach.ui.plan import plan_as_dict, render_plan

    context = context_of(ctx)
    found = read_plan(context.history_path)
    if as_json:
        from aecoach.ui.console import print_json

        print_json(plan_as_dict(found, context.clock().astimezone().date()))
        return
    from aecoach.ui.console import make_console

    render_plan(make_console(), found, context.clock().astimezone().date())


@plan_app.command("set")
def plan_set(
    ctx: typer.Context,
    when: Annotated[
        str,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The interview day, in your time zone."),
    ],
    role: Annotated[
        Role,
        typer.Option("--role", "-r", case_sensitive=False, help="The role: ae, sdr or am."),
    ],
    company: Annotated[
        str, typer.Option("--company", metavar="NAME", help="Who the interview is with.")
    ] = "",
    job: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--job",
            metavar="FILE",
            help="A job description pasted into a text file: the skills and role words it"
            " names weigh more in what `aecoach today` asks.",
        ),
    ] = None,
) -> None:
    """Set the interview date and role.

    One plan at a time: this replaces any other.
    """
    from aecoach.errors import AecoachError, Msg
    from aecoach.history.plans import InterviewPlan, save_plan
    from aecoach.history.records import iso_utc

    context = context_of(ctx)
    now = context.clock()
    # An example the command accepts: a fixed date would soon be one it refuses.
    example = (now.astimezone().date() + timedelta(days=EXAMPLE_DAYS_AHEAD)).isoformat()
    try:
        day = date.fromisoformat(when.strip())
    except ValueError:
        raise AecoachError(Msg.BAD_DATE, value=when, example=example, exit_code=2) from None
    if day < now.astimezone().date():
        raise AecoachError(Msg.PLAN_BAD_DATE, value=day.isoformat(), example=example, exit_code=2)
    found = _read_job(job) if job is not None else {}
    plan = InterviewPlan(day, role.value, company.strip(), found, iso_utc(now))
    save_plan(context.history_path, plan)
    from aecoach.ui.console import make_console
    from aecoach.ui.plan import render_plan

    render_plan(make_console(), plan, now.astimezone().date(), saved=True)


def _read_job(path: Path) -> dict[str, dict[str, list[str]]]:
    import os
    import stat

    from aecoach.analysis.jobs import MAX_JOB_CHARS, scan
    from aecoach.errors import AecoachError, Msg
    from aecoach.safefile import FILE_KINDS

    try:
        # O_NONBLOCK: a named pipe given by mistake must not wait for a writer; a device
        # (/dev/zero) never ends. Only a regular file is a job description.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, encoding="utf-8") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                kind = next((k for test, k in FILE_KINDS if test(mode)), "not a regular file")
                raise AecoachError(Msg.JOB_UNREADABLE, reason=kind, location=str(path))
            text = handle.read(MAX_JOB_CHARS)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise AecoachError(Msg.JOB_UNREADABLE, reason=reason, location=str(path)) from None
    return scan(text)


@plan_app.command("clear")
def plan_clear(ctx: typer.Context) -> None:
    """Forget the plan.

    Review and practice go back to the plain schedule.
    """
    from aecoach.history.plans import clear_plan
    from aecoach.ui.console import make_console
    from aecoach.ui.plan import render_cleared

    render_cleared(make_console(), clear_plan(context_of(ctx).history_path))


@commands.command()
def today(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """What to do today to be ready on the interview day.

    Days left, the reviews due, new questions, a drill or a mock, and how
    ready each skill of the role is. Without a plan (`aecoach plan set`),
    the reviews due today.
    """
    from aecoach.ui.plan import todays_work

    context = context_of(ctx)
    work = todays_work(context, context.clock().astimezone())
    if as_json:
        from aecoach.ui.console import print_json
        from aecoach.ui.plan import today_as_dict

        print_json(today_as_dict(work))
        return
    from aecoach.ui.console import make_console
    from aecoach.ui.plan import render_today

    render_today(make_console(), work)
