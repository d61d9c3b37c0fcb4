"""The command line: a thin table of contents.

Each command parses its options, calls one function that returns plain
data, and renders it. Heavy modules are imported inside the commands, so a
command pays only for what it uses (see docs/design.md, "Startup").
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from aecoach import __version__
from aecoach.bank import taxonomy
from aecoach.context import Context, debug_from_env
from aecoach.i18n import _

if TYPE_CHECKING:  # imported by the commands that use it (it needs sqlite3)
    from aecoach.history.queries import Filters

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


class AecoachGroup(TyperGroup):
    """Typer's group, plus the one place failures become one line on stderr.

    Handling errors here rather than only in `run()` means `CliRunner` tests
    see exactly what a candidate sees.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            # Bare `aecoach` (or `aecoach packs`) asks for help: give it on stdout with
            # exit 0, so `aecoach | less` works, rather than Click's usage error.
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        if ctx.parent is None and _DEFERRED:
            return list(_DEFERRED)
        return super().list_commands(ctx)

    def get_command(self, ctx: typer.Context, cmd_name: str):  # type: ignore[no-untyped-def]
        if ctx.parent is None and _DEFERRED:
            # An unknown name builds them all, so Typer can suggest the close one.
            wanted = [cmd_name] if cmd_name in _DEFERRED else list(_DEFERRED)
            for name in wanted:
                if name not in self.commands:
                    self.commands[name] = _DEFERRED[name]()
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: typer.Context, args: list[str]):  # type: ignore[no-untyped-def]
        name, command, rest = super().resolve_command(ctx, args)
        if name:
            ctx.find_root().meta.setdefault("aecoach.command", []).append(name)
        return name, command, rest

    def invoke(self, ctx: typer.Context):  # type: ignore[no-untyped-def]
        if ctx.parent is not None:
            return super().invoke(ctx)
        import errno

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
            _internal(ctx, exc)
        except Exception as exc:
            if _debugging(ctx):
                raise
            _internal(ctx, exc)


def _debugging(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    obj = root.obj
    from_obj = isinstance(obj, Context) and obj.debug
    return bool(root.params.get("debug")) or from_obj or debug_from_env()


def _internal(ctx: typer.Context, exc: BaseException) -> None:
    sys.stderr.write(f"aecoach: error: {_internal_text(ctx.find_root().meta, exc)}\n")
    raise typer.Exit(1) from None


def _internal_text(meta: dict[str, object], exc: BaseException) -> str:
    from aecoach.errors import Msg, render
    from aecoach.textsafe import shown

    names = meta.get("aecoach.command") or []
    command = " ".join(["aecoach", *names]) if isinstance(names, list) else "aecoach"
    first = next((line for line in str(exc).splitlines() if line.strip()), "no details")
    return render(Msg.INTERNAL, command=command, kind=type(exc).__name__, detail=shown(first, 200))


def _warn(text: str) -> None:
    sys.stderr.write(f"aecoach: warning: {text}\n")


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
questions_app = typer.Typer(
    cls=AecoachGroup,
    help="Browse the question bank, or show one question in full.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
app.add_typer(questions_app, name="questions")


def _context(ctx: typer.Context) -> Context:
    root = ctx.find_root()
    if not isinstance(root.obj, Context):
        root.obj = Context(warn=_warn, debug=debug_from_env())
    return root.obj


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
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = Context(extra_packs=tuple(pack or ()), warn=_warn, debug=debug or debug_from_env())
    # Here rather than at import: `aecoach --help` and `--version` never get this far.
    ctx.obj.choose_language(_language_code(lang) if lang is not None else None)


def _language_code(value: str) -> str:
    from aecoach import i18n

    code = value.strip().lower()
    if code not in i18n.LANGUAGES:
        from aecoach.errors import AecoachError, Msg

        raise AecoachError(Msg.UNKNOWN_LANGUAGE, value=value, names=i18n.names(), exit_code=2)
    return code


@app.command()
def tips(
    ctx: typer.Context,
    kind: Annotated[
        Optional[list[TipKind]],  # noqa: UP045
        typer.Option(
            "--kind",
            "-k",
            case_sensitive=False,
            help="Only this section: do, dont, advice, role (facts about the roles) or ask "
            "(questions to ask them). Repeatable.",
        ),
    ] = None,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role", "-r", case_sensitive=False, help="Only tips for this role: ae, sdr or am."
        ),
    ] = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--search", "-s", help="Only tips whose text contains this (any case)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a sheet.")] = False,
) -> None:
    """The quick reference to read before the call.

    Do's and don'ts side by side, general advice, facts about the roles, and
    strong questions to ask the interviewer.
    """
    from aecoach.bank.query import as_dict, tip_sheet
    from aecoach.errors import AecoachError, Msg

    sheet = tip_sheet(
        _context(ctx).bank(),
        kinds=[k.value for k in kind or ()],
        role=role.value if role else None,
        search=search,
    )
    if as_json:
        from aecoach.ui.console import print_json

        items = [*sheet.dos, *sheet.donts, *sheet.advice, *sheet.role]
        data = [as_dict(t) for t in items]
        data += [{"kind": "ask", **as_dict(a)} for a in sheet.asks]
        print_json(data)
        return
    if not sheet:
        filters = _describe_filters(kind, role, search)
        raise AecoachError(Msg.NO_MATCH, what=_("tips"), filters=filters)
    from aecoach.ui.console import make_console
    from aecoach.ui.reference import render_tips

    render_tips(make_console(), sheet)


