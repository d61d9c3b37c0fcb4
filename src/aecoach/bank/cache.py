"""A cache of the validated bank, so a command does not parse YAML it parsed before.

Parsing and validating every pack costs more than the rest of a command's
startup put together. The cache holds the validated items as JSON, keyed by
every pack file's path, size and modification time and by aecoach's version,
so any edit to a pack, an added or removed pack, or an upgrade rebuilds it.
Only a bank that loaded without a single problem is cached; a cache that
cannot be read is ignored and rewritten, never trusted.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aecoach import __version__
from aecoach.bank.model import SECTION_TYPES, Bank, Pack, Turn

FORMAT = 4  # 2: a translated bank is merged with English; 3: turns, model answers, briefs;
# 4: a pack's language is one aecoach knows (a cached bank may hold one in "jp")


def fingerprint(files: Sequence[tuple[Path, bool]], language: str) -> list[Any] | None:
    """What the cache must match, or None when a file cannot be inspected."""
    parts: list[Any] = [FORMAT, __version__, language]
    for path, builtin in files:
        try:
            st = path.stat()
        except OSError:
            return None
        # ctime too: a chmod that makes a pack unreadable must not be served from the cache.
        parts.append([str(path), builtin, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
    return parts


def read(cache_file: Path, key: list[Any]) -> Bank | None:
    try:
        with cache_file.open("rb") as handle:
            data = json.load(handle)
        if data["key"] != key:
            return None
        packs = []
        for raw in data["packs"]:
            sections = {
                name: tuple(_item(cls, row) for row in raw.pop(name))
                for name, cls in SECTION_TYPES.items()
            }
            raw["roles"] = tuple(raw["roles"])
            raw["path"] = Path(raw["path"])
            packs.append(Pack(**raw, **sections))
        return Bank(tuple(packs), data["language"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _item(cls: type, row: list[Any]) -> Any:
    item = cls(*(_tuples(v) for v in row))
    if getattr(item, "turns", None):  # the one nested record: JSON gives it back as lists
        item = item._replace(turns=tuple(Turn(t[0], tuple(t[1]), t[2]) for t in item.turns))
    return item


def _tuples(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def write(cache_file: Path, key: list[Any], bank: Bank) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    packs = []
    for pack in bank.packs:
        raw = pack._asdict()
        raw["path"] = str(pack.path)
        for name in SECTION_TYPES:
            raw[name] = [list(item) for item in raw[name]]
        packs.append(raw)
    write_text(cache_file, json.dumps({"key": key, "language": bank.language, "packs": packs}))


def write_text(cache_file: Path, payload: str) -> None:
    """Replace `cache_file` with `payload`, privately and atomically; best effort."""
    from aecoach.safefile import replace_private

    with contextlib.suppress(OSError):
        # Not synced: a cache lost in a crash is only rebuilt.
        replace_private(cache_file, payload, sync=False)
