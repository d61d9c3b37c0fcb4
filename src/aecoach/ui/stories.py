"""`aecoach stories` on screen: the editor, the list, one story, and the lines stats adds."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import replace
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


def edit_in_editor(draft: Draft | None) -> Draft:
    """Open the editor on the template (filled from `draft`); the story as saved there."""
    from aecoach.coaching.stories import parse, template

    command = editor_command()
    shown = inert(" ".join(command))
    fd, name = tempfile.mkstemp(prefix="aecoach-story-", suffix=".txt")  # private: 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(template(draft))
        try:
            status = subprocess.run([*command, name], check=False).returncode
        except OSError as exc:
            problem = _("could not be started ({reason})").format(reason=exc.strerror)
            raise AecoachError(Msg.EDITOR_FAILED, editor=shown, problem=problem) from None
        if status != 0:
            problem = _("exited with status {status}").format(status=status)
            raise AecoachError(Msg.EDITOR_FAILED, editor=shown, problem=problem)
        with open(name, encoding="utf-8", errors="replace") as handle:
            return parse(handle.read())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


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
    draft = _from_fields(fields) if fields else edit_in_editor(None)
    story = new_story(
        draft.title,
        draft.skills,
        now=iso_utc(context.clock()),
        **{p: getattr(draft, p) for p in PARTS},
    )
    with HistoryStore.open(context.history_path) as store:
        saved = store.write(lambda db: insert(db, story))
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
        draft = edit_in_editor(_draft(story))
    changed = replace(
        story,
        title=draft.title,
        skills=draft.skills,
        updated_at=iso_utc(context.clock()),
        **{p: getattr(draft, p) for p in PARTS},
    )
    with HistoryStore.open(context.history_path) as store:
        store.write(lambda db: update(db, changed))
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
