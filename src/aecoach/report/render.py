"""The report page: the model, its charts and the Jinja2 template, as one HTML string.

Autoescaping is on for every value, so a note, a pack's text or a transcript holding
`<script>` or `"><img onerror=…>` is shown as text. Only our own CSS, our own script and
pygal's SVG are inserted as markup. The Content-Security-Policy allows no network
request: no default source, our one script by its hash, inline styles, images and
audio only from inside the file (`data:`), or from files beside it with `--audio link`.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from collections.abc import Mapping, Sequence
from datetime import date, tzinfo
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from aecoach import __version__
from aecoach.bank import taxonomy
from aecoach.coaching.labels import checklist_label
from aecoach.coaching.session import rating_label, time_text
from aecoach.i18n import _, current, ngettext
from aecoach.report import charts
from aecoach.report.model import Report, local_day, parse_utc, session_role, timing_of

AUDIO_MODES = ("embed", "link", "none")


def _resource(name: str) -> str:
    return resources.files("aecoach.report").joinpath("templates", name).read_text("utf-8")


def _environment() -> Environment:
    return Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def csp(script: str, audio: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    media = {"embed": "data:", "link": "file: data:", "none": "'none'"}[audio]
    return (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; "
        "img-src data:; "
        f"media-src {media}; "
        "base-uri 'none'; form-action 'none'"
    )


def skill_name(key: str) -> str:
    label = taxonomy.SKILLS.get(key)
    return _(label) if label else key


def role_name(key: str) -> str:
    label = taxonomy.ROLES.get(key)
    return _(label) if label else key


def _labels() -> dict[str, str]:
    return {
        "title": _("Interview practice report"),
        "summary": _("Summary"),
        "sessions": _("Sessions"),
        "answers": _("Answers"),
        "rated": _("Rated"),
        "average": _("Average rating"),
        "streak": _("Days in a row"),
        "progress": _("Progress"),
        "no_charts": _("No rated answers yet: the charts appear after the first."),
        "sessions_heading": _("Sessions and answers, newest first"),
        "role": _("Role"),
        "skill": _("Skill"),
        "rating": _("Rating"),
        "all": _("All"),
        "reset": _("Show all"),
        "shown": _("Answers shown:"),
        "notes": _("Notes"),
        "coach_notes": _("Coach's notes"),
        "transcript": _("Transcript"),
        "footer": _("Made by aecoach on this computer; nothing in it was sent anywhere."),
    }


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def _week_labeller(weeks: Sequence[date]):  # type: ignore[no-untyped-def]
    """Month and day, or the full date where the weeks run over more than one year."""
    fmt = "%m-%d" if len({w.year for w in weeks}) <= 1 else "%Y-%m-%d"
    return lambda week: week.strftime(fmt)


def _rating_text(rating: int | None) -> str:
    if rating is None:
        return _("Skipped")
    return f"{rating}/5 · {rating_label(rating)}"


def _timing_text(kind: str | None) -> str:
    return {
        "too_short": _("Too short"),
        "within": _("Within time"),
        "over": _("Over time"),
        None: "",
    }[kind]


def _feedback_lines(feedback: Any, rating: int | None) -> list[str]:
    """The coach's notes as the terminal words them, and the calibration line, if any."""
    if not isinstance(feedback, Mapping):
        return []
    from aecoach.coaching.feedback import calibration_line, note_lines

    lines = note_lines(dict(feedback))
    calibration = calibration_line(dict(feedback), rating)
    return [*lines, calibration] if calibration else lines


def _audio(answer: Mapping[str, Any], mode: str, home: Path | None) -> str | None:
    """A `data:` URI (embed) or a file URI (link) for the answer's recording, if it has one."""
    if mode == "none":
        return None
    recording = answer.get("recording")
    if not isinstance(recording, str) or not recording:
        return None
    path = Path(recording)
    if not path.is_absolute() and home is not None:
        path = home / path
    if not path.is_file():
        return None
    if mode == "link":
        return path.resolve().as_uri()
    kind = mimetypes.guess_type(path.name)[0] or "audio/flac"
    if path.suffix.lower() == ".opus":
        kind = "audio/ogg"
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _answer_view(answer: Mapping[str, Any], zone: tzinfo | None, audio: str, home: Path | None):  # type: ignore[no-untyped-def]
    rating = answer.get("rating")
    checklist = [
        {"label": checklist_label(k, answer.get("item_type"), answer.get("kind")), "met": bool(v)}
        for k, v in (answer.get("checklist") or {}).items()
        if isinstance(v, bool)
    ]
    delivery = answer.get("delivery")
    return {
        "uid": answer.get("uid", ""),
        "key": answer.get("item_key", ""),
        "prompt": answer.get("prompt_text", ""),
        "skills": list(answer.get("skills") or ()),
        "skill_names": ", ".join(skill_name(s) for s in answer.get("skills") or ()),
        "rating": _rating_text(rating),
        "rating_value": "" if rating is None else str(rating),
        "rating_class": ""
        if rating is None
        else ("low" if rating <= 2 else "high" if rating >= 4 else ""),
        "time": time_text(
            answer.get("seconds_used") or 0,
            answer.get("time_limit") or 0,
            bool(answer.get("overran")),
        ),
        "timing": _timing_text(timing_of(answer)),
        "when": parse_utc(answer["started_at"]).astimezone(zone).strftime("%H:%M"),
        "checklist": checklist,
        "notes": answer.get("notes") or "",
        "feedback": _feedback_lines(answer.get("feedback"), rating),
        "transcript": answer.get("transcript")
        or (delivery.get("transcript") if isinstance(delivery, Mapping) else None),
        "audio": _audio(answer, audio, home),
    }


