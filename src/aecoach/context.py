"""Where aecoach keeps the candidate's files, and the clock.

Built once at the CLI edge and passed down, so tests can point everything at
a temporary folder and a fixed time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

HOME_ENV = "AECOACH_HOME"


def _now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def default_home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("aecoach", appauthor=False))


@dataclass
class Context:
    home: Path = field(default_factory=default_home)
    clock: Callable[[], datetime] = _now
    extra_packs: tuple[Path, ...] = ()
    language: str | None = None

    @property
    def packs_dir(self) -> Path:
        return self.home / "packs"

    @property
    def history_path(self) -> Path:
        return self.home / "history.sqlite3"

    @property
    def cache_dir(self) -> Path:
        # Under the home folder, so AECOACH_HOME keeps a profile (or a test) self-contained.
        return self.home / "cache"

    def bank(self, language: str | None = None):  # type: ignore[no-untyped-def]
        from aecoach.bank.loader import load_bank

        return load_bank(
            language or self.language or "en",
            extra=self.extra_packs,
            user_dir=self.packs_dir,
            cache_dir=self.cache_dir,
        )
