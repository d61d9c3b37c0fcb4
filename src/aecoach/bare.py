"""`aecoach tips` and `aecoach questions` typed bare, served without Typer.

They are what a candidate types most, often minutes before a call, and
importing Typer and building the command is a third of what they cost. With
no options there is nothing to parse, so `__main__.py` hands them here: the
same context the root callback makes, the same screen (`show_tips`,
`show_questions`, which the Typer commands call too) and the same one-line
failures (`aecoach.edge`). `--lang` and `--no-pager` are taken too; anything
else on the line (another option, a mistake) goes through Typer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from aecoach.context import Context

NAMES = ("tips", "questions")

# Set when the shell asks for completions: Typer answers those.
COMPLETE_VAR = "_AECOACH_COMPLETE"


class Line(NamedTuple):
    command: str
    language: str | None
    pager: bool


def parse(args: list[str]) -> Line | None:
    """The command line, if it is one served here: a reference command with at most the
    root options that need no checking beyond a known language code (`--lang CODE`,
    `-L CODE`, `--lang=CODE`, `--no-pager`), on either side of it."""
    if COMPLETE_VAR in os.environ:
        return None
    command, language, pager = None, None, True
    words = iter(args)
    for word in words:
        if word in NAMES and command is None:
            command = word
        elif word == "--no-pager":
            pager = False
        elif word in ("--lang", "-L"):
            language = next(words, None)
            if language is None:
                return None
        elif word.startswith("--lang="):
            language = word.removeprefix("--lang=")
        else:
            return None
    if language is not None:
        from aecoach.i18n import code_of

        language = code_of(language)
        if language is None:
            return None  # Typer's path says what the known codes are
    return None if command is None else Line(command, language, pager)


def run(line: Line) -> int:
    from aecoach.edge import serve

    return serve(lambda: _run(line))


def _run(line: Line) -> int:
    from aecoach.context import Context, debug_from_env
    from aecoach.edge import fail, warn

    debug = debug_from_env()
    try:
        context = Context(warn=warn, debug=debug, pager=line.pager)
        context.choose_language(line.language)
        (show_tips if line.command == "tips" else show_questions)(context)
    except (Exception, KeyboardInterrupt) as exc:
        if debug:
            raise
        return fail(exc, [line.command])
    return 0


def show_tips(
    context: Context,
    *,
    kinds: list[str] | None = None,
    role: str | None = None,
    search: str | None = None,
    as_json: bool = False,
    filters: str | None = None,
) -> None:
    """The tip sheet, or its items as JSON; `filters` names the filters for a refusal."""
    from aecoach.bank.query import as_dict, tip_sheet

    sheet = tip_sheet(context.bank(), kinds=kinds or [], role=role, search=search)
    if as_json:
        from aecoach.ui.console import print_json

        items = [*sheet.dos, *sheet.donts, *sheet.advice, *sheet.role]
        data = [as_dict(t) for t in items]
        data += [{"kind": "ask", **as_dict(a)} for a in sheet.asks]
        print_json(data)
        return
    if not sheet:
        from aecoach.errors import AecoachError, Msg
        from aecoach.i18n import _

        raise AecoachError(Msg.NO_MATCH, what=_("tips"), filters=filters or _("the bank"))
    from aecoach.ui.pager import paged
    from aecoach.ui.reference import render_tips

    with paged(context.pager) as console:
        render_tips(console, sheet, search=search)


def show_questions(
    context: Context,
    *,
    role: str | None = None,
    skill: str | None = None,
    kind: str | None = None,
    as_json: bool = False,
    filters: str | None = None,
) -> None:
    """The question list, or its questions as JSON; `filters` names the filters for a
    refusal."""
    from aecoach.bank.query import as_dict, select_questions

    found = select_questions(context.bank(), role=role, skill=skill, kind=kind)
    if as_json:
        from aecoach.ui.console import print_json

        print_json([as_dict(q) for q in found])
        return
    if not found:
        from aecoach.errors import AecoachError, Msg
        from aecoach.i18n import _

        raise AecoachError(Msg.NO_MATCH, what=_("questions"), filters=filters or _("the bank"))
    from aecoach.ui.pager import paged
    from aecoach.ui.reference import render_question_table

    with paged(context.pager) as console:
        render_question_table(console, found)
