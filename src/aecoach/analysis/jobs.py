"""Reading a pasted job description for the skills and role vocabulary it names. Pure.

The term lists are data, one JSON file per language in `data/jobs/`
(`en.json`: {"skills": {skill: [terms]}, "roles": {role: [terms]}}), so a
translator or a recruiter can extend them without touching code. Every
language's list is tried, since a job ad is often in English whatever the
candidate reads aecoach in. Spaced scripts match whole words (a final "s"
allowed); Japanese and Thai, written without spaces, match the term anywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "data" / "jobs"
UNSPACED = ("ja", "th")
MAX_JOB_CHARS = 200_000  # a job description, not a book


@cache
def term_lists() -> dict[str, dict[str, Any]]:
    """language -> its term lists, read from the data files."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(HERE.glob("*.json"))
    }


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _pattern(term: str, spaced: bool) -> re.Pattern[str]:
    words = r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", _fold(term)) if w)
    if not spaced:
        return re.compile(words)
    return re.compile(rf"(?<!\w){words}(?:e?s)?(?!\w)")


def scan(text: str) -> dict[str, dict[str, list[str]]]:
    """{"skills": {skill: [terms found]}, "roles": {role: [terms found]}}, terms as listed."""
    folded = _fold(text[:MAX_JOB_CHARS])
    found: dict[str, dict[str, list[str]]] = {"skills": {}, "roles": {}}
    for language, lists in term_lists().items():
        spaced = language not in UNSPACED
        for group in ("skills", "roles"):
            for name, terms in lists.get(group, {}).items():
                for term in terms:
                    if _pattern(term, spaced or term.isascii()).search(folded):
                        hits = found[group].setdefault(name, [])
                        if term not in hits:
                            hits.append(term)
    return found


def likely_role(found: dict[str, dict[str, list[str]]]) -> str | None:
    """The role whose vocabulary the description uses most, if one leads."""
    counts = sorted(((len(t), r) for r, t in found.get("roles", {}).items()), reverse=True)
    if not counts or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return counts[0][1]
