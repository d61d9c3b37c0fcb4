"""The candidate's own packs: summaries for `packs list`, and the starter `packs new` writes."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from aecoach.bank.loader import (
    BUILTIN,
    BankLoad,
    PackFile,
    builtin_dir,
    builtin_packs,
    list_folder,
    load_pack,
)
from aecoach.bank.schema import ID_RE
from aecoach.bank.yamlsafe import Problem
from aecoach.errors import AecoachError, Msg
from aecoach.textsafe import shown

FOLDER_MODE = 0o700  # the packs folder sits beside a private practice history
FILE_MODE = 0o600


def display_path(entry: PackFile) -> str:
    """A path short enough for a table: built-in packs relative to the bank, others with ~."""
    path = entry.path
    if entry.source == BUILTIN:
        try:
            return shown(str(path.resolve().relative_to(builtin_dir().resolve())), 4096)
        except (ValueError, OSError):
            pass
    try:
        return shown("~/" + str(path.relative_to(Path.home())), 4096)
    except (ValueError, RuntimeError):
        return shown(str(path), 4096)


def _short(found: Problem) -> str:
    """A problem without its file name, for a row that already shows the file."""
    where = f"line {found.line}, column {found.column}: " if found.line else ""
    return where + found.message


def summary(entry: PackFile) -> dict[str, Any]:
    """The JSON shape of one pack file in `packs list` (`shown` is for the table only)."""
    pack = entry.pack
    return {
        "shown": display_path(entry),
        "shown_problem": _short(entry.problems[0]) if entry.problems else "",
        "id": pack.id if pack else None,
        "title": pack.title if pack else None,
        "language": pack.language if pack else None,
        "source": entry.source,
        "path": shown(str(entry.path), 4096),
        "loaded": pack is not None and not entry.problems,
        "questions": len(pack.questions) if pack else 0,
        "tips": len(pack.tips) if pack else 0,
        "asks": len(pack.asks) if pack else 0,
        "objections": len(pack.objections) if pack else 0,
        "problems": [p.text for p in entry.problems],
    }


def summaries(load: BankLoad) -> list[dict[str, Any]]:
    return [summary(f) for f in load.files]


def without_display(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if not k.startswith("shown")} for row in rows]


def pack_id_for(name: str) -> str | None:
    """A pack id from what a candidate typed: 'Société Générale' becomes 'societe-generale';
    None when nothing of the name is Latin letters or digits ('楽天')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:64].rstrip("-")
    return slug if ID_RE.match(slug) else None


# The id a name without Latin letters gets ("my-pack", then "my-pack-2", ...).
FALLBACK_ID = "my-pack"


def _free_id(folder: Path) -> str:
    for number in range(1, 1000):
        candidate = FALLBACK_ID if number == 1 else f"{FALLBACK_ID}-{number}"
        path = folder / f"{candidate}.yaml"
        if not (path.exists() or path.is_symlink()) and _taken(folder, candidate) is None:
            return candidate
    return FALLBACK_ID


def _title_for(name: str, pack_id: str) -> str:
    if name == pack_id:
        return pack_id.replace("-", " ").title()
    return shown(name.strip(), 80)


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar; `shown` has already made
    # every control character and line break visible, so no odd escapes remain.
    return json.dumps(text, ensure_ascii=False)


def _inside(text: str) -> str:
    return _quoted(text)[1:-1]


