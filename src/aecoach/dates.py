"""The days a person types on the command line (`--since`), read into dates.

Pure: `today` comes from the caller, so "yesterday" is the candidate's own
yesterday and tests need no clock. The forms are the ones `stats --help`
lists; anything else is refused with them as the fix.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

# The forms, for the help and the refusal; one list so they cannot drift apart.
FORMS = "YYYY-MM-DD, today, yesterday, 7d or 2w"

_AGO = re.compile(
    r"^(?P<n>\d{1,5})\s*(?P<unit>d|days?|w|weeks?)(?:\s+ago)?$",
)
# Year first only: 1/2/2026 is the 1st of February in most places and January 2nd in some.
_YMD = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$")
_WORDS = {"today": 0, "yesterday": 1}


def parse_day(text: str, today: date) -> date | datetime:
    """The day (or moment, for an ISO date-time) that `text` names, relative to `today`.

    Raises ValueError for anything not in `FORMS` (or an ISO date-time).
    """
    value = text.strip().casefold()
    if value in _WORDS:
        return today - timedelta(days=_WORDS[value])
    ago = _AGO.match(value)
    if ago:
        days = int(ago["n"]) * (7 if ago["unit"].startswith("w") else 1)
        try:
            return today - timedelta(days=days)
        except OverflowError:
            raise ValueError(text) from None
    ymd = _YMD.match(value)
    if ymd:
        return date(int(ymd["y"]), int(ymd["m"]), int(ymd["d"]))  # ValueError if no such day
    return datetime.fromisoformat(text.strip())
