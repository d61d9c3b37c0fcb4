"""How long deriving the review schedule from the history takes (docs/coaching.md).

    python benchmarks/schedule.py [ANSWERS]

Builds ANSWERS (default 10,000) rated answers over the built-in bank's items,
spread over a year, then times `derive` (the FSRS replay) and `due_summary`.
Prints the best of five runs; also times reading the rows from a real history.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from aecoach.bank.loader import load_bank
    from aecoach.coaching.schedule import derive, due_summary
    from aecoach.coaching.session import PlanItem, make_answer
    from aecoach.history.records import SessionRecord, iso_utc
    from aecoach.history.store import HistoryStore, read_rated

    bank = load_bank("en")
    items = [*bank.questions, *bank.objections]
    rng = random.Random(1)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    moments = sorted(start + timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(count))
    rows = [
        {"item_key": rng.choice(items).key, "started_at": iso_utc(m), "rating": rng.randint(1, 5)}
        for m in moments
    ]
    now = start + timedelta(days=366)

    def best(work) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            work()
            times.append(time.perf_counter() - t0)
        return min(times) * 1000

    print(f"{count} rated answers over {len({r['item_key'] for r in rows})} items")
    print(f"derive (FSRS replay):  {best(lambda: derive(rows)):7.1f} ms")
    print(f"due_summary:           {best(lambda: due_summary(rows, now)):7.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        session = SessionRecord(str(uuid.uuid4()), iso_utc(start), "practice", "en", "bench")
        by_key = {i.key: i for i in items}
        with HistoryStore.open(path) as store:
            store._db.execute("PRAGMA synchronous = OFF")  # only to build the file quickly
            for row, moment in zip(rows, moments, strict=True):
                item = by_key[row["item_key"]]
                answer = make_answer(
                    PlanItem(item, item.time_limit),
                    session_id=session.id,
                    started_at=moment,
                    seconds_used=30.0,
                    rating=row["rating"],
                )
                store.record_answer(session, answer)
        print(f"read_rated from SQLite:{best(lambda: read_rated(path)):7.1f} ms")


if __name__ == "__main__":
    main()
