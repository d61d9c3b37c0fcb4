"""Questions a command asks of the bank: filter, find, and shape as plain data."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from re import Pattern
from typing import Any, NamedTuple

from aecoach.bank.model import Ask, Bank, Objection, Question, Tip

TIP_SHEET_KINDS = ("do", "dont", "advice", "role", "ask")


class TipSheet(NamedTuple):
    dos: tuple[Tip, ...]
    donts: tuple[Tip, ...]
    advice: tuple[Tip, ...]
    role: tuple[Tip, ...]
    asks: tuple[Ask, ...]

    def __bool__(self) -> bool:
        return any((self.dos, self.donts, self.advice, self.role, self.asks))


def search_pattern(search: str | None) -> Pattern[str] | None:
    """What `tips --search` looks for: the words typed, each at the start of a word
    ("OTE" finds "OTE" and "OTEs", not "quote" or "note"), in any case."""
    words = (search or "").split()
    if not words:
        return None
    import re

    from aecoach.i18n import unspaced

    # Thai and Japanese have no spaces to start a word after: there a search matches anywhere.
    parts = [
        re.escape(word) if unspaced(word[0]) else r"(?<!\w)" + re.escape(word) for word in words
    ]
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def _matches(pattern: Pattern[str] | None, *fields: str) -> bool:
    return pattern is None or any(pattern.search(f) for f in fields)


def tip_sheet(
    bank: Bank,
    *,
    kinds: Sequence[str] = (),
    role: str | None = None,
    search: str | None = None,
) -> TipSheet:
    wanted = set(kinds) or set(TIP_SHEET_KINDS)
    pattern = search_pattern(search)
    tips = [
        t
        for t in bank.tips
        if t.kind in wanted
        and (role is None or role in t.roles)
        and _matches(pattern, t.title, t.body)
    ]
    asks = [
        a
        for a in bank.asks
        if "ask" in wanted
        and (role is None or role in a.roles)
        and _matches(pattern, a.text, a.why)
    ]

    def of(kind: str) -> tuple[Tip, ...]:
        return tuple(t for t in tips if t.kind == kind)

    return TipSheet(of("do"), of("dont"), of("advice"), of("role"), tuple(asks))


def select_questions(
    bank: Bank,
    *,
    role: str | None = None,
    skill: str | None = None,
    kind: str | None = None,
) -> list[Question]:
    return [
        q
        for q in bank.questions
        if (role is None or role in q.roles)
        and (skill is None or skill in q.skills)
        and (kind is None or q.kind == kind)
    ]


def find_question(bank: Bank, ref: str) -> Question:
    """A question by full id (`pack/id`) or by its short id when that is unambiguous."""
    from aecoach.errors import AecoachError, Msg

    by_key = {q.key: q for q in bank.questions}
    if ref in by_key:
        return by_key[ref]
    short = [q for q in bank.questions if q.id == ref]
    if len(short) == 1:
        return short[0]
    if short:
        raise AecoachError(Msg.AMBIGUOUS_ID, value=ref, matches=", ".join(q.key for q in short))
    import difflib

    near = difflib.get_close_matches(ref, [*by_key, *(q.id for q in bank.questions)], n=1)
    from aecoach.i18n import _

    hint = _(" (did you mean '{id}'?)").format(id=near[0]) if near else ""
    raise AecoachError(Msg.UNKNOWN_ID, value=ref, hint=hint)


def as_dict(item: Question | Tip | Ask | Objection) -> dict[str, Any]:
    """The JSON shape of a bank item: every field but where it was read from."""
    out = {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in zip(item._fields, item, strict=True)
        if name != "origin"
    }
    if "turns" in out:  # each follow-up as the pack writes it, not as a bare list
        out["turns"] = [
            {"line": t.line, "points": list(t.points), "time_limit": t.time_limit or None}
            for t in item.turns  # type: ignore[union-attr]
        ]
    return out


def prompts_in_language(bank: Bank, keys: Collection[str]) -> dict[str, str]:
    """Each key's question (or objection line) as the bank now words it in its language.

    A key the bank lacks (a removed question, a pack no longer installed) or shows only
    in English for want of a translation is left out: the caller keeps the text it has."""
    items: list[Question | Objection] = [*bank.questions, *bank.objections]
    return {
        i.key: i.text if isinstance(i, Question) else i.line
        for i in items
        if i.key in keys and not i.fallback
    }
