"""`--help` stays complete as the tool grows: every command and option explains itself."""

from __future__ import annotations

import pytest
import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from aecoach.cli import app


def _walk(command, path: str = "aecoach"):  # type: ignore[no-untyped-def]
    yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _walk(sub, f"{path} {name}")


COMMANDS = list(_walk(typer.main.get_command(app)))


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
    assert {"aecoach", "aecoach tips", "aecoach questions", "aecoach questions show"} <= paths
