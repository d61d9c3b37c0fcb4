"""The JSON export format, both ways: every field the history holds, versioned.

    {"format": "aecoach-history", "version": 1, "sessions": [{...session, "answers": [...]}]}

Writing streams one session at a time. Reading checks the whole file before
anything is imported: the first problem is reported with the file, its
place (`sessions[2].answers[0].rating`) and the fix, and nothing is written.
See docs/export.md for the fields.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from aecoach.errors import AecoachError, Msg
from aecoach.history.queries import ExportedSession
from aecoach.history.records import END_REASONS, ITEM_TYPES, AnswerRecord, SessionRecord
from aecoach.textsafe import inert

FORMAT = "aecoach-history"
VERSION = 1
MAX_BYTES = 1 << 30  # a million answers is well under this

# ASCII digits only (a bare \d also takes full-width and Arabic-Indic ones), matched whole.
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII)
# Years a practice time can have. Far from datetime's ends (1 and 9999) on purpose: every
# reader turns times into local days and the schedule adds up to a century to them.
YEARS = (1970, 2999)
MAX_TIME_LIMIT = 86_400  # whole seconds; packs allow 10 to 1800, older files may differ
MAX_SECONDS_USED = 10_000_000  # four months on one question: anything above is not a time


# --- Writing ----------------------------------------------------------------------------------


def session_dict(
    session: SessionRecord,
    answers: Iterable[AnswerRecord],
    spoken: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": session.id,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "mode": session.mode,
        "settings": session.settings,
        "end_reason": session.end_reason,
        "language": session.language,
        "app_version": session.app_version,
        "answers": [answer_dict(a, (spoken or {}).get(a.uid)) for a in answers],
    }


def answer_dict(a: AnswerRecord, delivery: dict[str, Any] | None = None) -> dict[str, Any]:
    out = {
        "uid": a.uid,
        "item_key": a.item_key,
        "item_type": a.item_type,
        "pack": a.pack,
        "language": a.language,
        "prompt_text": a.prompt_text,
        "kind": a.kind,
        "roles": list(a.roles),
        "skills": list(a.skills),
        "started_at": a.started_at,
        "seconds_used": a.seconds_used,
        "time_limit": a.time_limit,
        "overran": a.overran,
        "skipped": a.skipped,
        "rating": a.rating,
        "checklist": a.checklist,
        "notes": a.notes,
        "feedback": a.feedback,
    }
    if delivery is not None:  # spoken answers only, so typed histories export as before
        out["delivery"] = delivery
    return out


def write_json(
    out: TextIO,
    sessions: Iterable[ExportedSession],
    extra: dict[str, Any] | None = None,
    spoken: dict[str, dict[str, Any]] | None = None,
) -> tuple[int, int]:
    """Write the export; returns (sessions, answers) written.

    `extra`: more top-level keys after the sessions (the story bank); a reader of
    version 1 that does not know them passes them by. `spoken`: the delivery figures
    of the spoken answers, by uid."""
    out.write(f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "sessions": [')
    n_sessions = n_answers = 0
    for exported in sessions:
        # One session a line: without `indent` json uses its C encoder (ten times faster).
        body = json.dumps(
            session_dict(exported.session, exported.answers, spoken), ensure_ascii=False
        )
        out.write(",\n    " if n_sessions else "\n    ")
        out.write(body)
        n_sessions += 1
        n_answers += len(exported.answers)
    out.write("\n  ]" if n_sessions else "]")
    for key, value in (extra or {}).items():
        out.write(f",\n  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    out.write("\n}\n")
    return n_sessions, n_answers


# --- Reading ----------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, place: str, problem: str) -> None:
        super().__init__(problem)
        self.place = place
        self.problem = problem


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _text(obj: dict[str, Any], key: str, place: str, *, empty: bool = False) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise _Bad(f"{place}.{key}", f"expected text, found {_kind(value)}")
    if not empty and not value:
        raise _Bad(f"{place}.{key}", "is empty")
    return inert(value)


def _time(obj: dict[str, Any], key: str, place: str, *, optional: bool = False) -> str | None:
    value = obj.get(key)
    if value is None and optional:
        return None
    moment = None
    if isinstance(value, str) and _ISO.fullmatch(value):
        with contextlib.suppress(ValueError):  # the 30th of February, hour 25
            moment = datetime.fromisoformat(value)
    if moment is None:
        raise _Bad(
            f"{place}.{key}",
            f"expected a UTC time such as 2025-03-14T09:30:00.000Z, found {_shown(value)}",
        )
    low, high = YEARS
    if not low <= moment.year <= high:
        raise _Bad(
            f"{place}.{key}",
            f"expected a UTC time from the year {low} to {high}, found {_shown(value)}",
        )
    return value


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = inert(value)
        return repr(text if len(text) <= 40 else text[:39] + "…")
    return _kind(value)


def _flag(obj: dict[str, Any], key: str, place: str) -> bool:
    value = obj.get(key)
    if not isinstance(value, bool):
        raise _Bad(f"{place}.{key}", f"expected true or false, found {_kind(value)}")
    return value


def _texts(obj: dict[str, Any], key: str, place: str) -> tuple[str, ...]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(f"{place}.{key}", f"expected a list of texts, found {_kind(value)}")
    return tuple(inert(v) for v in value)


def _inert_json(value: Any) -> Any:
    """A JSON value with every text in it, keys too, made inert (the settings are free-form,
    and `aecoach history` shows the role from them)."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, list):
        return [_inert_json(v) for v in value]
    if isinstance(value, dict):
        return {inert(k): _inert_json(v) for k, v in value.items()}
    return value


