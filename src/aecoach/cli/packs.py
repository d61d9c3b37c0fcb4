"""`aecoach packs`: the candidate's own packs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from aecoach.cli.common import context_of, room
from aecoach.cli.group import AecoachGroup

commands = room()
packs_app = typer.Typer(
    cls=AecoachGroup,
    help="Your own question packs: list them, check them, start one.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
commands.add_typer(packs_app, name="packs")


@packs_app.command("list")
def packs_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Every pack loaded, where it came from and what it holds.

    Built-in packs, your packs folder, and any --pack given for this run.
    """
    from aecoach.bank.userpacks import summaries, without_display

    rows = summaries(context_of(ctx).load())
    if as_json:
        from aecoach.ui.console import print_json

        print_json(without_display(rows))
        return
    from aecoach.ui.packs import render_pack_list
    from aecoach.ui.pager import paged

    with paged(context_of(ctx).pager) as console:
        render_pack_list(console, rows)


@packs_app.command("validate")
def packs_validate(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            metavar="PATH...",
            help="Pack files or folders of packs to check (default: your packs folder).",
            show_default=False,
        ),
    ] = None,
    bank: Annotated[
        bool,
        typer.Option(
            "--bank",
            help="Check PATH as a whole bank, one folder per language (default: the built-in "
            "bank), and list the ids each language lacks compared with English.",
        ),
    ] = False,
) -> None:
    """Check pack files without using them.

    Lists every problem as file:line:column: what is wrong — how to fix it.

    Exits 0 only when every pack is valid, so it can run in a pack author's CI.
    A pack whose id is already used by a built-in pack or another given pack
    is a problem too.
    """
    from aecoach.bank.loader import builtin_dir, validate, validate_bank
    from aecoach.ui.packs import write_validation

    if bank:
        results = [entry for root in paths or [builtin_dir()] for entry in validate_bank(root)]
    else:
        results = validate(paths or [context_of(ctx).packs_dir])
    write_validation(sys.stdout, results)
    if any(entry.problems for entry in results):
        raise typer.Exit(1)


@packs_app.command("new")
def packs_new(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="What the pack is for, e.g. the company: 'Acme Corp'."),
    ],
    pack_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--id",
            metavar="ID",
            help="The pack's id (lower-case letters, digits, hyphens). Default: made from NAME"
            " ('Acme Corp' is acme-corp), or my-pack for a name in another script.",
        ),
    ] = None,
) -> None:
    """Write a starter pack into your packs folder.

    The pack is commented throughout, ready to edit; its items' ids start with
    the pack's id.
    """
    from aecoach.bank.userpacks import create
    from aecoach.ui.console import make_console
    from aecoach.ui.packs import render_new_pack

    context = context_of(ctx)
    path, chosen = create(context.home, context.packs_dir, name, pack_id=pack_id)
    render_new_pack(make_console(), path, chosen)
