"""The story bank in the history file: the candidate's STAR stories, and which answers told them.

Stories sit beside the answers (migration 4) so that one file, one export
and one import carry the whole preparation. A story's number (`id`) is what
the candidate types; its `uid` is what export, import and the links from
answers use, so they survive a move to another computer.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aecoach.history.records import loads_json

PARTS = ("situation", "task", "action", "result")
_COLUMNS = "id, uid, title, skills, situation, task, action, result, created_at, updated_at"


@dataclass(frozen=True)
class Story:
    id: int  # 0 until saved
    uid: str
    title: str
    skills: tuple[str, ...] = ()
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    created_at: str = ""
    updated_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "title": self.title,
            "skills": list(self.skills),
            **{part: getattr(self, part) for part in PARTS},
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def new_story(title: str, skills: Sequence[str] = (), *, now: str, **parts: str) -> Story:
    return Story(
        id=0,
        uid=str(uuid.uuid4()),
        title=title,
        skills=tuple(dict.fromkeys(skills)),
        created_at=now,
        updated_at=now,
        **{p: parts.get(p, "") for p in PARTS},
    )


def has_stories(db: sqlite3.Connection) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stories'"
    return db.execute(query).fetchone() is not None


def _story(row: Sequence[Any]) -> Story:
    id_, uid, title, skills, situation, task, action, result, created, updated = row
    return Story(
        id=int(id_),
        uid=uid,
        title=title,
        skills=tuple(str(s) for s in loads_json(skills, [])),
        situation=situation,
        task=task,
        action=action,
        result=result,
        created_at=created,
        updated_at=updated,
    )


def all_stories(db: sqlite3.Connection) -> list[Story]:
    if not has_stories(db):
        return []
    return [_story(r) for r in db.execute(f"SELECT {_COLUMNS} FROM stories ORDER BY id")]


def story_uses(db: sqlite3.Connection) -> dict[str, int]:
    """How many answers (still in the record) told each story, by story uid."""
    if not has_stories(db):
        return {}
    rows = db.execute(
        "SELECT l.story_uid, count(*) FROM answer_stories l"
        " JOIN answers a ON a.uid = l.answer_uid GROUP BY l.story_uid"
    )
    return {uid: int(n) for uid, n in rows}


def links(db: sqlite3.Connection) -> dict[str, str]:
    """answer uid -> story uid, for export."""
    if not has_stories(db):
        return {}
    return dict(db.execute("SELECT answer_uid, story_uid FROM answer_stories"))


def insert(db: sqlite3.Connection, story: Story) -> Story:
    cursor = db.execute(
        "INSERT INTO stories (uid, title, skills, situation, task, action, result,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _values(story),
    )
    return replace(story, id=int(cursor.lastrowid or 0))


def update(db: sqlite3.Connection, story: Story) -> None:
    db.execute(
        "UPDATE stories SET title = ?, skills = ?, situation = ?, task = ?, action = ?,"
        " result = ?, updated_at = ? WHERE id = ?",
        (*_values(story)[1:7], story.updated_at, story.id),
    )


def delete(db: sqlite3.Connection, story: Story) -> None:
    # The answers keep what was said; only the link to a story that is gone goes.
    db.execute("DELETE FROM answer_stories WHERE story_uid = ?", (story.uid,))
    db.execute("DELETE FROM stories WHERE id = ?", (story.id,))


def link(db: sqlite3.Connection, answer_uid: str, story_uid: str) -> None:
    db.execute(
        "INSERT INTO answer_stories (answer_uid, story_uid) VALUES (?, ?)"
        " ON CONFLICT (answer_uid) DO UPDATE SET story_uid = excluded.story_uid",
        (answer_uid, story_uid),
    )


def import_stories(
    db: sqlite3.Connection, stories: Iterable[Story], story_links: Iterable[tuple[str, str]]
) -> int:
    """Add the stories not already held (by uid) and the links; how many stories were added."""
    added = 0
    for story in stories:
        exists = db.execute("SELECT 1 FROM stories WHERE uid = ?", (story.uid,)).fetchone()
        if exists is None:
            insert(db, story)
            added += 1
    for answer_uid, story_uid in story_links:
        db.execute(
            "INSERT INTO answer_stories (answer_uid, story_uid) VALUES (?, ?)"
            " ON CONFLICT (answer_uid) DO NOTHING",
            (answer_uid, story_uid),
        )
    return added


def _values(story: Story) -> tuple[Any, ...]:
    return (
        story.uid,
        story.title,
        json.dumps(list(story.skills), ensure_ascii=False),
        story.situation,
        story.task,
        story.action,
        story.result,
        story.created_at,
        story.updated_at,
    )


def read_all(history_path: Path) -> list[Story]:
    """Every story, read without creating anything."""
    from aecoach.history.store import HistoryStore

    store = HistoryStore.open_existing(history_path, check=False)
    if store is None:
        return []
    with store:
        return store.read(all_stories)


# --- Export and import ------------------------------------------------------------------------


def export_extra(db: sqlite3.Connection) -> dict[str, Any]:
    """The story bank's keys in a JSON export: none when there are no stories or links."""
    stories = all_stories(db)
    story_links = links(db)
    if not stories and not story_links:
        return {}
    return {
        "stories": [{k: v for k, v in s.as_dict().items() if k != "id"} for s in stories],
        "story_links": [{"answer_uid": a, "story_uid": s} for a, s in sorted(story_links.items())],
    }


def read_export_stories(path: Path) -> tuple[list[Story], list[tuple[str, str]]]:
    """The stories and links in an export (checked; AecoachError naming the place if wrong)."""
    from aecoach.errors import AecoachError, Msg
    from aecoach.textsafe import inert

    raw = path.read_bytes()
    if b'"stories"' not in raw and b'"story_links"' not in raw:
        return [], []  # an export from before the story bank, or without stories
    data = json.loads(raw.decode("utf-8-sig"))  # read_export has vouched for the JSON

    def bad(place: str, problem: str) -> AecoachError:
        return AecoachError(Msg.IMPORT_BAD_VALUE, place=place, problem=problem, location=str(path))

    def text(obj: dict[str, Any], key: str, place: str, *, empty: bool = True) -> str:
        value = obj.get(key, "")
        if not isinstance(value, str) or (not empty and not value):
            raise bad(f"{place}.{key}", "expected text")
        return inert(value)

    stories = []
    listed = data.get("stories", [])
    if not isinstance(listed, list):
        raise bad("stories", "expected a list of stories")
    for i, obj in enumerate(listed):
        place = f"stories[{i}]"
        if not isinstance(obj, dict):
            raise bad(place, "expected an object")
        skills = obj.get("skills", [])
        if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
            raise bad(f"{place}.skills", "expected a list of skill names")
        stories.append(
            Story(
                id=0,
                uid=text(obj, "uid", place, empty=False),
                title=text(obj, "title", place, empty=False),
                skills=tuple(inert(s) for s in skills),
                created_at=text(obj, "created_at", place),
                updated_at=text(obj, "updated_at", place),
                **{p: text(obj, p, place) for p in PARTS},
            )
        )
    pairs = []
    linked = data.get("story_links", [])
    if not isinstance(linked, list):
        raise bad("story_links", "expected a list of links")
    for i, obj in enumerate(linked):
        place = f"story_links[{i}]"
        if not isinstance(obj, dict):
            raise bad(place, "expected an object")
        pairs.append(
            (
                text(obj, "answer_uid", place, empty=False),
                text(obj, "story_uid", place, empty=False),
            )
        )
    return stories, pairs
