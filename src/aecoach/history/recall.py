"""What the candidate said last time: the latest answer to each item, for the screen after
an answer ("last time: 2, 'rambled about the team'")."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import NamedTuple


class LastTime(NamedTuple):
    started_at: str
    rating: int | None  # None: skipped
    notes: str


def last_answers(db: sqlite3.Connection, keys: Sequence[str]) -> dict[str, LastTime]:
    """The latest answer to each of `keys` in the record (removed answers are not in it)."""
    out: dict[str, LastTime] = {}
    for key in dict.fromkeys(keys):
        row = db.execute(
            "SELECT started_at, rating, notes FROM answers WHERE item_key = ?"
            " ORDER BY started_at DESC, id DESC LIMIT 1",
            (key,),
        ).fetchone()
        if row is not None:
            out[key] = LastTime(*row)
    return out
