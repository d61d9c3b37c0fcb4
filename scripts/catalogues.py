"""Keep the interface catalogues in step with the code: one command for maintainers.

    python scripts/catalogues.py           # extract, update every .po, compile every .mo
    python scripts/catalogues.py --check   # change nothing; exit 1 if anything is stale

What it extracts: every `_()`, `N_()` and `ngettext()` call under
src/aecoach, and every member of the error catalogue `errors.Msg` (those are
translated by `errors.render()` when shown, so they carry no marker). New
messages land in each `src/aecoach/locale/<lang>/LC_MESSAGES/aecoach.po` with
an empty translation, for a translator to fill in; messages no longer in
the code are dropped. The `.mo` files are compiled from the `.po` files and
committed, because the runtime uses only the standard library's gettext.
Needs Babel (in the `test` extra). See docs/translating.md.
"""

from __future__ import annotations

import argparse
import ast
import io
import string
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "aecoach"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "aecoach"
LANGUAGES = ("es", "id", "ja", "th")  # English is the source: it needs no catalogue
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PROJECT = "aecoach"
WIDTH = 100
# Fixed, so that running the tool twice changes nothing; git has the real history.
DATE = datetime(2025, 1, 1, tzinfo=UTC)
HEADER = (
    "# {language} translations of aecoach's interface. Update with: python scripts/catalogues.py\n#"
)


def _catalog(language: str | None = None) -> Catalog:
    return Catalog(
        locale=language,
        project=PROJECT,
        version="1",
        domain=DOMAIN,
        fuzzy=False,
        creation_date=DATE,
        revision_date=DATE,
        last_translator="aecoach translators",
        language_team=f"{language} (aecoach translators)",
        msgid_bugs_address="https://github.com/aecoach/aecoach/issues",
        copyright_holder="aecoach contributors",
        header_comment=HEADER.format(language=language or "Template"),
    )


def _msg_templates() -> Iterator[tuple[str, int]]:
    """Every `Msg` member's template in errors.py, with its line."""
    source = PACKAGE / "errors.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Msg":
            for item in node.body:
                if isinstance(item, ast.Assign):
                    value = ast.literal_eval(item.value)
                    if isinstance(value, str):
                        yield value, item.lineno


def extract() -> Catalog:
    """The template: every message the code can show, in source order."""
    template = _catalog()
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        where = f"src/aecoach/{filename}"
        if isinstance(message, tuple) and len(message) == 1:
            message = message[0]
        template.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    for text, lineno in _msg_templates():
        template.add(text, None, [("src/aecoach/errors.py", lineno)])
    return template


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return _catalog(language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # Files without line numbers: moving code does not touch the catalogues.
    write_po(
        out,
        catalog,
        width=WIDTH,
        ignore_obsolete=True,
        include_previous=False,
        include_lineno=False,
    )
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def mo_content(data: bytes) -> dict[object, object]:
    """What a compiled catalogue says: every message and its translations, and the
    header's fields but for the generator's name and version, which change with Babel."""
    import gettext

    messages = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]
    header = messages.pop("", "")
    fields = [line for line in str(header).splitlines() if not line.startswith("Generated-By:")]
    return {**messages, "": fields}


def same_mo(committed: bytes, catalog: Catalog) -> bool:
    """Whether a committed .mo says what the catalogue compiles to."""
    try:
        return mo_content(committed) == mo_content(mo_bytes(catalog))
    except OSError:  # gettext's word for a file that is not a catalogue
        return False


def updated(language: str, template: Catalog) -> Catalog:
    catalog = read(language)
    # No fuzzy matching: a guessed translation of a changed message is worse than none.
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.revision_date = DATE
    return catalog


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a str.format template."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<not a valid format string>"}


def _forms(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strs = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    return ids, strs


def problems(language: str, catalog: Catalog) -> list[str]:
    """Untranslated or fuzzy messages, and translations whose placeholders differ."""
    out = []
    for message in catalog:
        if not message.id:
            continue  # the header
        ids, strs = _forms(message)
        label = f"{language}: {ids[0]!r}"
        if message.fuzzy:
            out.append(f"{label} is marked fuzzy")
        if not all(strs):
            out.append(f"{label} is not translated")
            continue
        wanted = placeholders(ids[-1]) | placeholders(ids[0])
        for text in strs:
            if placeholders(text) != wanted:
                found = sorted(placeholders(text))
                out.append(f"{label}: placeholders {found} != {sorted(wanted)}")
    return out


def stale(language: str, template: Catalog, catalog: Catalog) -> list[str]:
    """Messages the code shows that the catalogue lacks, and messages it no longer shows."""
    wanted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    have = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
    out = [f"{language}: {m!r} is missing from the catalogue" for m in wanted - have]
    out += [f"{language}: {m!r} is no longer in the code" for m in have - wanted]
    return sorted(out)


def check(language: str, template: Catalog) -> list[str]:
    """Everything wrong with the committed catalogue of `language`; nothing is written."""
    po_file = po_path(language)
    if not po_file.exists():
        return [f"{po_file.relative_to(REPO)} does not exist"]
    catalog = read(language)
    out = stale(language, template, catalog) + problems(language, catalog)
    mo_file = po_file.with_suffix(".mo")
    if not mo_file.exists() or not same_mo(mo_file.read_bytes(), catalog):
        out.append(f"{mo_file.relative_to(REPO)} is not what its .po compiles to")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; report what is stale")
    args = parser.parse_args(argv)
    template = extract()
    trouble: list[str] = []
    for language in LANGUAGES:
        if args.check:
            trouble += check(language, template)
            continue
        catalog = updated(language, template)
        po_file = po_path(language)
        po_file.parent.mkdir(parents=True, exist_ok=True)
        po_file.write_bytes(po_bytes(catalog))
        # Compiled from the file as written, exactly as --check (and the tests) will.
        written = read(language)
        po_file.with_suffix(".mo").write_bytes(mo_bytes(written))
        trouble += problems(language, written)
    for line in trouble:
        print(line, file=sys.stderr)
    untranslated = sum("not translated" in line for line in trouble)
    print(
        f"{len(template)} messages; {len(LANGUAGES)} languages;"
        f" {untranslated} untranslated; {len(trouble)} problems"
    )
    return 1 if trouble else 0


if __name__ == "__main__":
    sys.exit(main())