def _describe_filters(*values: object) -> str:
    parts = []
    for value in values:
        if isinstance(value, list):
            parts.extend(v.value for v in value)
        elif isinstance(value, Enum):
            parts.append(value.value)
        elif value:
            parts.append(repr(value))
    return _(" and ").join(parts) or _("the bank")


@questions_app.callback()
def questions(
    ctx: typer.Context,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role",
            "-r",
            case_sensitive=False,
            help="Only questions for this role: ae, sdr or am.",
        ),
    ] = None,
    skill: SkillFilter = None,
    kind: KindFilter = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Browse the question bank: every question, or those for a role, skill or kind."""
    if ctx.invoked_subcommand:
        return
    from aecoach.bank.query import as_dict, select_questions
    from aecoach.errors import AecoachError, Msg

    found = select_questions(
        _context(ctx).bank(),
        role=role.value if role else None,
        skill=skill.value if skill else None,
        kind=kind.value if kind else None,
    )
    if as_json:
        from aecoach.ui.console import print_json

        print_json([as_dict(q) for q in found])
        return
    if not found:
        filters = _describe_filters(role, skill, kind)
        raise AecoachError(Msg.NO_MATCH, what=_("questions"), filters=filters)
    from aecoach.ui.console import make_console
    from aecoach.ui.reference import render_question_table

    render_question_table(make_console(), found)


@questions_app.command("show")
def questions_show(
    ctx: typer.Context,
    question_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The question's id, e.g. core/why-sales or why-sales."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a panel.")] = False,
) -> None:
    """One question with what a strong answer covers.

    Also shows its kind, roles, skills and suggested time limit.
    """
    from aecoach.bank.query import as_dict, find_question

    question = find_question(_context(ctx).bank(), question_id)
    if as_json:
        from aecoach.ui.console import print_json

        print_json(as_dict(question))
        return
    from aecoach.ui.console import make_console
    from aecoach.ui.reference import render_question

    render_question(make_console(), question)


# --- `aecoach packs`: the candidate's own packs (issue 5) ---

packs_app = typer.Typer(
    cls=AecoachGroup,
    help="Your own question packs: list them, check them, start one.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(packs_app, name="packs")


@packs_app.command("list")
def packs_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Every pack loaded, where it came from and what it holds.

    Built-in packs, your packs folder, and any --pack given for this run.
    """
    from aecoach.bank.userpacks import summaries, without_display

    rows = summaries(_context(ctx).load())
    if as_json:
        from aecoach.ui.console import print_json

        print_json(without_display(rows))
        return
    from aecoach.ui.console import make_console
    from aecoach.ui.packs import render_pack_list

    render_pack_list(make_console(), rows)


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
        results = validate(paths or [_context(ctx).packs_dir])
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
) -> None:
    """Write a starter pack into your packs folder.

    The pack is commented throughout, ready to edit.
    """
    from aecoach.bank.userpacks import create
    from aecoach.ui.console import make_console
    from aecoach.ui.packs import render_new_pack

    context = _context(ctx)
    path = create(context.home, context.packs_dir, name)
    render_new_pack(make_console(), path)


# --- end of `aecoach packs` ---


# --- Languages (issue 6) ---------------------------------------------------------------------


