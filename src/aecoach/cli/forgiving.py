"""The command line as people type it: global options anywhere, spellings, and plain refusals.

- `--lang`, `--pack`, `--debug` and `--no-pager` work after the command too
  (`aecoach tips --lang ja`), as gh, docker and kubectl allow: they are moved in
  front of it before Click parses.
- `practise` is `practice`; `--skill organization` is `organisation` and
  `--kind behavioral` is `behavioural`; any other near miss is answered with
  "did you mean".
- A usage mistake is one `aecoach: error: …` line like every other refusal,
  not Click's usage block (and a usage line names `ID`, not `{ID}`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import _click
from typer._types import TyperChoice
from typer.core import TyperArgument

# The root's options, and whether each takes a value.
GLOBAL_OPTIONS = {"--lang": True, "-L": True, "--pack": True, "--debug": False, "--no-pager": False}
COMMAND_ALIASES = {"practise": "practice"}
# Spellings of a value that mean the same one (US and British English, hyphens).
VALUE_ALIASES = {
    "organization": "organisation",
    "behavioral": "behavioural",
    "objection-role-play": "objection-roleplay",
    "role-play": "objection-roleplay",
    "roleplay": "objection-roleplay",
    "don't": "dont",
    "donts": "dont",
    "don'ts": "dont",
    "dos": "do",
    "asks": "ask",
    "markdown": "md",
}


def hoist_global_options(
    args: list[str], own: Callable[[str], set[str]] = lambda name: set()
) -> list[str]:
    """`args` with the root's options moved in front of the command (up to a `--`).

    `own(command)` names the options the command itself takes: those stay its own
    (`practice --pack ID` is practice's pack, not the root's).
    """
    position = 0
    while position < len(args):  # skip the root's own options to find the command
        token = args[position]
        if not token.startswith("-") or token == "--":
            break
        position += 2 if GLOBAL_OPTIONS.get(token) else 1
    if position >= len(args) or args[position] == "--":
        return list(args)
    front, rest = list(args[:position]), []
    tail = args[position:]
    mine = own(args[position])
    i = 0
    while i < len(tail):
        token = tail[i]
        if token == "--":
            rest.extend(tail[i:])
            break
        name = token.split("=", 1)[0]
        if name in mine:
            rest.append(token)
            i += 1
            continue
        if (name in GLOBAL_OPTIONS and name.startswith("--")) or token in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in token
            if takes_value and i + 1 < len(tail):
                front.extend(tail[i : i + 2])
                i += 2
                continue
            if not takes_value:
                front.append(token)
                i += 1
                continue
            # A root option at the very end with its value missing: that, not "no such
            # option", is what went wrong.
            from aecoach.errors import Msg, render

            metavar = "PATH" if name == "--pack" else "CODE"
            raise Refusal(render(Msg.MISSING_VALUE, command="aecoach", name=f"{name} {metavar}"))
        rest.append(token)
        i += 1
    return front + rest


def option_names(command: Any) -> set[str]:
    """Every option name a command and its subcommands take."""
    names = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    for sub in getattr(command, "commands", {}).values():
        names |= option_names(sub)
    return names


def normalise(value: str) -> str:
    text = re.sub(r"[\s_]+", "-", value.strip().casefold())
    return VALUE_ALIASES.get(text, text)


def did_you_mean(value: str, known: list[str]) -> str:
    """' (did you mean 'x'?)' for the closest of `known`, or ''."""
    import difflib

    from aecoach.i18n import _

    near = difflib.get_close_matches(normalise(value), known, n=1, cutoff=0.6)
    return _(" (did you mean '{id}'?)").format(id=near[0]) if near else ""


class Refusal(_click.exceptions.BadParameter):
    """A bad value, already worded as aecoach words its refusals (with the fix)."""


def _option(param: Any) -> str:
    if param.param_type_name == "argument":
        return (param.metavar or param.name or "").strip("[]{}.").upper()
    return max(param.opts or [param.name], key=len)


def _refuse(msg_name: str, param: Any, ctx: Any, **values: Any) -> None:
    from aecoach.errors import Msg, render

    text = render(Msg[msg_name], option=_option(param), **values)
    raise Refusal(text, ctx=ctx, param=param)


class ForgivingChoice(TyperChoice):  # type: ignore[type-arg]
    """A choice that takes other spellings of its values and suggests the close one."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str):
            known = [str(getattr(c, "value", c)) for c in self.choices]
            wanted = normalise(value)
            if wanted not in known:
                hint = did_you_mean(value, known)
                _refuse(
                    "CHOICE_UNKNOWN", param, ctx, value=value, hint=hint, choices=", ".join(known)
                )
            value = wanted
        return super().convert(value, param, ctx)


