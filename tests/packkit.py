"""Small helpers shared by the pack tests: a valid pack, and writing one to disk."""

from __future__ import annotations

from pathlib import Path

GOOD = """\
pack:
  id: acme
  title: "Acme"
  language: en
  roles: [ae]
questions:
  - id: why-us
    text: "Why do you want to work at Acme?"
    kind: motivation
    roles: [ae]
    skills: [communication]
    time_limit: 90
    hints: ["Something specific about Acme.", "How you fit what they sell."]
tips:
  - id: know-them
    kind: do
    title: "Know Acme's customers"
    body: "Read two case studies."
    roles: [ae]
"""


def pack_text(pack_id: str = "acme", replace: dict[str, str] | None = None) -> str:
    """GOOD with another pack id and any text replaced (old text -> new text)."""
    text = GOOD.replace("id: acme", f"id: {pack_id}")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
