"""`aecoach stories` on screen: the editor, the list, one story, and the lines stats adds."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aecoach.errors import AecoachError, Msg
from aecoach.history.records import iso_utc
from aecoach.history.stories import PARTS, Story
from aecoach.i18n import N_, _, ngettext
from aecoach.textsafe import inert
from aecoach.ui.plan import skill_name

if TYPE_CHECKING:
    from aecoach.coaching.stories import BankReport, Draft
    from aecoach.context import Context

LABELS = {
    "situation": N_("Situation"),
    "task": N_("Task"),
    "action": N_("Action"),
    "result": N_("Result"),
}


# --- The editor -------------------------------------------------------------------------------


def editor_command() -> list[str]:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(editor)


DRAFT_LIMIT = 1 << 20  # a kept story far larger than anyone writes is not reopened


def draft_path(context: Context, number: int | None) -> Path:
    """Where a story the editor wrote but that was refused waits, per command."""
    return context.home / ("story-draft.txt" if number is None else f"story-{number}-draft.txt")


def edit_in_editor(draft: Draft | None, *, keep: Path, command: str) -> Draft:
    """Open the editor on the text refused last time, if kept, else the template (filled
    from `draft`); the story as saved there. Text refused now (no title, an unknown skill)
    is kept at `keep` for `command` to reopen: a typo never loses the candidate's writing."""
    from aecoach.coaching.stories import parse, template

    editor = editor_command()
    shown = inert(" ".join(editor))
    start = _started(keep)
    fd, name = tempfile.mkstemp(prefix="aecoach-story-", suffix=".txt")  # private: 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(template(draft) if start is None else start)
        try:
            status = subprocess.run([*editor, name], check=False).returncode
        except OSError as exc:
            problem = _("could not be started ({reason})").format(reason=exc.strerror)
            raise AecoachError(Msg.EDITOR_FAILED, editor=shown, problem=problem) from None
        if status != 0:
            problem = _("exited with status {status}").format(status=status)
            raise AecoachError(Msg.EDITOR_FAILED, editor=shown, problem=problem)
        with open(name, encoding="utf-8", errors="replace") as handle:
            written = handle.read()
        try:
            return parse(written)
        except AecoachError as refused:
            # Nothing written (or all of it deleted, to give up on a kept try): nothing kept.
            if written.strip() in ("", template(draft).strip(), template(None).strip()):
                _forget(keep)
                raise
            if not _keep(keep, written):
                raise
            raise AecoachError(
                Msg.STORY_DRAFT_KEPT, problem=refused.text, path=str(keep), command=command
            ) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _keep(path: Path, text: str) -> bool:
    from aecoach.safefile import replace_private

    try:
        replace_private(path, text, sync=False)
    except OSError:
        return False
    return True


def _started(path: Path) -> str | None:
    """The text of a story refused last time, to go on from; None when there is none."""
    from aecoach.safefile import read_capped

    try:
        return read_capped(path, DRAFT_LIMIT).decode("utf-8", errors="replace")
    except OSError:
        return None


def _forget(path: Path) -> None:
    """The story is saved: the text kept from a refused try has served."""
    with contextlib.suppress(OSError):
        path.unlink()


def _draft(story: Story) -> Draft:
    from aecoach.coaching.stories import Draft

    return Draft(story.title, story.skills, **{p: getattr(story, p) for p in PARTS})


def _from_fields(fields: Mapping[str, Any]) -> Draft:
    from aecoach.coaching.stories import Draft, check_skills

    title = str(fields.get("title", "")).strip()
    if not title:
        raise AecoachError(Msg.STORY_NO_TITLE)
    return Draft(
        title=inert(title),
        skills=check_skills(fields.get("skills", ())),
        **{p: inert(str(fields.get(p, "")).strip()) for p in PARTS},
    )


# --- Commands ---------------------------------------------------------------------------------


def add(context: Context, fields: Mapping[str, Any]) -> None:
    from aecoach.history.store import HistoryStore
    from aecoach.history.stories import insert, new_story
    from aecoach.ui.console import make_console

    # Checked, and the editor closed, before the history is opened: nothing half-saved.
    if fields:
        draft = _from_fields(fields)
    else:
        draft = edit_in_editor(None, keep=draft_path(context, None), command="aecoach stories add")
    story = new_story(
        draft.title,
        draft.skills,
        now=iso_utc(context.clock()),
        **{p: getattr(draft, p) for p in PARTS},
    )
    with HistoryStore.open(context.history_path) as store:
        saved = store.write(lambda db: insert(db, story))
    if not fields:
        _forget(draft_path(context, None))
    console = make_console()
    console.print(
        Text(_("Saved story {n}: {title}").format(n=saved.id, title=saved.title), style="bold")
    )
    if not saved.skills:
        console.print(
            Text(_("Tip: give it skills (--skill), so practice can suggest it."), style="dim")
        )


