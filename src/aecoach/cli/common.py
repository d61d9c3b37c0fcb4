"""What the command modules share: the option types, the context, a few helpers.

Declared once, so an option reads the same in every command's help.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, Optional

import typer

from aecoach.bank import taxonomy
from aecoach.context import Context, debug_from_env
from aecoach.edge import warn
from aecoach.i18n import _

Role = Enum("Role", {k: k for k in taxonomy.ROLES}, type=str)  # type: ignore[misc]
Skill = Enum("Skill", {k: k for k in taxonomy.SKILLS}, type=str)  # type: ignore[misc]
QuestionKind = Enum("QuestionKind", {k: k for k in taxonomy.QUESTION_KINDS}, type=str)  # type: ignore[misc]
TipKind = Enum("TipKind", {k: k for k in ("do", "dont", "advice", "role", "ask")}, type=str)  # type: ignore[misc]

# Filters several commands share, declared once so their help reads the same everywhere.
SkillFilter = Annotated[
    Optional[Skill],  # noqa: UP045 - typer 0.28 reads Optional, not X | None
    typer.Option(
        "--skill",
        case_sensitive=False,
        metavar="SKILL",
        help="Only questions that exercise this skill: " + ", ".join(taxonomy.SKILLS) + ".",
    ),
]
TimeLimit = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--time",
        "-t",
        min=10,
        max=1800,
        metavar="SECONDS",
        help="Seconds for every answer, instead of each question's own limit.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the output file if it already exists.")
]
KindFilter = Annotated[
    Optional[QuestionKind],  # noqa: UP045
    typer.Option(
        "--kind",
        "-k",
        case_sensitive=False,
        metavar="KIND",
        help="Only questions of this kind: " + ", ".join(taxonomy.QUESTION_KINDS) + ".",
    ),
]


def room(help_text: str | None = None) -> typer.Typer:
    """A Typer to hold one module's commands; the root group builds them one at a time."""
    return typer.Typer(help=help_text, rich_markup_mode=None, add_completion=False)


def context_of(ctx: typer.Context) -> Context:
    root = ctx.find_root()
    if not isinstance(root.obj, Context):
        root.obj = Context(warn=warn, debug=debug_from_env())
    return root.obj


@contextmanager
def left_out_packs_named(context: Context) -> Iterator[None]:
    """An unknown pack or question whose pack is one the packs folder left out (broken) is
    told as that, not as a name that does not exist."""
    from aecoach.errors import AecoachError, Msg

    try:
        yield
    except AecoachError as exc:
        value = str(exc.values.get("value", ""))
        if exc.msg is Msg.PACK_UNKNOWN:
            name = value
        elif exc.msg is Msg.UNKNOWN_ID and "/" in value:
            name = value.split("/", 1)[0]
        else:
            raise
        import shlex

        from aecoach.bank.loader import left_out
        from aecoach.i18n import ngettext

        skipped = left_out(context.load(), name, context.packs_dir)
        if skipped is None:
            raise
        total = len(skipped.problems)
        raise AecoachError(
            Msg.PACK_LEFT_OUT,
            pack=name,
            count=ngettext("{count} problem", "{count} problems", total).format(count=total),
            qpath=shlex.quote(str(skipped.path)),
            exit_code=exc.exit_code,
        ) from None


def language_code(value: str) -> str:
    from aecoach import i18n

    code = i18n.code_of(value)
    if code is None:
        from aecoach.errors import AecoachError, Msg

        meant = i18n.meant(value)
        if meant is not None:
            raise AecoachError(
                Msg.LANGUAGE_SPOKEN_MEANT, value=value, code=meant, names=i18n.names(), exit_code=2
            )
        raise AecoachError(Msg.UNKNOWN_LANGUAGE, value=value, names=i18n.names(), exit_code=2)
    return code


def describe_filters(*values: object) -> str:
    parts = []
    for value in values:
        if isinstance(value, list):
            parts.extend(v.value for v in value)
        elif isinstance(value, Enum):
            parts.append(value.value)
        elif value:
            parts.append(repr(value))
    return _(" and ").join(parts) or _("the bank")


def not_a_terminal() -> str | None:
    """Which of stdin and stdout is not a terminal, if either (a closed one counts)."""
    for name, stream in ((_("standard input"), sys.stdin), (_("standard output"), sys.stdout)):
        try:
            if stream is None or not stream.isatty():
                return name
        except (OSError, ValueError):
            return name
    return None
