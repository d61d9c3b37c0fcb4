"""`aecoach tips` and `aecoach questions` typed bare are served without Typer
(`aecoach.bare`); what a candidate sees must be what the Typer commands show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aecoach import bare

# The same command line, once through __main__ (which serves it bare) and once
# straight through the Typer app.
BARE = "import sys; from aecoach.__main__ import main; sys.exit(main(sys.argv[1:]))"
TYPER = "import sys; from aecoach.cli import run; sys.exit(run(sys.argv[1:]))"


def both(home: Path, *args: str, **extra: str) -> tuple[tuple[int, str, str], ...]:
    env = {
        "AECOACH_HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "COLUMNS": "80",
        "LANG": "C.UTF-8",
        **extra,
    }
    results = []
    for script in (BARE, TYPER):
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        results.append((done.returncode, done.stdout, done.stderr))
    return tuple(results)


@pytest.mark.parametrize(
    "args",
    [
        ["tips"],
        ["questions"],
        ["tips", "--lang", "ja"],
        ["--lang=TH", "questions"],
        ["-L", "es", "tips", "--no-pager"],
    ],
)
def test_a_bare_reference_command_shows_what_the_typer_command_shows(
    home: Path, args: list[str]
) -> None:
    assert bare.parse(args) is not None  # the control: this line is served bare
    served, typed = both(home, *args)
    assert served == typed
    assert served[0] == 0 and len(served[1].splitlines()) > 40


def test_the_saved_language_and_a_broken_user_pack_are_read_as_typer_reads_them(
    home: Path,
) -> None:
    (home / "packs").mkdir(parents=True)
    (home / "packs" / "mine.yaml").write_text("questions: [{id: x\n", encoding="utf-8")
    (home / "settings.json").write_text('{"language": "id"}', encoding="utf-8")
    served, typed = both(home, "tips")
    assert served == typed
    code, _out, err = served
    # A user pack that fails is left out with a warning; the sheet is still shown.
    assert code == 0 and err.startswith("aecoach: warning: ") and "mine.yaml" in err


def test_folders_that_are_files_are_warned_about_alike(home: Path) -> None:
    home.mkdir()
    (home / "cache").write_text("a file where the cache folder goes", encoding="utf-8")
    (home / "packs").write_text("a file where the packs folder goes", encoding="utf-8")
    served, typed = both(home, "questions")
    assert served == typed
    assert served[0] == 0 and "aecoach: warning: " in served[2]


def test_a_reader_that_stopped_reading_ends_it_quietly_as_through_typer(home: Path) -> None:
    outcomes = []
    for script in (BARE, TYPER):
        read_end, write_end = os.pipe()
        os.close(read_end)  # as `aecoach tips | head -1` has, once head has its line
        done = subprocess.run(
            [sys.executable, "-c", script, "tips"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={"AECOACH_HOME": str(home), "PATH": "/usr/bin:/bin"},
            check=False,
        )
        os.close(write_end)
        outcomes.append((done.returncode, done.stderr))
    assert outcomes[0] == outcomes[1] == (1, b"")


def test_a_full_disk_is_one_line_as_through_typer(home: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    outcomes = []
    for script in (BARE, TYPER):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-c", script, "questions"],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env={"AECOACH_HOME": str(home), "PATH": "/usr/bin:/bin"},
                check=False,
            )
        outcomes.append((done.returncode, done.stderr))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 1 and outcomes[0][1].count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["tips", "--json"],
        ["tips", "--kind", "do"],
        ["questions", "show", "why-sales"],
        ["tips", "--lang", "jp"],  # Typer's path names the languages
        ["tips", "--lang"],
        ["tips", "tips"],
        ["practise"],
        ["--debug", "tips"],
        ["--pack", "x.yaml", "tips"],
    ],
)
def test_anything_more_goes_through_typer(args: list[str]) -> None:
    assert bare.parse(args) is None


def test_a_shell_asking_for_completions_goes_through_typer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert bare.parse(["tips"]) == bare.Line("tips", None, True)
    monkeypatch.setenv(bare.COMPLETE_VAR, "complete_bash")
    assert bare.parse(["tips"]) is None


def test_the_root_options_are_read_on_either_side() -> None:
    assert bare.parse(["--no-pager", "questions", "-L", " JA "]) == bare.Line(
        "questions", "ja", False
    )
    assert bare.parse(["tips", "--lang", "es", "--lang=th"]) == bare.Line("tips", "th", True)