def _session_view(session: Mapping[str, Any], zone: tzinfo | None, audio: str, home: Path | None):  # type: ignore[no-untyped-def]
    role = session_role(session) or ""
    mode = str(session.get("mode") or "")
    modes = {
        "practice": _("Practice"),
        "review": _("Review"),
        "mock": _("Mock interview"),
        "drill": _("Objection drill"),
    }
    heading = modes.get(mode, mode)
    if role:
        heading = f"{heading} · {role_name(role)}"
    started = parse_utc(session["started_at"]).astimezone(zone)
    return {
        "id": session.get("id", ""),
        "role": role,
        "heading": heading,
        "when": started.strftime("%Y-%m-%d %H:%M"),
        "end": {"quit": _("Ended early"), "interrupted": _("Interrupted")}.get(
            str(session.get("end_reason") or ""), ""
        ),
        "answers": [_answer_view(a, zone, audio, home) for a in session.get("answers", ())],
    }


def _charts(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if report.skill_weeks:
        points = sum(v is not None for vs in report.skill_weeks.series.values() for v in vs)
        out.append(
            {
                "id": "skills",
                "title": _("Average rating per skill, by week"),
                "note": _("Weeks start on Monday; a gap is a week without a rated answer."),
                "points": points,
                "svg": Markup(
                    charts.weekly_lines(
                        report.skill_weeks,
                        names=skill_name,
                        week_label=_week_labeller(report.skill_weeks.weeks),
                        y_range=(1, 5),
                    )
                ),
            }
        )
    if report.checklist:
        out.append(
            {
                "id": "checklist",
                "title": _("Checklist items missed most"),
                "note": _("The share of answers where the item was not met."),
                "points": len(report.checklist),
                "svg": Markup(charts.checklist_bars(report.checklist, names=checklist_label)),
            }
        )
    if report.timing.answered:
        out.append(
            {
                "id": "timing",
                "title": _("Time discipline"),
                "note": _("Too short: under a quarter of the time limit."),
                "points": 3,
                "svg": Markup(
                    charts.timing_bars(
                        report.timing, labels=(_("Too short"), _("Within time"), _("Over time"))
                    )
                ),
            }
        )
    if report.delivery_weeks:
        names = {
            "words_per_minute": _("Words per minute"),
            # Japanese and Thai answers are timed in characters (see docs/voice.md).
            "characters_per_minute": _("Characters per minute"),
            "fillers_per_minute": _("Fillers per minute"),
        }
        out.append(
            {
                "id": "delivery",
                "title": _("Pace and fillers, by week"),
                "note": "",
                "points": sum(
                    v is not None for vs in report.delivery_weeks.series.values() for v in vs
                ),
                "svg": Markup(
                    charts.weekly_lines(
                        report.delivery_weeks,
                        names=lambda k: names.get(k, k),
                        week_label=_week_labeller(report.delivery_weeks.weeks),
                        secondary=frozenset({"fillers_per_minute"}),
                    )
                ),
            }
        )
    if report.signal_weeks:
        names = {
            "quantified": _("Answers with a number (%)"),
            "i_share": _("“I” among I and we (%)"),
        }
        out.append(
            {
                "id": "signals",
                "title": _("Coach's notes, by week"),
                "note": "",
                "points": sum(
                    v is not None for vs in report.signal_weeks.series.values() for v in vs
                ),
                "svg": Markup(
                    charts.weekly_lines(
                        report.signal_weeks,
                        names=lambda k: names.get(k, k),
                        week_label=_week_labeller(report.signal_weeks.weeks),
                        y_range=(0, 100),
                    )
                ),
            }
        )
    return out


def _period(report: Report) -> str:
    if report.first_day is None:
        return _("No answers in this period yet.")
    sessions, answers = report.stats.get("sessions", 0), report.stats.get("answers", 0)
    counts = ngettext("{count} session", "{count} sessions", sessions).format(count=sessions)
    counts += ", " + ngettext("{count} answer", "{count} answers", answers).format(count=answers)
    return f"{_day(report.first_day)} – {_day(report.last_day)} · {counts}"


def render(
    report: Report, *, zone: tzinfo | None = None, audio: str = "embed", home: Path | None = None
) -> str:
    script = _resource("report.js")
    template = _environment().from_string(_resource("report.html"))
    average = report.stats.get("average")
    ratings: Sequence[tuple[str, str]] = [
        *((str(r), f"{r}") for r in range(5, 0, -1)),
        ("low", _("1–2 (weak)")),
        ("skipped", _("Skipped")),
    ]
    return template.render(
        lang=current(),
        version=__version__,
        csp=csp(script, audio),
        css=Markup(_resource("report.css")),
        script=Markup(script),
        t=_labels(),
        stats=report.stats,
        average="—" if average is None else f"{average:.2f}",
        period=_period(report),
        plan=report.plan.get("summary") if report.plan else None,
        charts=_charts(report),
        sessions=[_session_view(s, zone, audio, home) for s in report.sessions],
        role_options=[(r, role_name(r)) for r in report.roles],
        skill_options=[(s, skill_name(s)) for s in report.skills],
        rating_options=ratings,
    )


__all__ = ["AUDIO_MODES", "local_day", "render"]
