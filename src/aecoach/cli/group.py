"""The root group: commands built on demand, and the one place failures become one line.

Typer turns every command's signature into Click parameters before it runs any of
them, which costs about a millisecond per command on every start. So each command
lives in the module of its group (`COMMANDS` below), and the root group imports and
builds only the command being run; `--help` and a mistyped name build them all, to
list them and to suggest the close one (see docs/design.md, "Startup").
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

import typer
from typer.core import TyperGroup

# COMPLETE_VAR is set by the scripts `aecoach completion SHELL` prints, when the shell
# asks what may follow.
from aecoach.bare import COMPLETE_VAR
from aecoach.context import Context, debug_from_env
from aecoach.edge import internal_text, output_failure

# Every top-level command or group, in the order `aecoach --help` lists them, and the
# module under aecoach.cli that holds it (in that module's `commands`).
COMMANDS: dict[str, str] = {
    "tips": "reference",
    "questions": "reference",
    "practice": "practice",
    "review": "practice",
    "mock": "practice",
    "drill": "practice",
    "history": "history",
    "stats": "history",
    "export": "history",
    "import": "history",
    "report": "report",
    "plan": "plan",
    "today": "plan",
    "stories": "stories",
    "packs": "packs",
    "lang": "settings",
    "analyze": "voice",
    "play": "voice",
    "voice": "voice",
    "completion": "settings",
}


def build(name: str):  # type: ignore[no-untyped-def]
    """The Click command for one top-level name, from its module's Typer."""
    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    from aecoach.cli.forgiving import forgive

    holder: typer.Typer = importlib.import_module(f"aecoach.cli.{COMMANDS[name]}").commands
    for info in holder.registered_commands:
        assert info.callback is not None
        if (info.name or get_command_name(info.callback.__name__)) == name:
            return forgive(
                get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
            )
    for group in holder.registered_groups:
        if group.name == name:
            return forgive(
                get_group_from_info(
                    group,
                    pretty_exceptions_short=True,
                    suggest_commands=True,
                    rich_markup_mode=None,
                )
            )
    raise LookupError(f"aecoach.cli.{COMMANDS[name]} has no command {name!r}")


class AecoachGroup(TyperGroup):
    """Typer's group, plus the one place failures become one line on stderr.

    Handling errors here rather than only in `run()` means `CliRunner` tests
    see exactly what a candidate sees.
    """

    def main(self, *args, standalone_mode: bool = True, **kwargs):  # type: ignore[no-untyped-def]
        # Click's usage block ("Usage: … Try … Error: …") becomes one line like every
        # other refusal, with the fix; Typer shows it itself only in standalone mode.
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        from typer._click.exceptions import ClickException

        if COMPLETE_VAR in os.environ:
            # Asked by the shell for completions: Typer answers it, with the shells set up
            # only now, so that no other run pays for them.
            from typer._completion_classes import completion_init

            completion_init()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except ClickException as exc:
            from aecoach.cli.forgiving import usage_text

            sys.stderr.write(f"aecoach: error: {usage_text(exc)}\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("\naecoach: interrupted\n")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if ctx.parent is None and args:
            from aecoach.cli.forgiving import hoist_global_options, option_names

            def own(name: str) -> set[str]:
                command = self.get_command(ctx, name)
                return option_names(command) if command is not None else set()

            args = hoist_global_options(args, own)
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            # Bare `aecoach` (or `aecoach packs`) asks for help: give it on stdout with
            # exit 0, so `aecoach | less` works, rather than Click's usage error.
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def get_help(self, ctx: typer.Context) -> str:
        text = super().get_help(ctx)
        if ctx.parent is None:
            from aecoach.helpcache import store

            store(text)  # for the next `aecoach --help`, which then needs no Typer
        return text

    def list_commands(self, ctx: typer.Context) -> list[str]:
        if ctx.parent is None:
            return list(COMMANDS)
        return super().list_commands(ctx)

    def get_command(self, ctx: typer.Context, cmd_name: str):  # type: ignore[no-untyped-def]
        if ctx.parent is None:
            from aecoach.cli.forgiving import COMMAND_ALIASES

            cmd_name = COMMAND_ALIASES.get(cmd_name, cmd_name)
            # An unknown name builds them all, so Typer can suggest the close one.
            wanted = [cmd_name] if cmd_name in COMMANDS else list(COMMANDS)
            for name in wanted:
                if name not in self.commands:
                    self.commands[name] = build(name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: typer.Context, args: list[str]):  # type: ignore[no-untyped-def]
        name, command, rest = super().resolve_command(ctx, args)
        if name:
            ctx.find_root().meta.setdefault("aecoach.command", []).append(name)
        return name, command, rest

    def invoke(self, ctx: typer.Context):  # type: ignore[no-untyped-def]
        if ctx.parent is not None:
            return super().invoke(ctx)
        from typer.exceptions import TyperException  # usage errors and the like

        from aecoach.errors import AecoachError

        try:
            return super().invoke(ctx)
        except (TyperException, typer.Exit, typer.Abort):
            raise
        except AecoachError as exc:
            if _debugging(ctx):
                raise
            sys.stderr.write(f"aecoach: error: {exc.text}\n")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            if _debugging(ctx):
                raise
            sys.stderr.write("\naecoach: interrupted\n")
            raise typer.Exit(130) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE or _debugging(ctx):
                raise  # Typer closes quietly on a broken pipe (`aecoach tips | head`)
            _output_or_internal(ctx, exc)
        except Exception as exc:
            if _debugging(ctx):
                raise
            _output_or_internal(ctx, exc)


def _debugging(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    obj = root.obj
    from_obj = isinstance(obj, Context) and obj.debug
    return bool(root.params.get("debug")) or from_obj or debug_from_env()


def _output_or_internal(ctx: typer.Context, exc: BaseException) -> None:
    text = output_failure(exc)
    if text != "":
        sys.stderr.write(f"aecoach: error: {text or internal_text(ctx.find_root().meta, exc)}\n")
    raise typer.Exit(1) from None
