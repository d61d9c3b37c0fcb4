"""The practice session on screen: the runner that plays a plan, and its screens.

`run_plan` is the loop every timed mode shares (practice now; review, mock
interviews and objection drills later, each with its own Plan). It asks only
through a Prompter and saves through a Recorder, so tests drive it with a
script and a fake clock. `practise` wraps it for `aecoach practice`: the
setup questions, the history, Ctrl-C, and the summary.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rich import box
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from aecoach import __version__
from aecoach.bank import taxonomy
from aecoach.bank.model import Ask
from aecoach.bank.query import select_questions
from aecoach.coaching.session import (
    DEFAULT_COUNT,
    MAX_COUNT,
    ChecklistItem,
    Plan,
    PlanItem,
    Summary,
    clock,
    overran,
    practice_plan,
    rating_label,
    recorded_seconds,
    summarise,
    time_text,
    too_short,
)
from aecoach.context import Context
from aecoach.errors import Msg, render
from aecoach.history.records import AnswerRecord, SessionRecord, iso_utc
from aecoach.i18n import N_, _, ngettext
from aecoach.ui.exercise import answer_hint, show_brief
from aecoach.ui.prompter import Prompter
from aecoach.ui.reference import english_mark
from aecoach.ui.steer import Extras

if TYPE_CHECKING:
    from aecoach.analysis.content import Feedback
    from aecoach.coaching.exercise import TurnAnswer
    from aecoach.ui.spoken import SpokenAnswers

INTERRUPTED_EXIT = 130
ASKS_SHOWN = 5  # strong questions shown after the mock's "any questions for us?"


class Recorder(Protocol):
    def record_answer(self, session: SessionRecord, answer: AnswerRecord) -> None: ...


@dataclass(frozen=True)
class Clocks:
    now: Callable[[], datetime]  # wall time, for the record
    monotonic: Callable[[], float] = time.monotonic  # for durations: immune to clock changes


@dataclass
class RunResult:
    answers: list[AnswerRecord]
    end_reason: str  # "finished" or "quit"; an interruption raises instead


# --- Screens ----------------------------------------------------------------------------------


def show_intro(console: Console, plan: Plan, *, requested: int, role: str | None) -> None:
    total = sum(i.exchange_time for i in plan.items)
    who = _(taxonomy.ROLES[role]) if role in taxonomy.ROLES else _("any role")
    count = len(plan.items)
    console.print()
    heading = ngettext(
        "Practice: {count} question for {who}, about {minutes} min of answering.",
        "Practice: {count} questions for {who}, about {minutes} min of answering.",
        count,
    )
    console.print(
        Text(heading.format(count=count, who=who, minutes=max(1, round(total / 60))), style="bold")
    )
    if count < requested:
        only = _("Only {matched} questions match those filters, so there are {count}.")
        console.print(Text(only.format(matched=plan.matched, count=count)))
    console.print(
        Text(
            _(
                "Answer each one out loud, as in the interview, or type notes; press Enter when"
                " done. Then read the hints, rate yourself and tick a short checklist. Each answer"
                " is saved as soon as it is rated; Ctrl-C stops at any time."
            ),
            style="dim",
        )
    )


def show_item(console: Console, item: PlanItem, number: int, total: int) -> None:
    objection = item.item_type == "objection"
    heading = (
        _("Objection {number} of {total}") if objection else _("Question {number} of {total}")
    ).format(number=number, total=total)
    # Its own screen: the question at the top, the clock at the bottom. Rich
    # leaves dumb terminals and pipes alone.
    console.clear()
    console.print(Rule(Text(heading), characters="─"))
    if objection:
        # As the call would put it: the prospect's own words, then your reply.
        line = Text(_("Prospect: "), style="bold")
        line.append(f"\u201c{item.prompt_text}\u201d", style="bold")
    else:
        line = Text(item.prompt_text, style="bold")
    line.append(english_mark(item.item), style="dim italic")
    show_brief(console, item)
    console.print(line)
    facts = [item.kind_label]
    if item.skill_labels:
        facts.append(_(", ").join(item.skill_labels))
    facts.append(_("{time} to answer").format(time=clock(item.time_limit)))
    console.print(Text(" · ".join(facts), style="dim"))
    if item.asks_back:
        hint = _(
            "Type each question you would ask them and press Enter;"
            " an empty line when you are done."
        )
    elif objection:
        hint = _("Reply out loud as you would on the call, or type notes. Enter when done.")
    elif answer_hint(item):
        hint = answer_hint(item) or ""
    else:
        hint = _("Answer out loud or type notes. Press Enter when you are done.")
    console.print(Text(hint, style="dim"))


def bullets(texts: Sequence[str], indent: int = 2) -> Table:
    """A bulleted list whose wrapped lines hang under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for text in texts:
        grid.add_row(" " * (indent - 1) + "•", Text(text))
    return grid


