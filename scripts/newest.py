"""Which installed packages differ from uv.lock: run with the newest-releases venv's Python.

`.ci/run` runs the suite a second time in a virtual environment that takes the newest
releases pyproject.toml allows (as `pip install aecoach` would). When that run fails,
this names each package whose version is not the locked one, so the failure says
which release to look at: `babel 2.19.0 (locked: 2.18.0)`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def locked(lock: Path = LOCK) -> dict[str, str]:
    data = tomllib.loads(lock.read_text(encoding="utf-8"))
    return {
        _name(p["name"]): p["version"]
        for p in data.get("package", [])
        if "version" in p and p.get("source", {}).get("editable") is None
    }


def installed() -> dict[str, str]:
    return {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def differences(lock: dict[str, str], have: dict[str, str]) -> list[str]:
    out = []
    for name in sorted(have):
        if name in lock and have[name] != lock[name]:
            out.append(f"{name} {have[name]} (locked: {lock[name]})")
        elif name not in lock and name not in {"pip", "setuptools", "aecoach"}:
            out.append(f"{name} {have[name]} (not in uv.lock)")
    return out


def main() -> int:
    found = differences(locked(), installed())
    if not found:
        print("newest releases: the same versions as uv.lock")
    for line in found:
        print(f"newest releases: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
