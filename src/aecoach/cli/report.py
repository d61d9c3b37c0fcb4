"""`aecoach report`: the practice log as one offline HTML page for a mentor."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from aecoach.cli.common import ForceOption, context_of, describe_filters, room
from aecoach.cli.history import (
    AnswerRoleFilter,
    LanguageFilter,
    ModeFilter,
    SinceFilter,
    answer_filters,
)

commands = room()

AudioMode = Enum("AudioMode", {k: k for k in ("embed", "link", "none")}, type=str)  # type: ignore[misc]


@commands.command()
def report(
    ctx: typer.Context,
    output: Annotated[
        Optional[str],  # noqa: UP045 - typer 0.28 reads Optional, not X | None
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.html",
            help="Write to this file, named .html or .htm (default: "
            "aecoach-report-DATE.html here); - for standard output.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    audio: Annotated[
        AudioMode,
        typer.Option(
            "--audio",
            case_sensitive=False,
            help="Recordings: embed them in the page (one file to send), link to them "
            "in your data folder (a smaller page, for this computer only), or none.",
        ),
    ] = AudioMode.embed,  # type: ignore[attr-defined]
    open_it: Annotated[
        bool, typer.Option("--open", help="Open the report in your web browser when written.")
    ] = False,
    since: SinceFilter = None,
    role: AnswerRoleFilter = None,
    language: LanguageFilter = None,
    mode: ModeFilter = None,
) -> None:
    """One offline HTML page of your practice, for a mentor.

    Charts of your progress, then every session and answer with its notes. It works
    from a double click with no network; new files are private (0600), and an
    existing one is kept unless --force.
    """
    from aecoach.report.write import check_name, default_name, write_report
    from aecoach.ui.report import open_report, render_report_done

    if output is not None:
        check_name(output)
    context = context_of(ctx)
    now = context.clock().astimezone()
    filters = answer_filters(ctx, since, role, language, mode)
    described = describe_filters(since, role, language, mode) if filters.active else None
    result = write_report(
        context.history_path,
        output if output is not None else default_name(now.date()),
        filters,
        force=force,
        audio=audio.value,
        today=now.date(),
        zone=now.tzinfo,
        home=context.home,
        unmatched=described,
    )
    if result.path is not None:
        render_report_done(result)
        if open_it:
            open_report(result.path)
