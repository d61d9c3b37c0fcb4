"""Practice the candidate steers: chosen questions, one pack. Pure.

`practice --question ID` (repeatable) asks exactly those items, in the order
given; an id is a full key (`core/why-sales`, as stats lists them under
"Practise next"), or a short one when only one item has it, and objections
count too (`objections/no-budget`). `practice --pack NAME` draws only from
that pack (its id, as `aecoach packs list` shows it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aecoach.bank.model import Bank, Objection, Question
from aecoach.coaching.session import Plan, PlanItem, new_seed
from aecoach.errors import AecoachError, Msg


def find_item(bank: Bank, ref: str) -> Question | Objection:
    """A question or an objection by full key, or by short id when only one has it."""
    from aecoach.bank.query import find_question

    items: list[Question | Objection] = [*bank.questions, *bank.objections]
    by_key = {i.key: i for i in items}
    if ref in by_key:
        return by_key[ref]
    short = [i for i in items if i.id == ref]
    if len(short) == 1:
        return short[0]
    return find_question(bank, ref)  # its message names the ambiguity or the near miss


def find_items(bank: Bank, refs: Sequence[str]) -> list[Question | Objection]:
    """Each item once, in the order first named."""
    found = [find_item(bank, ref.strip()) for ref in refs]
    return list({i.key: i for i in found}.values())


def pack_ids(bank: Bank, name: str, *, loaded_from: Path | None = None) -> list[str]:
    """The ids of the packs `name` names: a pack id (any case), or the packs read from a path."""
    if loaded_from is not None:
        where = loaded_from.resolve()
        ids = [
            p.id
            for p in bank.packs
            if p.path.resolve() == where or where in p.path.resolve().parents
        ]
        if ids:
            return ids
    wanted = name.strip().casefold()
    ids = [p.id for p in bank.packs if p.id.casefold() == wanted]
    if not ids:
        names = ", ".join(sorted({p.id for p in bank.packs}))
        raise AecoachError(Msg.PACK_UNKNOWN, value=name, names=names, exit_code=2)
    return ids


def chosen_plan(
    bank: Bank, items: Sequence[Question | Objection], *, time_limit: int | None = None
) -> Plan:
    """A practice session of exactly these items, in this order."""
    settings: dict[str, Any] = {
        "mode": "practice",
        "pick": "chosen",
        "questions": [i.key for i in items],
        "count": len(items),
        "seed": new_seed(),  # recorded like every session's; the order is the candidate's
        "time": time_limit,
    }
    return Plan(
        mode="practice",
        items=tuple(PlanItem(i, time_limit or i.time_limit) for i in items),
        language=bank.language,
        settings=settings,
        matched=len(items),
    )
