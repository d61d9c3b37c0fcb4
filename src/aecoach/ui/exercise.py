"""The screens of issue 16's exercises: briefs, follow-up turns, typed numbers, model answers.

ui/practice.run_plan calls these for any item that has them, so practice,
review, mock interviews and drills all play turns, check numbers and offer a
model answer the same way. The logic is in coaching/exercise.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from aecoach.bank import taxonomy
from aecoach.coaching.exercise import (
    TurnAnswer,
    is_correct,
    parse_number,
    shown_number,
    turn_limit,
)
from aecoach.coaching.session import PlanItem, clock
from aecoach.i18n import _
from aecoach.ui.prompter import Prompter


def is_number_item(item: PlanItem) -> bool:
    return item.item_type == "question" and item.kind in taxonomy.NUMBER_KINDS


def show_brief(console: Console, item: PlanItem) -> None:
    """The product card, account data or call sheet, above the question."""
    if item.brief:
        console.print(Panel(Text(item.brief.rstrip()), title=_("Brief"), title_align="left"))


def answer_hint(item: PlanItem) -> str | None:
    """What to do, for the kinds whose answer is not spoken."""
    if is_number_item(item):
        return _("Work it out, then type the number and press Enter.")
    if item.kind == "written" and item.item_type == "question":
        return _("Type it as you would send it or say it, then press Enter.")
    return None


def answer_prompt(item: PlanItem) -> str:
    return _("Your number › ") if is_number_item(item) else _("Notes › ")


def _speaker(item: PlanItem) -> str:
    pushback = item.item_type == "objection" or item.kind == "objection-roleplay"
    return _("They push back: ") if pushback else _("They reply: ")


def play_turns(
    item: PlanItem, *, prompter: Prompter, console: Console, monotonic: Callable[[], float]
) -> list[TurnAnswer]:
    """Each follow-up line, in order, and the candidate's timed reply to it.

    KeyboardInterrupt and EOFError pass through, as everywhere in the runner.
    """
    replies: list[TurnAnswer] = []
    total = len(item.turns)
    for number, turn in enumerate(item.turns, 1):
        limit = turn_limit(turn, item)
        console.print()
        heading = _("Follow-up {number} of {total}").format(number=number, total=total)
        console.print(Text(heading, style="dim"))
        line = Text(_speaker(item), style="bold")
        line.append(f"\u201c{turn.line}\u201d", style="bold")
        console.print(line)
        console.print(Text(_("{time} to answer").format(time=clock(limit)), style="dim"))
        start = monotonic()
        notes = prompter.timed_answer(
            _("Notes › "), time_limit=limit, elapsed=lambda start=start: monotonic() - start
        )
        replies.append(TurnAnswer(turn.line, monotonic() - start, limit, notes))
    return replies


def show_turns_review(console: Console, item: PlanItem, replies: Sequence[TurnAnswer]) -> None:
    """After the hints for the first answer: each follow-up's time and coaching points."""
    from aecoach.ui.practice import bullets, time_line

    for number, (turn, reply) in enumerate(zip(item.turns, replies[1:], strict=False), 1):
        console.print()
        heading = Text(
            _("Follow-up {number}: ").format(number=number) + f"\u201c{turn.line}\u201d",
            style="bold",
        )
        console.print(heading)
        console.print(time_line(reply.seconds, reply.time_limit))
        console.print(bullets(turn.points))


def check_number(console: Console, item: PlanItem, typed: str, language: str) -> bool:
    """Whether the typed number is the answer, said on screen with the right one."""
    answer = item.item.answer  # type: ignore[union-attr]
    tolerance = item.item.tolerance  # type: ignore[union-attr]
    value = parse_number(typed, language)
    right = shown_number(answer, language)
    console.print()
    if is_correct(value, answer, tolerance):
        console.print(Text(_("Correct: {answer}.").format(answer=right), style="bold green"))
        return True
    if value is None:
        line = _("No number to check in what you typed. The answer is {answer}.")
        console.print(Text(line.format(answer=right), style="bold"))
    else:
        line = _("Not quite: you typed {typed}; the answer is {answer}.")
        console.print(
            Text(line.format(typed=shown_number(value, language), answer=right), style="bold")
        )
    return False


def model_answer_key(item: PlanItem) -> dict[str, str]:
    """The extra key the rating prompt offers when the item has a model answer."""
    return {"m": _("show a model answer")} if item.model_answer else {}


def offer_model_answer(console: Console, item: PlanItem) -> None:
    """Said once, before the rating prompt: the model answer is there on request."""
    if item.model_answer:
        hint = (
            _("Press m to see the working and a model answer.")
            if is_number_item(item)
            else _("Press m to see a model answer: an example, with your own figures to fill in.")
        )
        console.print(Text(hint, style="dim"))


def show_model_answer(console: Console, item: PlanItem) -> None:
    """Only ever after an attempt: the runner calls it from the rating prompt."""
    title = _("Working and model answer") if is_number_item(item) else _("A model answer")
    console.print(Panel(Text(item.model_answer.rstrip()), title=title, title_align="left"))
