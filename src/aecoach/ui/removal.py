"""`aecoach history remove ID` on screen: what would go, a confirmation, what happened."""

from __future__ import annotations

import sys

from rich.text import Text

from aecoach.context import Context
from aecoach.errors import AecoachError, Msg
from aecoach.history.records import iso_utc
from aecoach.i18n import _, ngettext
from aecoach.textsafe import inert


def remove(context: Context, ref: str, *, yes: bool) -> None:
    from aecoach.history.removals import find
    from aecoach.history.removals import remove as move_out
    from aecoach.history.store import HistoryStore
    from aecoach.ui.console import make_console
    from aecoach.ui.history import MODES, local_time

    # The rows named for their unusable times are among those this removes: no warning here.
    if HistoryStore.open_existing(context.history_path, check=False, bad_times="ignore") is None:
        raise AecoachError(Msg.REMOVE_NOT_FOUND, value=ref)
    console = make_console()
    with HistoryStore.open(context.history_path) as store:
        target = store.read(lambda db: find(db, ref))
        answers = ngettext("{count} answer", "{count} answers", len(target.answers)).format(
            count=len(target.answers)
        )
        if target.kind == "session":
            mode = target.session.mode
            what = _("The {mode} session of {when}, with {answers}").format(
                mode=_(MODES[mode]) if mode in MODES else inert(mode),
                when=local_time(target.session.started_at),
                answers=answers,
            )
        else:
            answer = target.answers[0]
            what = _("The answer of {when} to \u201c{question}\u201d").format(
                when=local_time(answer.started_at), question=inert(answer.prompt_text)
            )
        # The sentence's end is the language's ("。" in Japanese, none in Thai), and none
        # after a question that already ends one.
        if not what.rstrip("\u201d\u300d").endswith((".", "?", "!", "\u3002", "\uff1f")):
            what = _("{sentence}.").format(sentence=what)
        console.print(Text(what), soft_wrap=True)
        question = _("Remove it from stats, review and exports?")
        if not yes and not confirm(question, "`aecoach history remove`"):
            console.print(Text(_("Nothing was removed.")))
            raise SystemExit(1)
        now = iso_utc(context.clock())
        moved = store.write(lambda db: move_out(db, target, removed_at=now), action="changed")
    done = ngettext("Removed {count} answer.", "Removed {count} answers.", moved).format(
        count=moved
    )
    console.print(Text(done, style="bold"))
    console.print(
        Text(
            _(
                "It is kept in the history file, marked removed with today's date: stats, review"
                " and exports no longer count it, and importing an old export will not bring it"
                " back."
            ),
            style="dim",
        )
    )


def confirm(question: str, command: str) -> bool:
    """Asked on standard input, so a script may answer it (`echo y | aecoach history remove`).

    The keys are y and n in every language, as everywhere in aecoach; the prompt around
    them, and the word for yes or no typed out, are the candidate's language. (Click's
    `confirm` would say `[y/N]` and "Error: invalid input" in English.) Enter is no.
    """
    import shutil

    from rich.cells import cell_len

    from aecoach.ui.wrap import fold, last_line_width

    width = shutil.get_terminal_size((80, 24)).columns
    # The key hint is one piece ("[y：はい／N：いいえ]" would otherwise break inside a word).
    before, _sep, hint = _("{question} [y/N]: ").partition("{question}")
    prompt = fold(before + question, width)
    if last_line_width(prompt) + cell_len(hint.rstrip()) > width:
        hint = "\n" + hint.lstrip()
    prompt += hint
    yes = {"y", "yes", _("yes").casefold()}
    no = {"n", "no", _("no").casefold()}
    while True:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:  # end of input: nobody there to say yes
            sys.stdout.write("\n")
            if sys.stdin is None or not sys.stdin.isatty():
                raise AecoachError(Msg.NEED_YES, what=command, exit_code=2)
            return False
        answer = line.strip().casefold()
        if answer in yes:
            return True
        if answer in no or not answer:
            return False
        sys.stdout.write(_("Type y for yes, or n (or Enter) for no.") + "\n")
