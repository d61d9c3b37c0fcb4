"""The exercises of issue 16, without a terminal: follow-up turns, typed numbers, checklists.

A role-play, an objection or a mock cold call is played as the first answer
and then one timed reply to each of the other side's turns, in order. It is
rated once, as a whole exchange, and kept as one answer in the history whose
time is the sum of the turns and whose notes hold each turn with its own time.
A pipeline-maths question takes a typed number, checked against the pack's
answer. See docs/coaching.md and docs/packs.md.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import NamedTuple

from aecoach.bank.model import Turn
from aecoach.coaching.session import PlanItem, clock, overran
from aecoach.history.records import AnswerRecord

# --- Turns ------------------------------------------------------------------------------------


class TurnAnswer(NamedTuple):
    """One reply in an exchange: to the question itself (line "") or to one turn."""

    line: str
    seconds: float
    time_limit: int
    notes: str

    @property
    def overran(self) -> bool:
        return overran(round(max(0.0, self.seconds), 1), self.time_limit)


def turn_limit(turn: Turn, item: PlanItem) -> int:
    """A turn's clock: its own, or the item's (which a drill's --time may have set)."""
    return turn.time_limit or item.time_limit


def joined_notes(replies: Sequence[TurnAnswer]) -> str:
    """Every reply of an exchange, with its time, as the history's notes keep them."""
    if len(replies) == 1:
        return replies[0].notes
    lines = []
    for number, reply in enumerate(replies, 1):
        spent = f"{clock(reply.seconds)}/{clock(reply.time_limit)}"
        said = f" \u201c{reply.line}\u201d" if reply.line else ""
        lines.append(f"[{number}]{said} ({spent}) {reply.notes}".rstrip())
    return "\n".join(lines)


def whole_exchange(item: PlanItem, replies: Sequence[TurnAnswer]) -> PlanItem:
    """The item as recorded: its clock is the sum of every reply's clock."""
    total = sum(r.time_limit for r in replies)
    return dataclasses.replace(item, time_limit=total) if total != item.time_limit else item


def with_turn_times(answer: AnswerRecord, replies: Sequence[TurnAnswer]) -> AnswerRecord:
    """Over time if any one reply ran over, not only the total: each turn has its own clock."""
    if not any(r.overran for r in replies):
        return answer
    checklist = dict(answer.checklist)
    if "on-time" in checklist:
        checklist["on-time"] = False
    return dataclasses.replace(answer, overran=True, checklist=checklist)


# --- Typed numbers ----------------------------------------------------------------------------

# Languages that write 1.800.000 and 3,5: the others write 1,800,000 and 3.5.
COMMA_DECIMAL = frozenset({"es", "id"})
_SUFFIX = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mm": 1_000_000,
    "million": 1_000_000,
    "bn": 1_000_000_000,
}
_NUMBER = re.compile(r"-?\d[\d.,\s\u00a0\u202f']*")


def parse_number(text: str, language: str = "en") -> float | None:
    """The number a candidate typed, read with the separators of `language`.

    Accepts "1,800,000", "1.8m", "$1,800k", "105%", "4x", "3.5" (and "1.800.000",
    "3,5" in es and id), and working that ends "= 15". None when there is no single
    number to read.
    """
    text = text.replace("\u2212", "-")
    if "=" in text:
        text = text.rsplit("=", 1)[1]  # "12 / 0.04 = 300; 300 / 20 = 15": the result
    found = _NUMBER.findall(text)
    if len(found) != 1:
        return None
    raw = found[0].strip().rstrip(".,")
    after = text[text.find(raw) + len(raw) :].strip().lower()
    digits = re.sub(r"[\s\u00a0\u202f']", "", raw)
    decimal, group = (",", ".") if language in COMMA_DECIMAL else (".", ",")
    if digits.count(decimal) > 1:
        return None
    whole, _, fraction = digits.partition(decimal)
    groups = whole.lstrip("-").split(group)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None  # "1,80,000" or "12,5" in English: not a number we can read safely
    try:
        value = float(whole.replace(group, "") + ("." + fraction if fraction else ""))
    except ValueError:
        return None
    suffix = re.match(r"[a-z]+", after)
    if suffix and suffix.group(0) in _SUFFIX:
        value *= _SUFFIX[suffix.group(0)]
    return value


def is_correct(typed: float | None, answer: float, tolerance: float = 0) -> bool:
    # A hair of slack for floating point: 0.1 * 3 is not 0.3.
    return typed is not None and abs(typed - answer) <= tolerance + 1e-9 * max(1.0, abs(answer))


def shown_number(value: float, language: str = "en") -> str:
    """A number as the language writes it: 1,800,000 or 1.800.000; 3.5 or 3,5."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if language in COMMA_DECIMAL:
        text = text.translate(str.maketrans(",.", ".,"))
    return text
