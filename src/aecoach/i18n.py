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

import gettext
from pathlib import Path

DOMAIN = "aecoach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The languages the interface and the built-in bank are written in; English is the source.
LANGUAGES = ("en", "es", "id", "ja", "th")
SOURCE_LANGUAGE = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def use(language: str) -> None:
    """Show the interface in `language` from now on (English for anything untranslated)."""
    global _translation, _language
    _language = language if language in LANGUAGES else SOURCE_LANGUAGE
    if _language == SOURCE_LANGUAGE:
        _translation = gettext.NullTranslations()
        return
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
