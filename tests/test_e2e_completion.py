"""Shell completion (issue 17): bash completes through a real interactive shell on a
pseudo-terminal; zsh and fish (not installed here) through the same protocol their
scripts speak."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX shell")

BIN = str(Path(sys.executable).parent)


def aecoach(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "AECOACH_HOME": str(home), "PATH": f"{BIN}:/usr/bin:/bin", **env}
    return subprocess.run(
        [sys.executable, "-m", "aecoach", *args], env=environ, capture_output=True, text=True
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.skipif(shutil.which("aecoach", path=BIN) is None, reason="needs the aecoach script")
def test_bash_completes_commands_values_and_question_ids(tmp_path: Path) -> None:
    script = tmp_path / "aecoach.bash"
    done = aecoach(tmp_path / "home", "completion", "bash")
    assert done.returncode == 0, done.stderr
    script.write_text(done.stdout)
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "AECOACH_HOME": str(tmp_path / "home"),
        "HOME": str(tmp_path),
        "PS1": "$ ",
        "TERM": "dumb",
        "LANG": "C.UTF-8",
    }
    shell = pexpect.spawn(
        "bash", ["--norc", "--noprofile", "-i"], env=env, encoding="utf-8", timeout=30
    )
    try:
        shell.expect_exact("$ ")
        shell.sendline(f"source {script}; bind 'set show-all-if-ambiguous on'")
        shell.expect_exact("$ ")
        shell.send("aecoach ques\t")
        shell.expect_exact("aecoach questions ")
        shell.send("--skill organ\t")
        shell.expect_exact("--skill organisation ")
        shell.send("\x15")  # Ctrl-U: a fresh line
        shell.send("aecoach questions show why-sal\t")
        shell.expect_exact("show why-sales ")
        shell.send("\x15")
        shell.send("aecoach practice --ro\t")
        shell.expect_exact("practice --role ")
        shell.send("\t")
        shell.expect("ae +am +sdr|ae +sdr +am")
    finally:
        shell.close(force=True)


def test_zsh_protocol_completes_options_with_their_help(tmp_path: Path) -> None:
    done = aecoach(
        tmp_path / "home",
        _AECOACH_COMPLETE="complete_zsh",
        _TYPER_COMPLETE_ARGS="aecoach questions --ki",
    )
    assert done.returncode == 0
    assert '"--kind":"Only questions of this kind' in done.stdout


def test_fish_protocol_completes_kinds(tmp_path: Path) -> None:
    done = aecoach(
        tmp_path / "home",
        _AECOACH_COMPLETE="complete_fish",
        _TYPER_COMPLETE_ARGS="aecoach questions --kind beh",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    assert done.returncode == 0
    assert done.stdout.split() == ["behavioural"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_script_names_aecoach(tmp_path: Path, shell: str) -> None:
    done = aecoach(tmp_path / "home", "completion", shell)
    assert done.returncode == 0
    assert "_AECOACH_COMPLETE" in done.stdout


def test_an_unknown_shell_is_refused_with_the_choices(tmp_path: Path) -> None:
    done = aecoach(tmp_path / "home", "completion", "tcsh")
    assert done.returncode == 2
    assert done.stderr == (
        "aecoach: error: SHELL: 'tcsh' is not one of its values — use one of: bash, zsh, fish\n"
    )
