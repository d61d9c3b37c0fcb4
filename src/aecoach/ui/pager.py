"""Long screens through a pager, as git does it.

On a terminal, a screen is drawn into memory first; if it is taller than the
terminal it goes to the pager (`$AECOACH_PAGER`, else `$PAGER`, else
`less -R`, which keeps the colours), otherwise it is written as it is. In a
pipe, with `--no-pager`, or with the pager set to `cat` or to nothing, the
screen is written straight out, so `aecoach tips | grep` never waits for a key.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from rich.console import Console

from aecoach.ui.console import make_console

PAGER_ENV = "AECOACH_PAGER"
DEFAULT_PAGER = "less -R"


def pager_command(environ: Mapping[str, str] | None = None) -> str | None:
    """The pager to run, or None when paging is switched off (git's rules)."""
    env = os.environ if environ is None else environ
    for name in (PAGER_ENV, "PAGER"):
        if name in env:
            command = env[name].strip()
            return None if command in ("", "cat") else command
    return DEFAULT_PAGER


@contextmanager
def paged(enabled: bool = True) -> Iterator[Console]:
    """A console for one screen of output; the screen goes through the pager if it needs to."""
    console = make_console()
    command = pager_command() if enabled and console.is_terminal else None
    if command is None or not _stdout_is_terminal():
        yield console
        return
    buffer = io.StringIO()
    # The same width, height and colours as the real terminal, drawn into memory.
    drawn = Console(
        file=buffer,
        width=console.width,
        height=console.height,
        color_system=console.color_system,  # type: ignore[arg-type]
        force_terminal=True,
        markup=False,
        emoji=False,
        highlight=False,
    )
    try:
        yield drawn
    finally:
        text = buffer.getvalue()
        if text.count("\n") < console.height:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            show(text, command)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _is_utf8(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def show(text: str, command: str) -> None:
    """`text` through the pager `command`; straight out if the pager cannot be started."""
    import shlex
    import signal
    import subprocess

    env = dict(os.environ)
    # As git: `less` quits at once for a screen that fits and keeps the colours, unless
    # the candidate set LESS themselves.
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    encoding = sys.stdout.encoding or "utf-8"
    if _is_utf8(encoding) and "LESSCHARSET" not in env and "LESSCHARDEF" not in env:
        # less reads its character set from the locale; where that locale is not
        # installed (LANG=ja_JP.UTF-8 on a minimal system) it falls back to ASCII and
        # shows every Japanese or box-drawing character as <E2><94><80>. The text is UTF-8.
        env["LESSCHARSET"] = "utf-8"
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    shell = not argv or any(ch in command for ch in "|&;<>()$`\\\"'*?[#~=%")
    try:
        proc = subprocess.Popen(
            command if shell else argv,
            shell=shell,
            stdin=subprocess.PIPE,
            env=env,
        )
    except OSError:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            proc.stdin.close()
        except BrokenPipeError:
            pass  # the candidate quit the pager before reading everything
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