@app.command("lang")
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

    context = _context(ctx)
    if code is None and not reset:
        render_language(make_console(), context.language_choice or context.choose_language())
        return
    chosen = _language_code(code) if code is not None else None
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


# --- End of languages ---


# --- Practice sessions and the history (issue 3) ----------------------------------------------


def _not_a_terminal() -> str | None:
    """Which of stdin and stdout is not a terminal, if either (a closed one counts)."""
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        try:
            if stream is None or not stream.isatty():
                return name
        except (OSError, ValueError):
            return name
    return None


@app.command()
def practice(
    ctx: typer.Context,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role",
            "-r",
            case_sensitive=False,
            help="Questions for this role: ae, sdr or am (else asked).",
        ),
    ] = None,
    skill: SkillFilter = None,
    kind: KindFilter = None,
    count: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--count",
            "-n",
            min=1,
            max=50,
            metavar="N",
            help="How many questions, 1 to 50 (else asked; 5).",
        ),
    ] = None,
    time: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--time",
            "-t",
            min=10,
            max=1800,
            metavar="SECONDS",
            help="Seconds for every answer, instead of each question's own limit.",
        ),
    ] = None,
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--seed",
            metavar="N",
            help="Pick the same questions in the same order as another run with this seed.",
        ),
    ] = None,
    random_pick: Annotated[
        bool,
        typer.Option(
            "--random",
            help="Pick at random, instead of questions due for review and weak ones first.",
        ),
    ] = False,
) -> None:
    """Rehearse timed questions and rate each answer.

    Every rated answer is saved to your history the moment you rate it.
    Without --skill or --kind, questions due for review and those you rated
    weakly come first; --random picks purely at random.
    """
    from aecoach.errors import AecoachError, Msg

    # Before anything else: piped keys would be read as keystrokes, and nothing
    # may be written to the history for a session that cannot happen.
    missing = _not_a_terminal()
    if missing:
        raise AecoachError(Msg.NEED_TERMINAL, what=missing)
    from aecoach.ui.console import make_console
    from aecoach.ui.practice import Clocks, PracticeOptions, practise
    from aecoach.ui.prompter import TerminalPrompter

    context = _context(ctx)
    options = PracticeOptions(
        role=role.value if role else None,
        skill=skill.value if skill else None,
        kind=kind.value if kind else None,
        count=count,
        seed=seed,
        time_limit=time,
        random=random_pick,
    )
    code = practise(
        context,
        options,
        prompter=TerminalPrompter(),
        console=make_console(),
        err=make_console(stderr=True),
        clocks=Clocks(now=context.clock),
    )
    if code:
        raise typer.Exit(code)


