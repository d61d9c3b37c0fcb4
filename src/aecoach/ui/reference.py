"""Rendering the quick reference (`aecoach tips`) and the question browser."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aecoach.bank import taxonomy
from aecoach.bank.model import Question, Tip
from aecoach.bank.query import TipSheet


def _tip_cell(tip: Tip | None) -> Text:
    if tip is None:
        return Text("")
    cell = Text()
    cell.append(tip.title, style="bold")
    cell.append("\n")
    cell.append(tip.body)
    return cell


def _heading(title: str, style: str) -> Text:
    return Text(title, style=f"bold {style}")


def _tip_list(tips: Sequence[Tip]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for tip in tips:
        table.add_row("•", _tip_cell(tip))
    return table


def render_tips(console: Console, sheet: TipSheet) -> None:
    if sheet.dos or sheet.donts:
        table = Table(box=box.ROUNDED, show_lines=True, expand=True, padding=(0, 1))
        if sheet.dos:
            table.add_column(Text("Do", style="bold green"), ratio=1)
        if sheet.donts:
            table.add_column(Text("Don't", style="bold red"), ratio=1)
        columns = [c for c in (sheet.dos, sheet.donts) if c]
        for row in zip_longest(*columns):
            table.add_row(*(_tip_cell(t) for t in row))
        console.print(table)
    for title, style, tips in (
        ("General advice", "cyan", sheet.advice),
        ("Know the role", "magenta", sheet.role),
    ):
        if tips:
            console.print(_heading(title, style))
            console.print(Padding(_tip_list(tips), (0, 0, 1, 1)))
    if sheet.asks:
        console.print(_heading("Questions to ask them", "yellow"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column(ratio=1)
        for number, ask in enumerate(sheet.asks, 1):
            cell = Text()
            cell.append(ask.text, style="bold")
            cell.append("\n")
            cell.append(ask.why, style="dim")
            grid.add_row(f"{number}.", cell)
        console.print(Padding(grid, (0, 0, 0, 1)))


def render_question_table(console: Console, questions: Sequence[Question]) -> None:
    # One column: the question gets the full width and an id never folds mid-word.
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, justify="right", style="dim")
    table.add_column(ratio=1)
    for number, q in enumerate(questions, 1):
        cell = Text()
        cell.append(q.text)
        cell.append("\n")
        cell.append(q.key, style="cyan")
        cell.append(f" · {taxonomy.QUESTION_KINDS[q.kind]} · {q.time_limit} s", style="dim")
        table.add_row(f"{number}.", cell)
    console.print(table)
    console.print(
        Text(f"{len(questions)} questions. See one with: aecoach questions show ID", style="dim")
    )


def render_question(console: Console, q: Question) -> None:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row("ID", q.key)
    facts.add_row("Kind", taxonomy.QUESTION_KINDS[q.kind])
    facts.add_row("Roles", ", ".join(r.upper() for r in q.roles))
    facts.add_row("Skills", ", ".join(taxonomy.SKILLS[s] for s in q.skills))
    facts.add_row("Time", f"{q.time_limit} s")
    hints = Table.grid(padding=(0, 1))
    hints.add_column(no_wrap=True)
    hints.add_column(ratio=1)
    for hint in q.hints:
        hints.add_row("•", Text(hint))
    heading = Text("A strong answer covers:", style="bold")
    body = Group(Text(q.text, style="bold"), Text(""), facts, Text(""), heading, hints)
    console.print(Panel(body, box=box.ROUNDED, expand=False, padding=(1, 2)))
