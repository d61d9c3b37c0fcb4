from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private AECOACH_HOME, so no test touches the real one."""
    path = tmp_path / "home"
    monkeypatch.setenv("AECOACH_HOME", str(path))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("AECOACH_DEBUG", raising=False)
    return path


@pytest.fixture
def runner(home: Path) -> CliRunner:
    return CliRunner()
