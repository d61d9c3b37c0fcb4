"""Every loader error class, with the exact message a pack author reads.

Each test writes one broken pack and asserts the whole `file:line:column:
what — fix` line, so a change of wording or of position is a visible change.
The last test checks that every message the bank code can raise is asserted
somewhere in this file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from aecoach import safefile
from aecoach.bank import loader, yamlsafe
from aecoach.bank.loader import BankError, load_bank, load_pack, survey, validate
from aecoach.errors import Msg, render
from packkit import GOOD, pack_text, write


def problems(tmp_path: Path, content: str | bytes, name: str = "p.yaml") -> list[str]:
    path = write(tmp_path, name, content)
    pack, found = load_pack(path)
    assert pack is None
    return [p.text.replace(str(path), "F") for p in found]


def one(tmp_path: Path, content: str | bytes, msg: Msg) -> str:
    """The one problem in a pack, which must be of the kind `msg`."""
    path = write(tmp_path, "p.yaml", content)
    pack, found = load_pack(path)
    assert pack is None
    assert len(found) == 1, [p.text for p in found]
    assert found[0].msg is msg
    return found[0].text.replace(str(path), "F")


# --- Reading the file (Msg.FILE_*) ---


def test_file_missing(tmp_path: Path) -> None:
    pack, found = load_pack(tmp_path / "nope.yaml")
    assert pack is None
    assert [p.text for p in found] == [
        f"{tmp_path / 'nope.yaml'}: no such file or folder — check the path"
    ]
    assert found[0].msg is Msg.FILE_MISSING


def test_file_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "p.yaml", GOOD)

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, who can read anything: refuse at the system call.
    monkeypatch.setattr(safefile.os, "open", refuse)
    _, found = load_pack(path)
    assert found[0].msg is Msg.FILE_UNREADABLE
    assert found[0].text == (
        f"{path}: cannot read the file (permission denied)"
        " — check that it exists and you may read it"
    )


def test_file_not_regular_folder(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    _, found = load_pack(tmp_path / "d.yaml")
    assert found[0].msg is Msg.FILE_NOT_REGULAR
    assert found[0].text == (
        f"{tmp_path / 'd.yaml'}: this is a folder, not a pack file — give the path of a .yaml file"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_file_not_regular_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    _, found = load_pack(fifo)  # returns at once: the open does not wait for a writer
    assert found[0].text == (
        f"{fifo}: this is a named pipe, not a pack file — give the path of a .yaml file"
    )


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(yamlsafe.MAX_FILE_BYTES + 1)
    _, found = load_pack(path)
    assert found[0].msg is Msg.FILE_TOO_LARGE
    assert found[0].text == (
        f"{path}: the file is 1048577 bytes, more than the 1048576 bytes a pack may hold"
        " — split it into several packs"
    )


def test_file_binary(tmp_path: Path) -> None:
    assert one(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Msg.FILE_BINARY) == (
        "F: this is a binary file, not YAML text — a pack must be a UTF-8 text file"
    )


def test_file_binary_without_nul_bytes(tmp_path: Path) -> None:
    # No NUL byte, not UTF-8, and full of control bytes: binary, not "Latin-1".
    assert one(tmp_path, bytes([0x1B, 0x80, 0x01, 0x02, 0xFF, 0x03]) * 50, Msg.FILE_BINARY) == (
        "F: this is a binary file, not YAML text — a pack must be a UTF-8 text file"
    )


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16"),  # with a byte-order mark
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
    ],
)
def test_file_encoding(tmp_path: Path, encoding: str, named: str) -> None:
    assert one(tmp_path, GOOD.encode(encoding), Msg.FILE_ENCODING) == (
        f"F: the file is encoded as {named}, not UTF-8 — save it as UTF-8"
    )


def test_file_not_utf8(tmp_path: Path) -> None:
    content = GOOD.replace('title: "Acme"', 'title: "Café Acme"').encode("latin-1")
    assert one(tmp_path, content, Msg.FILE_NOT_UTF8) == (
        "F:3:14: byte 0xe9 is not UTF-8 (the file looks like Latin-1 or Windows-1252)"
        " — save it as UTF-8"
    )


# --- YAML (Msg.YAML_*) ---


def test_yaml_syntax_colon_in_text(tmp_path: Path) -> None:
    content = GOOD.replace('body: "Read two case studies."', "body: Note: read two.")
    assert one(tmp_path, content, Msg.YAML_SYNTAX) == (
        "F:18:15: YAML syntax error: mapping values are not allowed in this context"
        " — put text that contains ': ' in quotes"
    )


def test_yaml_syntax_tab(tmp_path: Path) -> None:
    content = GOOD.replace("    kind: motivation", "\tkind: motivation")
    assert one(tmp_path, content, Msg.YAML_SYNTAX) == (
        "F:9:1: YAML syntax error: found character that cannot start any token"
        " — indent with spaces, not tabs"
    )


def test_yaml_syntax_unclosed_quote(tmp_path: Path) -> None:
    content = GOOD.replace('text: "Why do you want to work at Acme?"', 'text: "Why Acme?')
    assert one(tmp_path, content, Msg.YAML_SYNTAX) == (
        "F:13:14: YAML syntax error: did not find expected key"
        " — a quote opened on line 8 is never closed: close it"
    )


def test_yaml_syntax_unclosed_bracket(tmp_path: Path) -> None:
    content = GOOD.replace("  roles: [ae]\nquestions:", "  roles: [ae\nquestions:")
    assert one(tmp_path, content, Msg.YAML_SYNTAX) == (
        "F:6:10: YAML syntax error: did not find expected ',' or ']'"
        " — close the bracket opened on line 5, or add the comma"
    )


def test_yaml_syntax_dash_without_space(tmp_path: Path) -> None:
    content = GOOD.replace("  - id: why-us", "  -id: why-us")
    assert one(tmp_path, content, Msg.YAML_SYNTAX) == (
        "F:8:9: YAML syntax error: mapping values are not allowed in this context"
        " — put a space after the '-' that starts a list entry"
    )


def test_yaml_syntax_text_after_quote(tmp_path: Path) -> None:
    content = GOOD.replace('title: "Acme"', 'title: "Acme" Corp')
    assert one(tmp_path, content, Msg.YAML_SYNTAX) == (
        "F:3:17: YAML syntax error: did not find expected key"
        " — text goes on after the closing quote: put all of it inside the quotes"
    )


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_yaml_empty(tmp_path: Path, content: str) -> None:
    assert one(tmp_path, content, Msg.YAML_EMPTY) == (
        "F: the file is empty — a pack needs a 'pack:' header and at least one item"
        " (`aecoach packs new NAME` writes a starter)"
    )


def test_yaml_multi_doc(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD + "---\n" + GOOD, Msg.YAML_MULTI_DOC) == (
        "F:20:1: the file holds more than one YAML document — keep one pack per file"
    )


@pytest.mark.parametrize(
    ("content", "found"),
    [("- a\n- b\n", "a list"), ("hello\n", "the text 'hello'"), ("42\n", "the number 42")],
)
def test_yaml_top_not_mapping(tmp_path: Path, content: str, found: str) -> None:
    assert one(tmp_path, content, Msg.YAML_TOP_NOT_MAPPING) == (
        f"F:1:1: the top level is {found}, not a mapping — start the file with 'pack:'"
    )


def test_yaml_alias(tmp_path: Path) -> None:
    content = GOOD.replace("  roles: [ae]\nquestions:", "  roles: &r [ae]\nquestions:")
    assert one(tmp_path, content, Msg.YAML_ALIAS) == (
        "F:5:10: anchors and aliases (&name, *name) are not allowed in packs"
        " — write the value out in full"
    )


def test_yaml_tag(tmp_path: Path) -> None:
    content = GOOD.replace('title: "Acme"', "title: !!binary QWNtZQ==")
    assert one(tmp_path, content, Msg.YAML_TAG) == (
        "F:3:10: the tag '!!binary' is not allowed — remove it;"
        " packs hold plain text, numbers and lists"
    )


def test_yaml_too_deep(tmp_path: Path) -> None:
    assert one(tmp_path, "pack: " + "[" * 40 + "]" * 40 + "\n", Msg.YAML_TOO_DEEP) == (
        "F:1:22: nested deeper than 16 levels — a pack is only a few levels deep"
    )


def test_yaml_too_many_nodes(tmp_path: Path) -> None:
    content = "pack: [" + "a," * yamlsafe.MAX_NODES + "a]\n"
    found = one(tmp_path, content, Msg.YAML_TOO_MANY_NODES)
    assert found.endswith(
        ": the file holds more than 100000 YAML values (every name, text, number and"
        " list counts) — a pack is much smaller; split it into several packs"
    )
    assert found.startswith("F:1:")


def test_yaml_duplicate_key(tmp_path: Path) -> None:
    content = GOOD.replace("    kind: do\n", "    kind: do\n    kind: dont\n")
    assert one(tmp_path, content, Msg.YAML_DUPLICATE_KEY) == (
        "F:17:5: 'kind' appears twice in this mapping (first on line 16) — keep one"
    )


def test_yaml_control_char(tmp_path: Path) -> None:
    content = GOOD.replace('title: "Acme"', 'title: "Ac\x1bme"')
    assert one(tmp_path, content, Msg.YAML_CONTROL_CHAR) == (
        "F:3:13: the character U+001B is a control character, which YAML does not allow"
        " in a file — delete it"
    )


def test_bad_key(tmp_path: Path) -> None:
    content = GOOD.replace(
        "  roles: [ae]\nquestions:", "  roles: [ae]\n  ? [a, b]\n  : c\nquestions:"
    )
    assert one(tmp_path, content, Msg.BAD_KEY) == (
        "F:6:5: a field name must be a plain word, found a list — write 'name: value'"
    )


# --- The pack's content (schema) ---


def test_missing_field(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace("    time_limit: 90\n", ""), Msg.MISSING_FIELD) == (
        "F:7:5: questions[0] (id 'why-us'): 'time_limit' is missing — add it"
    )


def test_unknown_field(tmp_path: Path) -> None:
    content = GOOD.replace("    kind: motivation", "    kind: motivation\n    kinds: opening")
    assert one(tmp_path, content, Msg.UNKNOWN_FIELD) == (
        "F:10:5: questions[0] (id 'why-us'): unknown field 'kinds' — did you mean 'kind'?"
    )


def test_unknown_field_without_a_near_name(tmp_path: Path) -> None:
    content = GOOD.replace("  roles: [ae]\nquestions:", "  roles: [ae]\n  zzz: 1\nquestions:")
    assert one(tmp_path, content, Msg.UNKNOWN_FIELD) == (
        "F:6:3: pack: unknown field 'zzz' — allowed: id, title, language, roles, description"
    )


def test_not_text(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace('title: "Acme"', "title: [Acme]"), Msg.NOT_TEXT) == (
        "F:3:10: pack.title: expected text, found a list — write it as text in quotes"
    )


def test_not_list(tmp_path: Path) -> None:
    content = GOOD.replace(
        '    hints: ["Something specific about Acme.", "How you fit what they sell."]',
        '    hints: "Something specific."',
    )
    assert one(tmp_path, content, Msg.NOT_LIST) == (
        "F:13:12: questions[0] (id 'why-us').hints: expected a list, found the text"
        " 'Something specific.' — write it as [a, b] or as '- ' lines"
    )


def test_not_mapping(tmp_path: Path) -> None:
    content = GOOD.replace("tips:\n  - id: know-them", "tips:\n  - know-them\n  - id: know-them")
    assert one(tmp_path, content, Msg.NOT_MAPPING) == (
        "F:15:5: tips[0]: expected a mapping of fields, found the text 'know-them'"
        " — write it as 'field: value' lines"
    )


def test_not_number(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace("time_limit: 90", "time_limit: 1:30"), Msg.NOT_NUMBER) == (
        "F:12:17: questions[0] (id 'why-us').time_limit: expected a whole number of seconds,"
        " found the text '1:30' — write a number such as 90"
    )


def test_empty_text(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace('title: "Acme"', 'title: "  "'), Msg.EMPTY_TEXT) == (
        "F:3:10: pack.title: is empty — write the text"
    )


def test_text_too_long(tmp_path: Path) -> None:
    content = GOOD.replace('title: "Acme"', 'title: "' + "x" * 2001 + '"')
    assert one(tmp_path, content, Msg.TEXT_TOO_LONG) == (
        "F:3:10: pack.title: is 2001 characters, more than the 2000 allowed — shorten it"
    )


def test_bad_choice(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace("kind: motivation", "kind: motivaton"), Msg.BAD_CHOICE) == (
        "F:9:11: questions[0] (id 'why-us').kind: 'motivaton' is not a known question kind"
        " — did you mean 'motivation'? (one of: opening, motivation, experience,"
        " behavioural, role-knowledge, objection-roleplay, closing, cold-call, roleplay, plan,"
        " pitch, written, pipeline-maths)"
    )


def test_bad_choice_language(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace("language: en", "language: English"), Msg.BAD_CHOICE) == (
        "F:4:13: pack.language: 'English' is not a known language"
        " — did you mean 'en'? (one of: en, es, id, ja, th)"
    )
    assert one(tmp_path, GOOD.replace("language: en", "language: en_GB"), Msg.BAD_CHOICE) == (
        "F:4:13: pack.language: 'en_GB' is not a known language"
        " — use a language code such as en, es, id, ja or th"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [("jp", "did you mean 'ja'?"), ("pt", "use one of: en, es, id, ja, th")],
)
def test_a_pack_language_is_one_aecoach_knows(tmp_path: Path, written: str, hint: str) -> None:
    content = GOOD.replace("language: en", f"language: {written}")
    assert one(tmp_path, content, Msg.BAD_CHOICE).startswith(
        f"F:4:13: pack.language: '{written}' is not a known language — {hint}"
    )


def test_a_pack_language_may_name_a_region(tmp_path: Path) -> None:
    pack, problems = load_pack(
        write(tmp_path, "p.yaml", GOOD.replace("language: en", "language: es-MX"))
    )
    assert problems == [] and pack is not None and pack.language == "es-MX"


def test_bad_id(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace("id: why-us", "id: Why Us?"), Msg.BAD_ID) == (
        "F:7:9: questions[0] (id 'Why Us?').id: 'Why Us?' is not a valid id"
        " — use lower-case letters, digits and hyphens, such as 'why-us'"
    )


def test_duplicate_id_across_sections(tmp_path: Path) -> None:
    # Full ids are `<pack>/<id>` whatever the section, so a tip may not reuse a question's id.
    assert one(tmp_path, GOOD.replace("id: know-them", "id: why-us"), Msg.DUPLICATE_ID) == (
        "F:15:9: tips[0] (id 'why-us').id: the id 'why-us' is used twice (first on line 7)"
        " — give each item its own id"
    )


def test_out_of_range(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace("time_limit: 90", "time_limit: 5"), Msg.OUT_OF_RANGE) == (
        "F:12:17: questions[0] (id 'why-us').time_limit: 5 is outside 10 to 1800"
        " — pick a value in that range"
    )


def test_out_of_range_huge_number(tmp_path: Path) -> None:
    # int() of 5000 digits raises ValueError in Python 3.11+; it must be a problem instead.
    assert one(
        tmp_path, GOOD.replace("time_limit: 90", "time_limit: " + "9" * 5000), Msg.OUT_OF_RANGE
    ) == (
        "F:12:17: questions[0] (id 'why-us').time_limit: 9999999999999999999… is outside"
        " 10 to 1800 — pick a value in that range"
    )


def test_too_few(tmp_path: Path) -> None:
    content = GOOD.replace(
        '["Something specific about Acme.", "How you fit what they sell."]', '["Only one."]'
    )
    assert one(tmp_path, content, Msg.TOO_FEW) == (
        "F:13:12: questions[0] (id 'why-us').hints: needs at least 2, found 1 — add more"
    )


def test_too_many_in_a_list(tmp_path: Path) -> None:
    hints = "[" + ", ".join(f'"Hint {i}."' for i in range(21)) + "]"
    content = GOOD.replace(
        '["Something specific about Acme.", "How you fit what they sell."]', hints
    )
    assert one(tmp_path, content, Msg.TOO_MANY) == (
        "F:13:12: questions[0] (id 'why-us').hints: holds 21 entries, more than the 20 allowed"
        " — split the pack"
    )


def test_too_many_items(tmp_path: Path) -> None:
    item = "  - {id: a, kind: do, title: t, body: b, roles: [ae]}\n"
    content = GOOD.split("tips:")[0] + "tips:\n" + item * 1001
    assert one(tmp_path, content, Msg.TOO_MANY) == (
        "F:15:3: tips: holds 1001 entries, more than the 1000 allowed — split the pack"
    )


def test_duplicate_entry(tmp_path: Path) -> None:
    assert one(
        tmp_path,
        GOOD.replace("  roles: [ae]\nquestions", "  roles: [ae, ae]\nquestions"),
        Msg.DUPLICATE_ENTRY,
    ) == ("F:5:15: pack.roles: 'ae' is listed twice — list it once")


@pytest.mark.parametrize("sections", ["", "questions: []\n", "questions:\n"])
def test_pack_empty(tmp_path: Path, sections: str) -> None:
    header = GOOD.split("questions:")[0]
    assert one(tmp_path, header + sections, Msg.PACK_EMPTY) == (
        "F: the pack holds no questions, tips, asks or objections — add at least one"
    )


def test_too_many_problems(tmp_path: Path) -> None:
    item = "  - {id: a, kind: nope, title: t, body: b, roles: [ae]}\n"
    found = problems(tmp_path, GOOD.split("tips:")[0] + "tips:\n" + item * 300)
    assert len(found) == yamlsafe.MAX_PROBLEMS + 1
    assert found[-1] == "F: stopped after 100 problems — fix these and check the file again"
    _, raw = load_pack(tmp_path / "p.yaml")
    assert raw[-1].msg is Msg.TOO_MANY_PROBLEMS


def test_every_problem_once_in_file_order(tmp_path: Path) -> None:
    content = (
        GOOD.replace("kind: motivation", "kind: motivaton")
        .replace("    kind: do\n", "    kind: do\n    kind: dont\n")
        .replace('title: "Acme"', "title: !!python/object/apply:os.system [echo]")
    )
    found = problems(tmp_path, content)
    assert found == [
        "F:3:10: the tag '!!python/object/apply:os.system' is not allowed — remove it;"
        " packs hold plain text, numbers and lists",
        "F:9:11: questions[0] (id 'why-us').kind: 'motivaton' is not a known question kind"
        " — did you mean 'motivation'? (one of: opening, motivation, experience,"
        " behavioural, role-knowledge, objection-roleplay, closing, cold-call, roleplay, plan,"
        " pitch, written, pipeline-maths)",
        "F:17:5: 'kind' appears twice in this mapping (first on line 16) — keep one",
    ]


# --- Folders and clashes (loader) ---


def test_folder_empty(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    results = validate([tmp_path / "empty"], builtin=tmp_path / "none")
    assert [p.text for r in results for p in r.problems] == [
        f"{tmp_path / 'empty'}: no pack files (*.yaml) in this folder — give the path of a"
        " pack, or write one with `aecoach packs new NAME`"
    ]
    assert results[0].problems[0].msg is Msg.FOLDER_EMPTY


def test_folder_unreadable(tmp_path: Path) -> None:
    write(tmp_path, "packs", "not a folder")
    found, trouble = loader.list_folder(tmp_path / "packs")
    assert found == []
    assert trouble is not None and trouble.msg is Msg.FOLDER_UNREADABLE
    assert trouble.text == (
        f"{tmp_path / 'packs'}: cannot list this folder (it is a file)"
        " — check that it exists and you may read it"
    )


def test_pack_id_clash_between_given_packs(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", GOOD)
    results = validate([first, second], builtin=tmp_path / "none")
    assert [p.text for r in results for p in r.problems] == [
        f"{second}: the pack id 'acme' is also used by {first} — give one of the packs"
        " another id (item ids are '<pack id>/<item id>', so pack ids must differ)"
    ]
    assert results[1].problems[0].msg is Msg.PACK_ID_CLASH


def test_pack_id_builtin(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", pack_text("core"))
    results = validate([path])
    builtin_core = loader.builtin_dir() / "en" / "core.yaml"
    assert [p.text for r in results for p in r.problems] == [
        f"{path}: the pack id 'core' is the id of the built-in pack {builtin_core}"
        " — give your pack another id, such as 'my-core'"
    ]
    assert results[0].problems[0].msg is Msg.PACK_ID_BUILTIN


def test_bank_invalid_for_a_broken_extra_pack(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        GOOD.replace("kind: do", "kind: maybe").replace("time_limit: 90", "time_limit: 1"),
    )
    with pytest.raises(BankError) as caught:
        load_bank(extra=[path])
    assert caught.value.msg is Msg.BANK_INVALID
    assert caught.value.values["more"] == render(Msg.BANK_MORE, count=1, path=str(path))
    assert caught.value.text == (
        f"{path}:12:17: questions[0] (id 'why-us').time_limit: 1 is outside 10 to 1800"
        " — pick a value in that range"
        f"\n  (and 1 more: run `aecoach packs validate {path}` to see them all)"
    )


def test_user_pack_skipped_warning(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    path = write(folder, "p.yaml", GOOD.replace("kind: do", "kind: maybe"))
    result = survey(user_dir=folder)
    assert [f.path for f in result.skipped] == [path]
    warning = loader.skip_warning(result.skipped[0], folder)
    assert warning.startswith(Msg.USER_PACK_SKIPPED.value.split("{")[0])
    assert warning == (
        f"left out your pack {path}, which has 1 problem:\n"
        f"  {path}:16:11: tips[0] (id 'know-them').kind: 'maybe' is not a known tip kind"
        " — use one of: do, dont, advice, role\n"
        f"  — fix it (`aecoach packs validate {path}` lists every problem),"
        f" or move it out of {folder}"
    )


def test_every_loader_message_is_asserted_here() -> None:
    """Every Msg the pack loader can produce is named in this file (so it has a test)."""
    here = Path(__file__).read_text(encoding="utf-8")
    bank = Path(loader.__file__).parent
    used: set[str] = set()
    for source in (bank / "yamlsafe.py", bank / "schema.py", bank / "loader.py"):
        used |= set(re.findall(r"Msg\.([A-Z_0-9]+)", source.read_text(encoding="utf-8")))
    missing = sorted(name for name in used if f"Msg.{name}" not in here)
    assert missing == []


# --- Turns, model answers and pipeline maths (issue 16) ---

MATHS = GOOD.replace("kind: motivation", "kind: pipeline-maths").replace(
    "    time_limit: 90\n", "    time_limit: 90\n    answer: 1800000\n"
)


def test_pipeline_maths_answer_is_read_as_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MATHS.replace("answer: 1800000", "answer: 3.5"))
    pack, found = load_pack(path)
    assert found == [] and pack is not None
    assert pack.questions[0].answer == 3.5
    pack, _ = load_pack(write(tmp_path, "q.yaml", MATHS))
    assert pack is not None and pack.questions[0].answer == 1800000


@pytest.mark.parametrize(
    ("written", "found"),
    [("1,800,000", "the text '1,800,000'"), ('"60"', "the text '60' in quotes"), ("[1]", "a list")],
)
def test_pipeline_maths_answer_must_be_a_plain_number(
    tmp_path: Path, written: str, found: str
) -> None:
    content = MATHS.replace("answer: 1800000", f"answer: {written}")
    assert one(tmp_path, content, Msg.NOT_PLAIN_NUMBER) == (
        f"F:13:13: questions[0] (id 'why-us').answer: expected a number, found {found}"
        " — write it plainly, such as 1800000 or 3.5 (no quotes, separators or unit)"
    )


def test_pipeline_maths_needs_an_answer(tmp_path: Path) -> None:
    content = MATHS.replace("    answer: 1800000\n", "")
    assert one(tmp_path, content, Msg.MISSING_FIELD) == (
        "F:7:5: questions[0] (id 'why-us'): 'answer' is missing — add it"
    )


def test_answer_only_on_pipeline_maths(tmp_path: Path) -> None:
    content = GOOD.replace("    time_limit: 90\n", "    time_limit: 90\n    tolerance: 1\n")
    assert one(tmp_path, content, Msg.ANSWER_NOT_ALLOWED) == (
        "F:13:5: questions[0] (id 'why-us'): 'tolerance' is only for pipeline-maths questions"
        " (this one is 'motivation') — remove it, or make the kind pipeline-maths"
    )


def test_turns_are_checked_like_items(tmp_path: Path) -> None:
    content = GOOD.replace(
        "    time_limit: 90\n",
        "    time_limit: 90\n    turns:\n      - line: 'But why?'\n        points: [one]\n"
        "        time_limt: 30\n",
    )
    assert problems(tmp_path, content) == [
        "F:15:17: questions[0] (id 'why-us').turns[0].points: needs at least 2, found 1 — add more",
        "F:16:9: questions[0] (id 'why-us').turns[0]: unknown field 'time_limt'"
        " — did you mean 'time_limit'?",
    ]


def test_turns_brief_and_model_answer_load(tmp_path: Path) -> None:
    content = GOOD.replace(
        "    time_limit: 90\n",
        "    time_limit: 90\n    brief: |\n      Card\n      Two\n    model_answer: 'Say [x].'\n"
        "    turns:\n      - line: 'But why?'\n        points: [one, two]\n"
        "        time_limit: 30\n",
    )
    pack, found = load_pack(write(tmp_path, "p.yaml", content))
    assert found == [] and pack is not None
    question = pack.questions[0]
    assert question.brief == "Card\nTwo\n"
    assert question.model_answer == "Say [x]."
    assert [tuple(t) for t in question.turns] == [("But why?", ("one", "two"), 30)]


def test_pack_misnamed(tmp_path: Path) -> None:
    path = write(tmp_path, "acme.yaml.txt", GOOD)
    pack, found = load_pack(path)
    assert pack is None
    assert found[0].msg is Msg.PACK_MISNAMED
    assert [p.text for p in found] == [
        f"{path}: the name ends in .txt, so this is not read as a pack"
        " — rename the file to acme.yaml"
    ]
    assert loader.pack_files(tmp_path) == [path]  # so the packs folder warns about it


def test_not_number_in_quotes(tmp_path: Path) -> None:
    assert one(tmp_path, GOOD.replace("time_limit: 90", 'time_limit: "90"'), Msg.NOT_NUMBER) == (
        "F:12:17: questions[0] (id 'why-us').time_limit: expected a whole number of seconds,"
        " found the text '90' in quotes — write a number such as 90"
    )


def test_bank_invalid_in_two_packs_suggests_validating_both(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", GOOD.replace("kind: do", "kind: maybe"))
    second = write(
        tmp_path, "b.yaml", GOOD.replace("id: acme", "id: acme-two").replace("kind: do", "kind: x")
    )
    with pytest.raises(BankError) as caught:
        load_bank(extra=[tmp_path])
    assert caught.value.values["more"] == render(Msg.BANK_MORE, count=1, path=f"{first} {second}")


# --- A translated bank against English (Msg.TRANSLATION_*, `packs validate --bank`) ---


def test_validate_bank_reports_what_each_language_lacks(tmp_path: Path) -> None:
    import shutil

    from aecoach.bank.loader import builtin_dir, validate_bank

    root = tmp_path / "questions"
    shutil.copytree(builtin_dir(), root)
    assert [p.text for f in validate_bank(root) for p in f.problems] == []
    ja = root / "ja" / "core.yaml"
    text = ja.read_text(encoding="utf-8")
    start = text.index('  - id: "why-sales"')
    end = text.index("  - id:", start + 1)
    ja.write_text(text[:start] + text[end:], encoding="utf-8")
    (root / "es" / "am.yaml").unlink()
    th = root / "th" / "tips.yaml"
    th.write_text(
        th.read_text(encoding="utf-8").replace("kind: dont", "kind: do", 1), encoding="utf-8"
    )
    found = [p for f in validate_bank(root) for p in f.problems]
    en_core = root / "en" / "core.yaml"
    line = next(
        n for n, row in enumerate(en_core.read_text().splitlines(), 1) if '"why-sales"' in row
    )
    th_line = next(
        n for n, row in enumerate(th.read_text().splitlines(), 1) if "dont-leave-to-chance" in row
    )
    assert [p.msg for p in found] == [
        Msg.TRANSLATION_PACK_MISSING,
        Msg.TRANSLATION_MISSING,
        Msg.TRANSLATION_DIFFERS,
    ]
    assert [p.text for p in found] == [
        f"{root / 'es'}: es lacks the whole pack 'am' (English: {root / 'en' / 'am.yaml'})"
        " — translate it with the same pack id; until then it is shown in English",
        f"{ja}: ja lacks 'core/why-sales' (English: {en_core}:{line})"
        " — translate it with the same id; until then it is shown in English",
        f"{th}:{th_line}:1: 'tips/dont-leave-to-chance': kind differs from English"
        f" ({th}:{th_line}) — use the same kind as English, so filters and stats agree"
        " across languages",
    ]


def test_validate_bank_reports_turns_and_model_answers(tmp_path: Path) -> None:
    from aecoach.bank.loader import validate_bank

    english = """\