def _object(value: Any, place: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(place, f"expected an object, found {_kind(value)}")
    return value


MAX_FEEDBACK = 64_000  # characters of JSON: the notes on a long answer take a few thousand


def _feedback(value: Any, place: str) -> dict[str, Any] | None:
    """Imported coach's notes, their texts made inert; an export from before them has none."""
    if value is None:
        return None
    found = _object(value, place)
    if len(json.dumps(found, ensure_ascii=False)) > MAX_FEEDBACK:
        raise _Bad(place, f"expected at most {MAX_FEEDBACK} characters of notes")

    def clean(v: Any) -> Any:
        if isinstance(v, str):
            return inert(v)
        if isinstance(v, list):
            return [clean(x) for x in v]
        if isinstance(v, dict):
            return {inert(str(k)): clean(x) for k, x in v.items()}
        return v

    return clean(found)


def _answer(obj: Any, place: str, session_id: str) -> AnswerRecord:
    a = _object(obj, place)
    item_type = _text(a, "item_type", place)
    if item_type not in ITEM_TYPES:
        raise _Bad(
            f"{place}.item_type", f"expected question or objection, found {_shown(item_type)}"
        )
    seconds = a.get("seconds_used")
    # Compared before any conversion: float() of a 400-digit integer raises, and SQLite
    # cannot hold an integer of 2^63 or more.
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not 0 <= seconds <= MAX_SECONDS_USED
    ):
        raise _Bad(
            f"{place}.seconds_used",
            f"expected seconds from 0 to {MAX_SECONDS_USED}, found {_kind(seconds)}",
        )
    limit = a.get("time_limit")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_TIME_LIMIT:
        raise _Bad(
            f"{place}.time_limit",
            f"expected whole seconds from 1 to {MAX_TIME_LIMIT}, found {_kind(limit)}",
        )
    skipped = _flag(a, "skipped", place)
    rating = a.get("rating")
    if skipped:
        if rating is not None:
            raise _Bad(f"{place}.rating", "a skipped answer has no rating: expected null")
    elif isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise _Bad(f"{place}.rating", f"expected a whole number 1 to 5, found {_kind(rating)}")
    checklist = _object(a.get("checklist"), f"{place}.checklist")
    for key, value in checklist.items():
        if not isinstance(value, bool):
            raise _Bad(
                f"{place}.checklist.{inert(key)}", f"expected true or false, found {_kind(value)}"
            )
    try:
        return _answer_record(a, place, session_id, item_type, seconds, limit, skipped, rating)
    except ValueError as exc:  # the record's own checks, should a new one be added
        raise _Bad(place, str(exc)) from None


def _answer_record(
    a: dict[str, Any],
    place: str,
    session_id: str,
    item_type: str,
    seconds: float,
    limit: int,
    skipped: bool,
    rating: int | None,
) -> AnswerRecord:
    checklist = a["checklist"]
    return AnswerRecord(
        uid=_text(a, "uid", place),
        session_id=session_id,
        item_key=_text(a, "item_key", place),
        item_type=item_type,
        pack=_text(a, "pack", place),
        language=_text(a, "language", place),
        prompt_text=_text(a, "prompt_text", place, empty=True),
        kind=_text(a, "kind", place, empty=True),
        roles=_texts(a, "roles", place),
        skills=_texts(a, "skills", place),
        started_at=_time(a, "started_at", place) or "",
        seconds_used=float(seconds),
        time_limit=limit,
        overran=_flag(a, "overran", place),
        skipped=skipped,
        rating=rating,
        checklist={inert(k): v for k, v in checklist.items()},
        notes=_text(a, "notes", place, empty=True),
        feedback=_feedback(a.get("feedback"), f"{place}.feedback"),
    )