def _find(context: Context, number: int) -> Story:
    from aecoach.history.stories import read_all

    story = next((s for s in read_all(context.history_path) if s.id == number), None)
    if story is None:
        raise AecoachError(Msg.STORY_UNKNOWN, value=number)
    return story


def edit(context: Context, number: int, fields: Mapping[str, Any]) -> None:
    from aecoach.history.store import HistoryStore
    from aecoach.history.stories import update
    from aecoach.ui.console import make_console

    story = _find(context, number)
    if fields:
        draft = _from_fields({**_draft(story).__dict__, **fields})
    else:
        draft = edit_in_editor(
            _draft(story),
            keep=draft_path(context, number),
            command=f"aecoach stories edit {number}",
        )
    changed = replace(
        story,
        title=draft.title,
        skills=draft.skills,
        updated_at=iso_utc(context.clock()),
        **{p: getattr(draft, p) for p in PARTS},
    )
    with HistoryStore.open(context.history_path) as store:
        store.write(lambda db: update(db, changed))
    if not fields:
        _forget(draft_path(context, number))
    make_console().print(
        Text(_("Saved story {n}: {title}").format(n=changed.id, title=changed.title), style="bold")
    )


def remove(context: Context, number: int, *, yes: bool) -> None:
    from aecoach.history.store import HistoryStore
    from aecoach.history.stories import delete
    from aecoach.ui.console import make_console
    from aecoach.ui.removal import confirm

    story = _find(context, number)
    console = make_console()
    question = _("Delete story {n}, \u201c{title}\u201d?").format(n=story.id, title=story.title)
    if not yes and not confirm(question, "`aecoach stories remove`"):
        console.print(Text(_("Nothing was removed.")))
        raise SystemExit(1)
    with HistoryStore.open(context.history_path) as store:
        store.write(lambda db: delete(db, story))
    console.print(Text(_("Deleted story {n}.").format(n=story.id)))


def _read(context: Context) -> tuple[list[Story], dict[str, int]]:
    from aecoach.history.store import HistoryStore
    from aecoach.history.stories import all_stories, story_uses

    store = HistoryStore.open_existing(context.history_path, check=False)
    if store is None:
        return [], {}
    with store:
        return store.read(lambda db: (all_stories(db), story_uses(db)))


def list_stories(context: Context, *, as_json: bool) -> None:
    from aecoach.ui.console import make_console, print_json

    stories, uses = _read(context)
    if as_json:
        print_json([{**s.as_dict(), "told": uses.get(s.uid, 0)} for s in stories])
        return
    console = make_console()
    if not stories:
        console.print(
            Text(_("No stories yet. Add one with: aecoach stories add (opens your editor)"))
        )
        return
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Story"), ratio=1, overflow="fold")
    table.add_column(_("Skills"), ratio=1, overflow="fold")
    table.add_column(_("Told"), justify="right", no_wrap=True)
    for s in stories:
        skills = _(", ").join(skill_name(k) for k in s.skills) or "-"
        table.add_row(str(s.id), Text(inert(s.title)), skills, str(uses.get(s.uid, 0)))
    console.print(table)


def show(context: Context, number: int, *, as_json: bool) -> None:
    from aecoach.ui.console import make_console, print_json

    story = _find(context, number)
    if as_json:
        print_json(story.as_dict())
        return
    console = make_console()
    console.print(Text(f"{story.id}. {inert(story.title)}", style="bold"))
    if story.skills:
        console.print(Text(_(", ").join(skill_name(k) for k in story.skills), style="dim"))
    for part in PARTS:
        text = getattr(story, part)
        if text:
            console.print()
            console.print(Text(_(LABELS[part]), style="bold"))
            console.print(Text(inert(text)))


# --- For `aecoach stats` ----------------------------------------------------------------------


def bank_report(context: Context) -> BankReport | None:
    """What stats says about the story bank; None before there is a history."""
    from aecoach.coaching.stories import report

    if not context.history_path.exists():
        return None
    stories, uses = _read(context)
    return report([(s.uid, s.title, s.skills) for s in stories], uses)


def render_bank_report(console: Console, found: BankReport) -> None:
    console.print()
    line = ngettext("Stories: {n} in your bank.", "Stories: {n} in your bank.", found.stories)
    console.print(Text(line.format(n=found.stories)))
    if found.missing_skills:
        skills = _(", ").join(skill_name(s) for s in found.missing_skills)
        console.print(Text(_("Skills with no story yet: {skills}").format(skills=skills)))
    for title, told, of in found.overused:
        console.print(
            Text(
                _(
                    "Told most often: \u201c{title}\u201d, in {told} of {of} answers; vary it."
                ).format(title=inert(title), told=told, of=of)
            )
        )
