"""`--help` stays complete as the tool grows: every command and option explains itself."""

from __future__ import annotations

import pytest
import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from aecoach.cli import app


def _walk(command, ctx, path: str = "aecoach"):  # type: ignore[no-untyped-def]
    yield path, command
    if isinstance(command, TyperGroup):
        # list_commands/get_command, as `--help` does: the root builds its commands lazily.
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            yield from _walk(sub, typer.Context(sub, parent=ctx), f"{path} {name}")


_ROOT = typer.main.get_command(app)
COMMANDS = list(_walk(_ROOT, typer.Context(_ROOT)))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_and_its_options_have_help(path: str, command: object) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"  # type: ignore[attr-defined]
    for param in command.params:  # type: ignore[attr-defined]
        if isinstance(param, TyperOption):
            assert (param.help or "").strip(), f"{path} {param.opts[0]} has no help text"
        elif isinstance(param, TyperArgument):
            assert (getattr(param, "help", "") or "").strip(), f"{path} {param.name} has no help"


def test_there_is_something_to_check() -> None:
    paths = {p for p, _ in COMMANDS}
    assert {
        "aecoach",
        "aecoach tips",
        "aecoach questions",
        "aecoach questions show",
        "aecoach practice",
        "aecoach history",
        "aecoach packs list",
    } <= paths


def test_running_one_command_builds_only_that_command() -> None:
    # Startup: Typer's signature conversion is paid only for the command being run.
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    assert root.get_command(ctx, "tips") is not None
    assert set(root.commands) == {"tips"}  # type: ignore[attr-defined]
    # A typo builds the rest, so the "did you mean" suggestion still works.
    assert root.get_command(ctx, "tip") is None
    assert {"tips", "practice", "questions"} <= set(root.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("path", "command"), COMMANDS[1:], ids=[p for p, _ in COMMANDS[1:]])
def test_command_list_shows_the_whole_summary(path: str, command: object) -> None:
    # `aecoach --help` at 80 columns cuts a summary longer than this with "...".
    summary = command.get_short_help_str(limit=60)  # type: ignore[attr-defined]
    assert not summary.endswith("..."), f"{path}: make the docstring's first sentence shorter"


def test_bare_command_prints_help_and_succeeds(runner) -> None:  # type: ignore[no-untyped-def]
    for args in ([], ["packs"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "Commands:" in result.stdout
        assert result.stderr == ""
