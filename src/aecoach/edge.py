"""Where a run meets its output, and where failures become one line.

Shared by the Typer app (`aecoach.cli`) and the commands that run without it
(`aecoach.bare`), so it imports nothing heavier than the standard library.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable


def warn(text: str) -> None:
    sys.stderr.write(f"aecoach: warning: {text}\n")


def serve(body: Callable[[], int]) -> int:
    """Run `body` as the process's command: its exit code, with a failed final write to
    standard output told as one line."""
    watch_output()
    code = body()
    try:
        # What is still buffered goes out now, while a failure can be told as one line.
        sys.stdout.flush()
    except OSError as exc:
        text = output_failure(exc)
        if text is None:
            raise
        if text:
            sys.stderr.write(f"aecoach: error: {text}\n")
        return code or 1
    return code


def fail(exc: BaseException, command: list[str]) -> int:
    """Tell `exc`, raised while `aecoach COMMAND` ran, as one line; its exit code."""
    from aecoach.errors import AecoachError

    if isinstance(exc, AecoachError):
        sys.stderr.write(f"aecoach: error: {exc.text}\n")
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("\naecoach: interrupted\n")
        return 130
    text = output_failure(exc)
    if text != "":
        detail = text or internal_text({"aecoach.command": command}, exc)
        sys.stderr.write(f"aecoach: error: {detail}\n")
    return 1


class OutputError(OSError):
    """A write to standard output failed (a full disk behind `> file`, a closed descriptor)."""


class _OutputFile(io.FileIO):
    def write(self, data):  # type: ignore[no-untyped-def]
        try:
            return super().write(data)
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None


class _ClosedOutput(io.TextIOBase):
    """Standard output closed by the shell (`>&-`): Python leaves sys.stdout None, which
    Rich prints nothing to and print() fails on with AttributeError."""

    def write(self, text: str) -> int:
        raise OutputError(errno.EBADF, "it is closed")

    def writable(self) -> bool:
        return True


def watch_output() -> None:
    """Make a failed write to standard output known as such (OutputError), wherever in
    Rich, Click or aecoach it happens. For the real process only (`run`)."""
    out = sys.stdout
    if out is None:
        sys.stdout = _ClosedOutput()
        return
    try:
        fd = out.fileno()
        encoding, errors, line_buffering = out.encoding, out.errors, out.line_buffering
        out.flush()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return  # not the process's own standard output: leave it be
    raw = _OutputFile(fd, "w", closefd=False)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw), encoding=encoding, errors=errors, line_buffering=line_buffering
    )


def output_failure(exc: BaseException) -> str | None:
    """The one-line message when `exc` is standard output failing, else None; "" for a
    reader that stopped reading (`aecoach questions | head`), which needs no message."""
    from aecoach.errors import Msg, render

    if isinstance(sys.stdout, _ClosedOutput):
        return render(Msg.STDOUT_UNWRITABLE, reason="it is closed")
    if not isinstance(exc, OutputError):
        return None
    # Nothing more can reach it; at exit Python would flush it again and complain.
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    if exc.errno == errno.EPIPE:
        return ""
    return render(Msg.STDOUT_UNWRITABLE, reason=(exc.strerror or "").lower())


def internal_text(meta: dict[str, object], exc: BaseException) -> str:
    from aecoach.errors import Msg, render
    from aecoach.textsafe import shown

    names = meta.get("aecoach.command") or []
    command = " ".join(["aecoach", *names]) if isinstance(names, list) else "aecoach"
    first = next((line for line in str(exc).splitlines() if line.strip()), "no details")
    return render(Msg.INTERNAL, command=command, kind=type(exc).__name__, detail=shown(first, 200))
