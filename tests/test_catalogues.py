"""The interface catalogues: complete, compiled from their sources, placeholders intact."""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("babel")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import catalogues  # noqa: E402

from aecoach import i18n  # noqa: E402
from aecoach.errors import Msg  # noqa: E402


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    return catalogues.extract()


def _ids(catalog) -> set[object]:  # type: ignore[no-untyped-def]
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def test_extraction_finds_marked_strings_and_every_error_message(template) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(template)
    assert {"Session summary", "Missed it", "Used a concrete real-world example"} <= ids
    assert ("{count} answer", "{count} answers") in ids
    assert {m.value for m in Msg} <= ids


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_every_message_the_code_shows_is_in_the_catalogue_and_translated(
    template, language: str
) -> None:  # type: ignore[no-untyped-def]
    catalog = catalogues.read(language)
    missing = _ids(template) - _ids(catalog)
    assert missing == set(), "run: python scripts/catalogues.py, then translate"
    untranslated = [m.id for m in catalog if m.id and not all(catalogues._forms(m)[1])]
    assert untranslated == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_the_committed_mo_is_what_the_po_compiles_to(language: str) -> None:
    po = catalogues.po_path(language)
    committed = po.with_suffix(".mo").read_bytes()
    assert catalogues.same_mo(committed, catalogues.read(language))


def test_the_mo_comparison_ignores_the_generator_but_not_a_translation() -> None:
    catalog = catalogues.read("es")
    compiled = catalogues.mo_bytes(catalog)
    # Another Babel release writes another "Generated-By" line, and nothing else changes.
    assert b"Generated-By: Babel " in compiled
    other_babel = re.sub(rb"Generated-By: Babel [0-9.]+", b"Generated-By: Babel 9.99.0", compiled)
    assert catalogues.same_mo(other_babel, catalog)
    changed = catalogues.read("es")
    changed["Strong"].string = "Fuerte (cambiado)"
    assert not catalogues.same_mo(compiled, changed)
    assert not catalogues.same_mo(b"not a catalogue", catalog)


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_placeholders_match_the_english(language: str) -> None:
    problems = [p for p in catalogues.problems(language, catalogues.read(language))]
    assert problems == []


def test_placeholder_check_can_fail() -> None:
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="es")
    catalog.add("{count} skipped", "{cuenta} omitidas")
    catalog.add("Saved.", "")
    assert catalogues.problems("es", catalog) == [
        "es: '{count} skipped': placeholders ['cuenta'] != ['count']",
        "es: 'Saved.' is not translated",
    ]


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_the_runtime_reads_the_compiled_catalogue(language: str) -> None:
    # The stdlib reader, as aecoach runs it: no Babel at runtime.
    t = gettext.translation(i18n.DOMAIN, localedir=i18n.LOCALE_DIR, languages=[language])
    assert t.gettext("Session summary") != "Session summary"
    assert "{count}" in t.ngettext("{count} answer", "{count} answers", 2)


def test_use_switches_the_interface_and_back() -> None:
    i18n.use("ja")
    assert (i18n.current(), i18n._("Strong")) == ("ja", "とても良い")
    assert i18n.ngettext("{count} answer", "{count} answers", 3) == "回答{count}件"
    i18n.use("es")
    assert i18n.ngettext("{count} answer", "{count} answers", 1) == "{count} respuesta"
    assert i18n.ngettext("{count} answer", "{count} answers", 2) == "{count} respuestas"
    i18n.use("xx")
    assert (i18n.current(), i18n._("Strong")) == ("en", "Strong")


def test_the_update_command_is_a_no_op_on_current_catalogues(capsys) -> None:  # type: ignore[no-untyped-def]
    assert catalogues.main(["--check"]) == 0
    assert "0 untranslated; 0 problems" in capsys.readouterr().out


def test_the_wheel_config_ships_the_catalogues() -> None:
    # Hatch packs src/aecoach whole; .mo files are not Python, so make sure none is excluded.
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["src/aecoach"]' in text
    for language in catalogues.LANGUAGES:
        assert catalogues.po_path(language).with_suffix(".mo").is_file()
