"""A session process, without the screens: opens the history and saves answers in a loop.

Used by the crash and concurrency tests, which run it as a separate process,
kill it (SIGKILL) at random moments or run two at once. After each answer is
committed it prints `saved <uid>`, so the test knows exactly which answers
the process had reported as saved.

    python history_writer.py PATH COUNT [--session-end] [--start-at EPOCH] [--pause S]

COUNT 0 means "until killed". --start-at waits, once the history is open,
until that time.time(), so that two writers really write at the same time;
--pause waits up to S seconds between answers, as a person would (much
longer), so that neither writer holds the lock back to back.
Exits 0 after COUNT answers, or 1 with `error: <message>` if the store
raised an AecoachError.
"""

from __future__ import annotations

import random
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from aecoach.bank.model import Question
from aecoach.coaching.session import PlanItem, make_answer
from aecoach.errors import AecoachError
from aecoach.history.records import SessionRecord, iso_utc
from aecoach.history.store import HistoryStore

QUESTION = Question(
    key="crash/why-sales",
    id="why-sales",
    pack="crash",
    language="en",
    text="Why did you choose a career in sales?",
    kind="motivation",
    roles=("ae", "sdr"),
    skills=("determination",),
    time_limit=120,
    hints=("One", "Two"),
)


def main(argv: list[str]) -> int:
    path, count = Path(argv[0]), int(argv[1])
    end = "--session-end" in argv
    start_at = float(argv[argv.index("--start-at") + 1]) if "--start-at" in argv else 0.0
    pause = float(argv[argv.index("--pause") + 1]) if "--pause" in argv else 0.0
    item = PlanItem(QUESTION, 120)
    session = SessionRecord(
        id=str(uuid.uuid4()),
        started_at=iso_utc(datetime.now(UTC)),
        mode="practice",
        language="en",
        app_version="test",
        settings={"writer": True},
    )
    try:
        with HistoryStore.open(path) as store:
            print(f"open {session.id}", flush=True)
            time.sleep(max(0.0, start_at - time.time()))
            n = 0
            while count == 0 or n < count:
                n += 1
                answer = make_answer(
                    item,
                    session_id=session.id,
                    started_at=datetime.now(UTC),
                    seconds_used=float(n % 150),
                    rating=None if n % 7 == 0 else 1 + n % 5,
                    checklist={"example": n % 2 == 0},
                    notes=f"answer {n} " + "x" * (n % 200),
                )
                store.record_answer(session, answer)
                print(f"saved {answer.uid}", flush=True)
                if pause:
                    time.sleep(random.uniform(0, pause))
            if end:
                store.end_session(
                    session.id, ended_at=iso_utc(datetime.now(UTC)), reason="finished"
                )
                print("ended", flush=True)
    except AecoachError as exc:
        print(f"error: {exc.text}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
