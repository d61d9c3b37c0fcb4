"""Recordings on disk: `<home>/recordings/<answer uid>.ogg` (Opus), folder 0700, files 0600.

Opus at 16 kHz keeps a two-minute answer to a few hundred kilobytes; where the
local libsndfile lacks Opus, FLAC. A file is written under a temporary name and
renamed into place, so a crash leaves no half recording under a real name.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from aecoach.voice._deps import need

if TYPE_CHECKING:
    import numpy as np

RATE = 16000


def folder(home: Path) -> Path:
    return home / "recordings"


def save(home: Path, answer_uid: str, samples: np.ndarray) -> str:
    """Write the recording; return its file name (raises OSError)."""
    from aecoach.safefile import private_folders

    sf = need("soundfile")
    where = folder(home)
    private_folders(where)
    os.chmod(where, 0o700)
    opus = "OPUS" in sf.available_subtypes("OGG")
    name = f"{answer_uid}.{'ogg' if opus else 'flac'}"
    tmp = where / f".{name}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if opus:
                sf.write(handle, samples, RATE, format="OGG", subtype="OPUS")
            else:
                sf.write(handle, samples, RATE, format="FLAC")
        os.replace(tmp, where / name)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return name


def path_of(home: Path, name: str) -> Path:
    return folder(home) / Path(name).name  # a name from the history never leaves the folder


def delete(home: Path, names: list[str]) -> int:
    gone = 0
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            path_of(home, name).unlink()
            gone += 1
    return gone


def sweep_orphans(home: Path, kept: set[str]) -> int:
    """Delete recordings no answer names (a session killed between the file and its row)."""
    where = folder(home)
    if not where.is_dir():
        return 0
    names = [p.name for p in where.iterdir() if p.is_file() and p.name not in kept]
    return delete(home, names)
