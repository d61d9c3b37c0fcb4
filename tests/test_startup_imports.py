"""A command imports only what it uses (startup is felt on every command).

Times belong in benchmarks/startup.py; these tests pin down the import
discipline that the times depend on, so a stray top-level import fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from aecoach.__main__ import main
code = main(sys.argv[1:])
sys.stdout = sys.__stdout__
print("\\nMODULES" + json.dumps(sorted(sys.modules)))
"""


def modules_after(home: Path, *args: str) -> set[str]:
    env = {"AECOACH_HOME": str(home), "PATH": "/usr/bin:/bin", "COLUMNS": "80"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return set(json.loads(out.rsplit("MODULES", 1)[1]))


def test_version_does_not_load_typer(home: Path) -> None:
    loaded = modules_after(home, "--version")
    assert "typer" not in loaded and "rich" not in loaded


def test_help_loads_neither_rich_nor_the_bank(home: Path) -> None:
    loaded = modules_after(home, "--help")
    assert "typer" in loaded  # the control: the probe does run the app
    for heavy in ("rich", "questionary", "prompt_toolkit", "sqlite3", "yaml", "pydantic", "fsrs"):
        assert heavy not in loaded, heavy


@pytest.mark.parametrize("command", [["tips"], ["questions"]])
def test_bank_commands_read_the_cache_without_yaml_once_warm(
    home: Path, command: list[str]
) -> None:
    first = modules_after(home, *command)
    assert "yaml" in first  # cold: the packs are parsed and the cache written
    warm = modules_after(home, *command)
    assert "rich" in warm
    # Typed bare, they are served without Typer too (aecoach.bare).
    for heavy in ("typer", "yaml", "questionary", "prompt_toolkit", "sqlite3", "pydantic", "fsrs"):
        assert heavy not in warm, heavy


def test_only_the_commands_that_schedule_load_fsrs(home: Path) -> None:
    """`history` lists sessions (review, mock and drill ones too) without the scheduler."""
    assert "fsrs" not in modules_after(home, "history")
    assert "fsrs" not in modules_after(home, "review", "--help")


@pytest.mark.parametrize("command", ["stats", "export", "import"])
def test_history_commands_help_loads_neither_rich_nor_sqlite(home: Path, command: str) -> None:
    loaded = modules_after(home, command, "--help")
    assert "typer" in loaded
    for heavy in ("rich", "questionary", "prompt_toolkit", "sqlite3", "yaml"):
        assert heavy not in loaded, heavy


def test_stats_loads_neither_the_bank_nor_the_prompts(home: Path) -> None:
    loaded = modules_after(home, "stats")
    assert "aecoach.coaching.stats" in loaded and "rich" in loaded
    for heavy in ("yaml", "questionary", "prompt_toolkit", "aecoach.bank.loader"):
        assert heavy not in loaded, heavy


@pytest.mark.parametrize("command", [["tips"], ["--help"], ["stats", "--json"]])
def test_the_pager_thai_breaks_and_spelling_help_cost_nothing_until_used(
    home: Path, command: list[str]
) -> None:
    modules_after(home, *command)  # warm the bank cache
    loaded = modules_after(home, *command)
    for unused in ("budoux", "aecoach.dates"):
        assert unused not in loaded, unused


def test_help_from_the_cache_needs_no_typer_and_reads_the_same(home: Path) -> None:
    env = {"AECOACH_HOME": str(home), "PATH": "/usr/bin:/bin", "COLUMNS": "80"}

    def help_text(**extra: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "aecoach", "--help"],
            capture_output=True,
            text=True,
            env={**env, **extra},
            check=True,
        ).stdout

    first = help_text()  # cold: built by Typer (test_help_loads_neither_rich_nor_the_bank)
    assert "typer" not in modules_after(home, "--help")  # warm: from the cache
    assert help_text() == first
    # Another width is another layout: not served from this one.
    assert help_text(COLUMNS="60") != first
    # Safe to damage or delete: ignored, then written again.
    cache = home / "cache" / "help.txt"
    cache.write_text("aecoach-help garbage\nnot the help")
    assert help_text() == first
    cache.unlink()
    assert help_text() == first
    assert cache.exists()


VOICE = ("numpy", "soundfile", "soxr", "webrtcvad", "faster_whisper", "ctranslate2", "av")
VOICE += ("sounddevice", "aecoach.voice", "aecoach.analysis.delivery")


@pytest.mark.parametrize(
    "command",
    [["tips"], ["history"], ["stats"], ["--help"], ["analyze", "--help"], ["practice", "--help"]],
)
def test_commands_that_neither_record_nor_analyse_load_no_voice_module(
    home: Path, command: list[str]
) -> None:
    loaded = modules_after(home, *command)
    for heavy in VOICE:
        assert heavy not in loaded, heavy


def test_analyze_loads_the_voice_modules_it_needs(home: Path) -> None:
    from tests.voicekit import EN_ANSWER

    loaded = modules_after(home, "analyze", str(EN_ANSWER), "--json")
    assert {"soundfile", "webrtcvad", "aecoach.voice.audio"} <= loaded
    assert "faster_whisper" not in loaded  # no model set up: only voice activity
