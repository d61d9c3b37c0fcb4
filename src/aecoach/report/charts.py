"""The report's charts, drawn as SVG by pygal: no script, so they show offline and in print.

pygal writes a small inline script that configures its own tooltips; we never load
those tooltips (the page allows no network request, and no script but its own), so the
script is removed rather than left to be refused by the page's Content-Security-Policy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

import pygal
from pygal.style import Style

from aecoach.report.model import Missed, Timing, Weekly

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK JP', "
    "'Noto Sans Thai', sans-serif",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#888",
    colors=(
        "#1f6feb",
        "#d9480f",
        "#2b8a3e",
        "#9c36b5",
        "#e67700",
        "#0b7285",
        "#c2255c",
        "#5c940d",
        "#364fc7",
        "#862e9c",
    ),
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    title_font_size=15,
)

_COMMON = {
    "js": [],
    "disable_xml_declaration": True,
    "style": STYLE,
    "width": 760,
    "height": 320,
    "explicit_size": False,  # scale with the page (phones), keeping the viewBox
    "legend_at_bottom": True,
    "truncate_legend": -1,
    "print_values": False,
}


def _svg(chart: pygal.graph.graph.Graph) -> str:
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def _weeks(weeks: Sequence[date], label: Callable[[date], str]) -> list[str]:
    return [label(w) for w in weeks]


def weekly_lines(
    weekly: Weekly,
    *,
    names: Callable[[str], str],
    week_label: Callable[[date], str],
    y_range: tuple[float, float] | None = None,
    secondary: frozenset[str] = frozenset(),
    value_format: Callable[[float], str] = lambda v: f"{v:g}",
) -> str:
    chart = pygal.Line(
        **_COMMON,
        range=y_range,
        show_dots=True,
        dots_size=4,
        allow_interruptions=True,  # a week without practice is a gap, not a line through it
        x_label_rotation=0 if len(weekly.weeks) <= 8 else 30,
        show_minor_x_labels=len(weekly.weeks) <= 12,
        x_labels_major_every=max(1, len(weekly.weeks) // 8),
        value_formatter=value_format,
    )
    chart.x_labels = _weeks(weekly.weeks, week_label)
    for name, values in weekly.series.items():
        chart.add(names(name), list(values), secondary=name in secondary)
    return _svg(chart)


def checklist_bars(items: Sequence[Missed], *, names: Callable[[str], str]) -> str:
    chart = pygal.HorizontalBar(
        **{**_COMMON, "height": max(160, 44 * len(items) + 80)},
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        show_legend=False,
        value_formatter=lambda v: f"{v:.0f}%",
    )
    # pygal stacks a horizontal chart's first bar at the bottom: the most missed, first in
    # `items`, belongs at the top, where the eye starts.
    drawn = list(reversed(items))
    chart.x_labels = [names(m.key) for m in drawn]
    chart.add("", [round(100 * m.share, 1) for m in drawn])
    return _svg(chart)


def timing_bars(timing: Timing, *, labels: Sequence[str]) -> str:
    chart = pygal.Bar(**{**_COMMON, "height": 260}, show_legend=False)
    chart.x_labels = list(labels)
    chart.add("", [timing.too_short, timing.within, timing.over])
    return _svg(chart)
