"""Rendering delivery figures: the card after a spoken answer, and `aecoach analyze`.

Observations, not judgements: the figures and the reference band beside
them, never a verdict on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aecoach.analysis.delivery import Delivery
from aecoach.analysis.wording import delivery_rows, missing_words_line
from aecoach.i18n import _, ngettext
from aecoach.textsafe import inert

if TYPE_CHECKING:
    from aecoach.history.deliveries import Week


def render_delivery(
    console: Console,
    delivery: Delivery,
    *,
    model_name: str | None,
    title: str | None = None,
    language_flag: str = "--language",
) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in delivery_rows(delivery):
        table.add_row(label, Text(value))
    parts: list[object] = [table]
    note = missing_words_line(delivery, model_name, language_flag)
    if note:
        parts.append(Text(note, style="dim"))
    if delivery.transcript:
        parts.append(Text(""))
        parts.append(Text(inert(delivery.transcript), style="italic"))
    elif delivery.transcript is not None:
        parts.append(Text(_("(no words heard)"), style="dim"))
    console.print(
        Panel(Group(*parts), title=title or _("Delivery"), title_align="left", expand=False)
    )


def render_playing(console: Console, path: object, figures: dict[str, object]) -> None:
    line = Text(_("Playing {path}").format(path=inert(str(path))), style="bold")
    console.print(line, soft_wrap=True)
    transcript = figures.get("transcript")
    if isinstance(transcript, str) and transcript:
        console.print(Text(inert(transcript), style="italic"))


def render_check(console: Console, report: object) -> None:
    from aecoach.voice.session import Check

    assert isinstance(report, Check)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for what, ok, detail in report.lines:
        mark = Text("✓", style="green") if ok else Text("✗", style="red")
        table.add_row(mark, what, Text(inert(detail)))
    console.print(table)
    if report.devices:
        console.print(Text(_("Input devices (* the default):"), style="bold"))
        for device in report.devices:
            console.print(Text("  " + inert(device)))
    if report.ready:
        console.print(Text(_("Ready: answer out loud with `aecoach practice --voice`.")))
    else:
        console.print(
            Text(
                _("Not ready: fix the lines marked ✗; typed practice works as before."),
                style="yellow",
            )
        )


def render_setup(console: Console, result: object) -> None:
    from aecoach.voice.session import Setup

    assert isinstance(result, Setup)
    kind = _("multilingual") if result.multilingual else _("English only")
    if result.fetched:
        template = _(
            "Fetched the model {name} ({kind}, {size} MB) into {folder}; it is the default now."
        )
    else:
        template = _(
            "Using the model {name} ({kind}, {size} MB) in {folder}; it is the default now."
        )
    text = template.format(
        name=inert(result.name),
        kind=kind,
        size=f"{result.megabytes:.0f}",
        folder=inert(str(result.folder)),
    )
    console.print(Text(text), soft_wrap=True)


def render_switched(console: Console, *, on: bool, keep_audio: bool | None, path: object) -> None:
    if not on:
        text = _("Voice is off: practice takes typed notes (--voice still records a session).")
    elif keep_audio:
        text = _("Voice is on: practice records each answer and keeps the recording with it.")
    else:
        text = _("Voice is on, figures only: recordings are analysed, then deleted.")
    console.print(Text(text))
    console.print(Text(_("Saved in {path}.").format(path=inert(str(path))), style="dim"))


def render_gaps(console: Console, gaps: Sequence[tuple[str, str]]) -> None:
    """After `voice on`: what is missing before practice can record (it types until then)."""
    if not gaps:
        return
    console.print(
        Text(_("Not ready to record yet; practice takes typed notes until then:"), style="bold")
    )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for name, fix in gaps:
        grid.add_row(Text(f"  ✗ {name}:"), Text(fix))
    console.print(grid)
    console.print(Text(_("`aecoach voice check` looks at everything."), style="dim"))


def render_forgot(console: Console, count: int) -> None:
    console.print(
        Text(
            ngettext(
                "Forgot {count} answer's recording and transcript; ratings and figures stay.",
                "Forgot {count} answers' recordings and transcripts; ratings and figures stay.",
                count,
            ).format(count=count)
        )
    )


def render_weeks(console: Console, weeks: Sequence[Week]) -> None:
    """Pace and fillers a minute per week, for `aecoach stats`."""
    table = Table(title=_("Spoken answers by week"), title_justify="left", box=None)
    table.add_column(_("Week"), no_wrap=True)
    table.add_column(_("Answers"), justify="right")
    table.add_column(_("Pace a minute"), justify="right")
    table.add_column(_("Fillers a minute"), justify="right")
    for w in weeks:
        rate = "–" if w.rate_per_minute is None else f"{w.rate_per_minute:.0f}"
        fillers = "–" if w.fillers_per_minute is None else f"{w.fillers_per_minute:.1f}"
        table.add_row(w.week, str(w.answers), rate, fillers)
    console.print()
    console.print(table)
