"""What `aecoach export` and `aecoach import` say when they are done."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from aecoach.exporting import ExportResult
from aecoach.i18n import _
from aecoach.ui.console import make_console

FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "md": "Markdown"}


def render_export_done(result: ExportResult) -> None:
    line = _("Wrote {answers} answers from {sessions} sessions to {path} ({format}).").format(
        answers=result.answers,
        sessions=result.sessions,
        path=result.path,
        format=FORMAT_NAMES.get(result.format, result.format),
    )
    make_console().print(Text(line), soft_wrap=True)


def render_import_done(source: Path, sessions: int, answers: int, in_file: int) -> None:
    line = _("Imported {answers} answers ({sessions} new sessions) from {path}.").format(
        answers=answers, sessions=sessions, path=source
    )
    known = in_file - answers
    if known:
        line += " " + _(
            "{known} answers were already in the history and were left as they are."
        ).format(known=known)
    make_console().print(Text(line), soft_wrap=True)