@app.command()
def history(
    ctx: typer.Context,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=1, max=10000, metavar="N", help="How many recent sessions to show."
        ),
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Recent sessions and answers, and where the history file is."""
    from aecoach.history.store import read_listing

    listing = read_listing(_context(ctx).history_path, limit=limit)
    if as_json:
        from aecoach.ui.console import print_json
        from aecoach.ui.history import listing_as_dict

        print_json(listing_as_dict(listing))
        return
    from aecoach.ui.console import make_console
    from aecoach.ui.history import render_history

    render_history(make_console(), listing)


# --- End of practice and history -------------------------------------------------------------


# --- stats, export, import (issue 4) ---

Mode = Enum("Mode", {k: k for k in ("practice", "review", "mock", "drill")}, type=str)  # type: ignore[misc]
ExportFormat = Enum("ExportFormat", {k: k for k in ("csv", "json", "md")}, type=str)  # type: ignore[misc]

_SINCE_HELP = "Only answers from this day on (YYYY-MM-DD, your time zone)."
_LANGUAGE_HELP = "Only answers given in this language (en, es, id, ja, th...)."


def _filters(
    since: str | None, role: Enum | None, language: str | None, mode: Enum | None
) -> Filters:
    from aecoach.stats import make_filters

    return make_filters(
        since=since,
        role=role.value if role else None,
        language=language,
        mode=mode.value if mode else None,
    )


# The filters stats and export share, declared once.
SinceFilter = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--since", metavar="DATE", help=_SINCE_HELP),
]
AnswerRoleFilter = Annotated[
    Optional[Role],  # noqa: UP045
    typer.Option(
        "--role",
        "-r",
        case_sensitive=False,
        help="Only answers to questions for this role: ae, sdr or am.",
    ),
]
LanguageFilter = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--language", metavar="CODE", help=_LANGUAGE_HELP),
]
ModeFilter = Annotated[
    Optional[Mode],  # noqa: UP045
    typer.Option(
        "--mode",
        case_sensitive=False,
        help="Only sessions of this kind: practice, review, mock or drill.",
    ),
]


@app.command()
def stats(
    ctx: typer.Context,
    since: SinceFilter = None,
    role: AnswerRoleFilter = None,
    language: LanguageFilter = None,
    mode: ModeFilter = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (keys in docs/export.md) instead.")
    ] = False,
) -> None:
    """Are you getting better, and at what?

    Ratings by skill, kind and role, trends, time discipline, the questions
    to practise next, your streak, and what is due for review.
    """
    import dataclasses

    from aecoach.stats import read_stats

    context = _context(ctx)
    filters = _filters(since, role, language, mode)
    now = context.clock().astimezone()  # local: "today" ends at the candidate's midnight
    result = read_stats(context.history_path, filters, today=now.date())
    if result.answers:
        from aecoach.schedule import load_states, summarise_due
        from aecoach.stats import Due

        # What is due covers the whole history: a filter narrows the figures, not the schedule.
        due = summarise_due(load_states(context.history_path, context.cache_dir), now)
        result = dataclasses.replace(result, due=Due(today=due.today, this_week=due.this_week))
    if as_json:
        from aecoach.ui.console import print_json

        print_json(result.as_dict())
        return
    from aecoach.errors import AecoachError, Msg

    if result.empty and filters.active:
        described = _describe_filters(since, role, language, mode)
        raise AecoachError(Msg.NO_ANSWERS_MATCH, filters=described)
    from aecoach.ui.console import make_console
    from aecoach.ui.stats import render_stats

    render_stats(make_console(), result, history_path=context.history_path)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        Optional[ExportFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="csv (spreadsheets), json (a lossless backup, for `aecoach import`) or md"
            " (a practice log to read). Default: from the output's name, else json.",
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to this file; - for standard output."
        ),
    ] = "-",
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it already exists.")
    ] = False,
    since: SinceFilter = None,
    role: AnswerRoleFilter = None,
    language: LanguageFilter = None,
    mode: ModeFilter = None,
) -> None:
    """Write your practice history as CSV, JSON or Markdown.

    New files are private (0600); an existing file is kept unless --force.
    """
    from aecoach.errors import AecoachError, Msg
    from aecoach.exporting import export as run_export
    from aecoach.exporting import format_for

    context = _context(ctx)
    filters = _filters(since, role, language, mode)
    chosen = format_for(fmt.value if fmt else None, output)
    if chosen is None:
        if output != "-" and Path(output).suffix:
            raise AecoachError(Msg.EXPORT_FORMAT_UNKNOWN, name=Path(output).name)
        chosen = "json"
    result = run_export(
        context.history_path,
        chosen,
        output,
        filters,
        force=force,
        today=context.clock().astimezone().date(),
    )
    if result.path is not None:
        from aecoach.ui.export import render_export_done

        render_export_done(result)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A file written by `aecoach export --format json`.",
            show_default=False,
        ),
    ],
) -> None:
    """Load a JSON export into your history.

    A backup restored, or another computer's history merged; importing the
    same file twice adds nothing.
    """
    from aecoach.exporting import import_file
    from aecoach.ui.export import render_import_done

    context = _context(ctx)
    sessions, answers, in_file = import_file(context.history_path, file)
    render_import_done(file, sessions, answers, in_file)


# --- end of stats, export, import ---


# --- review, mock, drill (issue 7) ---


def _coach_terminal(command: str, context: Context):  # type: ignore[no-untyped-def]
    """The terminal for an interactive coaching command; refuses as `practice` does,
    before anything is read or written."""
    from aecoach.errors import AecoachError, Msg

    missing = _not_a_terminal()
    if missing:
        raise AecoachError(Msg.COACH_NEED_TERMINAL, command=command, what=missing)
    from aecoach.ui.coach import Terminal
    from aecoach.ui.console import make_console
    from aecoach.ui.practice import Clocks
    from aecoach.ui.prompter import TerminalPrompter

    return Terminal(
        prompter=TerminalPrompter(),
        console=make_console(),
        err=make_console(stderr=True),
        clocks=Clocks(now=context.clock),
    )


def _coach_exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


@app.command()
def review(
    ctx: typer.Context,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role", "-r", case_sensitive=False, help="Only items for this role: ae, sdr or am."
        ),
    ] = None,
    count: Annotated[
        int,
        typer.Option(
            "--count", "-n", min=1, max=50, metavar="N", help="At most this many items, 1 to 50."
        ),
    ] = 5,
    time: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--time",
            "-t",
            min=10,
            max=1800,
            metavar="SECONDS",
            help="Seconds for every answer, instead of each item's own limit.",
        ),
    ] = None,
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--seed", metavar="N", help="Pick the same new questions as another run."),
    ] = None,
) -> None:
    """Spaced repetition: the questions due again, then new ones.

    Due questions come most overdue first; the end of the session says when
    the next ones fall due.
    """
    context = _context(ctx)
    term = _coach_terminal("review", context)
    from aecoach.ui.coach import CoachOptions
    from aecoach.ui.coach import review as run_review

    options = CoachOptions(
        role=role.value if role else None, count=count, seed=seed, time_limit=time
    )
    _coach_exit(run_review(context, options, term))


@app.command()
def mock(
    ctx: typer.Context,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role",
            "-r",
            case_sensitive=False,
            help="The role you are interviewing for: ae, sdr or am.",
        ),
    ] = None,
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--seed", metavar="N", help="Ask the same interview as another run."),
    ] = None,
) -> None:
    """A full first-round mock interview, ending with a scorecard.

    An opening, four to six questions, one objection role-play, then your
    questions for them, compared with strong ones.
    """
    context = _context(ctx)
    term = _coach_terminal("mock", context)
    from aecoach.ui.coach import CoachOptions
    from aecoach.ui.coach import mock as run_mock

    options = CoachOptions(role=role.value if role else None, seed=seed)
    _coach_exit(run_mock(context, options, term))


@app.command()
def drill(
    ctx: typer.Context,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role",
            "-r",
            case_sensitive=False,
            help="Objections this role meets most: sdr (brush-offs), ae (price, competition,"
            " timing) or am.",
        ),
    ] = None,
    count: Annotated[
        int,
        typer.Option("--count", "-n", min=1, max=50, metavar="N", help="How many objections."),
    ] = 5,
    time: Annotated[
        int,
        typer.Option(
            "--time", "-t", min=10, max=1800, metavar="SECONDS", help="Seconds for each reply."
        ),
    ] = 45,
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--seed", metavar="N", help="Drill the same objections as another run."),
    ] = None,
) -> None:
    """Rapid rounds of prospect objections on a short clock.

    Each objection is followed by its coaching points and your rating.
    """
    context = _context(ctx)
    term = _coach_terminal("drill", context)
    from aecoach.ui.coach import CoachOptions
    from aecoach.ui.coach import drill as run_drill

    options = CoachOptions(
        role=role.value if role else None, count=count, seed=seed, time_limit=time
    )
    _coach_exit(run_drill(context, options, term))


# --- end of review, mock, drill ---


# Typer turns every command's signature into click parameters before it runs
# any of them, which costs about a millisecond per command on every start.
# Building only the command being run keeps startup flat as commands are added
# (see docs/design.md, "Startup"); `--help` still builds them all to list them.
_DEFERRED: dict[str, Callable[[], Any]] = {}


def _defer_commands(root: typer.Typer) -> None:
    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    options = {
        "pretty_exceptions_short": root.pretty_exceptions_short,
        "rich_markup_mode": root.rich_markup_mode,
    }
    for info in root.registered_commands:
        assert info.callback is not None
        name = info.name or get_command_name(info.callback.__name__)
        _DEFERRED[name] = partial(get_command_from_info, info, **options)
    for group in root.registered_groups:
        assert group.name is not None
        _DEFERRED[group.name] = partial(
            get_group_from_info, group, suggest_commands=root.suggest_commands, **options
        )
    root.registered_commands = []
    root.registered_groups = []


_defer_commands(app)


def run(args: list[str]) -> int:
    """Run the app and turn every failure into one line and an exit code."""
    from aecoach.errors import AecoachError

    debug = "--debug" in args or debug_from_env()
    try:
        app(args=args, prog_name="aecoach", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except AecoachError as exc:
        if debug:
            raise
        sys.stderr.write(f"aecoach: error: {exc.text}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\naecoach: interrupted\n")
        return 130
    except Exception as exc:
        if debug:
            raise
        sys.stderr.write(f"aecoach: error: {_internal_text({}, exc)}\n")
        return 1
    return 0
