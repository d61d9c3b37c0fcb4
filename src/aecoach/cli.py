"""The command line: a thin table of contents.

Each command parses its options, calls one function that returns plain
data, and renders it. Heavy modules are imported inside the commands, so a
command pays only for what it uses (see docs/design.md, "Startup").
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperGroup

from aecoach import __version__
from aecoach.bank import taxonomy
from aecoach.context import Context, debug_from_env

if TYPE_CHECKING:  # imported by the commands that use it (it needs sqlite3)
    from aecoach.history.queries import Filters

Role = Enum("Role", {k: k for k in taxonomy.ROLES}, type=str)  # type: ignore[misc]
Skill = Enum("Skill", {k: k for k in taxonomy.SKILLS}, type=str)  # type: ignore[misc]
QuestionKind = Enum("QuestionKind", {k: k for k in taxonomy.QUESTION_KINDS}, type=str)  # type: ignore[misc]
TipKind = Enum("TipKind", {k: k for k in ("do", "dont", "advice", "role", "ask")}, type=str)  # type: ignore[misc]


class AecoachGroup(TyperGroup):
    """Typer's group, plus the one place failures become one line on stderr.

    Handling errors here rather than only in `run()` means `CliRunner` tests
    see exactly what a candidate sees.
    """

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
    help="Browse the question bank, or show one question with its hints.",
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


@app.command()
def tips(
    ctx: typer.Context,
    kind: Annotated[
        Optional[list[TipKind]],  # noqa: UP045
        typer.Option(
            "--kind",
            "-k",
            help="Only this section: do, dont, advice, role (facts about the roles) or ask "
            "(questions to ask them). Repeatable.",
        ),
    ] = None,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option("--role", "-r", help="Only tips for this role: ae, sdr or am."),
    ] = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--search", "-s", help="Only tips whose text contains this (any case)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a sheet.")] = False,
) -> None:
    """The quick reference to read before the call: do's and don'ts, advice, what to ask."""
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
        raise AecoachError(Msg.NO_MATCH, what="tips", filters=_describe_filters(kind, role, search))
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
    return " and ".join(parts) or "the bank"


@questions_app.callback()
def questions(
    ctx: typer.Context,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option("--role", "-r", help="Only questions for this role: ae, sdr or am."),
    ] = None,
    skill: Annotated[
        Optional[Skill],  # noqa: UP045
        typer.Option("--skill", help="Only questions that exercise this skill."),
    ] = None,
    kind: Annotated[
        Optional[QuestionKind],  # noqa: UP045
        typer.Option("--kind", "-k", help="Only questions of this kind (opening, behavioural...)."),
    ] = None,
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
        raise AecoachError(Msg.NO_MATCH, what="questions", filters=filters)
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
    """Show one question with its kind, skills, time limit and what a strong answer covers."""
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
    help="Your own question packs: list what is loaded, check pack files, start a new one.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(packs_app, name="packs")


@packs_app.command("list")
def packs_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Every pack loaded (built-in, your packs folder, --pack): where from, what it holds."""
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
) -> None:
    """Check pack files without using them; list every problem as file:line:column.

    Exits 0 only when every pack is valid, so it can run in a pack author's CI.
    A pack whose id is already used by a built-in pack or another given pack
    is a problem too.
    """
    from aecoach.bank.loader import validate
    from aecoach.ui.packs import write_validation

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
    """Write a commented starter pack into your packs folder, ready to edit."""
    from aecoach.bank.userpacks import create
    from aecoach.ui.console import make_console
    from aecoach.ui.packs import render_new_pack

    context = _context(ctx)
    path = create(context.home, context.packs_dir, name)
    render_new_pack(make_console(), path)


# --- end of `aecoach packs` ---


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
        typer.Option("--role", "-r", help="Questions for this role: ae, sdr or am (else asked)."),
    ] = None,
    skill: Annotated[
        Optional[Skill],  # noqa: UP045
        typer.Option("--skill", help="Only questions that exercise this skill."),
    ] = None,
    kind: Annotated[
        Optional[QuestionKind],  # noqa: UP045
        typer.Option("--kind", "-k", help="Only questions of this kind (opening, behavioural...)."),
    ] = None,
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
) -> None:
    """Rehearse timed questions, rate each answer; every rated answer is saved at once."""
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


@app.command()
def stats(
    ctx: typer.Context,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--since", metavar="DATE", help=_SINCE_HELP),
    ] = None,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role", "-r", help="Only answers to questions for this role: ae, sdr or am."
        ),
    ] = None,
    language: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--language", metavar="CODE", help=_LANGUAGE_HELP),
    ] = None,
    mode: Annotated[
        Optional[Mode],  # noqa: UP045
        typer.Option("--mode", help="Only sessions of this kind: practice, review, mock or drill."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (keys in docs/export.md) instead.")
    ] = False,
) -> None:
    """Are you getting better, and at what: ratings by skill, kind and role, trends, streaks."""
    from aecoach.stats import read_stats

    context = _context(ctx)
    filters = _filters(since, role, language, mode)
    result = read_stats(context.history_path, filters, today=context.clock().astimezone().date())
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
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--since", metavar="DATE", help=_SINCE_HELP),
    ] = None,
    role: Annotated[
        Optional[Role],  # noqa: UP045
        typer.Option(
            "--role", "-r", help="Only answers to questions for this role: ae, sdr or am."
        ),
    ] = None,
    language: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--language", metavar="CODE", help=_LANGUAGE_HELP),
    ] = None,
    mode: Annotated[
        Optional[Mode],  # noqa: UP045
        typer.Option("--mode", help="Only sessions of this kind: practice, review, mock or drill."),
    ] = None,
) -> None:
    """Write your practice history as CSV, JSON or Markdown (new files are private, 0600)."""
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
    """Load a JSON export into your history (a backup, or another computer's); never twice."""
    from aecoach.exporting import import_file
    from aecoach.ui.export import render_import_done

    context = _context(ctx)
    sessions, answers, in_file = import_file(context.history_path, file)
    render_import_done(file, sessions, answers, in_file)


# --- end of stats, export, import ---


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
