"""Rendering delivery figures: the card after a spoken answer, and `aecoach analyze`.

Observations, not judgements: the figures and the reference band beside
them, never a verdict on them.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aecoach.analysis.delivery import Delivery
from aecoach.i18n import _, ngettext
from aecoach.textsafe import inert


def _seconds(value: float) -> str:
    return _("{seconds} s").format(seconds=f"{value:.1f}")


def missing_words_line(delivery: Delivery, model_name: str | None) -> str | None:
    """One line saying why there are no word figures, or None when there are."""
    if delivery.words_missing == "no-model":
        return _(
            "No transcript: no speech model is set up (`aecoach voice setup`);"
            " the figures above need none."
        )
    if delivery.words_missing == "language-unsupported":
        return _(
            "No transcript: the model {model} does not know this language ({language});"
            " the figures above need no words."
        ).format(model=inert(model_name or "?"), language=delivery.language)
    return None


def delivery_rows(delivery: Delivery) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if delivery.rate_per_minute is not None:
        rate = round(delivery.rate_per_minute)
        if delivery.rate_unit == "characters":
            figure = _("{rate} characters a minute").format(rate=rate)
        else:
            figure = _("{rate} words a minute").format(rate=rate)
        if delivery.band:
            figure += "  " + _("(usual band {low}–{high})").format(
                low=delivery.band[0], high=delivery.band[1]
            )
        rows.append((_("Pace"), figure))
    if delivery.fillers is not None:
        figure = ngettext("{count} filler", "{count} fillers", delivery.fillers).format(
            count=delivery.fillers
        )
        per_minute = delivery.fillers_per_minute
        if per_minute is not None and delivery.fillers:
            figure += "  " + _("({rate} a minute)").format(rate=f"{per_minute:.1f}")
        if delivery.filler_words:
            figure += ": " + inert(", ".join(delivery.filler_words))
        rows.append((_("Fillers"), figure))
    pauses = ngettext("{count} over 2 s", "{count} over 2 s", delivery.pauses_over_2s).format(
        count=delivery.pauses_over_2s
    )
    rows.append(
        (
            _("Longest pause"),
            f"{_seconds(delivery.longest_pause_seconds)}  ({pauses})",
        )
    )
    spoken = _seconds(delivery.speaking_seconds)
    if delivery.limit_seconds is not None:
        spoken = _("{spoken} spoken of {limit}").format(
            spoken=spoken, limit=_seconds(delivery.limit_seconds)
        )
        if delivery.over_limit_seconds > 0:
            spoken += "  " + _("({over} over)").format(over=_seconds(delivery.over_limit_seconds))
    else:
        spoken = _("{spoken} spoken in {total}").format(
            spoken=spoken, total=_seconds(delivery.duration_seconds)
        )
    rows.append((_("Speaking time"), spoken))
    return rows


def render_delivery(
    console: Console, delivery: Delivery, *, model_name: str | None, title: str | None = None
) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in delivery_rows(delivery):
        table.add_row(label, Text(value))
    parts: list[object] = [table]
    note = missing_words_line(delivery, model_name)
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
