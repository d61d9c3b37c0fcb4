"""`aecoach history`, `stats`, `export` and `import`: the practice log."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from aecoach.cli.common import ForceOption, Role, context_of, describe_filters, room
from aecoach.cli.group import AecoachGroup

if TYPE_CHECKING:  # imported by the commands that use it (it needs sqlite3)
    from collections.abc import Iterable

    from aecoach.context import Context
    from aecoach.history.queries import Filters

commands = room()
history_app = typer.Typer(
    cls=AecoachGroup,
    help="Recent sessions and answers, and where the history file is.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
commands.add_typer(history_app, name="history")


@history_app.callback()
def history(
    ctx: typer.Context,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=1, max=10000, metavar="N", help="How many recent sessions to show."
        ),
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Recent sessions and answers, and where the history file is.

    `aecoach history remove ID` takes a test run or a slip out of the record.
    """
    if ctx.invoked_subcommand:
        return
    from aecoach.history.store import read_listing

    listing = read_listing(context_of(ctx).history_path, limit=limit)
    if as_json:
        from aecoach.ui.console import print_json
        from aecoach.ui.history import listing_as_dict

        print_json(listing_as_dict(listing))
        return
    from aecoach.history.deliveries import read_recorded
    from aecoach.ui.history import render_history
    from aecoach.ui.pager import paged

    answered = [(a.item_key, a.language) for v in listing.sessions for a in v.answers]
    prompts = prompts_now(context_of(ctx), answered)
    with paged(context_of(ctx).pager) as console:
        render_history(console, listing, read_recorded(listing.path), prompts)


