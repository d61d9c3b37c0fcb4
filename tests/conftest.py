from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from aecoach.bank.loader import load_bank
from aecoach.bank.model import Bank


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank("en")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An AECOACH_HOME that does not exist yet, so tests can see what gets created."""
    path = tmp_path / "home"
    monkeypatch.setenv("AECOACH_HOME", str(path))
    return path


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)
