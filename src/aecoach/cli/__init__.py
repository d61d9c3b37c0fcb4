"""The command line: a thin table of contents.

Each command parses its options, calls one function that returns plain data, and
renders it. The commands live one module per group (`reference`, `practice`,
`history`, `packs`, `settings`); `group.COMMANDS` says which holds which, and only the
command being run is imported and built. Heavy modules are imported inside the
commands, so a command pays only for what it uses (see docs/design.md, "Startup").
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aecoach import __version__
from aecoach.cli.common import language_code
from aecoach.cli.group import AecoachGroup
from aecoach.context import Context, debug_from_env
from aecoach.edge import fail, serve, warn

app = typer.Typer(
    cls=AecoachGroup,
    name="aecoach",
    help=(
        "Rehearse sales interviews (AE, SDR, Account Manager) in the terminal: "
        "timed questions, honest self-ratings, and a private practice history."
    ),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aecoach {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    pack: Annotated[
        Optional[list[Path]],  # noqa: UP045 - typer 0.28 reads Optional, not X | None
        typer.Option(
            "--pack",
            help="Also load this pack file, or every pack in this folder (repeatable).",
            metavar="PATH",
        ),
    ] = None,
    lang: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--lang",
            "-L",
            metavar="CODE",
            help="Language for this run: en, es, id, ja or th (else the saved one, "
            "`aecoach lang`, then the system's LANG, then English).",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback if something fails.")
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Write long screens straight out instead of through $PAGER (less -R)."
            " Output to a pipe or a file never goes through the pager.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = Context(
        extra_packs=tuple(pack or ()),
        warn=warn,
        debug=debug or debug_from_env(),
        pager=not no_pager,
    )
    # Here rather than at import: `aecoach --help` and `--version` never get this far.
    ctx.obj.choose_language(language_code(lang) if lang is not None else None)


def run(args: list[str]) -> int:
    """Run the app and turn every failure into one line and an exit code."""
    return serve(lambda: _run(args))


def _run(args: list[str]) -> int:
    debug = "--debug" in args or debug_from_env()
    try:
        app(args=args, prog_name="aecoach", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (Exception, KeyboardInterrupt) as exc:
        if debug:
            raise
        return fail(exc, [])
    return 0