class WholeNumber(_click.types.IntParamType):
    """A whole number, refused in aecoach's words."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return super().convert(value, param, ctx)
        except _click.exceptions.BadParameter:
            _refuse("NOT_A_NUMBER", param, ctx, value=value)


class WholeNumberRange(_click.types.IntRange):
    """A whole number between two bounds, refused in aecoach's words."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        bounds = {"low": self.min, "high": self.max}
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            _refuse("NUMBER_NOT_WHOLE", param, ctx, value=value, **bounds)
        too_low = self.min is not None and number < self.min
        if too_low or (self.max is not None and number > self.max):
            _refuse("NUMBER_OUT_OF_RANGE", param, ctx, value=number, **bounds)
        return number


class PlainArgument(TyperArgument):
    """An argument whose usage reads `ID`, not Typer's `{ID}`."""

    def make_metavar(self, ctx: Any, *, usage: bool = False) -> str:
        shown = super().make_metavar(ctx, usage=usage)
        return shown[1:-1] if shown.startswith("{") and shown.endswith("}") else shown


def forgive(command: Any) -> Any:
    """Give a built command (and its subcommands) the forgiving types and plain usage."""
    for param in command.params:
        kind = type(param.type)
        if kind is TyperChoice:
            param.type.__class__ = ForgivingChoice
        elif kind is _click.types.IntRange:
            param.type.__class__ = WholeNumberRange
        elif kind is _click.types.IntParamType:
            param.type = WholeNumber()
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument
    _name_the_command(command)
    for sub in getattr(command, "commands", {}).values():
        forgive(sub)
    return command


def _name_the_command(command: Any) -> None:
    """Click's parser raises "requires an argument" without saying for which command;
    the refusal should point at `aecoach tips --help`, not `aecoach --help`."""
    parse = command.parse_args

    def parse_args(ctx: Any, args: list[str]) -> Any:
        try:
            return parse(ctx, args)
        except _click.exceptions.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise

    command.parse_args = parse_args


def usage_text(exc: _click.exceptions.ClickException) -> str:
    """The one line for a usage mistake, with how to put it right."""
    from aecoach.errors import Msg, render

    if isinstance(exc, Refusal):
        return exc.message
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        _settle_language(ctx)
    command = ctx.command_path if ctx is not None else "aecoach"
    if isinstance(exc, _click.exceptions.NoSuchOption):
        known = sorted(exc.possibilities or ())
        hint = did_you_mean(exc.option_name, known) if known else ""
        if not hint and ctx is not None:
            hint = _owned_below(ctx.command, command, exc.option_name)
        return render(Msg.NO_SUCH_OPTION, command=command, option=exc.option_name, hint=hint)
    if isinstance(exc, _click.exceptions.MissingParameter) and exc.param is not None:
        name = (exc.param.metavar or exc.param.name or "?").strip("[]{}.")
        return render(Msg.MISSING_VALUE, command=command, name=name.upper())
    return _click_usage(exc.format_message(), command) or render(
        Msg.USAGE, problem=exc.format_message().rstrip("."), command=command
    )


def _owned_below(group: Any, command: str, option: str) -> str:
    """A group's refusal of its commands' option (`stories --json`) names the command that
    takes it, the first as listed."""
    from aecoach.i18n import _

    for name, sub in getattr(group, "commands", {}).items():
        if any(option in param.opts for param in sub.params):
            return _(" (did you mean '{id}'?)").format(id=f"{command} {name} {option}")
    return ""


def _settle_language(ctx: Any) -> None:
    """A mistyped command (`aecoach --lang ja tip`) fails before the root callback chose
    the language; choose it here, so the refusal is in it too."""
    from aecoach.context import Context

    root = ctx.find_root()
    if root.obj is not None:
        return  # chosen already
    flag = root.params.get("lang")
    try:
        Context().choose_language(flag if isinstance(flag, str) else None)
    except Exception:
        return


# Click's and Typer's usage messages, which are English whatever the language.
_CLICK_USAGE = {
    "MISSING_COMMAND": re.compile(r"Missing command\.?"),
    "NO_SUCH_COMMAND": re.compile(
        r"No such command '(?P<name>.*?)'\.?(?: Did you mean (?P<near>.*)\?)?"
    ),
    "EXTRA_ARGUMENTS": re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)\.?"),
    "OPTION_NEEDS_VALUE": re.compile(
        r"Option '(?P<option>[^']+)' requires an? (?:argument|\d+ arguments)\.?"
    ),
    "OPTION_TAKES_NO_VALUE": re.compile(r"Option '(?P<option>[^']+)' does not take a value\.?"),
}


def _click_usage(message: str, command: str) -> str | None:
    """One of Click's usage messages in aecoach's words (and language), or None."""
    from aecoach.errors import Msg, render
    from aecoach.i18n import _

    for name, pattern in _CLICK_USAGE.items():
        found = pattern.fullmatch(message.strip())
        if found is None:
            continue
        values = {k: v for k, v in found.groupdict().items() if v is not None}
        if name == "NO_SUCH_COMMAND":
            near = values.pop("near", "").split(",")[0].strip(" '")
            values["hint"] = _(" (did you mean '{id}'?)").format(id=near) if near else ""
        return render(Msg[name], command=command, **values)
    return None
