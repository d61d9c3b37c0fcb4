"""Rendering `aecoach lang`: the language in use, where that choice came from, and the others."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from aecoach import i18n
from aecoach.i18n import Choice, _
from aecoach.textsafe import inert


def _name(code: str) -> str:
    return f"{i18n.NAMES.get(code, code)} ({code})"


def _why(choice: Choice) -> str:
    if choice.source == "--lang":
        return _("chosen with --lang for this run")
    if choice.source == "saved":
        return _("saved in {path}").format(path=inert(choice.detail))
    if choice.source == "default":
        return _("the default: nothing saved, and no LC_ALL, LC_MESSAGES or LANG set")
    setting = f"{choice.source}={inert(choice.detail)}"
    if i18n.from_locale(choice.detail) is None:
        return _("the system's {setting} is a language aecoach does not speak").format(
            setting=setting
        )
    return _("from the system's {setting}").format(setting=setting)


def render_language(console: Console, choice: Choice) -> None:
    line = Text(_("Language: "), style="bold")
    line.append(_name(choice.language), style="bold cyan")
    console.print(line)
    console.print(Text(_why(choice), style="dim"), soft_wrap=True)
    console.print()
    console.print(Text(_("Available: {names}").format(names=i18n.names())))
    console.print(
        Text(
            _(
                "Save one with `aecoach lang CODE`, or use one for a single run with"
                " `aecoach --lang CODE ...`."
            ),
            style="dim",
        )
    )


def render_saved(console: Console, code: str | None, path: Path, choice: Choice) -> None:
    if code is None:
        text = _("Forgot the saved language. Now: {language}, {why}.").format(
            language=_name(choice.language), why=_why(choice)
        )
    else:
        text = _("Saved {language} in {path}; every command uses it until you change it.").format(
            language=_name(code), path=inert(str(path))
        )
    console.print(Text(text, style="bold green"), soft_wrap=True)
