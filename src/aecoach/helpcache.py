"""`aecoach --help` served from a cache, without loading Typer.

The root help is the same on every run of the same code at the same width,
but producing it means importing Typer and building every command: most of
what `--help` costs. So the text is kept in `<home>/cache/help.txt` under a
first line that keys it: aecoach's version, the width Click lays help out at,
and the size and modification time of every module under `aecoach/cli/` and
of Typer's. Like the bank cache it is safe to delete: a missing, unreadable
or stale file is ignored and written again; one that cannot be written only
costs speed. Only `os` is imported on the way (no json, no pathlib).
"""

from __future__ import annotations

import os
import sys

NAME = "help.txt"


def _columns() -> int:
    # shutil.get_terminal_size's rule (COLUMNS, else the terminal, else 80), without
    # importing shutil and the compression modules it brings.
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _width() -> int:
    # As Click's HelpFormatter: the terminal's width, at most 80, less 2, at least 50.
    return max(min(_columns(), 80) - 2, 50)


def _stamp(path: str) -> str:
    info = os.stat(path)
    return f"{os.path.basename(path)}:{info.st_size}:{info.st_mtime_ns}"


def key() -> str | None:
    from aecoach import __version__

    cli = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cli")
    try:
        files = sorted(os.path.join(cli, n) for n in os.listdir(cli) if n.endswith(".py"))
        typer = next(
            (
                os.path.join(p, "typer", "__init__.py")
                for p in sys.path
                if os.path.isfile(os.path.join(p, "typer", "__init__.py"))
            ),
            None,
        )
        stamps = [_stamp(f) for f in [*files, *([typer] if typer else [])]]
    except OSError:
        return None
    return f"aecoach-help {__version__} {_width()} {' '.join(stamps)}"


def _file() -> str:
    from aecoach.home import home_folder

    return os.path.join(home_folder(), "cache", NAME)


def cached() -> str | None:
    """The root help, if the cache holds it for this code and this width."""
    wanted = key()
    if wanted is None:
        return None
    try:
        with open(_file(), encoding="utf-8") as handle:
            first = handle.readline().rstrip("\n")
            text = handle.read(1 << 20)
    except (OSError, ValueError):
        return None
    return text if first == wanted and text else None


def store(text: str) -> None:
    wanted = key()
    if wanted is None:
        return
    from pathlib import Path

    from aecoach.bank.cache import write_text

    path = Path(_file())
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    write_text(path, f"{wanted}\n{text}")
