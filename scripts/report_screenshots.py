"""Make docs/report.png and docs/report-phone.png: the report of a sample history in Chromium.

    .venv/bin/python scripts/report_screenshots.py

Needs Debian's `chromium`. The history is benchmarks/history.py's synthetic one: six
weeks of practice, ratings drifting upward.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "src"))


def main() -> int:
    from history import synthetic
    from playwright.sync_api import sync_playwright

    from aecoach.history.store import HistoryStore
    from aecoach.report.write import write_report

    chromium = shutil.which("chromium")
    if chromium is None:
        print("needs chromium (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        history = Path(tmp) / "history.sqlite3"
        with HistoryStore.open(history) as store:
            store.import_sessions(synthetic(180, seed=4, start=date(2026, 10, 19)))
        page_path = Path(tmp) / "report.html"
        write_report(history, str(page_path), audio="none", today=date(2026, 12, 1))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for name, width, height in (
                ("report.png", 1280, 1500),
                ("report-phone.png", 390, 1400),
            ):
                context = browser.new_context(
                    viewport={"width": width, "height": height}, offline=True
                )
                page = context.new_page()
                page.goto(page_path.as_uri())
                page.screenshot(path=str(REPO / "docs" / name))
                context.close()
            browser.close()
    print("wrote docs/report.png and docs/report-phone.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
