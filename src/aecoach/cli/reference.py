"""`aecoach tips` and `aecoach questions`: the reference a candidate reads."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from aecoach.cli.common import (
    KindFilter,
    Role,
    SkillFilter,
    TipKind,
    context_of,
    describe_filters,
    left_out_packs_named,
    room,
)
from aecoach.cli.group import AecoachGroup

commands = room()
questions_app = typer.Typer(
    cls=AecoachGroup,
    help="Browse the question bank, or show one question in full.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
commands.add_typer(questions_app, name="questions")


@commands.command()
def tips(
    ctx: typer.Context,
    kind: Annotated[
        Optional[list[TipKind]],  # noqa: UP045
        typer.Option(
            "--kind",
            "-k",
            case_sensitive=False,
            help="Only this section: do, dont, advice, role (facts about the roles) or ask "
            "(questions to ask them). Repeatable.",
        ),
    ] = None,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role", "-r", case_sensitive=False, help="Only tips for this role: ae, sdr or am."
        ),
    ] = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--search",
            "-s",
            help="Only tips with these words, or words starting so (any case: OTE finds OTE,"
            " not quote); shown highlighted.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a sheet.")] = False,
) -> None:
    """The quick reference to read before the call.

    Do's and don'ts side by side, general advice, facts about the roles, and
    strong questions to ask the interviewer.
    """
    from aecoach.bare import show_tips

    show_tips(
        context_of(ctx),
        kinds=[k.value for k in kind or ()],
        role=role.value if role else None,
        search=search,
        as_json=as_json,
        filters=describe_filters(kind, role, search),
    )


@questions_app.callback()
def questions(
    ctx: typer.Context,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role",
            "-r",
            case_sensitive=False,
            help="Only questions for this role: ae, sdr or am.",
        ),
    ] = None,
    skill: SkillFilter = None,
    kind: KindFilter = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Browse the question bank: every question, or those for a role, skill or kind."""
    if ctx.invoked_subcommand:
        return
    from aecoach.bare import show_questions

    show_questions(
        context_of(ctx),
        role=role.value if role else None,
        skill=skill.value if skill else None,
        kind=kind.value if kind else None,
        as_json=as_json,
        filters=describe_filters(role, skill, kind),
    )


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Question ids for shell completion (from the cached bank: a few milliseconds)."""
    questions = context_of(ctx).bank().questions
    full = [q.key for q in questions if q.key.startswith(incomplete)]
    # A short id is completed as a short id, since `questions show` takes either.
    return full or sorted({q.id for q in questions if q.id.startswith(incomplete)})


@questions_app.command("show")
def questions_show(
    ctx: typer.Context,
    question_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The question's id, e.g. core/why-sales or why-sales.",
            autocompletion=_complete_ids,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a panel.")] = False,
) -> None:
    """One question with what a strong answer covers.

    Also shows its kind, roles, skills and suggested time limit.
    """
    from aecoach.bank.query import as_dict, find_question

    context = context_of(ctx)
    with left_out_packs_named(context):
        question = find_question(context.bank(), question_id)
    if as_json:
        from aecoach.ui.console import print_json

        print_json(as_dict(question))
        return
    from aecoach.ui.pager import paged
    from aecoach.ui.reference import render_question

    with paged(context_of(ctx).pager) as console:
        render_question(console, question)
