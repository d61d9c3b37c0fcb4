"""Rendering the quick reference (`aecoach tips`) and the question browser."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import zip_longest

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from aecoach.bank import taxonomy
from aecoach.bank.model import Question, Tip
from aecoach.bank.query import TipSheet
from aecoach.i18n import _, ngettext


def english_mark(item: object) -> str:
    """ " (English)" after text shown in English because its translation is missing."""
    return _(" (English)") if getattr(item, "fallback", False) else ""


def _tip_cell(tip: Tip | None, mark: Callable[[Text], Text]) -> Text:
    if tip is None:
        return Text("")
    cell = Text()
    cell.append(tip.title, style="bold")
    cell.append(english_mark(tip), style="dim italic")
    cell.append("\n")
    cell.append(tip.body)
    return mark(cell)


def _heading(title: str, style: str) -> Text:
    return Text(title, style=f"bold {style}")


def hanging(console: Console, rows: Sequence[tuple[str, Text]], *, indent: int = 1) -> Text:
    """Each row's marker (a bullet, a number) then its text, wrapped lines hanging under
    the text. Wrapping here, rather than in a two-column grid, is half the work for
    `aecoach tips` (startup) and leaves no padding spaces at line ends in a pipe."""
    marker_width = max((cell_len(marker) for marker, _text in rows), default=0)
    prefix = indent + marker_width + 1
    out = Text()
    for marker, text in rows:
        lead = " " * indent + " " * (marker_width - cell_len(marker)) + marker + " "
        for number, line in enumerate(
            text.wrap(console, max(10, console.width - prefix), overflow="fold")
        ):
            out.append(lead if number == 0 else " " * prefix)
            line.rstrip()
            out.append_text(line)
            out.append("\n")
    return out


def boxed_columns(
    console: Console,
    columns: Sequence[tuple[Text, Sequence[Tip]]],
    mark: Callable[[Text], Text],
) -> Text:
    """Tips side by side in a rounded box, a rule between rows, as Rich's Table draws it
    with `box.ROUNDED, show_lines=True, expand=True`: drawn here, where the widths are
    known, in a third of the time (`aecoach tips` pays for it on every run)."""
    count = len(columns)
    inner = console.width - 3 * count - 1  # "│ " before each column, " │" after the last
    widths = [inner // count + (1 if i < inner % count else 0) for i in range(count)]

    def rule(left: str, middle: str, right: str) -> Text:
        return Text(left + middle.join("─" * (w + 2) for w in widths) + right + "\n")

    def row(cells: Sequence[Text]) -> Text:
        wrapped = [
            cell.wrap(console, w, overflow="fold") for cell, w in zip(cells, widths, strict=True)
        ]
        out = Text()
        for number in range(max(len(lines) for lines in wrapped)):
            out.append("│")
            for lines, w in zip(wrapped, widths, strict=True):
                line = lines[number].copy() if number < len(lines) else Text()
                line.rstrip()
                line.truncate(w, overflow="fold", pad=True)
                out.append(" ")
                out.append_text(line)
                out.append(" │")
            out.append("\n")
        return out

    out = rule("╭", "┬", "╮")
    out.append_text(row([title for title, _tips in columns]))
    for tips in zip_longest(*(tips for _title, tips in columns)):
        out.append_text(rule("├", "┼", "┤"))
        out.append_text(row([_tip_cell(tip, mark) for tip in tips]))
    out.append_text(rule("╰", "┴", "╯"))
    return out


def print_wrapped(console: Console, text: Text, *, end: str = "\n") -> None:
    """Print what `hanging` wrapped as it is: letting Rich wrap it again would double
    the work (startup)."""
    console.print(text, end=end, no_wrap=True, overflow="ignore", crop=False)


def _tip_list(console: Console, tips: Sequence[Tip], mark: Callable[[Text], Text]) -> Text:
    return hanging(console, [("•", _tip_cell(tip, mark)) for tip in tips])


def _side_by_side(console: Console, sheet: TipSheet) -> bool:
    """Do's and don'ts in two columns, unless that would fold Thai words in half.

    Thai puts no spaces between words, only between phrases, and a phrase is
    often wider than half an 80-column terminal; Rich can then only cut it at
    any character. Below 100 columns Thai tips go one section under the other.
    """
    if console.width >= 100:
        return True
    return not any(t.language == "th" for t in (*sheet.dos, *sheet.donts))


def _marker(search: str | None) -> Callable[[Text], Text]:
    """Shows what `tips --search` matched in reverse video, wherever a tip is drawn."""
    from aecoach.bank.query import search_pattern

    pattern = search_pattern(search)

    def mark(text: Text) -> Text:
        if pattern is not None:
            text.highlight_regex(pattern, style="reverse")
        return text

    return mark


def render_tips(console: Console, sheet: TipSheet, *, search: str | None = None) -> None:
    mark = _marker(search)
    if (sheet.dos or sheet.donts) and not _side_by_side(console, sheet):
        for title, style, tips in ((_("Do"), "green", sheet.dos), (_("Don't"), "red", sheet.donts)):
            if tips:
                console.print(_heading(title, style))
                print_wrapped(console, _tip_list(console, tips, mark))
    elif sheet.dos or sheet.donts:
        columns = [
            (Text(title, style=f"bold {style}"), tips)
            for title, style, tips in (
                (_("Do"), "green", sheet.dos),
                (_("Don't"), "red", sheet.donts),
            )
            if tips
        ]
        print_wrapped(console, boxed_columns(console, columns, mark), end="")
    for title, style, tips in (
        (_("General advice"), "cyan", sheet.advice),
        (_("Know the role"), "magenta", sheet.role),
    ):
        if tips:
            console.print(_heading(title, style))
            print_wrapped(console, _tip_list(console, tips, mark))
    if sheet.asks:
        console.print(_heading(_("Questions to ask them"), "yellow"))
        rows = []
        for number, ask in enumerate(sheet.asks, 1):
            cell = Text()
            cell.append(ask.text, style="bold")
            cell.append(english_mark(ask), style="dim italic")
            cell.append("\n")
            cell.append(ask.why, style="dim")
            mark(cell)
            rows.append((f"{number}.", cell))
        print_wrapped(console, hanging(console, rows), end="")


def render_question_table(console: Console, questions: Sequence[Question]) -> None:
    # One list, the question over its id: the text gets the full width, an id never folds
    # mid-word, and wrapping it here is a third of the work of a grid (startup).
    rows = []
    for number, q in enumerate(questions, 1):
        cell = Text()
        cell.append(q.text)
        cell.append(english_mark(q), style="dim italic")
        cell.append("\n")
        cell.append(q.key, style="cyan")
        kind = _(taxonomy.QUESTION_KINDS[q.kind])
        seconds = _("{seconds} s").format(seconds=q.time_limit)
        cell.append(f" · {kind} · {seconds}", style="dim")
        rows.append((f"{number}.", cell))
    print_wrapped(console, hanging(console, rows, indent=0), end="")
    count = ngettext(
        "{count} question. See one with: aecoach questions show ID",
        "{count} questions. See one with: aecoach questions show ID",
        len(questions),
    )
    console.print(Text(count.format(count=len(questions)), style="dim"))


def render_question(console: Console, q: Question) -> None:
    # Here, not at the top: `tips` and `questions` draw no table or panel (startup).
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row(_("ID"), q.key)
    facts.add_row(_("Kind"), _(taxonomy.QUESTION_KINDS[q.kind]))
    facts.add_row(_("Roles"), ", ".join(r.upper() for r in q.roles))
    facts.add_row(_("Skills"), _(", ").join(_(taxonomy.SKILLS[s]) for s in q.skills))
    facts.add_row(_("Time"), _("{seconds} s").format(seconds=q.time_limit))
    if q.fallback:
        facts.add_row(_("Language"), _("English: not yet translated"))
    hints = Table.grid(padding=(0, 1))
    hints.add_column(no_wrap=True)
    hints.add_column(ratio=1, overflow="fold")
    for hint in q.hints:
        hints.add_row("•", Text(hint))
    heading = Text(_("A strong answer covers:"), style="bold")
    title = Text(q.text, style="bold")
    title.append(english_mark(q), style="dim italic")
    parts: list[object] = [title, Text(""), facts, Text(""), heading, hints]
    if q.brief:  # the card or data the question is about; never the model answer
        parts += [Text(""), Text(_("Brief"), style="bold"), Text(q.brief.rstrip())]
    for number, turn in enumerate(q.turns, 1):
        line = Text(_("Follow-up {number}: ").format(number=number), style="bold")
        parts += [Text(""), line.append(f"\u201c{turn.line}\u201d")]
    body = Group(*parts)  # type: ignore[arg-type]
    console.print(Panel(body, box=box.ROUNDED, expand=False, padding=(1, 2)))
