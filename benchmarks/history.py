"""How `aecoach stats` and `aecoach export` grow with the history.

Builds synthetic histories of 1,000, 10,000 and 100,000 answers (real bank
questions, sessions of 4 to 10 answers on most days over years, ratings
that improve with noise, some skips and overruns, notes in several
languages) and prints the time of the work each command does beyond
startup: computing the stats, and writing a CSV and a JSON export.

    python benchmarks/history.py [--sizes 1000,10000,100000] [--runs 5]

Targets at 100,000 answers on a 2-core machine: stats under 0.3 s, CSV
export under 1 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

NOTES = (
    "Led with the Acme renewal; quantified the upside.",
    "Rambled, then recovered with a STAR example, which took too long",
    "営業を選んだ理由を具体例で説明できた。",
    "ยกตัวอย่างลูกค้าจริงได้ดี แต่พูดเร็วเกินไป",
    '=HYPERLINK("http://example.com") <b>not markup</b>, [link](http://x)',
    "",
)


def synthetic(answers: int, *, seed: int = 1, start: date = date(2023, 1, 2)) -> list:  # type: ignore[type-arg]
    """(SessionRecord, [AnswerRecord]) pairs: `answers` answers in sessions of 4 to 10."""
    from aecoach.bank.loader import load_bank
    from aecoach.coaching.session import PlanItem, make_answer
    from aecoach.history.records import SessionRecord, iso_utc

    rng = random.Random(seed)
    banks = {lang: load_bank(lang) for lang in ("en", "ja")}
    questions = {lang: sorted(b.questions, key=lambda q: q.key) for lang, b in banks.items()}
    out = []
    made = 0
    day = datetime(start.year, start.month, start.day, 18, 0, tzinfo=UTC)
    while made < answers:
        day += timedelta(days=1 if rng.random() < 0.8 else rng.randint(2, 4))
        lang = "ja" if rng.random() < 0.1 else "en"
        moment = day + timedelta(minutes=rng.randint(0, 180))
        session = SessionRecord(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            started_at=iso_utc(moment),
            mode=rng.choice(("practice", "practice", "practice", "review", "mock", "drill")),
            language=lang,
            app_version="bench",
            settings={"role": rng.choice(("ae", "sdr", "am", None)), "seed": rng.randint(1, 99)},
            ended_at=None,
            end_reason="finished",
        )
        items = []
        progress = made / max(1, answers)
        for _ in range(min(rng.randint(4, 10), answers - made)):
            q = rng.choice(questions[lang])
            skipped = rng.random() < 0.05
            rating = None if skipped else max(1, min(5, round(2 + 2 * progress + rng.gauss(0, 1))))
            used = max(1.0, rng.gauss(q.time_limit * 0.85, q.time_limit * 0.2))
            items.append(
                make_answer(
                    PlanItem(q, q.time_limit),
                    session_id=session.id,
                    started_at=moment,
                    seconds_used=used,
                    rating=rating,
                    checklist={k: rng.random() < 0.6 for k in ("example", "on-question")},
                    notes=rng.choice(NOTES),
                    uid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                )
            )
            moment += timedelta(seconds=used + rng.randint(20, 90))
        session = dataclasses.replace(session, ended_at=iso_utc(moment))
        out.append((session, items))
        made += len(items)
    return out


def build(path: Path, answers: int, *, seed: int = 1, start: date = date(2023, 1, 2)) -> None:
    from aecoach.history.store import HistoryStore

    with HistoryStore.open(path) as store:
        store.import_sessions(synthetic(answers, seed=seed, start=start))


def timed(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from aecoach.coaching.stats import read_stats
    from aecoach.exporting import export

    heads = ("answers", "stats", "csv", "json", "md")
    print("  ".join(f"{h:>8}" for h in heads) + f"  (seconds, median of {args.runs} runs)")
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"history-{size}.sqlite3"
            build(path, size)
            row = [timed(lambda p=path, t=today: read_stats(p, today=t), args.runs)]
            for fmt in ("csv", "json", "md"):
                out = Path(folder) / f"export-{size}.{fmt}"

                def run(fmt: str = fmt, out: Path = out, p: Path = path, t: date = today) -> None:
                    export(p, fmt, str(out), force=True, today=t)

                row.append(timed(run, args.runs))
            print(f"{size:>8}  " + "  ".join(f"{t:>8.3f}" for t in row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
