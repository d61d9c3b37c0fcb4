from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aecoach.bank.loader import load_bank
from aecoach.bank.model import Bank

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English whatever the machine's locale, and leaves English behind
    (the interface language is process-wide, and CliRunner runs in this process)."""
    from aecoach import i18n

    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank("en")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private AECOACH_HOME that does not exist yet, so no test touches the real one
    and tests can see what gets created."""
    path = tmp_path / "home"
    monkeypatch.setenv("AECOACH_HOME", str(path))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("AECOACH_DEBUG", raising=False)
    return path


@pytest.fixture
def runner(home: Path) -> CliRunner:
    return CliRunner()


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def terminals() -> Iterator[list[Any]]:
    """Pseudo-terminals a test opened (vtscreen.Terminal), closed when it ends."""
    opened: list[Any] = []
    yield opened
    for terminal in opened:
        terminal.close()