def _session(obj: Any, place: str) -> tuple[SessionRecord, list[AnswerRecord]]:
    s = _object(obj, place)
    end_reason = s.get("end_reason")
    if end_reason is not None and end_reason not in END_REASONS:
        raise _Bad(
            f"{place}.end_reason",
            f"expected one of {', '.join(END_REASONS)} or null, found {_shown(end_reason)}",
        )
    session = SessionRecord(
        id=_text(s, "id", place),
        started_at=_time(s, "started_at", place) or "",
        ended_at=_time(s, "ended_at", place, optional=True),
        mode=_text(s, "mode", place),
        settings=_inert_json(_object(s.get("settings"), f"{place}.settings")),
        end_reason=end_reason,
        language=_text(s, "language", place),
        app_version=_text(s, "app_version", place, empty=True),
    )
    answers = s.get("answers")
    if not isinstance(answers, list):
        raise _Bad(f"{place}.answers", f"expected a list of answers, found {_kind(answers)}")
    return session, [_answer(a, f"{place}.answers[{i}]", session.id) for i, a in enumerate(answers)]


def _read_text(path: Path) -> str:
    from aecoach.safefile import FileTooLarge, NotRegularFile, read_capped

    where = str(path)
    try:
        data = read_capped(path, MAX_BYTES)
    except IsADirectoryError as exc:
        raise AecoachError(Msg.IMPORT_NOT_FILE, location=where) from exc
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise AecoachError(Msg.IMPORT_NOT_FILE, location=where) from exc
        from aecoach.i18n import _

        raise AecoachError(Msg.IMPORT_NOT_REGULAR, kind=_(exc.kind), location=where) from exc
    except FileTooLarge as exc:
        raise AecoachError(Msg.IMPORT_TOO_LARGE, size=exc.size, location=where) from exc
    except OSError as exc:
        raise AecoachError(Msg.FILE_UNREADABLE, reason=exc.strerror, location=where) from exc
    try:
        # utf-8-sig: a file saved by an editor may start with a byte-order mark.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AecoachError(Msg.IMPORT_NOT_JSON_TEXT, offset=exc.start, location=where) from exc


def read_export(
    path: Path, spoken: dict[str, dict[str, Any]] | None = None
) -> list[tuple[SessionRecord, list[AnswerRecord]]]:
    """Every session and answer in the export at `path`, checked; AecoachError if any is wrong.

    `spoken`, when given, receives the delivery figures of the spoken answers, by uid."""
    path = Path(path)
    where = str(path)
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AecoachError(
            Msg.IMPORT_BAD_JSON, problem=exc.msg, location=f"{where}:{exc.lineno}:{exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise AecoachError(Msg.IMPORT_FOREIGN, location=where) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AecoachError(Msg.IMPORT_FOREIGN, location=where)
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise AecoachError(
            Msg.IMPORT_BAD_VALUE,
            place="version",
            problem=f"expected a whole number from 1, found {_kind(version)}",
            location=where,
        )
    if version > VERSION:
        raise AecoachError(Msg.IMPORT_NEWER, found=version, known=VERSION, location=where)
    sessions = data.get("sessions")
    try:
        if not isinstance(sessions, list):
            raise _Bad("sessions", f"expected a list of sessions, found {_kind(sessions)}")
        out = [_session(s, f"sessions[{i}]") for i, s in enumerate(sessions)]
        _no_repeats(out)
        if spoken is not None:
            _deliveries(sessions, spoken)
    except _Bad as bad:
        raise AecoachError(
            Msg.IMPORT_BAD_VALUE, place=bad.place, problem=bad.problem, location=where
        ) from None
    return out


def _deliveries(sessions: list[Any], spoken: dict[str, dict[str, Any]]) -> None:
    from aecoach.history.deliveries import from_import

    for i, s in enumerate(sessions):
        for j, a in enumerate(s["answers"]):
            if "delivery" not in a:
                continue
            try:
                spoken[a["uid"]] = from_import(a["delivery"])
            except ValueError as exc:
                raise _Bad(f"sessions[{i}].answers[{j}].delivery", str(exc)) from None


def _no_repeats(sessions: list[tuple[SessionRecord, list[AnswerRecord]]]) -> None:
    seen_sessions: dict[str, int] = {}
    seen_answers: dict[str, str] = {}
    for i, (session, answers) in enumerate(sessions):
        if session.id in seen_sessions:
            raise _Bad(
                f"sessions[{i}].id",
                f"the same session as sessions[{seen_sessions[session.id]}]"
                " (a session appears once, with all its answers)",
            )
        seen_sessions[session.id] = i
        for j, answer in enumerate(answers):
            place = f"sessions[{i}].answers[{j}].uid"
            if answer.uid in seen_answers:
                raise _Bad(place, f"the same answer as {seen_answers[answer.uid]}")
            seen_answers[answer.uid] = place