def show_notes_cut(console: Console, notes: str) -> None:
    from aecoach.coaching.session import MAX_NOTES, notes_cut

    if notes_cut(notes):
        text = _("Your notes were cut to their first {limit} characters; the rest is not saved.")
        console.print(Text(text.format(limit=f"{MAX_NOTES:,}"), style="bold"))


def time_line(seconds: float, time_limit: int) -> Text:
    """ "Time: 0:40 of 0:45, within time." for an answer, or for one reply of an exchange."""
    seconds = recorded_seconds(seconds)
    over = overran(seconds, time_limit)
    line = Text(_("Time: "), style="bold")
    used = time_text(seconds, time_limit, over)
    if over:
        line.append(_("{time}.").format(time=used))
    elif too_short(seconds, time_limit):  # what the checklist and the scorecard will say too
        line.append(_("{time}, too short.").format(time=used))
    else:
        line.append(_("{time}, within time.").format(time=used))
    return line


def show_review(console: Console, item: PlanItem, seconds: float) -> None:
    console.print(time_line(seconds, item.time_limit))
    console.print()
    heading = (
        _("Coaching points:") if item.item_type == "objection" else _("A strong answer covers:")
    )
    console.print(Text(heading, style="bold"))
    console.print(bullets(item.hints))


def show_asks_compared(console: Console, typed: Sequence[str], asks: Sequence[Ask]) -> None:
    """The candidate's questions for the interviewer beside the strong ones in the bank."""
    from aecoach.coaching.modes import match_asks

    matches = match_asks(typed, asks)
    console.print()
    if not typed:
        console.print(Text(_("You asked nothing. Always have two or three ready."), style="bold"))
    else:
        console.print(Text(_("Your questions:"), style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for match in matches:
            cell = Text(match.text)
            if match.ask is not None:
                cell.append(
                    "\n"
                    + _("close to a strong one: {ask} (shared: {words})").format(
                        ask=match.ask.text, words=", ".join(match.shared)
                    ),
                    style="dim",
                )
            grid.add_row("  •", cell)
        console.print(grid)
        near = sum(1 for m in matches if m.ask is not None)
        console.print(
            Text(
                _("{near} of {count} resemble the strong questions below.").format(
                    near=near, count=len(matches)
                )
            )
        )
    if asks:
        # The ones theirs resemble first, then others, so the list stays short.
        resembled = [m.ask for m in matches if m.ask is not None]
        shown = list(dict.fromkeys([*resembled, *asks]))[: max(ASKS_SHOWN, len(resembled))]
        console.print()
        console.print(Text(_("Questions that land, and why:"), style="bold"))
        show_asks(console, shown)


def show_asks(console: Console, asks: Sequence[Ask]) -> None:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    for number, ask in enumerate(asks, 1):
        cell = Text(ask.text)
        cell.append(english_mark(ask), style="dim italic")
        cell.append(f"\n{ask.why}", style="dim")
        grid.add_row(f"  {number}.", cell)
    console.print(grid)


def show_scale(console: Console, plan: Plan) -> None:
    console.print()
    console.print(Text(_("How did it go?"), style="bold"))
    # A meaning that wraps hangs under the label, so the keys 1-5 stay a column.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    for rating in plan.scale:
        row = Text(_(rating.label), style="bold")
        row.append(_(": {meaning}").format(meaning=_(rating.meaning)), style="")
        grid.add_row(Text(f"  {rating.value} ", style="bold"), row)
    console.print(grid)


def show_saved(
    console: Console,
    plan: Plan,
    answer: AnswerRecord,
    *,
    ending: bool,
    checklist: Sequence[ChecklistItem] | None = None,
) -> None:
    for item in plan.checklist if checklist is None else checklist:
        if item.measured and item.key in answer.checklist:
            met = answer.checklist[item.key]
            verdict = _("{item}: yes (timed)") if met else _("{item}: no (timed)")
            console.print(Text("  " + verdict.format(item=_(item.label))))
    text = _("Saved as skipped.") if answer.skipped else _("Saved.")
    if ending:
        text += " " + _("Ending the session here.")
    console.print(Text(text, style="dim"))


def show_answers(console: Console, summary: Summary, language: str) -> None:
    """One row per answer: what was asked, time, rating, checklist.

    `language` is the session's: an answer to a question shown in English
    instead is marked so."""
    objections = all(a.item_type == "objection" for a in summary.answers)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Objection") if objections else _("Question"), ratio=1, overflow="fold")
    table.add_column(_("Time"), no_wrap=True)
    table.add_column(_("Rating"), no_wrap=True)
    table.add_column(_("Checklist"), no_wrap=True)
    for number, answer in enumerate(summary.answers, 1):
        met, of = summary.passed(answer)
        question = Text(answer.prompt_text)
        if answer.language == "en" and language != "en":
            question.append(_(" (English)"), style="dim italic")
        table.add_row(
            str(number),
            question,
            time_text(answer.seconds_used, answer.time_limit, answer.overran),
            rating_label(None)
            if answer.rating is None
            else f"{answer.rating} {rating_label(answer.rating)}",
            _("{met} of {of}").format(met=met, of=of) if of else "-",
        )
    console.print(table)


def show_summary(
    console: Console, summary: Summary, plan: Plan, history_path: Path, *, saved: bool = True
) -> None:
    console.print()
    console.print(Rule(Text(_("Session summary")), characters="─"))
    if not summary.answers:
        console.print(Text(_("No answers this time; nothing was saved.")))
        return
    show_answers(console, summary, plan.language)
    facts = []
    if summary.average is not None:
        average = ngettext(
            "Average rating {average} over {rated} rated answer",
            "Average rating {average} over {rated} rated answers",
            summary.rated,
        )
        facts.append(average.format(average=f"{summary.average:.1f}", rated=summary.rated))
    if summary.skipped:
        facts.append(_("{count} skipped").format(count=summary.skipped))
    if summary.overran:
        facts.append(_("{count} over time").format(count=summary.overran))
    if len(summary.answers) < len(plan.items):
        facts.append(
            _("ended after {done} of {total}").format(
                done=len(summary.answers), total=len(plan.items)
            )
        )
    console.print(Text(" · ".join(facts)))
    if summary.misses:
        console.print(Text(_("To work on next time:"), style="bold"))
        missed = _("{item} (missed in {missed} of {of})")
        console.print(
            bullets(
                [missed.format(item=_(m.label), missed=m.missed, of=m.of) for m in summary.misses]
            )
        )
    if plan.asks:
        console.print()
        console.print(
            Text(_("Before the real interview, prepare questions to ask them:"), style="bold")
        )
        show_asks(console, plan.asks)
    if saved:
        show_saved_in(console, history_path)


def show_saved_in(console: Console, history_path: Path) -> None:
    console.print()
    saved_in = _("Saved in {path}. See it again with: aecoach history")
    console.print(Text(saved_in.format(path=history_path), style="dim"))


# --- The runner -------------------------------------------------------------------------------


def run_plan(
    plan: Plan,
    session: SessionRecord,
    *,
    prompter: Prompter,
    console: Console,
    recorder: Recorder,
    clocks: Clocks,
    extras: Extras | None = None,
    voice: SpokenAnswers | None = None,
) -> RunResult:
    """Ask every item of the plan; save each answer the moment it is rated.

    KeyboardInterrupt and EOFError pass through: everything saved so far stays saved.
    """
    from aecoach.coaching import exercise
    from aecoach.coaching.modes import join_asks
    from aecoach.coaching.session import checklist_for
    from aecoach.ui import exercise as screens
    from aecoach.ui import feedback

    answers: list[AnswerRecord] = []
    total = len(plan.items)
    for number, item in enumerate(plan.items, 1):
        # The candidate starts each clock: after reading the feedback, not during it.
        if item.item_type == "objection":
            gate = _(
                "Press Enter for objection {number} of {total} (the clock starts at once),"
                " or q to end: "
            )
        else:
            gate = _(
                "Press Enter for question {number} of {total} (the clock starts at once),"
                " or q to end: "
            )
        if not prompter.ready(gate.format(number=number, total=total)):
            return RunResult(answers, "quit")
        show_item(console, item, number, total)
        if extras is not None:
            extras.on_item(console, item)
        started_at = clocks.now()
        start = clocks.monotonic()
        typed: list[str] = []
        if item.asks_back:
            typed = ask_back(
                prompter,
                time_limit=item.time_limit,
                elapsed=lambda start=start: clocks.monotonic() - start,
            )
            notes = join_asks(typed)
        else:
            take = voice.begin(item.time_limit, plan.language) if voice else None
            with voice.recording(take) if voice else contextlib.nullcontext():
                notes = prompter.timed_answer(
                    screens.answer_prompt(item),
                    time_limit=item.time_limit,
                    elapsed=lambda start=start: clocks.monotonic() - start,
                    status=voice.status(take) if voice else None,
                )
            show_notes_cut(console, notes)
        seconds = clocks.monotonic() - start
        # The follow-up pushes, each on its own clock, before any feedback.
        replies = [exercise.TurnAnswer("", seconds, item.time_limit, notes)]
        replies += screens.play_turns(
            item, prompter=prompter, console=console, monotonic=clocks.monotonic
        )
        checklist = checklist_for(item, plan.checklist)
        measured: dict[str, bool] = {}
        if screens.is_number_item(item):
            measured["correct"] = screens.check_number(console, item, notes, plan.language)
        show_review(console, item, seconds)
        screens.show_turns_review(console, item, replies)
        # A spoken answer's notes are on what was said: the transcript, then anything typed.
        aloud = voice.show_card(console) if voice else None
        if extras is not None:
            extras.after_review(console, item)
        if item.asks_back:
            show_asks_compared(console, typed, plan.asks)
        # The coach reads every reply of an exchange (a spoken first reply by its transcript);
        # a typed number is checked, not read.
        said = " ".join(r.notes for r in replies if r.notes)
        said = f"{aloud}\n{said}".strip() if aloud else said
        analysed = None if screens.is_number_item(item) else feedback.analyse(item, said)
        feedback.show_notes(console, analysed)
        show_scale(console, plan)
        screens.offer_model_answer(console, item)

        save = functools.partial(
            _save_answer,
            recorder,
            voice,
            session,
            exercise.whole_exchange(item, replies),
            replies,
            started_at=started_at,
            checklist=checklist,
            measured=measured,
        )
        rate_message = _("Your rating (1-5, s to skip, q to end the session): ")
        while True:
            choice = prompter.rate(rate_message, plan.scale, extra=screens.model_answer_key(item))
            if choice == "model":  # only ever after the attempt
                screens.show_model_answer(console, item)
                choice = prompter.rate(rate_message, plan.scale)
            rating = choice if isinstance(choice, int) else None
            observed = feedback.rated(analysed, rating)
            feedback.show_calibration(console, observed)
            own: dict[str, bool] | None = {}
            if rating is not None:
                console.print(
                    Text(_("Quick checklist, one key each (r to redo the rating):"), style="bold")
                )
                ticked: dict[str, bool] = {}
                try:
                    own = prompter.checklist(
                        [(c.key, _(c.label)) for c in checklist if not c.measured], ticked
                    )
                except (KeyboardInterrupt, EOFError):
                    # Rated is saved: the answer is kept with the items ticked so far (the
                    # others stay unanswered, not "no") before the stop goes on.
                    answers.append(save(rating=rating, ticked=ticked, observed=observed))
                    raise
            if own is not None:
                break
            # r: the rating was a slip. Nothing is saved yet, so it is simply asked again.
            console.print(Text(_("Rate it again."), style="dim"))
        answer = save(rating=rating, ticked=own, observed=observed)
        answers.append(answer)
        # Saved (and the timed checklist item) first: the story question comes after the
        # checklist, not inside it.
        show_saved(console, plan, answer, ending=choice == "quit", checklist=checklist)
        if extras is not None and rating is not None:
            extras.after_rating(console, prompter, item, answer)
        if choice == "quit":
            return RunResult(answers, "quit")
    return RunResult(answers, "finished")


def _save_answer(
    recorder: Recorder,
    voice: SpokenAnswers | None,
    session: SessionRecord,
    item: PlanItem,
    replies: Sequence[TurnAnswer],
    *,
    started_at: datetime,
    checklist: Sequence[ChecklistItem],
    measured: dict[str, bool],
    rating: int | None,
    ticked: dict[str, bool],
    observed: Feedback | None,
) -> AnswerRecord:
    """Make the rated answer and commit it (with its recording, if spoken)."""
    from aecoach.coaching import exercise
    from aecoach.coaching.session import make_answer
    from aecoach.ui import feedback

    answer = make_answer(
        item,
        session_id=session.id,
        started_at=started_at,
        seconds_used=sum(r.seconds for r in replies),
        rating=rating,
        checklist=ticked | measured,
        notes=exercise.joined_notes(replies),
        checklist_items=checklist,
        feedback=feedback.stored(observed),
    )
    answer = exercise.with_turn_times(answer, replies)
    recorder.record_answer(session, answer)
    if voice:
        voice.keep(recorder, answer)
    return answer


def ask_back(prompter: Prompter, *, time_limit: int, elapsed: Callable[[], float]) -> list[str]:
    """The questions the candidate would ask the interviewer, one a line, until an empty one;
    under one clock for the whole step, shown as every other timed step shows it."""
    from aecoach.coaching.modes import MAX_OWN_ASKS

    typed: list[str] = []
    while len(typed) < MAX_OWN_ASKS:
        message = _("Your question {n} (Enter alone when done) › ").format(n=len(typed) + 1)
        line = prompter.timed_answer(message, time_limit=time_limit, elapsed=elapsed)
        if not line.strip():
            break
        typed.append(line.strip())
    return typed


# --- `aecoach practice` -----------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeOptions:
    role: str | None = None
    skill: str | None = None
    kind: str | None = None
    count: int | None = None
    seed: int | None = None
    time_limit: int | None = None
    random: bool = False  # the plain random pick, not due and weak questions first
    questions: tuple[str, ...] = ()  # --question: exactly these, in this order
    packs: tuple[str, ...] | None = None  # --pack: the ids of the packs to draw from
    voice: SpokenAnswers | None = None  # record and measure each answer (issue 13)


ROLE_CHOICES = (
    ("ae", N_("Account Executive (AE)")),
    ("sdr", N_("Sales Development Representative (SDR)")),
    ("am", N_("Account Manager (AM)")),
    ("any", N_("Any role: a mix")),
)


@contextlib.contextmanager
def _hangup_as_interrupt() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a polite kill (SIGTERM) ends the session like Ctrl-C."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGHUP", "SIGTERM"):  # Windows has no SIGHUP
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            previous[sig] = signal.signal(sig, interrupt)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _no_interrupts() -> Iterator[None]:
    """Hold off a second Ctrl-C while the session is being marked interrupted."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _answers(count: int) -> str:
    if count == 0:
        return _("no answers")
    return ngettext("{count} answer", "{count} answers", count).format(count=count)


def run_session(
    context: Context,
    plan: Plan,
    *,
    prompter: Prompter,
    console: Console,
    err: Console,
    clocks: Clocks,
    intro: Callable[[], None],
    not_started: str,
    voice: SpokenAnswers | None = None,
) -> RunResult | None:
    """Play `plan` as one session in the history: every mode's shell around run_plan.

    Returns None when Ctrl-C, a closed terminal or a kill stopped it: the
    answers already rated stay saved, the session is marked interrupted, and
    the candidate is told how many were kept (or `not_started`).
    """
    from aecoach.history.store import HistoryStore

    try:
        # Opened before the first question, so a broken history is found before any effort.
        store = HistoryStore.open(context.history_path)
        waiting = _("Waiting for another program to release the history (up to {seconds} s)…")
        store.on_slow = lambda: err.print(Text(waiting.format(seconds=f"{store.lock_wait:g}")))
    except (KeyboardInterrupt, EOFError):
        say_stopped(err, not_started)
        return None
    session = SessionRecord(
        id=str(uuid.uuid4()),
        started_at=iso_utc(clocks.now()),
        mode=plan.mode,
        language=plan.language,
        app_version=__version__,
        settings={"mode": plan.mode, **plan.settings},
    )
    with store:
        try:
            with _hangup_as_interrupt():
                intro()
                result = run_plan(
                    plan,
                    session,
                    prompter=prompter,
                    console=console,
                    recorder=store,
                    clocks=clocks,
                    extras=Extras.read(store, plan),
                    voice=voice,
                )
        except (KeyboardInterrupt, EOFError):
            with _no_interrupts():
                # Counted in the file: an interrupt can land between a commit and our tally.
                saved = store.count_answers(session.id)
                if saved:
                    store.end_session(
                        session.id, ended_at=iso_utc(clocks.now()), reason="interrupted"
                    )
                    text = render(Msg.PRACTICE_INTERRUPTED, saved=_answers(saved))
                else:
                    text = not_started
                with contextlib.suppress(OSError):  # the terminal may be gone
                    say_stopped(err, text)
            return None
        if result.answers:
            store.end_session(session.id, ended_at=iso_utc(clocks.now()), reason=result.end_reason)
    return result


def say_stopped(err: Console, text: str) -> None:
    """The line that says a session stopped: wrapped at words on a terminal (the terminal
    itself would cut words in half), one line in a log."""
    err.print(Text(f"\naecoach: {text}"), soft_wrap=not err.is_terminal)


def practise(
    context: Context,
    options: PracticeOptions,
    *,
    prompter: Prompter,
    console: Console,
    err: Console,
    clocks: Clocks,
) -> int:
    """Run `aecoach practice`; returns the exit code (0, or 130 when interrupted)."""
    from aecoach.coaching.steer import chosen_plan, find_items
    from aecoach.history.plans import planned_role

    bank = context.bank()
    role, count = options.role or planned_role(context.history_path), options.count
    steered = None
    if options.questions:
        items = find_items(bank, options.questions)
        steered = chosen_plan(bank, items, time_limit=options.time_limit, role=role)
    try:
        if (
            steered is None
            and role is None
            and not (options.skill or options.kind or options.packs)
        ):
            picked = prompter.choose(
                _("Which role are you interviewing for?"),
                [(value, _(label)) for value, label in ROLE_CHOICES],
            )
            role = None if picked == "any" else picked
        if count is None and steered is None:
            pool = select_questions(bank, role=role, skill=options.skill, kind=options.kind)
            pool = [q for q in pool if options.packs is None or q.pack in options.packs]
            high = min(MAX_COUNT, len(pool))
            # With nothing to ask, practice_plan explains why; no point asking how many.
            count = (
                prompter.number(
                    _("How many questions?"), default=min(DEFAULT_COUNT, high), low=1, high=high
                )
                if pool
                else DEFAULT_COUNT
            )
    except (KeyboardInterrupt, EOFError):
        say_stopped(err, render(Msg.PRACTICE_NOT_STARTED))
        return INTERRUPTED_EXIT
    adaptive = not options.random and options.skill is None and options.kind is None
    plan = steered or practice_plan(
        bank,
        role=role,
        skill=options.skill,
        kind=options.kind,
        count=count or DEFAULT_COUNT,
        seed=options.seed,
        time_limit=options.time_limit,
        preferred=preferred_keys(context, clocks.now()) if adaptive else None,
        packs=options.packs,
    )
    count = count or len(plan.items)
    result = run_session(
        context,
        plan,
        prompter=prompter,
        console=console,
        err=err,
        clocks=clocks,
        intro=lambda: show_intro(console, plan, requested=count, role=role),
        not_started=render(Msg.PRACTICE_NOT_STARTED),
        voice=options.voice,
    )
    if result is None:
        return INTERRUPTED_EXIT
    summary = summarise(result.answers, plan.scored_checklist)
    show_summary(console, summary, plan, context.history_path)
    return 0


def preferred_keys(context: Context, now: datetime) -> list[str]:
    """What practice asks first: due items, most overdue first, then weak ones."""
    from aecoach.coaching.schedule import due_items, weak_items
    from aecoach.history.plans import load_aimed
    from aecoach.ui.plan import planned_new

    states = load_aimed(context.history_path, context.cache_dir, now)
    keys = [s.key for s in (*due_items(states, now), *weak_items(states, now))]
    return keys + planned_new(context, states, now)  # with a plan: what covers the rest
