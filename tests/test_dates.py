"""The days `--since` reads: the forms people type, and nothing else."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from aecoach.dates import parse_day

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", TODAY),
        ("Yesterday", date(2026, 11, 30)),
        ("7d", date(2026, 11, 24)),
        ("7 days", date(2026, 11, 24)),
        ("1 day ago", date(2026, 11, 30)),
        ("2w", date(2026, 11, 17)),
        ("2 weeks ago", date(2026, 11, 17)),
        ("2026-12-1", date(2026, 12, 1)),
        ("2026-3-09", date(2026, 3, 9)),
        ("2026/12/01", date(2026, 12, 1)),
        (" 2025-03-01 ", date(2025, 3, 1)),
    ],
)
def test_forms_people_type(text: str, day: date) -> None:
    assert parse_day(text, TODAY) == day


def test_a_date_time_keeps_its_time() -> None:
    assert parse_day("2026-11-30T08:15", TODAY) == datetime(2026, 11, 30, 8, 15)


@pytest.mark.parametrize(
    "text", ["", "tomorrow-ish", "2026-02-30", "1/2/2026", "7x", "99999999d", "d", "last week"]
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text, TODAY)
