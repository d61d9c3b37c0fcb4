"""On a real terminal (a pseudo-terminal): the pager, and `export` without -o (issue 17)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from vtscreen import Terminal, aecoach_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

# A pager that keeps what it was given, and how it was started, for the test to read.
FAKE_PAGER = """\
import json, os, sys
data = sys.stdin.buffer.read()
with open(os.environ["PAGED_TO"], "w") as out:
    json.dump({"argv": sys.argv[1:], "less": os.environ.get("LESS"),
               "charset": os.environ.get("LESSCHARSET"), "text": data.decode()}, out)
print("FAKE PAGER SHOWED", data.count(b"\\n"), "LINES")
"""


@pytest.fixture
def pager(tmp_path: Path) -> dict[str, str]:
    script = tmp_path / "fakepager.py"
    script.write_text(FAKE_PAGER)
    # Also as `less` on PATH, for the default.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    less = bin_dir / "less"
    less.write_text(f"#!{sys.executable}\n{FAKE_PAGER}")
    less.chmod(less.stat().st_mode | stat.S_IXUSR)
    return {
        "command": f"{sys.executable} {script} --from-test",
        "paged_to": str(tmp_path / "paged.json"),
        "path": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def run(terminals: list[Terminal], home: Path, args: list[str], rows: int = 24, **env: str):  # type: ignore[no-untyped-def]
    terminal = Terminal(args, aecoach_env(str(home), **env), rows=rows, cols=80)
    terminals.append(terminal)
    code = terminal.finish()
    return terminal, code


def test_tips_taller_than_the_screen_go_through_the_pager(
    tmp_path: Path, terminals: list[Terminal], pager: dict[str, str]
) -> None:
    terminal, code = run(
        terminals, tmp_path / "home", ["tips"], PAGER=pager["command"], PAGED_TO=pager["paged_to"]
    )
    assert code == 0
    assert "FAKE PAGER SHOWED" in terminal.text()
    paged = json.loads(Path(pager["paged_to"]).read_text())
    assert paged["argv"] == ["--from-test"]
    assert "Questions to ask them" in paged["text"]
    assert paged["text"].count("\n") > 100
    assert "\x1b[" in paged["text"]  # the colours go to the pager
    assert paged["less"] == "FRX"  # as git sets it when the candidate has not


def test_less_r_is_the_default_pager(
    tmp_path: Path, terminals: list[Terminal], pager: dict[str, str]
) -> None:
    env = aecoach_env(str(tmp_path / "home"), PATH=pager["path"], PAGED_TO=pager["paged_to"])
    env.pop("PAGER", None)
    env.pop("AECOACH_PAGER", None)
    env.pop("LESS", None)
    terminal = Terminal(["questions"], env, rows=24, cols=80)
    terminals.append(terminal)
    assert terminal.finish() == 0
    assert json.loads(Path(pager["paged_to"]).read_text())["argv"] == ["-R"]


@pytest.mark.parametrize(("given", "told"), [(None, "utf-8"), ("latin1", "latin1")])
def test_less_is_told_the_text_is_utf8_unless_the_candidate_said_otherwise(
    tmp_path: Path, terminals: list[Terminal], pager: dict[str, str], given: str | None, told: str
) -> None:
    # With a locale that is not installed (ja_JP.UTF-8 on a minimal system), less fell back
    # to ASCII and showed each Japanese character as <E3><81><82>.
    settings = {"PAGER": pager["command"], "PAGED_TO": pager["paged_to"], "LANG": "ja_JP.UTF-8"}
    if given:
        settings["LESSCHARSET"] = given
    _terminal, code = run(terminals, tmp_path / "home", ["--lang", "ja", "tips"], **settings)
    assert code == 0
    paged = json.loads(Path(pager["paged_to"]).read_text())
    assert paged["charset"] == told
    assert "やるべきこと" in paged["text"]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager", "tips"], {}),
        (["tips", "--no-pager"], {}),
        (["tips"], {"PAGER": "cat"}),
        (["tips"], {"AECOACH_PAGER": ""}),
        (["questions", "show", "why-sales"], {}),  # fits on the screen
    ],
)
def test_no_pager(
    tmp_path: Path,
    terminals: list[Terminal],
    pager: dict[str, str],
    args: list[str],
    env: dict[str, str],
) -> None:
    settings = {"PAGER": pager["command"], "PAGED_TO": pager["paged_to"], **env}
    terminal, code = run(terminals, tmp_path / "home", args, rows=40, **settings)
    assert code == 0
    assert "FAKE PAGER" not in terminal.text()
    assert not Path(pager["paged_to"]).exists()


def test_never_in_a_pipe(tmp_path: Path, pager: dict[str, str]) -> None:
    env = aecoach_env(str(tmp_path / "home"), PAGER=pager["command"], PAGED_TO=pager["paged_to"])
    done = subprocess.run(
        [sys.executable, "-m", "aecoach", "tips"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "Questions to ask them" in done.stdout
    assert not Path(pager["paged_to"]).exists()


def test_bare_export_on_a_terminal_writes_nothing_and_says_how(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    terminal, code = run(terminals, tmp_path / "home", ["export"])
    assert code == 2
    assert " ".join(terminal.text().split()) == (
        "aecoach: error: export writes your whole history, so it needs somewhere to go — add"
        " -o FILE (such as -o practice.csv), or -o - to print it here"
    )


def test_export_dash_prints_on_the_terminal(tmp_path: Path, terminals: list[Terminal]) -> None:
    terminal, _code = run(terminals, tmp_path / "home", ["export", "-o", "-"], rows=60)
    assert "somewhere to go" not in terminal.text()
    assert "no history yet" in terminal.text()  # it went on to read the history


def test_q_in_the_mock_role_menu_stops_before_anything_is_saved(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    terminal = Terminal(["mock"], aecoach_env(str(home)), rows=30, cols=100)
    terminals.append(terminal)
    terminal.wait_for("Which role are you interviewing for?")
    terminal.wait_for("(Use shortcuts or arrow keys, q to stop)")
    terminal.send("q")
    assert terminal.finish() == 0
    assert "stopped before any answer was rated; nothing was saved" in terminal.text()
    assert not (home / "history.sqlite3").exists()


def test_the_menu_hint_is_in_the_candidates_language(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    from aecoach import i18n

    i18n.use("ja")
    try:
        hint = i18n._("(Use shortcuts or arrow keys)")
    finally:
        i18n.use("en")
    assert hint != "(Use shortcuts or arrow keys)"  # the control: it is translated
    terminal = Terminal(["--lang", "ja", "practice"], aecoach_env(str(tmp_path / "home")))
    terminals.append(terminal)
    terminal.wait_for(hint)
    assert "Use shortcuts" not in terminal.text()


def test_the_stop_message_wraps_at_words_on_a_narrow_terminal(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    terminal = Terminal(
        ["practice", "--role", "ae", "--count", "1"],
        aecoach_env(str(tmp_path / "home")),
        rows=30,
        cols=60,
    )
    terminals.append(terminal)
    terminal.wait_for("Press Enter for question 1 of 1")
    terminal.send("\x03")
    assert terminal.finish() == 130
    message = (
        "aecoach: stopped before any answer was rated; nothing was saved — run"
        " `aecoach practice` again when ready"
    )
    lines = [line.strip() for line in terminal.text().splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("aecoach: stopped"))
    shown = lines[start : start + 3]
    assert " ".join(" ".join(shown).split()) == message  # no word cut in two
    assert all(len(line) <= 60 for line in shown)


@pytest.mark.parametrize("cols", [60, 80])
def test_the_role_menu_and_the_first_prompt_break_at_words(
    tmp_path: Path, terminals: list[Terminal], cols: int
) -> None:
    # At 60 columns questionary's line once read "… (Use shortcuts or arr" / "ow keys)",
    # and the answer "Account Executive (AE" / ")".
    terminal = Terminal(
        ["practice", "--count", "1"], aecoach_env(str(tmp_path / "home")), rows=30, cols=cols
    )
    terminals.append(terminal)
    terminal.wait_for("Account Manager (AM)")
    lines = terminal.screen.lines()
    assert any("(Use shortcuts or arrow keys, q to stop)" in line for line in lines) or any(
        "(Use shortcuts or arrow keys)" in line for line in lines
    ), terminal.dump()
    terminal.send("\r")
    terminal.wait_for("or q to end:")
    lines = terminal.text().splitlines()
    assert any(line.strip().endswith("Account Executive (AE)") for line in lines), terminal.dump()
    gate = "Press Enter for question 1 of 1 (the clock starts at once), or q to end:"
    start = next(i for i, line in enumerate(lines) if line.startswith("Press Enter"))
    assert " ".join(" ".join(lines[start:]).split()) == gate
    terminal.send("\x03")
    assert terminal.finish() == 130
