"""Startup time of aecoach's commands against the bare interpreter, in one run.

Each command runs with its output going to a pseudo-terminal, as a candidate
sees it. After a warm-up, the commands are run in turn (interleaved, so a
busy machine slows them all alike) and the median wall time of each is
printed with its ratio to `python -c pass`.

    .venv/bin/python benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TARGETS = {
    "aecoach --version": 8.0,
    "aecoach --help": 8.0,
    "aecoach tips": 10.0,
    "aecoach questions": 12.0,
}


def aecoach_command() -> list[str]:
    script = Path(sys.executable).with_name("aecoach")
    if script.exists():
        return [str(script)]
    found = shutil.which("aecoach")
    return [found] if found else [sys.executable, "-m", "aecoach"]


def run_on_pty(argv: list[str], env: dict[str, str]) -> float:
    master, slave = pty.openpty()

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=slave, stdout=slave, stderr=slave, env=env, check=False)
    elapsed = time.perf_counter() - start
    os.close(slave)
    reader.join(timeout=2)
    os.close(master)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs per command")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="aecoach-bench-")
    env = {**os.environ, "AECOACH_HOME": home, "COLUMNS": "100", "LINES": "40"}
    env.pop("NO_COLOR", None)
    # What is timed is starting and drawing: a pager would wait for a key on a long screen.
    env["AECOACH_PAGER"] = "cat"
    # As on a candidate's machine, the warm-up leaves up-to-date bytecode behind;
    # with this set, every run would compile the modules edited since the last .pyc.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    aecoach = aecoach_command()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "aecoach --version": [*aecoach, "--version"],
        "aecoach --help": [*aecoach, "--help"],
        "aecoach tips": [*aecoach, "tips"],
        "aecoach questions": [*aecoach, "questions"],
        # A translated bank (merged with English) and a compiled catalogue.
        "aecoach --lang ja tips": [*aecoach, "--lang", "ja", "tips"],
    }
    for argv in commands.values():  # warm-up: disk cache, .pyc files, the bank cache
        for _ in range(3):
            run_on_pty(argv, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(run_on_pty(argv, env))
    base = statistics.median(times["python -c pass"])
    print(f"aecoach startup, median of {args.runs} runs, output to a pseudo-terminal")
    print(f"{'command':<26}{'median':>10}{'ratio':>9}{'target':>9}")
    failed = False
    for name, samples in times.items():
        median = statistics.median(samples)
        ratio = median / base
        target = TARGETS.get(name)
        mark = ""
        if target:
            ok = ratio <= target
            failed |= not ok
            mark = f"{'≤' if ok else '>'}{target:g}×"
        print(f"{name:<26}{median * 1000:>8.1f}ms{ratio:>8.1f}×{mark:>9}")
    shutil.rmtree(home, ignore_errors=True)
    if failed:
        print("some commands miss their target")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
