"""Helpers for tests of the translated bank: a private copy of the built-in bank to break."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from aecoach.bank.loader import builtin_dir


def copy_bank(tmp_path: Path) -> Path:
    root = tmp_path / "questions"
    shutil.copytree(builtin_dir(), root)
    return root


def drop_item(path: Path, item_id: str) -> None:
    """Delete one item (its `- id:` block) from a pack file, as a forgetful translator would."""
    text = path.read_text(encoding="utf-8")
    pattern = rf'  - id: "?{re.escape(item_id)}"?\n(?:(?!  - id:|\S).*\n)*'
    shorter, count = re.subn(pattern, "", text, count=1)
    assert count == 1, f"{item_id} is not in {path}"
    path.write_text(shorter, encoding="utf-8")
