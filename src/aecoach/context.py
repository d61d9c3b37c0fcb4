"""Where aecoach keeps the candidate's files, the clock, and the bank.

Built once at the CLI edge and passed down, so tests can point everything at
a temporary folder and a fixed time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aecoach.home import home_folder

if TYPE_CHECKING:  # the loader pulls in yaml: only commands that read the bank pay for it
    from aecoach.bank.loader import BankLoad
    from aecoach.bank.model import Bank
    from aecoach.i18n import Choice

DEBUG_ENV = "AECOACH_DEBUG"


def _now() -> datetime:
    return datetime.now(UTC)


def default_home() -> Path:
    """The home folder; AecoachError when a file is in its place, since every command would
    otherwise fail later with a message about some file inside it."""
    folder = home_folder()
    if os.path.exists(folder) and not os.path.isdir(folder):  # one stat when all is well
        from aecoach.errors import AecoachError, Msg
        from aecoach.home import HOME_ENV

        if os.environ.get(HOME_ENV):
            raise AecoachError(Msg.HOME_IS_FILE, path=folder)
        raise AecoachError(Msg.DATA_FOLDER_IS_FILE, path=folder)
    return Path(folder)


def render_msg(name: str, **values: object) -> str:
    from aecoach.errors import Msg, render

    return render(Msg[name], **values)


def debug_from_env() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


@dataclass
class Context:
    home: Path = field(default_factory=default_home)
    clock: Callable[[], datetime] = _now
    extra_packs: tuple[Path, ...] = ()
    language: str | None = None
    # Where warnings go (the CLI writes them to stderr); they are kept in
    # `warnings` as well, for tests and for callers without a terminal.
    warn: Callable[[str], None] | None = None
    debug: bool = False
    # False for --no-pager: long screens are written straight out even on a terminal.
    pager: bool = True
    warnings: list[str] = field(default_factory=list)
    language_choice: Choice | None = None
    _loads: dict[str, BankLoad] = field(default_factory=dict, repr=False)

    @property
    def packs_dir(self) -> Path:
        return self.home / "packs"

    @property
    def history_path(self) -> Path:
        return self.home / "history.sqlite3"

    @property
    def cache_dir(self) -> Path:
        # Under the home folder, so AECOACH_HOME keeps a profile (or a test) self-contained.
        return self.home / "cache"

    def _warn(self, text: str) -> None:
        self.warnings.append(text)
        if self.warn is not None:
            self.warn(text)

    def choose_language(
        self, flag: str | None = None, environ: Mapping[str, str] | None = None
    ) -> Choice:
        """Settle the language (`--lang`, saved, system locale, English) and switch to it.

        It sets both the bank's language and the interface's (aecoach.i18n).
        """
        from aecoach import i18n, settings

        saved = None
        where = str(settings.path_in(self.home))
        if not flag:
            data, trouble = settings.read(self.home)
            value = data.get("language")
            if trouble is not None:
                self._warn(render_msg("SETTINGS_UNREADABLE", path=where, reason=trouble))
            elif value is not None and value not in i18n.LANGUAGES:
                self._warn(
                    render_msg(
                        "SETTINGS_BAD_LANGUAGE", path=where, value=str(value), names=i18n.names()
                    )
                )
            else:
                saved = value
        choice = i18n.resolve(flag, saved, os.environ if environ is None else environ, where)
        self.language = choice.language
        i18n.use(choice.language)
        self.language_choice = choice
        return choice

    def load(self, language: str | None = None) -> BankLoad:
        """The bank with the story of every pack file; loaded once per language per run.

        A broken pack in the packs folder is left out with a warning (see
        docs/packs.md); a broken built-in or `--pack` pack raises BankError.
        """
        from aecoach.bank.loader import skip_warning, survey

        lang = language or self.language or "en"
        if lang not in self._loads:
            result = survey(
                lang, extra=self.extra_packs, user_dir=self.packs_dir, cache_dir=self.cache_dir
            )
            self._loads[lang] = result
            for skipped in result.skipped:
                self._warn(skip_warning(skipped, self.packs_dir))
        return self._loads[lang]

    def bank(self, language: str | None = None) -> Bank:
        """The bank every command reads: built-in packs, the packs folder and `--pack`."""
        return self.load(language).bank
