"""A history in a read-only folder: writing is refused with a message, reading still works.

Root may write anywhere, so when the tests run as root the aecoach processes
here run as `nobody`, on a folder that `nobody` owns and may not write.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from factories import IS_ROOT, python_env

NOBODY = 65534


def as_owner() -> None:  # runs in the child, before exec
    if IS_ROOT:
        os.setgid(NOBODY)
        os.setuid(NOBODY)


@pytest.fixture
def read_only_home() -> Iterator[Path]:
    # Not under pytest's tmp_path: `nobody` could not reach into root's 0700 folders.
    top = Path(tempfile.mkdtemp(prefix="aecoach-ro-"))
    home = top / "home"
    home.mkdir()
    try:
        yield home
    finally:
        os.chmod(home, 0o700)
        shutil.rmtree(top)


def _runs_as_owner(python: str, env: dict[str, str]) -> bool:
    try:
        probe = subprocess.run(
            [python, "-c", "import typer, rich, yaml, aecoach"],
            env=env,
            capture_output=True,
            timeout=30,
            preexec_fn=as_owner,
        )
    except OSError:
        return False
    return probe.returncode == 0


def owner_python(home: Path) -> tuple[str, dict[str, str]]:
    """An interpreter the folder's owner may run, and its environment.

    As root the owner is `nobody`, who may not enter /root, where a pyenv
    interpreter often lives: then the system Python of the same version is
    used with this environment's packages on its path.
    """
    env = python_env(home)
    if _runs_as_owner(sys.executable, env):
        return sys.executable, env
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(version, path="/usr/bin:/usr/local/bin")
    if system:
        packages = [p for p in sys.path if p.endswith("site-packages")]
        env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], *packages])
        if _runs_as_owner(system, env):
            return system, env
    pytest.skip("no Python interpreter that `nobody` may run")


def python(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    interpreter, env = owner_python(home)
    return subprocess.run(
        [interpreter, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=as_owner,
    )


SETUP = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from aecoach.history.store import HistoryStore
from factories import sample_answer, sample_session
with HistoryStore.open(Path({home!r}) / "history.sqlite3") as store:
    store.record_answer(sample_session(), sample_answer())
    store.record_answer(sample_session(), sample_answer(n=2))
"""

TRY_WRITE = """
import sys
from pathlib import Path
from aecoach.errors import AecoachError
from aecoach.history.store import HistoryStore
try:
    HistoryStore.open(Path({home!r}) / "history.sqlite3")
except AecoachError as exc:
    print(exc.text)
"""


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_history_is_explained_and_left_alone(read_only_home: Path, what: str) -> None:
    home = read_only_home
    if IS_ROOT:
        os.chown(home.parent, NOBODY, NOBODY)
        os.chown(home, NOBODY, NOBODY)
    made = python(SETUP.format(home=str(home), tests=str(Path(__file__).parent)), home)
    assert made.returncode == 0, made.stderr
    path = home / "history.sqlite3"
    if what == "folder":
        os.chmod(home, stat.S_IRUSR | stat.S_IXUSR)  # 0500: read and enter, not write
        reason, target = "the folder is read-only", home
    else:
        os.chmod(path, stat.S_IRUSR)  # 0400
        reason, target = "the file is read-only", path
    before = {p.name: p.read_bytes() for p in home.iterdir()}
    assert list(before) == ["history.sqlite3"]

    tried = python(TRY_WRITE.format(home=str(home)), home)
    assert tried.returncode == 0, tried.stderr
    assert tried.stdout.strip() == (
        f"{path}: cannot write the history ({reason})"
        f" — make {target} writable, or set AECOACH_HOME to a folder you can write"
    )

    interpreter, env = owner_python(home)
    listed = subprocess.run(
        [interpreter, "-m", "aecoach", "history", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=as_owner,
    )
    assert listed.returncode == 0, listed.stderr
    assert '"total_answers": 2' in listed.stdout

    assert {p.name: p.read_bytes() for p in home.iterdir()} == before
