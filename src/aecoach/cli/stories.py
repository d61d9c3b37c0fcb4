"""`aecoach stories`: the candidate's bank of true STAR stories (issue 15)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from aecoach.cli.common import Skill, context_of, room
from aecoach.cli.group import AecoachGroup

commands = room()
stories_app = typer.Typer(
    cls=AecoachGroup,
    help="Your true STAR stories, to bring to the interview.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
commands.add_typer(stories_app, name="stories")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead.")]
Number = Annotated[
    int, typer.Argument(metavar="N", help="The story's number, as `aecoach stories list` shows it.")
]
Title = Annotated[Optional[str], typer.Option("--title", help="A few words to know it by.")]  # noqa: UP045
Skills = Annotated[
    Optional[list[Skill]],  # noqa: UP045
    typer.Option(
        "--skill", case_sensitive=False, metavar="SKILL", help="A skill it shows (repeatable)."
    ),
]
Situation = Annotated[str | None, typer.Option("--situation", help="Where and when; the stakes.")]
Task = Annotated[Optional[str], typer.Option("--task", help="What you had to do.")]  # noqa: UP045
Action = Annotated[Optional[str], typer.Option("--action", help="What you did.")]  # noqa: UP045
Result = Annotated[Optional[str], typer.Option("--result", help="What changed.")]  # noqa: UP045


def _given(skill: list[Skill] | None, **parts: object) -> dict[str, object]:
    """The parts given as options (to save as they are), or none (to open the editor)."""
    given = {k: v for k, v in parts.items() if v is not None}
    if skill:
        given["skills"] = [s.value for s in skill]
    return given


@stories_app.command("add")
def stories_add(
    ctx: typer.Context,
    title: Title = None,
    skill: Skills = None,
    situation: Situation = None,
    task: Task = None,
    action: Action = None,
    result: Result = None,
) -> None:
    """Add a story: in $EDITOR, or from the options.

    Without options, opens your editor ($VISUAL, $EDITOR, else vi) on a small
    template; with --title and the others, saves at once (for scripts).
    """
    from aecoach.ui.stories import add

    fields = _given(
        skill, title=title, situation=situation, task=task, action=action, result=result
    )
    add(context_of(ctx), fields)


@stories_app.command("list")
def stories_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every story, with how often you told it."""
    from aecoach.ui.stories import list_stories

    list_stories(context_of(ctx), as_json=as_json)


@stories_app.command("show")
def stories_show(ctx: typer.Context, number: Number, as_json: JsonFlag = False) -> None:
    """One story in full."""
    from aecoach.ui.stories import show

    show(context_of(ctx), number, as_json=as_json)


@stories_app.command("edit")
def stories_edit(
    ctx: typer.Context,
    number: Number,
    title: Title = None,
    skill: Skills = None,
    situation: Situation = None,
    task: Task = None,
    action: Action = None,
    result: Result = None,
) -> None:
    """Change a story, in $EDITOR or by options.

    Without options, opens your editor on the story; with them, changes only
    the parts given.
    """
    from aecoach.ui.stories import edit

    fields = _given(
        skill, title=title, situation=situation, task=task, action=action, result=result
    )
    edit(context_of(ctx), number, fields)


@stories_app.command("remove")
def stories_remove(
    ctx: typer.Context,
    number: Number,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Remove without asking.")] = False,
) -> None:
    """Delete a story; the answers that told it keep what you said."""
    from aecoach.ui.stories import remove

    remove(context_of(ctx), number, yes=yes)
