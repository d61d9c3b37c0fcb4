"""What `aecoach export` and `aecoach import` say when they are done."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from aecoach.exporting import ExportResult
from aecoach.i18n import _, ngettext
from aecoach.ui.console import make_console

FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "md": "Markdown"}


def _answers(n: int) -> str:
    return ngettext("{n} answer", "{n} answers", n).format(n=n)


def _sessions(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n).format(n=n)


def render_export_done(result: ExportResult) -> None:
    line = _("Wrote {answers} from {sessions} to {path} ({format}).").format(
        answers=_answers(result.answers),
        sessions=_sessions(result.sessions),
        path=result.path,
        format=FORMAT_NAMES.get(result.format, result.format),
    )
    make_console().print(Text(line), soft_wrap=True)


def render_import_done(source: Path, sessions: int, answers: int, in_file: int) -> None:
    new = ngettext("{n} new session", "{n} new sessions", sessions).format(n=sessions)
    line = _("Imported {answers} and {sessions} from {path}.").format(
        answers=_answers(answers), sessions=new, path=source
    )
    known = in_file - answers
    if known:
        line += " " + ngettext(
            "{n} answer was already in the history and was left as it is.",
            "{n} answers were already in the history and were left as they are.",
            known,
        ).format(n=known)
    make_console().print(Text(line), soft_wrap=True)
