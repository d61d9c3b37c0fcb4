"""The interface in the candidate's language, from gettext catalogues.

Every string a candidate reads (prompts, labels, headings, messages) is wrapped
in `_()` where it is used, or marked with `N_()` where it is defined before a
language is chosen (module constants, the error catalogue), and translated at
the moment it is shown. The catalogues are standard gettext files:
`src/aecoach/locale/<lang>/LC_MESSAGES/aecoach.po` (the source, edited by
translators) compiled to `aecoach.mo` (what runs).

The CLI calls `use(language)` once, before any command runs; until then, and
for English, the text is returned as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # gettext is imported only when a language other than English is used
    import gettext

DOMAIN = "aecoach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The languages the interface and the built-in bank are written in; English is the source.
LANGUAGES = ("en", "es", "id", "ja", "th")
SOURCE_LANGUAGE = "en"
# Each language's own name for itself, for lists a candidate picks from.
NAMES = {
    "en": "English",
    "es": "Español",
    "id": "Bahasa Indonesia",
    "ja": "日本語",
    "th": "ไทย",
}
# Where the system says which language to use, strongest first (POSIX: the first one set wins).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# Older systems (and Java) still call Indonesian "in".
_ALIASES = {"in": "id"}

# What people type for a language, and the code aecoach knows it by:
# for "did you mean" wherever a language code is typed or written in a pack.
SPELLINGS = {
    "jp": "ja",
    "jpn": "ja",
    "japanese": "ja",
    "日本語": "ja",
    "sp": "es",
    "esp": "es",
    "spa": "es",
    "spanish": "es",
    "español": "es",
    "in": "id",
    "ind": "id",
    "indonesian": "id",
    "tha": "th",
    "thai": "th",
    "ไทย": "th",
    "eng": "en",
    "english": "en",
    "uk": "en",
    "us": "en",
}


class _English:
    """The text as written: what the interface shows until `use()` picks a catalogue."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


_translation: gettext.NullTranslations | _English = _English()
_language = SOURCE_LANGUAGE


def use(language: str) -> None:
    """Show the interface in `language` from now on (English for anything untranslated)."""
    global _translation, _language
    _language = language if language in LANGUAGES else SOURCE_LANGUAGE
    if _language == SOURCE_LANGUAGE:
        _translation = _English()
        return
    import gettext

    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[_language], fallback=True
    )


def current() -> str:
    """The language the interface is shown in."""
    return _language


def _(message: str) -> str:
    """`message` in the interface language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for `n`, in the interface language."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (see the module doc)."""
    return message


def names() -> str:
    """Every language as `code (name)`, for help and error messages."""
    return ", ".join(f"{code} ({NAMES[code]})" for code in LANGUAGES)


def code_of(value: str) -> str | None:
    """The language a typed `--lang` value names (any case, spaces around), if aecoach
    speaks it."""
    code = value.strip().lower()
    return code if code in LANGUAGES else None


def meant(value: str) -> str | None:
    """The code a common misspelling of a language means (jp is ja), if it is one."""
    code = SPELLINGS.get(value.strip().casefold())
    return code if code is not None and code != value else None


def from_locale(value: str) -> str | None:
    """The language a POSIX locale name means: `ja_JP.UTF-8` is ja; `C` and `POSIX` are en.

    None when aecoach does not speak it.
    """
    name = value.split(".", 1)[0].split("@", 1)[0]
    if name in ("C", "POSIX", ""):
        return SOURCE_LANGUAGE
    code = name.replace("-", "_").split("_", 1)[0].lower()
    code = _ALIASES.get(code, code)
    return code if code in LANGUAGES else None


class Choice(NamedTuple):
    """The language in use and what chose it: "--lang", "saved", a locale variable, or "default"."""

    language: str
    source: str
    detail: str = ""  # the locale variable's value, or the saved file


def resolve(
    flag: str | None, saved: str | None, environ: Mapping[str, str], saved_in: str = ""
) -> Choice:
    """`--lang`, then the saved preference, then the system locale, then English.

    Of the locale variables the first one set decides, as in POSIX: LC_ALL=C
    means English even when LANG says otherwise. A locale aecoach does not
    speak (say fr_FR) means English too.
    """
    if flag:
        return Choice(flag, "--lang")
    if saved:
        return Choice(saved, "saved", saved_in)
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return Choice(from_locale(value) or SOURCE_LANGUAGE, variable, value)
    return Choice(SOURCE_LANGUAGE, "default")


# Scripts written without spaces between words: Thai, and Japanese and Chinese (kana, CJK
# ideographs, full-width forms). Compared as strings, not by a regular expression: a
# character class this wide takes ~10 ms to compile, on every start.
_UNSPACED = (
    ("\u0e00", "\u0e7f"),
    ("\u3000", "\u30ff"),
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\uff00", "\uffef"),
)


def unspaced(ch: str) -> bool:
    """Whether `ch` belongs to a script written without spaces between words."""
    return "\u0e00" <= ch <= "\uffef" and any(low <= ch <= high for low, high in _UNSPACED)


def has_unspaced(text: str) -> bool:
    return not text.isascii() and any(unspaced(ch) for ch in set(text))