pack:
  id: drills
  title: "Drills"
  language: LANG
  roles: [sdr]
objections:
  - id: not-interested
    line: "Not interested."
    theme: brush-off
    roles: [sdr]
    points: [Stay calm, Ask one question]
    turns:
      - line: "I said no."
        points: [Respect it, Thank them]
    model_answer: "Fair enough: [one line], then thirty seconds."
"""
    root = tmp_path / "questions"
    write(root / "en", "drills.yaml", english.replace("LANG", "en"))
    # es: no model answer; id: no follow-up turn.
    spanish = english.replace("LANG", "es").replace(
        '    model_answer: "Fair enough: [one line], then thirty seconds."\n', ""
    )
    write(root / "es", "drills.yaml", spanish)
    indonesian = english.replace("LANG", "id")
    indonesian = indonesian.replace(
        '    turns:\n      - line: "I said no."\n        points: [Respect it, Thank them]\n', ""
    )
    write(root / "id", "drills.yaml", indonesian)
    found = [p for f in validate_bank(root) for p in f.problems]
    assert [p.msg for p in found] == [Msg.TRANSLATION_LACKS_FIELD, Msg.TRANSLATION_DIFFERS]
    assert found[0].text == (
        f"{root / 'es' / 'drills.yaml'}:7:1: 'drills/not-interested': es lacks the model_answer"
        " that English has — write it in es, not word for word"
    )
    assert found[1].text.startswith(
        f"{root / 'id' / 'drills.yaml'}:7:1: 'drills/not-interested': turns differs from English"
    )


def test_validate_bank_reports_an_id_english_does_not_have(tmp_path: Path) -> None:
    import shutil

    from aecoach.bank.loader import builtin_dir, validate_bank

    root = tmp_path / "questions"
    shutil.copytree(builtin_dir(), root)
    id_core = root / "id" / "core.yaml"
    id_core.write_text(
        id_core.read_text(encoding="utf-8").replace('id: "why-sales"', 'id: "why-sales-2"'),
        encoding="utf-8",
    )
    found = [p for f in validate_bank(root) for p in f.problems]
    assert [p.msg for p in found] == [Msg.TRANSLATION_MISSING, Msg.TRANSLATION_EXTRA]
    assert found[1].text.endswith(
        ": 'core/why-sales-2' is not in the English bank"
        " — give it the English id, or add it to English first"
    )
    assert found[1].path == str(id_core) and found[1].line > 0
