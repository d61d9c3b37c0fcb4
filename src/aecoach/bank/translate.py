"""The built-in bank in one language, with English wherever a translation is missing.

English is the source: every built-in pack exists in `questions/en/`, and each
translation (`questions/<lang>/`) holds the same pack ids and item ids. A
language's bank is the English bank with each item replaced by its
translation; an item with no translation stays English and is marked
`fallback=True`, so everything that shows it can say so, and the history
records the language of the text actually shown. Never silent: `aecoach packs
validate --bank` lists what each language lacks (`gaps`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from aecoach.bank.model import SECTION_TYPES, Pack

SOURCE_LANGUAGE = "en"

# What must be the same in every language, per section, so that filters, stats
# and spaced repetition behave alike whatever language a candidate reads.
SHARED_FIELDS: dict[str, tuple[str, ...]] = {
    "questions": ("kind", "roles", "skills", "time_limit", "answer", "tolerance", "turns"),
    "tips": ("kind", "roles", "skills"),
    "asks": ("roles",),
    "objections": ("theme", "roles", "time_limit", "turns"),
}

# Text a translation must have wherever English has it (written afresh, not shared).
REQUIRED_TEXTS: dict[str, tuple[str, ...]] = {
    "questions": ("brief", "model_answer"),
    "objections": ("model_answer",),
}


def merge(source: Pack, translation: Pack | None) -> Pack:
    """`source` (English) with every item that `translation` has replaced by it.

    Items keep the English order. Items only in the translation (a bug that
    `gaps` reports) are kept after the others rather than hidden.
    """
    if translation is None:
        sections = {
            name: tuple(item._replace(fallback=True) for item in getattr(source, name))
            for name in SECTION_TYPES
        }
        return source._replace(**sections)
    sections = {}
    for name in SECTION_TYPES:
        theirs = {item.id: item for item in getattr(translation, name)}
        ours = getattr(source, name)
        merged = [theirs.pop(item.id, None) or item._replace(fallback=True) for item in ours]
        merged += theirs.values()
        sections[name] = tuple(merged)
    return translation._replace(**sections)


def merge_packs(source: Sequence[Pack], translated: Sequence[Pack]) -> list[Pack]:
    """Every English pack in its translated form, then any pack only the translation has."""
    by_id = {p.id: p for p in translated}
    out = [merge(p, by_id.pop(p.id, None)) for p in source]
    return out + list(by_id.values())


class Gap(NamedTuple):
    """Something a translation lacks, or has that English does not."""

    language: str
    key: str  # "<pack>/<id>", or "<pack>" for a whole pack
    what: str  # "missing", "extra", "missing-pack", "differs" or "lacks" (a text field)
    source: str  # where the English one is ("file:line"), or the translation's for "extra"
    field: str = ""  # for "differs": which field
    path: Path | None = None  # the translation's file, when there is one


def _value(item: Any, field: str) -> Any:
    value = getattr(item, field)
    if field == "turns":
        # Lines and points are translated; what is shared is how many turns, on which clock.
        return tuple(turn.time_limit for turn in value)
    return tuple(sorted(value)) if isinstance(value, tuple) else value


def gaps(source: Sequence[Pack], translated: Sequence[Pack], language: str) -> list[Gap]:
    """What `translated` (one language) lacks or adds compared with English, in English order."""
    by_id = {p.id: p for p in translated}
    out: list[Gap] = []
    for pack in source:
        theirs = by_id.pop(pack.id, None)
        if theirs is None:
            out.append(Gap(language, pack.id, "missing-pack", str(pack.path)))
            continue
        for name, fields in SHARED_FIELDS.items():
            items = {i.id: i for i in getattr(theirs, name)}
            for item in getattr(pack, name):
                other = items.pop(item.id, None)
                if other is None:
                    out.append(Gap(language, item.key, "missing", item.origin, path=theirs.path))
                    continue
                for field in fields:
                    if _value(item, field) != _value(other, field):
                        out.append(
                            Gap(language, item.key, "differs", other.origin, field, theirs.path)
                        )
                for field in REQUIRED_TEXTS.get(name, ()):
                    if getattr(item, field) and not getattr(other, field):
                        out.append(
                            Gap(language, item.key, "lacks", other.origin, field, theirs.path)
                        )
            out += [
                Gap(language, i.key, "extra", i.origin, path=theirs.path) for i in items.values()
            ]
    for pack in by_id.values():
        out.append(Gap(language, pack.id, "extra", str(pack.path), path=pack.path))
    return out