def starter(name: str, pack_id: str) -> str:
    """A commented pack that validates as written and is worth keeping once edited."""
    title = _title_for(name, pack_id)
    t = _inside(title)
    comment_title = title.replace("\n", " ")
    return f"""\
# Your own aecoach pack: {comment_title}
#
# Edit it, then check it with `aecoach packs validate` (it lists every problem
# with its line and column). Its items show up in `aecoach tips`,
# `aecoach questions` and practice, under full ids such as {pack_id}/why-us.
# The whole format is described in docs/packs.md.
#
# While editing:
#   - indent with spaces, never tabs;
#   - put text in "double quotes" (write \\" for a quote inside them);
#   - ids are lower-case letters, digits and hyphens, unique in this file;
#     once you have practised an item, keep its id: your history uses it.
# Delete the examples you do not want; a pack needs at least one item.

pack:
  id: {pack_id}{" " * max(1, 24 - len(pack_id))}# the first half of every full id
  title: "{t}"
  language: en                # en, es, id, ja or th
  roles: [ae, sdr, am]        # who it is for: ae, sdr and/or am
  description: "Questions and notes for my interviews at {t}."

questions:                    # interview questions to practise answering
  - id: why-us
    text: "Why do you want to work at {t}?"
    kind: motivation          # opening | motivation | experience | behavioural |
                              # role-knowledge | objection-roleplay | closing |
                              # cold-call | roleplay | plan | pitch | written |
                              # pipeline-maths (that one needs `answer: 1800000`)
    roles: [ae, sdr, am]
    skills: [communication, curiosity]  # at least one; the list is in docs/packs.md
    time_limit: 90            # seconds to answer, 10 to 1800
    hints:                    # what a strong answer covers; at least two
      - "Something specific about {t}: a product, a customer, a recent result."
      - "How your experience fits what they sell, and to whom."
    # Optional: a strong example, shown on request after you have answered.
    model_answer: "I have sold [product] to [buyer] for [years] years; {t} sells to them too."

tips:                         # shown by `aecoach tips`
  - id: know-their-customers
    kind: do                  # do | dont | advice | role
    title: "Know {t}'s customers"
    body: "Read two of their case studies and be ready to talk about one of them."
    roles: [ae, sdr, am]

asks:                         # questions to ask the interviewer
  - id: first-90-days
    text: "What does success look like in the first 90 days?"
    why: "Shows you plan to deliver, and tells you what they expect."
    roles: [ae, sdr, am]

objections:                   # prospect objections for role-play drills
  - id: happy-with-current
    line: "We're happy with our current supplier."
    theme: status-quo         # price | timing | competitor | authority |
                              # status-quo | brush-off | need | trust
    roles: [ae, sdr]
    points:                   # coaching points for a strong reply; at least two
      - "Acknowledge it, then ask what they would change if they could."
      - "Share one result a similar customer got after switching."
    time_limit: 45            # optional, seconds
    turns:                    # optional: what they say next, after your reply
      - line: "I hear you, but switching is a lot of work."
        points:
          - "Agree it is work; ask when their contract is up."
          - "Offer something small: a comparison before their renewal."
"""


def _taken(folder: Path, pack_id: str) -> Path | None:
    found, _ = list_folder(folder)
    for path in found:
        pack, _problems = load_pack(path)
        if pack is not None and pack.id == pack_id:
            return path
    return None


def create(
    home: Path,
    folder: Path,
    name: str,
    *,
    pack_id: str | None = None,
    builtin: Path | None = None,
) -> tuple[Path, str]:
    """Write a starter pack for NAME into the packs folder; never overwrite anything.

    The pack's id is `pack_id`, else made from the name, else the first free
    'my-pack'; returned with the path, so the candidate is told which.
    """
    if pack_id is not None:
        if not ID_RE.match(pack_id):
            raise AecoachError(Msg.PACK_ID_BAD, value=shown(pack_id))
    else:
        pack_id = pack_id_for(name)
        if pack_id is None:
            try:
                pack_id = _free_id(folder)
            except OSError as exc:
                reason = (exc.strerror or type(exc).__name__).lower()
                raise AecoachError(
                    Msg.PACKS_DIR_UNUSABLE, path=str(folder), reason=reason
                ) from None
    builtin_ids = {f.pack.id for f in builtin_packs(builtin) if f.pack and f.source == BUILTIN}
    if pack_id in builtin_ids:
        raise AecoachError(Msg.PACK_NAME_BUILTIN, name=pack_id, example=f"my-{pack_id}"[:64])
    path = folder / f"{pack_id}.yaml"
    try:
        # Path.exists() raises, rather than answers, in a folder that cannot be searched.
        exists = path.exists() or path.is_symlink()
        other = None if exists else _taken(folder, pack_id)
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise AecoachError(Msg.PACKS_DIR_UNUSABLE, path=str(folder), reason=reason) from None
    if exists:
        raise AecoachError(Msg.PACK_EXISTS, path=str(path))
    if other is not None:
        raise AecoachError(Msg.PACK_NAME_TAKEN, path=str(other), name=pack_id)
    try:
        home.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise AecoachError(Msg.PACKS_DIR_UNUSABLE, path=str(folder), reason=reason) from None
    from aecoach.safefile import write_private

    try:
        # Whole or not at all (a full disk must not leave an empty pack that every later
        # command warns about), and never over a file that appeared since the check above.
        write_private(path, lambda handle: handle.write(starter(name, pack_id)), newline="\n")
    except AecoachError as exc:
        if exc.msg is Msg.OUTPUT_EXISTS:
            raise AecoachError(Msg.PACK_EXISTS, path=str(path)) from None
        raise
    return path, pack_id
