"""`aecoach analyze`, `aecoach play` and `aecoach voice ...`: spoken answers.

Everything here imports the voice extra inside the command, so the other
commands never load numpy, soundfile or the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aecoach.cli.common import context_of, language_code, left_out_packs_named, room

commands = room()

ModelOption = Annotated[
    Optional[str],  # noqa: UP045 - typer 0.28 reads Optional, not X | None
    typer.Option(
        "--model",
        metavar="NAME_OR_PATH",
        help="The speech model: tiny, base or small once set up with `aecoach voice setup`, or"
        " the folder of a faster-whisper model (default: the one set up).",
    ),
]


@commands.command()
def analyze(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A recording: WAV, FLAC, Ogg, MP3 or M4A.", show_default=False
        ),
    ],
    question: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--question", metavar="ID", help="The question answered: its time limit is shown."
        ),
    ] = None,
    language: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--language",
            metavar="CODE",
            help="The language spoken: en, es, id, ja or th (default: aecoach's language).",
        ),
    ] = None,
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a card.")] = False,
) -> None:
    """Pace, fillers, pauses and transcript of a recording.

    For an answer recorded elsewhere (a phone memo, say): the same figures as after a
    spoken answer in practice.

    Speaking time and pauses need no model and work in every language; the
    pace, the fillers and the transcript need a speech model that knows the
    language.
    """
    from aecoach import i18n
    from aecoach.voice import session as voice

    context = context_of(ctx)
    spoken = language_code(language) if language is not None else i18n.current()
    limit = None
    asked = None
    if question is not None:
        from aecoach.bank.query import find_question

        with left_out_packs_named(context):
            asked = find_question(context.bank(), question)
        limit = asked.time_limit
    result = voice.analyse_file(context.home, file, spoken, model, limit_seconds=limit)
    # The same coach's notes as after a spoken answer in practice, on what was said.
    notes = None
    if result.delivery.transcript:
        from aecoach.analysis.content import coach_notes
        from aecoach.textsafe import inert

        notes = coach_notes(inert(result.delivery.transcript), spoken, asked)
    if as_json:
        from aecoach.ui.console import print_json

        figures = {"file": str(file), **result.delivery.as_json(), "model": result.model_name}
        print_json({**figures, "feedback": notes.as_dict() if notes else None})
        return
    from aecoach.ui.console import make_console
    from aecoach.ui.feedback import show_notes
    from aecoach.ui.voice import render_delivery

    console = make_console()
    render_delivery(console, result.delivery, model_name=result.model_name)
    show_notes(console, notes)


@commands.command()
def play(
    ctx: typer.Context,
    answer: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[ANSWER_ID]",
            help="The answer's id, or its first characters (default: the latest recording).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Play back the recording of a spoken answer."""
    from aecoach.voice import session as voice

    context = context_of(ctx)
    path, stored = voice.recording_of(context.history_path, context.home, answer)
    from aecoach.ui.console import make_console
    from aecoach.ui.voice import render_playing

    render_playing(make_console(), path, stored.figures)
    voice.play_file(path)


group = room(
    "Spoken answers: the microphone and the speech model.\n\nCheck them, set up a model, switch"
    " voice on or off, and forget recordings."
)
commands.add_typer(group, name="voice")


@group.command("check")
def voice_check(ctx: typer.Context) -> None:
    """What works for spoken answers, and what to install.

    Lists the microphones, and checks PortAudio, the voice extra and the speech model.
    """
    from aecoach.ui.console import make_console
    from aecoach.ui.voice import render_check
    from aecoach.voice import session as voice

    report = voice.check(context_of(ctx).home)
    render_check(make_console(), report)
    if not report.ready:
        raise typer.Exit(1)


@group.command("setup")
def voice_setup(
    ctx: typer.Context,
    model: Annotated[
        str,
        typer.Option(
            "--model",
            metavar="tiny|base|small|PATH",
            help="A model to fetch once (tiny 75 MB, base 145 MB, small 480 MB; tiny.en,"
            " base.en and small.en know only English), or a model folder already on disk.",
        ),
    ] = "base",
) -> None:
    """Fetch a speech model once, or use a folder on disk.

    The model set up becomes the default for practice and analyze.
    """
    from aecoach.ui.console import make_console
    from aecoach.ui.voice import render_setup
    from aecoach.voice import session as voice

    result = voice.setup(context_of(ctx).home, model)
    render_setup(make_console(), result)


@group.command("on")
def voice_on(
    ctx: typer.Context,
    keep_audio: Annotated[
        bool,
        typer.Option(
            "--keep-audio/--figures-only",
            help="Keep each recording with its answer, or only the figures and transcript.",
        ),
    ] = True,
) -> None:
    """Answer out loud by default.

    In practice, review, mock and drill, as if --voice were given.
    """
    from aecoach.ui.console import make_console
    from aecoach.ui.voice import render_gaps, render_switched
    from aecoach.voice import session as voice

    home = context_of(ctx).home
    path = voice.save_settings(home, on=True, keep_audio=keep_audio)
    console = make_console()
    render_switched(console, on=True, keep_audio=keep_audio, path=path)
    render_gaps(console, voice.recording_gaps(home))


@group.command("off")
def voice_off(ctx: typer.Context) -> None:
    """Type answers by default again.

    --voice still records a single session.
    """
    from aecoach.ui.console import make_console
    from aecoach.ui.voice import render_switched
    from aecoach.voice import session as voice

    path = voice.save_settings(context_of(ctx).home, on=False)
    render_switched(make_console(), on=False, keep_audio=None, path=path)


@group.command("forget")
def voice_forget(
    ctx: typer.Context,
    every: Annotated[
        bool, typer.Option("--all", help="Forget every recording and transcript.")
    ] = False,
    before: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--before", metavar="DATE", help="Only those of answers before this day (YYYY-MM-DD)."
        ),
    ] = None,
) -> None:
    """Delete recordings and transcripts.

    The ratings and the delivery figures stay.
    """
    from aecoach.errors import AecoachError, Msg
    from aecoach.ui.console import make_console
    from aecoach.ui.voice import render_forgot
    from aecoach.voice import session as voice

    if every and before is not None:
        raise AecoachError(Msg.FORGET_BOTH, exit_code=2)
    if not every and before is None:
        raise AecoachError(Msg.FORGET_WHAT, exit_code=2)
    context = context_of(ctx)
    count = voice.forget(context.history_path, context.home, before)
    render_forgot(make_console(), count)
