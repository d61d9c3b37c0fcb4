"""Hostile and broken packs: each case has a clear message, no traceback, no side effect.

Every test here fails without the protection it names (checked by turning
the protection off); the comment on each says what would happen instead.
Packs are put where a candidate would put them (the packs folder, or
`--pack`) and the commands are run as a candidate would run them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from aecoach import safefile
from aecoach.bank import yamlsafe
from aecoach.bank.loader import load_pack
from aecoach.cli import app
from aecoach.errors import Msg
from packkit import GOOD, pack_text, write

runner = CliRunner()
WIDE = {"COLUMNS": "250"}  # so Rich never wraps inside the text a test looks for
C1 = re.compile("[\x80-\x9f]")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AECOACH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AECOACH_DEBUG", raising=False)
    return tmp_path / "home"


def only(path: Path) -> list[str]:
    pack, problems = load_pack(path)
    assert pack is None
    return [p.text for p in problems]


def no_traceback(result: object) -> None:
    output = getattr(result, "output", "")
    assert "Traceback" not in output
    exception = getattr(result, "exception", None)
    assert exception is None or isinstance(exception, SystemExit), repr(exception)


def assert_refused_everywhere(home: Path, name: str, content: str | bytes, expected: str) -> None:
    """The problem shows in `packs validate`, as a warning in `tips`, as an error with --pack."""
    path = write(home / "packs", name, content)
    line = expected.replace("F", str(path), 1)
    checked = runner.invoke(app, ["packs", "validate", str(path)])
    no_traceback(checked)
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[0] == line
    tips = runner.invoke(app, ["tips"])
    no_traceback(tips)
    assert tips.exit_code == 0  # the built-in bank still works
    assert f"aecoach: warning: left out your pack {path}, which has 1 problem:\n  {line}\n" in (
        tips.stderr
    )
    path.rename(home / name)
    given = runner.invoke(app, ["--pack", str(home / name), "tips"])
    no_traceback(given)
    assert given.exit_code == 1
    assert given.stderr == f"aecoach: error: {line.replace(str(path), str(home / name))}\n"


# --- Broken files ---


def test_syntax_error(home: Path) -> None:
    content = GOOD.replace('body: "Read two case studies."', "body: Note: read two.")
    assert_refused_everywhere(
        home,
        "p.yaml",
        content,
        "F:18:15: YAML syntax error: mapping values are not allowed in this context"
        " — put text that contains ': ' in quotes",
    )


def test_tabs(home: Path) -> None:
    assert_refused_everywhere(
        home,
        "p.yaml",
        GOOD.replace("    kind: motivation", "\tkind: motivation"),
        "F:9:1: YAML syntax error: found character that cannot start any token"
        " — indent with spaces, not tabs",
    )


def test_empty_file(home: Path) -> None:
    assert_refused_everywhere(
        home,
        "p.yaml",
        "",
        "F: the file is empty — a pack needs a 'pack:' header and at least one item"
        " (`aecoach packs new NAME` writes a starter)",
    )


def test_top_level_not_a_mapping(home: Path) -> None:
    assert_refused_everywhere(
        home,
        "p.yaml",
        "- why sales?\n- why us?\n",
        "F:1:1: the top level is a list, not a mapping — start the file with 'pack:'",
    )


def test_binary_file(home: Path) -> None:
    assert_refused_everywhere(
        home,
        "p.yaml",
        bytes(range(256)) * 4,
        "F: this is a binary file, not YAML text — a pack must be a UTF-8 text file",
    )


def test_utf16(home: Path) -> None:
    assert_refused_everywhere(
        home,
        "p.yaml",
        GOOD.encode("utf-16"),
        "F: the file is encoded as UTF-16, not UTF-8 — save it as UTF-8",
    )


def test_latin1(home: Path) -> None:
    assert_refused_everywhere(
        home,
        "p.yaml",
        GOOD.replace('title: "Acme"', 'title: "Café"').encode("latin-1"),
        "F:3:14: byte 0xe9 is not UTF-8 (the file looks like Latin-1 or Windows-1252)"
        " — save it as UTF-8",
    )


# --- Tags that construct objects ---


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
        "!!python/object/new:os.system ['touch {marker}']",
    ],
)
def test_python_tags_execute_nothing(home: Path, tmp_path: Path, tagged: str) -> None:
    # With yaml.unsafe_load (or yaml.load and the full loader) the marker would exist.
    marker = tmp_path / "executed"
    content = GOOD.replace('title: "Acme"', "title: " + tagged.format(marker=marker))
    path = write(home / "packs", "p.yaml", content)
    assert only(path)[0].startswith(f"{path}:3:10: the tag '!!python/object/")
    for args in (["tips"], ["questions"], ["packs", "validate", str(path)], ["packs", "list"]):
        no_traceback(runner.invoke(app, args))
    assert not marker.exists()


# --- Alias bombs ---

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


def test_billion_laughs_refused_in_bounded_memory(tmp_path: Path) -> None:
    # Without the alias refusal, anything that walks the tree walks 9**9 nodes:
    # gigabytes and minutes. Refused at the first anchor, it costs almost nothing.
    assert len(BOMB) < 400
    path = write(tmp_path, "bomb.yaml", BOMB)
    tracemalloc.start()
    try:
        found = only(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == [
        f"{path}:1:4: anchors and aliases (&name, *name) are not allowed in packs"
        " — write the value out in full"
    ]
    assert peak < 5 * 1024 * 1024


def test_bomb_inside_a_pack_field(tmp_path: Path) -> None:
    content = GOOD.replace(
        '["Something specific about Acme.", "How you fit what they sell."]', "*i"
    ).replace("pack:\n", BOMB.replace("a: &a", "x: &a") + "pack:\n")
    path = write(tmp_path, "bomb.yaml", content)
    assert only(path)[0].endswith(
        "anchors and aliases (&name, *name) are not allowed in packs — write the value out in full"
    )


@pytest.mark.parametrize("loader_name", ["PackYamlLoader", "PurePackLoader"])
def test_aliases_refused_by_both_loaders(loader_name: str) -> None:
    with pytest.raises(yamlsafe.PackFileError) as caught:
        yamlsafe.compose(BOMB, "bomb.yaml", getattr(yamlsafe, loader_name))
    assert caught.value.problem.msg is Msg.YAML_ALIAS


def test_libyaml_event_parser_is_used() -> None:
    # yaml.CParser does not exist (it lives in yaml._yaml): looking it up there
    # silently fell back to the pure-Python scanner, several times slower.
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml")
    from yaml._yaml import CParser

    assert issubclass(yamlsafe.PackYamlLoader, CParser)


# --- Deep nesting ---


@pytest.mark.parametrize("depth", [5_000, 300_000])
@pytest.mark.parametrize("loader_name", ["PackYamlLoader", "PurePackLoader"])
def test_deep_brackets(depth: int, loader_name: str) -> None:
    # Without the depth bound: RecursionError from the Python composer (or a
    # segfault from libyaml's own composer, which is why it is not used).
    text = "pack: " + "[" * depth + "]" * depth
    with pytest.raises(yamlsafe.PackFileError) as caught:
        yamlsafe.compose(text, "deep.yaml", getattr(yamlsafe, loader_name))
    assert caught.value.problem.text == (
        "deep.yaml:1:22: nested deeper than 16 levels — a pack is only a few levels deep"
    )


def test_a_parser_that_stops_at_its_own_nesting_limit_still_gets_our_message() -> None:
    # PyYAML 6.0.4's libyaml refuses at 1,000 levels while scanning ahead, before the
    # composer sees depth 17; older and newer releases may differ. This parser always does.
    class LimitedParser(yamlsafe.PackYamlLoader):  # type: ignore[misc, valid-type]
        def check_event(self, *choices):  # type: ignore[no-untyped-def]
            mark = yaml.Mark("deep.yaml", 0, 0, 1005, None, None)
            raise yaml.scanner.ScannerError(None, None, "exceeded maximum nesting depth", mark)

    text = "pack: " + "[" * 5000 + "]" * 5000
    with pytest.raises(yamlsafe.PackFileError) as caught:
        yamlsafe.compose(text, "deep.yaml", LimitedParser)
    assert caught.value.problem.text == (
        "deep.yaml:1:22: nested deeper than 16 levels — a pack is only a few levels deep"
    )


@pytest.mark.parametrize(
    "text",
    [
        "pack: " + "{a: " * 5000 + "}" * 5000,
        "- " * 5000 + "x\n",
        "pack: " + "[" * 300_000,  # never closed
    ],
)
def test_deep_nesting_of_every_kind(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "deep.yaml", text)
    found = only(path)
    assert len(found) == 1
    assert found[0].endswith("nested deeper than 16 levels — a pack is only a few levels deep")


def test_deep_nesting_in_a_real_process(home: Path) -> None:
    # A crash in C (libyaml's recursive composer) kills the process: only a
    # subprocess can tell. 300k brackets, both open and closed.
    path = write(home / "packs", "deep.yaml", "pack: " + "[" * 300_000 + "]" * 300_000)
    env = {**os.environ, "AECOACH_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "aecoach", "packs", "validate", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{path}:1:22: nested deeper than 16 levels — a pack is only a few levels deep"
    )
    assert "Traceback" not in done.stderr


# --- Size ---


def test_multi_megabyte_string(tmp_path: Path) -> None:
    # Over the file limit: refused before YAML sees it.
    content = GOOD.replace('title: "Acme"', 'title: "' + "x" * 3_000_000 + '"')
    path = write(tmp_path, "big.yaml", content)
    assert only(path) == [
        f"{path}: the file is {len(content)} bytes, more than the 1048576 bytes a pack"
        " may hold — split it into several packs"
    ]


def test_long_string_under_the_file_limit(tmp_path: Path) -> None:
    # Inside the file limit: the field limit refuses it, and the message quotes
    # none of it (a 500 kB line on a terminal is its own kind of attack).
    content = GOOD.replace('title: "Acme"', 'title: "' + "x" * 500_000 + '"')
    content = content.replace(
        "  roles: [ae]\nquestions", "  ? " + "k" * 500_000 + "\n  : 1\n  roles: [ae]\nquestions"
    )
    path = write(tmp_path, "big.yaml", content)
    found = only(path)
    assert (
        f"{path}:3:10: pack.title: is 500000 characters, more than the 2000 allowed — shorten it"
        in found
    )
    unknown = [f for f in found if "unknown field" in f]
    assert unknown == [
        f"{path}:5:5: pack: unknown field '{'k' * 59}…' — allowed: id, title, language, roles,"
        " description"
    ]
    assert all(len(f) < 400 for f in found)


def test_fifty_megabytes_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    read: list[int] = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        data = real_read(fd, size)
        read.append(len(data))
        return data

    monkeypatch.setattr(safefile.os, "read", counting_read)
    assert only(path) == [
        f"{path}: the file is 52428800 bytes, more than the 1048576 bytes a pack may hold"
        " — split it into several packs"
    ]
    assert sum(read) == 0


def test_a_file_larger_than_it_says_is_read_only_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sizes can lie (files still growing, /proc): the read itself is capped.
    path = write(tmp_path, "grows.yaml", b"a" * (3 * 1024 * 1024))
    real_fstat = os.fstat

    class Small:
        def __init__(self, real: os.stat_result) -> None:
            self.st_mode = real.st_mode
            self.st_size = 10

    monkeypatch.setattr(safefile.os, "fstat", lambda fd: Small(real_fstat(fd)))
    read: list[int] = []
    real_read = os.read
    monkeypatch.setattr(
        safefile.os,
        "read",
        lambda fd, n: read.append(n) or real_read(fd, n),  # type: ignore[func-returns-value]
    )
    found = only(path)
    assert found[0].endswith(
        "more than the 1048576 bytes a pack may hold — split it into several packs"
    )
    assert sum(read) <= yamlsafe.MAX_FILE_BYTES + 1


def test_many_small_values_are_bounded(tmp_path: Path) -> None:
    # A 1 MB file of `a,a,a,...` is half a million values: refused at MAX_NODES.
    path = write(tmp_path, "wide.yaml", "pack: [" + "a," * 500_000 + "a]\n")
    found = only(path)
    assert len(found) == 1 and "more than 100000 YAML values" in found[0]


# --- YAML 1.1 coercions and duplicate keys ---


def test_yaml11_coercions_stay_text(tmp_path: Path) -> None:
    # With PyYAML's resolvers `no` is False, `1.10` is 1.1, `12:30` is 750,
    # `2001-12-14` a date, `0o17` 15: the schema would refuse their tags.
    written = ["no", "yes", "on", "off", "1.10", "12:30", "2001-12-14", "0o17", "1e3", ".inf", "~a"]
    hints = "\n".join(f"      - {value}" for value in written)
    content = GOOD.replace(
        '    hints: ["Something specific about Acme.", "How you fit what they sell."]',
        "    hints:\n" + hints,
    ).replace('title: "Acme"', "title: no")
    pack, problems = load_pack(write(tmp_path, "p.yaml", content))
    assert problems == []
    assert pack is not None
    assert pack.title == "no"
    assert list(pack.questions[0].hints) == written


def test_sexagesimal_is_not_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", GOOD.replace("time_limit: 90", "time_limit: 1:30"))
    assert only(path) == [
        f"{path}:12:17: questions[0] (id 'why-us').time_limit: expected a whole number of"
        " seconds, found the text '1:30' — write a number such as 90"
    ]


def test_duplicate_keys_reported(tmp_path: Path) -> None:
    # PyYAML keeps the last value silently; a pack author would never know.
    path = write(
        tmp_path, "p.yaml", GOOD.replace('  title: "Acme"\n', '  title: "Acme"\n  title: "Other"\n')
    )
    assert only(path) == [
        f"{path}:4:3: 'title' appears twice in this mapping (first on line 3) — keep one"
    ]


# --- Text that tries to drive the terminal ---

EVIL_TITLE = r"[bold]Bold[/] [link=https://evil.example]click[/link] \e[31mred\e[0m"
EVIL_TEXT = r"Why us? \x1b]0;pwned\x07 \e]52;c;ZWNobyBwd25lZA==\a \x9b2J \u009d0;t\u009c \u202eevil"
EVIL_HINT = r"[/] \e[2J\e[H wiped \x1bP+q\x1b\\ done"


def evil_pack(home: Path) -> Path:
    content = (
        GOOD.replace('"Why do you want to work at Acme?"', f'"{EVIL_TEXT}"')
        .replace('"Something specific about Acme."', f'"{EVIL_HINT}"')
        .replace('title: "Know Acme\'s customers"', f'title: "{EVIL_TITLE}"')
        .replace('body: "Read two case studies."', f'body: "{EVIL_HINT}"')
    )
    return write(home / "packs", "evil.yaml", content)


def assert_inert(output: str) -> None:
    assert "\x1b" not in output
    assert "\x07" not in output
    assert not C1.search(output)
    assert "\u202e" not in output


@pytest.mark.parametrize(
    ("args", "literal"),
    [
        (["tips"], "[bold]Bold[/] [link=https://evil.example]click[/link] \\x1b[31mred\\x1b[0m"),
        (["tips", "--search", "wiped"], "[/] \\x1b[2J\\x1b[H wiped \\x1bP+q\\x1b\\ done"),
        (["questions"], "Why us? \\x1b]0;pwned\\x07 \\x1b]52;c;ZWNobyBwd25lZA==\\x07 \\x9b2J"),
        (["questions", "show", "acme/why-us"], "[/] \\x1b[2J\\x1b[H wiped"),
        (["questions", "show", "acme/why-us"], "\\x9d0;t\\x9c \\u202eevil"),
    ],
)
def test_terminal_control_shown_inert(home: Path, args: list[str], literal: str) -> None:
    # Without textsafe.inert at load time the ESC, BEL and C1 bytes reach the
    # terminal (Rich strips only a few C0 codes); with markup on, `[bold]`
    # would vanish into styling and `[link=...]` would become a hyperlink.
    evil_pack(home)
    result = runner.invoke(app, args, env=WIDE)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    assert literal in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["tips", "--json"],
        ["questions", "--json"],
        ["questions", "show", "acme/why-us", "--json"],
        ["packs", "list", "--json"],
        ["packs", "list"],
    ],
)
def test_terminal_control_inert_in_json_and_lists(home: Path, args: list[str]) -> None:
    evil_pack(home)
    result = runner.invoke(app, args, env=WIDE)
    no_traceback(result)
    assert result.exit_code == 0
    assert_inert(result.output)


def test_terminal_control_in_problems_is_inert(home: Path) -> None:
    # Problems quote what the author wrote: field names, values, file names.
    folder = home / "packs"
    content = GOOD.replace("    kind: do\n", '    kind: "\\e]0;x\\a"\n    "\\e[2J\\x9b": 1\n')
    write(folder, "evil\x1b]0;title\x07.yaml", content)
    write(folder, "evil2.yaml", b"pack: \x1b[31m\n")
    for args in (["packs", "validate"], ["tips"], ["packs", "list"]):
        result = runner.invoke(app, args, env=WIDE)
        no_traceback(result)
        assert_inert(result.output)
        assert "\\x1b]0;title\\x07.yaml" in result.output
    checked = runner.invoke(app, ["packs", "validate"], env=WIDE)
    assert "unknown field '\\x1b[2J\\x9b'" in checked.stdout
    assert "'\\x1b]0;x\\x07' is not a known tip kind" in checked.stdout
    assert "the character U+001B is a control character" in checked.stdout


def test_error_messages_quote_arguments_inertly(home: Path) -> None:
    result = runner.invoke(app, ["questions", "show", "\x1b]52;c;eA==\x07"])
    assert result.exit_code == 1
    assert_inert(result.output)
    assert "no question with the id '\\x1b]52;c;eA==\\x07'" in result.stderr


def test_lone_surrogates_cannot_crash_output() -> None:
    # The pure-Python parser accepts "\ud800"; printing it raises UnicodeEncodeError.
    from aecoach.textsafe import inert

    assert inert("a\ud800b") == "a\\ud800b"
    node = yamlsafe.compose('pack: "a\\ud800"', "x.yaml", yamlsafe.PurePackLoader)
    assert node is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_in_the_packs_folder_does_not_hang(home: Path) -> None:
    # Without O_NONBLOCK and the regular-file check, opening the pipe waits for
    # a writer forever; run in a subprocess so a regression fails, not hangs.
    (home / "packs").mkdir(parents=True)
    os.mkfifo(home / "packs" / "pipe.yaml")
    env = {**os.environ, "AECOACH_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "aecoach", "tips"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0
    assert f"{home / 'packs' / 'pipe.yaml'}: this is a named pipe, not a pack file" in done.stderr


def test_broken_user_pack_never_locks_out_the_builtin_bank(home: Path) -> None:
    write(home / "packs", "a.yaml", "\x00\x01")
    write(home / "packs", "b.yaml", pack_text("core"))
    write(home / "packs", "c.yaml", GOOD)
    for args in (["tips"], ["questions"], ["questions", "show", "core/why-sales"]):
        result = runner.invoke(app, args)
        no_traceback(result)
        assert result.exit_code == 0
        assert result.stderr.count("aecoach: warning: left out your pack") == 2
    assert "acme/why-us" in runner.invoke(app, ["questions"], env=WIDE).stdout
