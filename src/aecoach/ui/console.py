"""The Rich consoles aecoach prints through."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console


def make_console(*, stderr: bool = False) -> Console:
    from aecoach.ui.wrap import install

    install()  # Japanese and Thai line breaks in everything this console wraps
    # Markup, emoji codes and highlighting are off: pack text is data and is
    # printed as written. Rich itself drops colour for pipes and NO_COLOR.
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