def prompts_now(context: Context, answered: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The questions answered in another language than today's, as the bank words them
    today, by key; the history keeps what was read and is not touched.

    The bank is loaded only when some answer to show is in another language (for most
    candidates none is), and then from its cache; a pack that cannot be read leaves
    the stored text in place rather than stopping the listing."""
    language = context.language or "en"
    keys = {key for key, said_in in answered if said_in != language}
    if not keys:
        return {}
    from aecoach.bank.loader import BankError, survey
    from aecoach.bank.query import prompts_in_language

    try:
        load = survey(
            language,
            extra=context.extra_packs,
            user_dir=context.packs_dir,
            cache_dir=context.cache_dir,
        )
    except BankError:
        return {}
    return prompts_in_language(load.bank, keys)


@history_app.command("remove")
def history_remove(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="SESSION_OR_ANSWER_ID",
            help="The id `aecoach history` shows after a session (id 3f2a9c1e) or an answer"
            " (answer 9b1d0c7a); its first characters are enough.",
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Remove without asking.")] = False,
) -> None:
    """Take a test run or a slip out of the record.

    ID names a whole session or one answer. Nothing is deleted: the answers
    move to a "removed" table in the history file, with the time of removal,
    so stats, review and exports no longer count them, and importing an old
    export does not bring them back.
    """
    from aecoach.ui.removal import remove

    remove(context_of(ctx), ref, yes=yes)


Mode = Enum("Mode", {k: k for k in ("practice", "review", "mock", "drill")}, type=str)  # type: ignore[misc]
ExportFormat = Enum("ExportFormat", {k: k for k in ("csv", "json", "md")}, type=str)  # type: ignore[misc]

_SINCE_HELP = (
    "Only answers from this day on, in your time zone: YYYY-MM-DD (2026-3-9 too), today,"
    " yesterday, or days or weeks ago as 7d or 2w."
)
_LANGUAGE_HELP = "Only answers given in this language (en, es, id, ja, th...)."


def answer_filters(
    ctx: typer.Context,
    since: str | None,
    role: Enum | None,
    language: str | None,
    mode: Enum | None,
) -> Filters:
    from aecoach.coaching.stats import make_filters

    return make_filters(
        since=since,
        today=context_of(ctx).clock().astimezone().date(),
        role=role.value if role else None,
        language=language,
        mode=mode.value if mode else None,
    )


# The filters stats and export share, declared once.
SinceFilter = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--since", metavar="DATE", help=_SINCE_HELP),
]
AnswerRoleFilter = Annotated[
    Optional[Role],  # noqa: UP045
    typer.Option(
        "--role",
        "-r",
        case_sensitive=False,
        help="Only answers to questions for this role: ae, sdr or am.",
    ),
]
LanguageFilter = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--language", metavar="CODE", help=_LANGUAGE_HELP),
]
ModeFilter = Annotated[
    Optional[Mode],  # noqa: UP045
    typer.Option(
        "--mode",
        case_sensitive=False,
        help="Only sessions of this kind: practice, review, mock or drill.",
    ),
]


@commands.command()
def stats(
    ctx: typer.Context,
    since: SinceFilter = None,
    role: AnswerRoleFilter = None,
    language: LanguageFilter = None,
    mode: ModeFilter = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (keys in docs/export.md) instead.")
    ] = False,
) -> None:
    """Are you getting better, and at what?

    Ratings by skill, kind and role, trends, time discipline, the questions
    to practise next, your streak, and what is due for review.
    """
    import dataclasses

    from aecoach.coaching.stats import read_stats

    context = context_of(ctx)
    filters = answer_filters(ctx, since, role, language, mode)
    now = context.clock().astimezone()  # local: "today" ends at the candidate's midnight
    result = read_stats(context.history_path, filters, today=now.date())
    if result.answers:
        from aecoach.coaching.schedule import summarise_due
        from aecoach.coaching.stats import Due
        from aecoach.history.plans import load_aimed

        # What is due covers the whole history: a filter narrows the figures, not the schedule.
        due = summarise_due(load_aimed(context.history_path, context.cache_dir, now), now)
        result = dataclasses.replace(result, due=Due(today=due.today, this_week=due.this_week))
    from aecoach.history.deliveries import read_weekly
    from aecoach.ui.stories import bank_report

    stories = bank_report(context)
    weeks = read_weekly(context.history_path, filters) if result.answers else []
    if as_json:
        from aecoach.ui.console import print_json

        data = result.as_dict()
        if stories is not None and stories.stories:
            data["stories"] = stories.as_dict()
        data["delivery_by_week"] = [w._asdict() for w in weeks]
        print_json(data)
        return
    from aecoach.errors import AecoachError, Msg

    if result.empty and filters.active:
        described = describe_filters(since, role, language, mode)
        raise AecoachError(Msg.NO_ANSWERS_MATCH, filters=described)
    from aecoach.ui.pager import paged
    from aecoach.ui.plan import reminder
    from aecoach.ui.stats import render_stats

    with paged(context.pager) as console:
        countdown = reminder(context, now)
        if countdown:
            from rich.text import Text

            console.print(Text(countdown, style="bold"))
        answered = [(w.item_key, w.language) for w in result.weakest]
        prompts = prompts_now(context, answered)
        render_stats(console, result, history_path=context.history_path, prompts=prompts)
        if stories is not None and stories.stories:
            from aecoach.ui.stories import render_bank_report

            render_bank_report(console, stories)
        if weeks:
            from aecoach.ui.voice import render_weeks

            render_weeks(console, weeks)


@commands.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        Optional[ExportFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="csv (spreadsheets), json (a lossless backup, for `aecoach import`) or md"
            " (a practice log to read). Default: from the output's name, else json.",
        ),
    ] = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file; - for standard output. Needed on a terminal; in a pipe"
            " the default is standard output.",
        ),
    ] = None,
    force: ForceOption = False,
    since: SinceFilter = None,
    role: AnswerRoleFilter = None,
    language: LanguageFilter = None,
    mode: ModeFilter = None,
) -> None:
    """Write your practice history as CSV, JSON or Markdown.

    New files are private (0600); an existing file is kept unless --force.
    """
    from aecoach.errors import AecoachError, Msg
    from aecoach.exporting import clashing_name, format_for
    from aecoach.exporting import export as run_export

    context = context_of(ctx)
    filters = answer_filters(ctx, since, role, language, mode)
    if output is None:
        # A whole history poured onto the screen helps nobody: on a terminal, ask where.
        if sys.stdout is not None and sys.stdout.isatty():
            raise AecoachError(Msg.EXPORT_WHERE, exit_code=2)
        output = "-"
    chosen = format_for(fmt.value if fmt else None, output)
    if chosen is None:
        if output != "-" and Path(output).suffix:
            raise AecoachError(Msg.EXPORT_FORMAT_UNKNOWN, name=Path(output).name, exit_code=2)
        chosen = "json"
    named = clashing_name(chosen, output)
    if named is not None:
        from aecoach.ui.export import FORMAT_NAMES

        raise AecoachError(
            Msg.EXPORT_FORMAT_CLASH,
            fmt=chosen,
            fmt_name=FORMAT_NAMES[chosen],
            name=Path(output).name,
            named_name=FORMAT_NAMES[named],
            fixed=Path(output).with_suffix("." + chosen).name,
            exit_code=2,
        )
    result = run_export(
        context.history_path,
        chosen,
        output,
        filters,
        force=force,
        today=context.clock().astimezone().date(),
    )
    if result.path is not None:
        from aecoach.ui.export import render_export_done

        render_export_done(result)


@commands.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A file written by `aecoach export --format json`.",
            show_default=False,
        ),
    ],
) -> None:
    """Load a JSON export into your history.

    A backup restored, or another computer's history merged; importing the
    same file twice adds nothing.
    """
    from aecoach.exporting import import_file
    from aecoach.ui.export import render_import_done

    context = context_of(ctx)
    sessions, answers, in_file = import_file(context.history_path, file)
    render_import_done(file, sessions, answers, in_file)
