"""What the session screens add from the candidate's own record (issue 15).

The practice runner (ui/practice.run_plan) calls three hooks: with the
question ("stories that fit"), after the answer ("last time: 2 Weak,
'rambled about the team'"), and after the rating ("which story did you
use?", one key). They read what they need once, when the session opens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from aecoach.i18n import _
from aecoach.textsafe import inert

if TYPE_CHECKING:
    from aecoach.coaching.session import Plan, PlanItem
    from aecoach.context import Context
    from aecoach.history.recall import LastTime
    from aecoach.history.records import AnswerRecord
    from aecoach.history.store import HistoryStore
    from aecoach.history.stories import Story
    from aecoach.ui.prompter import Prompter

STORIES_SHOWN = 3  # with the question: enough to choose from, few enough to read at a glance
STORY_KEYS = 9  # one key each: 1 to 9


def fitting(stories: Sequence[Story], skills: Sequence[str]) -> list[Story]:
    """Stories that share a skill with the question, those sharing most first."""
    scored = [(len(set(s.skills) & set(skills)), s) for s in stories]
    return [s for n, s in sorted(scored, key=lambda p: (-p[0], p[1].id)) if n]


def _tells_story(item: PlanItem) -> bool:
    """An interview question, not a prospect's objection (a drill) nor the candidate's own
    questions for them: where a STAR story is told, so suggested and asked for."""
    return item.item_type == "question" and not item.asks_back


@dataclass
class Extras:
    previous: Mapping[str, LastTime] = field(default_factory=dict)
    stories: Sequence[Story] = ()
    store: HistoryStore | None = None

    @classmethod
    def read(cls, store: HistoryStore, plan: Plan) -> Extras:
        from aecoach.history.recall import last_answers
        from aecoach.history.stories import all_stories

        keys = [i.key for i in plan.items]
        previous, stories = store.read(lambda db: (last_answers(db, keys), all_stories(db)))
        return cls(previous, stories, store)

    def on_item(self, console: Console, item: PlanItem) -> None:
        if not _tells_story(item):
            return
        fit = fitting(self.stories, item.skills)[:STORIES_SHOWN]
        if fit:
            # Numbered as the keys after the rating pick them (the same order), not by the
            # story's number in `stories list`: one number per story on the screen.
            titles = _(", ").join(f"{n} {inert(s.title)}" for n, s in enumerate(fit, 1))
            console.print(Text(_("Stories that fit: {titles}").format(titles=titles), style="dim"))

    def after_review(self, console: Console, item: PlanItem) -> None:
        last = self.previous.get(item.key)
        if last is None:
            return
        from aecoach.coaching.session import rating_label
        from aecoach.ui.history import local_time

        said = (
            rating_label(None)
            if last.rating is None
            else f"{last.rating} {rating_label(last.rating)}"
        )
        line = Text(
            _("Last time ({when}): ").format(when=local_time(last.started_at)), style="bold"
        )
        line.append(said)
        if last.notes:
            line.append(_(", \u201c{notes}\u201d").format(notes=inert(last.notes)), style="italic")
        console.print()
        console.print(line)

    def after_rating(
        self, console: Console, prompter: Prompter, item: PlanItem, answer: AnswerRecord
    ) -> None:
        """Which story the answer told, one key; linked at once, as the answer was saved."""
        if not self.stories or self.store is None or not _tells_story(item):
            return
        offered = (fitting(self.stories, item.skills) or list(self.stories))[:STORY_KEYS]
        keys = {str(n): inert(s.title) for n, s in enumerate(offered, 1)}
        keys["enter"] = _("none")
        listed = "   ".join(f"{n} {title}" for n, title in keys.items() if n != "enter")
        console.print(Text("  " + listed, style="dim"))
        choice = prompter.keypress(_("Which story did you tell? (a number, Enter for none) "), keys)
        if choice == "enter":
            return
        from aecoach.history.stories import link

        story = offered[int(choice) - 1]
        self.store.write(lambda db: link(db, answer.uid, story.uid))


QUIT = "quit"  # what choose_role returns when the candidate presses q


def choose_role(
    context: Context, prompter: Prompter, given: str | None, *, allow_any: bool
) -> str | None:
    """--role, else the interview plan's, else asked (Ctrl-C passes through; q is QUIT).

    "Any role" (None) is offered where a mix makes sense (practice, review, drill), not
    for a mock interview, which is for one role."""
    from aecoach.history.plans import planned_role
    from aecoach.ui.practice import ROLE_CHOICES

    role = given or planned_role(context.history_path)
    if role is not None:
        return role
    choices = [(v, _(label)) for v, label in ROLE_CHOICES if allow_any or v != "any"]
    picked = prompter.choose(_("Which role are you interviewing for?"), choices, quit_value=QUIT)
    return None if picked == "any" else picked
