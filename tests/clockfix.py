"""A fixed clock for commands: in this process (CliRunner) and in a subprocess (pexpect)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from aecoach.context import Context

FIXED_CLOCK_DIR = Path(__file__).parent / "helpers" / "fixedclock"


class Now:
    """The moment every Context built from here on reads; tests move it with `at`."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def at(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def fix_clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> Now:
    now = Now(moment)
    original = Context.__init__

    def init(self: Context, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.clock = now

    monkeypatch.setattr(Context, "__init__", init)
    return now


def clock_env(env: dict[str, str], moment: datetime) -> dict[str, str]:
    """`env` for an aecoach subprocess whose clock starts at `moment`."""
    src = str(Path(__file__).resolve().parent.parent / "src")
    path = [str(FIXED_CLOCK_DIR), src, *filter(None, [env.get("PYTHONPATH")])]
    return {**env, "AECOACH_TEST_NOW": moment.isoformat(), "PYTHONPATH": os.pathsep.join(path)}
