"""Rendering `aecoach packs list` and `aecoach packs validate`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aecoach.bank.loader import PackFile
from aecoach.i18n import N_, _, ngettext
from aecoach.textsafe import inert

PACK_COLUMN = 16  # the fewest cells a pack id and its file get in the table
SOURCE_NAMES = {"built-in": N_("built-in"), "packs folder": N_("your packs"), "--pack": "--pack"}


def render_pack_list(console: Console, rows: Sequence[dict[str, Any]]) -> None:
    from rich.cells import cell_len

    headers = [_("From"), _("Lang"), _("Qs"), _("Tips"), _("Asks"), _("Objs")]
    loaded_rows = [r for r in rows if r["loaded"]]
    broken_rows = [r for r in rows if not r["loaded"]]
    shown_rows = [
        [
            _(SOURCE_NAMES.get(row["source"], row["source"])),
            row["language"],
            *(str(row[k]) for k in ("questions", "tips", "asks", "objections")),
        ]
        for row in loaded_rows
    ]
    widths = [
        max([cell_len(h), *(cell_len(r[i]) for r in shown_rows)]) for i, h in enumerate(headers)
    ]
    # Translated headers ("Para preguntar", "คำถามถามกลับ") can leave the pack column no room
    # at 60 columns, and Rich then cuts every header and id with "…": list them one under
    # the other instead.
    if sum(widths) + 2 * len(widths) + 2 + PACK_COLUMN > console.width:
        _render_stacked(console, loaded_rows, shown_rows, headers)
    else:
        table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1))
        table.add_column(_("Pack and file"), ratio=1, overflow="fold")
        table.add_column(headers[0], no_wrap=True)
        table.add_column(headers[1], no_wrap=True)
        for name in headers[2:]:
            table.add_column(name, justify="right", no_wrap=True)
        for row, values in zip(loaded_rows, shown_rows, strict=True):
            cell = Text(row["id"], style="cyan")
            cell.append("\n" + row["shown"], style="dim")
            table.add_row(cell, values[0], Text(values[1]), *values[2:])
        console.print(table)
    if broken_rows:
        # Below the table, at full width: a path and its problem are too long for a cell.
        from aecoach.ui.reference import hanging

        entries = []
        for row in broken_rows:
            cell = Text(_("not loaded: "), style="red")
            cell.append(row["shown"])
            cell.append("\n" + row["shown_problem"], style="dim")
            entries.append(("•", cell))
        console.print(hanging(console, entries), end="")
    loaded = sum(1 for r in rows if r["loaded"])
    broken = len(rows) - loaded
    note = ngettext("{count} pack loaded.", "{count} packs loaded.", loaded).format(count=loaded)
    if broken:
        note += " " + _(
            "{count} not loaded: `aecoach packs validate` lists their problems."
        ).format(count=broken)
    console.print(Text(note, style="dim"))


def _render_stacked(
    console: Console,
    rows: Sequence[dict[str, Any]],
    shown_rows: Sequence[Sequence[str]],
    headers: Sequence[str],
) -> None:
    from aecoach.ui.wrap import Whole

    for row, values in zip(rows, shown_rows, strict=True):
        console.print()
        console.print(Whole([Text(row["id"], style="cyan"), Text(values[0]), Text(values[1])]))
        console.print(
            Whole([Text(f"{h} {v}") for h, v in zip(headers[2:], values[2:], strict=True)])
        )
        console.print(Text(row["shown"], style="dim"))
    console.print()


def _counts(entry: PackFile) -> str:
    pack = entry.pack
    assert pack is not None
    # Literal ngettext calls, so the catalogue tool extracts each as a plural message.
    counts = (
        ngettext("{count} question", "{count} questions", len(pack.questions)),
        ngettext("{count} tip", "{count} tips", len(pack.tips)),
        ngettext("{count} ask", "{count} asks", len(pack.asks)),
        ngettext("{count} objection", "{count} objections", len(pack.objections)),
    )
    sizes = (len(pack.questions), len(pack.tips), len(pack.asks), len(pack.objections))
    parts = [text.format(count=n) for text, n in zip(counts, sizes, strict=True) if n]
    return _(", ").join(parts)


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
            ok = _("{path}: ok ({pack}: {counts})").format(
                path=inert(str(entry.path)),
                pack=entry.pack and entry.pack.id,
                counts=_counts(entry),
            )
            out.write(ok + "\n")
    files = len(results)
    if broken:
        found = ngettext("{count} problem", "{count} problems", problems).format(count=problems)
        where = ngettext(
            "{found} in {broken} of {files} file", "{found} in {broken} of {files} files", files
        )
        out.write(where.format(found=found, broken=broken, files=files) + "\n")
    else:
        valid = ngettext("all {count} file valid", "all {count} files valid", files)
        out.write(valid.format(count=files) + "\n")


def render_new_pack(console: Console, path: object, pack_id: str) -> None:
    import shlex

    where = inert(str(path))
    # soft_wrap: a path broken across lines cannot be copied.
    console.print(Text(_("Wrote {path}").format(path=where), style="bold green"), soft_wrap=True)
    console.print(
        Text(_("Its id is '{id}' (another with --id ID).").format(id=pack_id)), soft_wrap=True
    )
    steps = Text(_("Next:") + "\n")
    steps.append(
        "  " + _("1. Edit it: replace the examples with your own questions and notes.") + "\n"
    )
    check = _("2. Check it: aecoach packs validate {path}")
    steps.append("  " + check.format(path=inert(shlex.quote(str(path)))) + "\n")
    steps.append(
        "  " + _("3. Use it: it loads by itself in aecoach tips, aecoach questions and practice.")
    )
    console.print(steps, soft_wrap=True)
