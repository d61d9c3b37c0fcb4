"""Rendering `aecoach stats`: a few lines of figures, bars per skill, a rating sparkline.

Readable at 80 columns; Rich drops colour in a pipe and under NO_COLOR, and
a console that cannot encode block characters gets ASCII bars instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aecoach.bank import taxonomy
from aecoach.coaching.stats import (
    ANY_ROLE,
    MIN_FOR_TREND,
    MIN_TREND_DAYS,
    Group,
    Point,
    Stats,
    Trend,
)
from aecoach.i18n import N_, _, ngettext
from aecoach.textsafe import inert

BAR_WIDTH = 15
SPARKS = "▁▂▃▄▅▆▇█"
ASCII_SPARKS = "12345"  # a rating digit per step, where blocks cannot be shown


def _unicode(console: Console) -> bool:
    return (console.encoding or "").lower().replace("-", "").startswith("utf")


def _date(iso: str | None) -> str:
    if not iso:
        return "-"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d")
    except ValueError:
        return iso


def bar(average: float | None, *, width: int = BAR_WIDTH, unicode: bool = True) -> str:
    """A bar for a 1..5 average: full at 5, empty at 0, in eighths of a cell."""
    if average is None:
        return " " * width
    if not unicode:
        filled = round(average / 5 * width)
        return "#" * filled + "." * (width - filled)
    eighths = round(average / 5 * width * 8)
    full, part = divmod(eighths, 8)
    out = "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
    return out + "░" * (width - len(out))


def buckets(points: Sequence[Point], width: int) -> list[float | None]:
    """The series squeezed into at most `width` steps, each a rating-weighted average."""
    if not points:
        return []
    n = min(width, len(points))
    out: list[float | None] = []
    for i in range(n):
        chunk = points[i * len(points) // n : (i + 1) * len(points) // n]
        rated = sum(p.rated for p in chunk)
        total = sum((p.average or 0) * p.rated for p in chunk)
        out.append(total / rated if rated else None)
    return out


def sparkline(values: Sequence[float | None], *, unicode: bool = True) -> str:
    chars = SPARKS if unicode else ASCII_SPARKS
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        else:
            out.append(chars[min(len(chars) - 1, max(0, round((v - 1) / 4 * (len(chars) - 1))))])
    return "".join(out)


def _label(vocabulary: dict[str, str], key: str) -> str:
    return _(vocabulary.get(key, key)) if key in vocabulary else inert(key)


def _trend_text(trend: Trend | None) -> Text:
    if trend is None:
        return Text("")
    change = trend.change
    arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
    style = "green" if change > 0 else "red" if change < 0 else ""
    return Text(f"{change:+.1f} {arrow}", style=style)


LABEL_WIDTH = 32  # "Sales Development Representative" fits; longer pack words are cut


def _group_table(
    console: Console,
    title: str,
    groups: Sequence[Group],
    label: Callable[[str], str],
    trends: dict[str, Trend] | None = None,
    *,
    width: int = 20,
) -> None:
    unicode = _unicode(console)
    # The figures keep their full width at any terminal width; the bar, then the label,
    # give way (the bar goes at last). The Trend column is counted even where it is not
    # shown, so the bars line up from table to table.
    figures = [_("Average"), _("Answers"), _("Trend")]
    gap = 3  # a column's padding either side and the box's blank divider
    spare = console.width - sum(max(cell_len(f), 6) + gap for f in figures)
    width = min(width, max(16, spare - 8 - gap))
    bar_width = min(BAR_WIDTH, spare - width - gap)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, pad_edge=False)
    # One label width for every table, so the bars line up from table to table; a label
    # too long for it goes on to a second line rather than losing its end.
    table.add_column(title, overflow="fold", min_width=width, max_width=width)
    if bar_width >= 4:
        table.add_column("", no_wrap=True)
    table.add_column(_("Average"), justify="right", no_wrap=True)
    table.add_column(_("Answers"), justify="right", no_wrap=True)
    if trends is not None:
        table.add_column(_("Trend"), justify="right", no_wrap=True)
    for g in groups:
        avg = "-" if g.average is None else f"{g.average:.1f}"
        row: list[Text | str] = [Text(label(g.key))]
        if bar_width >= 4:
            row.append(Text(bar(g.average, width=bar_width, unicode=unicode), style="cyan"))
        row += [avg, str(g.answers)]
        if trends is not None:
            row.append(_trend_text(trends.get(g.key)))
        table.add_row(*row)
    console.print(table)


def render_stats(
    console: Console,
    stats: Stats,
    *,
    history_path: Path | None = None,
    prompts: Mapping[str, str] | None = None,
) -> None:
    """`prompts`: the questions as the bank words them in today's language, by key (see
    `render_history`)."""
    prompts = prompts or {}
    unicode = _unicode(console)
    if stats.empty:
        where = f"{history_path}: " if history_path else ""
        console.print(
            Text(where + _("no answers saved yet — run `aecoach practice` to start")),
            soft_wrap=True,
        )
        return
    head = _("{answers} in {sessions}, {first} to {last}").format(
        answers=ngettext("{count} answer", "{count} answers", stats.answers).format(
            count=stats.answers
        ),
        sessions=ngettext("{count} session", "{count} sessions", stats.sessions).format(
            count=stats.sessions
        ),
        first=_date(stats.first_at),
        last=_date(stats.last_at),
    )
    console.print(Text(head, style="bold"))
    if stats.average is not None:
        line = _("Average rating {avg} of 5 ({rated} rated, {skipped} skipped)").format(
            avg=f"{stats.average:.1f}", rated=stats.rated, skipped=stats.answers - stats.rated
        )
    else:
        line = _("Every answer so far was skipped: no ratings yet.")
    console.print(Text(line))
    if stats.due is not None:
        console.print(
            Text(
                _("Due for review: {today} today, {week} this week").format(
                    today=stats.due.today, week=stats.due.this_week
                ),
                style="bold",
            )
        )

    rated_days = [p for p in stats.series if p.rated]
    if len(rated_days) >= 2:
        console.print()
        console.print(Text(_("Rating over time (average per practice day, 1 to 5)"), style="bold"))
        width = max(10, min(console.width - 4, 72))
        values = buckets(stats.series, width)
        # A few days are drawn wider, so the line reads as a line and the dates fit.
        repeat = max(1, min(4, 40 // max(1, len(values))))
        line = "".join(c * repeat for c in sparkline(values, unicode=unicode))
        console.print(Text("  " + line, style="cyan"), no_wrap=True, overflow="crop")
        first, last = stats.series[0].day.isoformat(), stats.series[-1].day.isoformat()
        gap = max(1, len(line) - len(first) - len(last))
        console.print(Text("  " + first + " " * gap + last, style="dim"), no_wrap=True)

    kinds = taxonomy.QUESTION_KINDS
    themes = taxonomy.OBJECTION_THEMES
    roles = {**taxonomy.ROLES, ANY_ROLE: N_("Any role: a mix")}
    labels = [
        *(_label(taxonomy.SKILLS, g.key) for g in stats.by_skill),
        *(_label(kinds, g.key) for g in stats.by_kind),
        *(_label(themes, g.key) for g in stats.by_theme),
        *(_label(roles, g.key) for g in stats.by_role),
    ]
    width = min(LABEL_WIDTH, max((len(t) for t in labels), default=10))
    if stats.by_skill:
        console.print()
        trends = {t.skill: t for t in stats.trends}
        _group_table(
            console,
            _("Skill"),
            stats.by_skill,
            lambda k: _label(taxonomy.SKILLS, k),
            trends,
            width=width,
        )
        if stats.trends:
            console.print(
                Text(
                    _("Trend: the latest answers' average against the first answers' average."),
                    style="dim",
                )
            )
        if len(stats.trends) < len(stats.by_skill):
            console.print(
                Text(
                    _(
                        "A trend shows once a skill has {answers} rated answers"
                        " over {days} practice days."
                    ).format(answers=MIN_FOR_TREND, days=MIN_TREND_DAYS),
                    style="dim",
                )
            )
    if stats.by_kind:
        console.print()
        _group_table(
            console, _("Question kind"), stats.by_kind, lambda k: _label(kinds, k), width=width
        )
    if stats.by_theme:
        console.print()
        _group_table(
            console, _("Objection theme"), stats.by_theme, lambda k: _label(themes, k), width=width
        )
    if stats.by_role:
        console.print()
        _group_table(
            console, _("Session role"), stats.by_role, lambda k: _label(roles, k), width=width
        )
    from aecoach.ui.feedback import show_stats_extras

    show_stats_extras(console, stats)

    from aecoach.coaching.labels import timing_clauses

    timing = stats.timing
    if timing.answered:
        console.print()
        share = timing.share_within or 0.0
        line = _("Time: {share}% of answers within their limit").format(share=round(share * 100))
        line += timing_clauses(timing)
        # Not a bare ".": Japanese ends a sentence with "。", Thai with none.
        console.print(Text(_("{sentence}.").format(sentence=line)))

    if stats.weakest:
        console.print()
        console.print(Text(_("Practise next (your lowest-rated questions)"), style="bold"))
        # A grid keeps long (or unspaced, as Japanese is) questions indented when they wrap.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(overflow="fold")
        for number, w in enumerate(stats.weakest, 1):
            if w.average is None:
                detail = ngettext("skipped {n} time", "skipped {n} times", w.skipped).format(
                    n=w.skipped
                )
            else:
                detail = _("average {avg} over {n} rated").format(avg=f"{w.average:.1f}", n=w.rated)
                if w.skipped:
                    detail += _(", {n} skipped").format(n=w.skipped)
            cell = Text(inert(prompts.get(w.item_key, w.prompt_text)) or inert(w.item_key))
            cell.append(f"\n{inert(w.item_key)} · {detail}", style="dim")
            grid.add_row(f"{number}.", cell)
        console.print(grid)
        hint = _(
            "Practise one again: aecoach practice --question ID (the id under it; repeatable)."
        )
        console.print(Text(hint, style="dim"))

    streak = stats.streak
    if streak.days:
        console.print()
        days = ngettext("{n} day", "{n} days", streak.current).format(n=streak.current)
        if streak.current:
            line = _("Practice streak: {days}").format(days=days)
        else:
            line = _("No practice today or yesterday")
        line += _(" (longest {longest}; practice days in all: {total}).").format(
            longest=ngettext("{n} day", "{n} days", streak.longest).format(n=streak.longest),
            total=streak.days,
        )
        console.print(Text(line))
