"""The built-in bank ships inside the wheel: an install outside the repository finds it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import aecoach, json
from aecoach.bank.loader import builtin_dir, load_bank
bank = load_bank("en")
print(json.dumps([aecoach.__file__, str(builtin_dir()), len(bank.questions), len(bank.tips)]))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("aecoach-*.whl")
    return built


def test_wheel_contains_the_question_bank(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "aecoach/questions/en/core.yaml" in names
    assert "aecoach/__main__.py" in names
    for language in ("es", "id", "ja", "th"):
        assert f"aecoach/questions/{language}/core.yaml" in names
        assert f"aecoach/locale/{language}/LC_MESSAGES/aecoach.mo" in names
    for language in ("en", "es", "id", "ja", "th"):  # the coach's notes' word lists
        assert f"aecoach/analysis/data/{language}.toml" in names
        assert f"aecoach/analysis/data/jobs/{language}.json" in names  # plan set --job's term lists


def test_installed_wheel_finds_the_bank_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    import json

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "AECOACH_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module, bank_dir, questions, tips = json.loads(out)
    assert Path(module).is_relative_to(site)
    assert Path(bank_dir) == site / "aecoach" / "questions"
    assert questions >= 120 and tips > 0
