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
