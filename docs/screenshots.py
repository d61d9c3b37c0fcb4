"""Render README screenshots as SVG with Rich's recorder: python docs/screenshots.py"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from aecoach import i18n
from aecoach.bank.loader import load_bank
from aecoach.bank.query import select_questions, tip_sheet
from aecoach.ui.reference import render_question_table, render_tips

HERE = Path(__file__).resolve().parent


def shoot(name: str, title: str, draw) -> None:  # type: ignore[no-untyped-def]
    console = Console(
        record=True, width=80, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.markup = False
    draw(console)
    console.save_svg(str(HERE / f"{name}.svg"), title=title)


def main() -> None:
    bank = load_bank("en")
    sheet = tip_sheet(bank, kinds=["do", "dont", "ask"])
    shoot("tips", "aecoach tips --kind do --kind dont --kind ask", lambda c: render_tips(c, sheet))
    found = select_questions(bank, role="sdr", kind="objection-roleplay")
    shoot(
        "questions",
        "aecoach questions --role sdr --kind objection-roleplay",
        lambda c: render_question_table(c, found),
    )
    # The same sheet in Japanese: the translated bank and the interface catalogue.
    i18n.use("ja")
    sheet = tip_sheet(load_bank("ja"), kinds=["do", "dont"], role="sdr")
    shoot(
        "tips-ja",
        "aecoach --lang ja tips --role sdr --kind do --kind dont",
        lambda c: render_tips(c, sheet),
    )
    i18n.use("en")


if __name__ == "__main__":
    main()
