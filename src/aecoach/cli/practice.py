"""`aecoach practice`, `review`, `mock` and `drill`: the interactive sessions.

Each refuses at once, before anything is read or written, unless both standard input
and standard output are a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from aecoach.cli.common import (
    KindFilter,
    Role,
    SkillFilter,
    TimeLimit,
    context_of,
    left_out_packs_named,
    not_a_terminal,
    room,
)

if TYPE_CHECKING:
    from aecoach.context import Context

commands = room()

VoiceOption = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--voice/--no-voice",
        help="Answer out loud: record, transcribe and measure each answer"
        " (default: as `aecoach voice on|off` saved it).",
        show_default=False,
    ),
]


def spoken_answers(context: Context, flag: bool | None):  # type: ignore[no-untyped-def]
    """The voice hooks for a session, or None for typed answers (the voice extra unloaded)."""
    from aecoach import settings

    if flag is None:
        flag = settings.read(context.home)[0].get("voice") is True
    if not flag:
        return None
    from aecoach.cli.common import warn
    from aecoach.ui.spoken import SpokenAnswers

    return SpokenAnswers.open(context.home, model=None, warn=warn)


@commands.command()
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
    time: TimeLimit = None,
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
    question: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--question",
            "-q",
            metavar="ID",
            help="Practise this question (or objection): its id as `aecoach questions` or the"
            ' stats\' "Practise next" list give it, full (core/why-sales) or short (why-sales).'
            " Repeatable; asked in the order given.",
        ),
    ] = None,
    pack: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--pack",
            metavar="NAME",
            help="Only questions from this pack: its id, as `aecoach packs list` shows it (your"
            " company pack, say). A path to a pack file also works: it is loaded for this run"
            " and its questions asked. (`aecoach --pack PATH practice`, before the command,"
            " only adds a pack to the bank for the run.)",
        ),
    ] = None,
    voice: VoiceOption = None,
) -> None:
    """Rehearse timed questions and rate each answer.

    Every rated answer is saved to your history the moment you rate it.
    Without --skill or --kind, questions due for review and those you rated
    weakly come first; --random picks purely at random. --question asks the
    ones you name; --pack draws from one pack.
    """
    from aecoach.errors import AecoachError, Msg

    context = context_of(ctx)
    # Names are checked first: a typo is one line, even from a script.
    with left_out_packs_named(context):
        packs = _pack_ids(context, pack) if pack is not None else None
        if question:
            from aecoach.coaching.steer import find_items

            find_items(context.bank(), question)
    # Before anything else: piped keys would be read as keystrokes, and nothing
    # may be written to the history for a session that cannot happen.
    missing = not_a_terminal()
    if missing:
        raise AecoachError(Msg.NEED_TERMINAL, what=missing)
    from aecoach.ui.console import make_console
    from aecoach.ui.practice import Clocks, PracticeOptions, practise
    from aecoach.ui.prompter import TerminalPrompter

    options = PracticeOptions(
        role=role.value if role else None,
        skill=skill.value if skill else None,
        kind=kind.value if kind else None,
        count=count,
        seed=seed,
        time_limit=time,
        random=random_pick,
        questions=tuple(question or ()),
        packs=tuple(packs) if packs is not None else None,
        voice=spoken_answers(context, voice),
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


def _pack_ids(context: Context, name: str) -> list[str]:
    """practice --pack: a pack id, or a pack file or folder to load for this run."""
    from pathlib import Path

    from aecoach.coaching.steer import pack_ids

    path = Path(name).expanduser()
    # A path says so (a folder separator, or a pack file's suffix); anything else is an id.
    looks_like_path = "/" in name or path.suffix in (".yaml", ".yml")
    if looks_like_path and (path.is_file() or path.is_dir()):
        context.extra_packs = (*context.extra_packs, path)
        return pack_ids(context.bank(), name, loaded_from=path)
    return pack_ids(context.bank(), name)


def _coach_terminal(command: str, context: Context, voice: bool | None):  # type: ignore[no-untyped-def]
    """The terminal for an interactive coaching command; refuses as `practice` does,
    before anything is read or written."""
    from aecoach.errors import AecoachError, Msg

    missing = not_a_terminal()
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
        voice=spoken_answers(context, voice),
    )


def _coach_exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


@commands.command()
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
    time: TimeLimit = None,
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--seed", metavar="N", help="Pick the same new questions as another run."),
    ] = None,
    voice: VoiceOption = None,
) -> None:
    """Spaced repetition: the questions due again, then new ones.

    Due questions come most overdue first; the end of the session says when
    the next ones fall due.
    """
    context = context_of(ctx)
    term = _coach_terminal("review", context, voice)
    from aecoach.ui.coach import CoachOptions
    from aecoach.ui.coach import review as run_review

    options = CoachOptions(
        role=role.value if role else None, count=count, seed=seed, time_limit=time
    )
    _coach_exit(run_review(context, options, term))


@commands.command()
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
    voice: VoiceOption = None,
) -> None:
    """A full first-round mock interview, ending with a scorecard.

    An opening, four to six questions, one objection role-play, then your
    questions for them, compared with strong ones.
    """
    context = context_of(ctx)
    term = _coach_terminal("mock", context, voice)
    from aecoach.ui.coach import CoachOptions
    from aecoach.ui.coach import mock as run_mock

    options = CoachOptions(role=role.value if role else None, seed=seed)
    _coach_exit(run_mock(context, options, term))


@commands.command()
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
    voice: VoiceOption = None,
) -> None:
    """Rapid rounds of prospect objections on a short clock.

    Each objection is followed by its coaching points and your rating.
    """
    context = context_of(ctx)
    term = _coach_terminal("drill", context, voice)
    from aecoach.ui.coach import CoachOptions
    from aecoach.ui.coach import drill as run_drill

    options = CoachOptions(
        role=role.value if role else None, count=count, seed=seed, time_limit=time
    )
    _coach_exit(run_drill(context, options, term))
