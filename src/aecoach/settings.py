"""The candidate's saved preferences: `<home>/settings.json` (for now, only the language).

A small JSON object, written whole to a temporary file and renamed over the
old one, so a crash never leaves half a file; private (0600) like everything
else in the home folder. A file that cannot be read or holds nonsense is
ignored with a warning: a preference must never lock a candidate out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FILE_NAME = "settings.json"


def path_in(home: Path) -> Path:
    return home / FILE_NAME


def read(home: Path) -> tuple[dict[str, Any], str | None]:
    """The settings, and why they could not be read (None when all is well or there are none)."""
    path = path_in(home)
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # no home yet: the command says why
        return {}, None
    except OSError as exc:
        return {}, (exc.strerror or type(exc).__name__).lower()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}, "it is not a JSON object"
    if not isinstance(data, dict):
        return {}, "it is not a JSON object"
    return data, None


def write(home: Path, settings: dict[str, Any]) -> Path:
    """Replace the settings file atomically (0600); raises OSError when it cannot."""
    from aecoach.safefile import replace_private

    path = path_in(home)
    payload = json.dumps(settings, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    replace_private(path, payload, sync=True)
    return path
