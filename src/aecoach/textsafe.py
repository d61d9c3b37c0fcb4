"""Making text from packs and notes inert before a terminal or a file sees it."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the bidirectional
# overrides that can make text read differently from what it is, and lone
# surrogates (which no encoder will write, so printing one would crash).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """Show control characters as escapes (ESC becomes the four characters \\x1b)."""
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


def shown(text: str, limit: int = 60) -> str:
    """Inert and short enough to quote in a one-line message (ends in … when cut)."""
    text = inert(text)
    if "\n" in text or "\t" in text:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[: limit - 1] + "…"
