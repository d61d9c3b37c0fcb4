"""What `aecoach report` says when it is done, and opening the page."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.text import Text

from aecoach.i18n import _, ngettext
from aecoach.report.write import ReportResult
from aecoach.ui.console import make_console


def render_report_done(result: ReportResult) -> None:
    answers = ngettext("{n} answer", "{n} answers", result.answers).format(n=result.answers)
    sessions = ngettext("{n} session", "{n} sessions", result.sessions).format(n=result.sessions)
    line = _("Wrote a report of {answers} from {sessions} to {path}.").format(
        answers=answers, sessions=sessions, path=result.path
    )
    make_console().print(Text(line), soft_wrap=True)


def open_report(path: Path) -> None:
    import webbrowser

    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        text = _("could not open a web browser here; open {path} yourself.").format(path=path)
        sys.stderr.write(f"aecoach: warning: {text}\n")
