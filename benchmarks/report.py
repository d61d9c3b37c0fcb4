"""How long `aecoach report` takes, and how big the page is, for large histories.

    .venv/bin/python benchmarks/report.py [ANSWERS ...]

Builds a synthetic history of each size (as benchmarks/history.py does), then times
the report's work (reading the history, the model, the charts and the page; no audio),
median of 3 runs, and prints the page's size and the peak memory the work allocated.
The targets at 10,000 answers: under 5 s and a page under 20 MB.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main(argv: list[str]) -> None:
    from history import synthetic  # benchmarks/history.py

    from aecoach.history.store import HistoryStore
    from aecoach.report.write import write_report

    sizes = [int(a) for a in argv] or [1_000, 10_000]
    print(f"{'answers':>8} {'seconds':>8} {'page MB':>8} {'peak MB':>8}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "history.sqlite3"
            with HistoryStore.open(path) as store:
                store.import_sessions(synthetic(size))
            times = []
            for n in range(3):
                out = Path(tmp) / f"report-{n}.html"
                start = time.perf_counter()
                result = write_report(path, str(out), audio="none", today=date(2026, 12, 1))
                times.append(time.perf_counter() - start)
            tracemalloc.start()
            write_report(path, "-", audio="none", today=date(2026, 12, 1), stdout=_Null())
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(
                f"{result.answers:>8,} {statistics.median(times):>8.2f}"
                f" {out.stat().st_size / 1e6:>8.1f} {peak / 1e6:>8.1f}"
            )


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
