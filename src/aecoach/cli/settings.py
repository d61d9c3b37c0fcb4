"""`aecoach lang`: the settings a candidate saves."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from aecoach.cli.common import context_of, language_code, room

commands = room()


@commands.command("lang")
def lang_command(
    ctx: typer.Context,
    code: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[CODE]",
            help="Save this language for every run: en, es, id, ja or th.",
            show_default=False,
        ),
    ] = None,
    reset: Annotated[
        bool,
        typer.Option("--reset", help="Forget the saved language: use the system's again."),
    ] = False,
) -> None:
    """Show or save the language aecoach speaks.

    With no CODE, shows the language in use and where that choice came from;
    with a CODE, saves it for every run from now on.
    """
    from aecoach import settings
    from aecoach.errors import AecoachError, Msg
    from aecoach.ui.console import make_console
    from aecoach.ui.language import render_language, render_saved

    context = context_of(ctx)
    if code is None and not reset:
        render_language(make_console(), context.language_choice or context.choose_language())
        return
    chosen = language_code(code) if code is not None else None
    data, _trouble = settings.read(context.home)  # an unreadable file is replaced
    data.pop("language", None)
    if chosen is not None:
        data["language"] = chosen
    try:
        path = settings.write(context.home, data)
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise AecoachError(
            Msg.SETTINGS_NOT_SAVED, path=str(settings.path_in(context.home)), reason=reason
        ) from None
    # The confirmation in the language just saved, unless --lang overrides it for this run.
    choice = context.language_choice
    if choice is None or choice.source != "--lang":
        choice = context.choose_language()
    render_saved(make_console(), chosen, path, choice)


Shell = Enum("Shell", {k: k for k in ("bash", "zsh", "fish")}, type=str)  # type: ignore[misc]


@commands.command()
def completion(
    shell: Annotated[
        Shell,
        typer.Argument(metavar="SHELL", help="bash, zsh or fish.", show_default=False),
    ],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    It completes commands, options, roles, skills, kinds and question ids. Save
    it once where your shell looks (nothing runs at shell start):

      bash: aecoach completion bash > ~/.local/share/bash-completion/completions/aecoach

      zsh:  aecoach completion zsh > ~/.zfunc/_aecoach   (with fpath+=~/.zfunc before
      compinit in ~/.zshrc)

      fish: aecoach completion fish > ~/.config/fish/completions/aecoach.fish
    """
    from typer._completion_shared import get_completion_script

    from aecoach.cli.group import COMPLETE_VAR

    script = get_completion_script(
        prog_name="aecoach", complete_var=COMPLETE_VAR, shell=shell.value
    )
    sys.stdout.write(script + "\n")
