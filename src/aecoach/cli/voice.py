"""`aecoach analyze`, `aecoach play` and `aecoach voice ...`: spoken answers.

Everything here imports the voice extra inside the command, so the other
commands never load numpy, soundfile or the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aecoach.cli.common import context_of, language_code, room

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
    if question is not None:
        from aecoach.bank.query import find_question

        limit = find_question(context.bank(), question).time_limit
    result = voice.analyse_file(context.home, file, spoken, model, limit_seconds=limit)
    if as_json:
        from aecoach.ui.console import print_json

        print_json({"file": str(file), **result.delivery.as_json(), "model": result.model_name})
        return
    from aecoach.ui.console import make_console
    from aecoach.ui.voice import render_delivery

    render_delivery(make_console(), result.delivery, model_name=result.model_name)
