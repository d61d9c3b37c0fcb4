"""Rendering `aecoach packs list` and `aecoach packs validate`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aecoach.bank.loader import PackFile
from aecoach.textsafe import inert

SOURCE_NAMES = {"built-in": "built-in", "packs folder": "your packs", "--pack": "--pack"}


def render_pack_list(console: Console, rows: Sequence[dict[str, Any]]) -> None:
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1))
    table.add_column("Pack and file", ratio=1, overflow="fold")
    table.add_column("From", no_wrap=True)
    table.add_column("Lang", no_wrap=True)
    for name in ("Qs", "Tips", "Asks", "Objs"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        source = SOURCE_NAMES.get(row["source"], row["source"])
        if row["loaded"]:
            cell = Text(row["id"], style="cyan")
            cell.append("\n" + row["shown"], style="dim")
            counts = [str(row[k]) for k in ("questions", "tips", "asks", "objections")]
            table.add_row(cell, source, Text(row["language"]), *counts)
        else:
            cell = Text("not loaded: ", style="red")
            cell.append(row["shown"])
            cell.append("\n" + row["shown_problem"], style="dim")
            table.add_row(cell, source, "", "", "", "", "")
    console.print(table)
    loaded = sum(1 for r in rows if r["loaded"])
    broken = len(rows) - loaded
    note = f"{loaded} packs loaded."
    if broken:
        note += f" {broken} not loaded: `aecoach packs validate` lists their problems."
    console.print(Text(note, style="dim"))


def _counts(entry: PackFile) -> str:
    pack = entry.pack
    assert pack is not None
    parts = []
    for label, items in (
        ("question", pack.questions),
        ("tip", pack.tips),
        ("ask", pack.asks),
        ("objection", pack.objections),
    ):
        if items:
            parts.append(f"{len(items)} {label}{'s' if len(items) != 1 else ''}")
    return ", ".join(parts)


def write_validation(out: TextIO, results: Sequence[PackFile]) -> None:
    """Plain lines for people and CI: one per problem (`file:line:column: ...`), no colour."""
    problems = 0
    broken = 0
    for entry in results:
        if entry.problems:
            broken += 1
            problems += len(entry.problems)
            for found in entry.problems:
                out.write(found.text + "\n")
        else:
            out.write(f"{inert(str(entry.path))}: ok ({entry.pack and entry.pack.id}: ")
            out.write(_counts(entry) + ")\n")
    files = len(results)
    if broken:
        out.write(
            f"{problems} problem{'s' if problems != 1 else ''} in {broken} of {files}"
            f" file{'s' if files != 1 else ''}\n"
        )
    else:
        out.write(f"all {files} file{'s' if files != 1 else ''} valid\n")


def render_new_pack(console: Console, path: object) -> None:
    import shlex

    where = inert(str(path))
    # soft_wrap: a path broken across lines cannot be copied.
    console.print(Text(f"Wrote {where}", style="bold green"), soft_wrap=True)
    steps = Text("Next:\n")
    steps.append("  1. Edit it: replace the examples with your own questions and notes.\n")
    steps.append(f"  2. Check it: aecoach packs validate {inert(shlex.quote(str(path)))}\n")
    steps.append("  3. Use it: it loads by itself in aecoach tips, aecoach questions and practice.")
    console.print(steps, soft_wrap=True)
