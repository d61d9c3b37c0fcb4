"""`aecoach packs list | validate | new`, user packs in every command, and failures.

Commands run through CliRunner with AECOACH_HOME in a temporary folder, the
way a candidate runs them; messages are asserted whole.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.bank import loader, query
from aecoach.bank.loader import load_pack
from aecoach.bank.userpacks import starter
from aecoach.cli import app, run
from packkit import GOOD, pack_text, write

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
INTERNAL_TAIL = (
    " — this is a bug in aecoach; run it again with --debug (or AECOACH_DEBUG=1)"
    " to see the details\n"
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AECOACH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AECOACH_DEBUG", raising=False)
    return tmp_path / "home"


def ok(args: list[str], **kwargs: object):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, args, **kwargs)  # type: ignore[arg-type]
    assert result.exit_code == 0, (result.output, result.exception)
    return result


# --- packs new ---


def test_new_writes_a_starter_that_validates(home: Path) -> None:
    result = ok(["packs", "new", "Acme Corp"])
    path = home / "packs" / "acme-corp.yaml"
    assert result.stdout == (
        f"Wrote {path}\n"
        "Its id is 'acme-corp' (another with --id ID).\n"
        "Next:\n"
        "  1. Edit it: replace the examples with your own questions and notes.\n"
        f"  2. Check it: aecoach packs validate {path}\n"
        "  3. Use it: it loads by itself in aecoach tips, aecoach questions and practice.\n"
    )
    pack, problems = load_pack(path)
    assert problems == []
    assert pack is not None
    assert (pack.id, pack.title) == ("acme-corp", "Acme Corp")
    assert [len(pack.questions), len(pack.tips), len(pack.asks), len(pack.objections)] == [1] * 4
    assert stat.S_IMODE((home / "packs").stat().st_mode) == 0o700
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    checked = ok(["packs", "validate", str(path)])
    assert checked.stdout == (
        f"{path}: ok (acme-corp: 1 question, 1 tip, 1 ask, 1 objection)\nall 1 file valid\n"
    )


@pytest.mark.parametrize(
    ("name", "pack_id", "title"),
    [
        ("acme", "acme", "Acme"),
        ("Société Générale", "societe-generale", "Société Générale"),
        ('O"Brien \\ Sons: the "best"', "o-brien-sons-the-best", 'O"Brien \\ Sons: the "best"'),
        ("Rocket 🚀 Labs", "rocket-labs", "Rocket 🚀 Labs"),
        ("Evil\x1b]0;x\x07\nCorp", "evil-0-x-corp", "Evil\\x1b]0;x\\x07\\nCorp"),
        ("#1 [bold]Co[/]", "1-bold-co", "#1 [bold]Co[/]"),
    ],
)
def test_starter_validates_for_any_name(
    tmp_path: Path, name: str, pack_id: str, title: str
) -> None:
    path = write(tmp_path, "p.yaml", starter(name, pack_id))
    pack, problems = load_pack(path)
    assert [p.text for p in problems] == []
    assert pack is not None and pack.title == title


def test_new_refuses_to_overwrite(home: Path) -> None:
    path = write(home / "packs", "acme.yaml", "# mine, hand-written\n")
    result = runner.invoke(app, ["packs", "new", "acme"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"aecoach: error: {path} already exists — edit it, or pick another name\n"
    )
    assert path.read_text() == "# mine, hand-written\n"


def test_new_refuses_an_id_another_pack_uses(home: Path) -> None:
    other = write(home / "packs", "interview.yaml", GOOD)
    result = runner.invoke(app, ["packs", "new", "Acme"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"aecoach: error: your pack {other} already has the id 'acme'"
        " — edit that pack, or pick another name\n"
    )
    assert not (home / "packs" / "acme.yaml").exists()


def test_new_refuses_a_builtin_id(home: Path) -> None:
    result = runner.invoke(app, ["packs", "new", "Core"])
    assert result.exit_code == 1
    assert result.stderr == (
        "aecoach: error: 'core' is the id of a built-in pack"
        " — pick another name, such as 'my-core'\n"
    )


def test_new_gives_a_name_in_another_script_an_id_and_says_which(home: Path) -> None:
    first = ok(["packs", "new", "楽天"])
    assert "Its id is 'my-pack' (another with --id ID)." in first.stdout
    pack, problems = load_pack(home / "packs" / "my-pack.yaml")
    assert problems == []
    assert pack is not None
    assert (pack.id, pack.title) == ("my-pack", "楽天")
    second = ok(["packs", "new", "!!!"])
    assert "Its id is 'my-pack-2'" in second.stdout


def test_new_takes_an_id(home: Path) -> None:
    result = ok(["packs", "new", "楽天", "--id", "rakuten"])
    assert "Its id is 'rakuten'" in result.stdout
    pack, _problems = load_pack(home / "packs" / "rakuten.yaml")
    assert pack is not None
    assert (pack.id, pack.title) == ("rakuten", "楽天")


def test_new_refuses_a_bad_id(home: Path) -> None:
    result = runner.invoke(app, ["packs", "new", "Rakuten", "--id", "Raku ten"])
    assert result.exit_code == 1
    assert result.stderr == (
        "aecoach: error: 'Raku ten' is not a valid pack id"
        " — use lower-case letters, digits and hyphens, such as 'acme-corp'\n"
    )


def test_new_when_the_folder_cannot_be_made(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "packs").write_text("a file where the packs folder should be")
    result = runner.invoke(app, ["packs", "new", "acme"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"aecoach: error: cannot write to the packs folder {home / 'packs'} (file exists)"
        " — check its permissions, or set AECOACH_HOME to a folder you own\n"
    )


def test_new_when_the_folder_cannot_be_searched(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A packs folder with mode 000 (as a non-root user): Path.exists() raises EACCES.
    real_exists = Path.exists

    def exists(self: Path, *args: object, **kwargs: object) -> bool:
        if self.parent == home / "packs":
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists)
    result = runner.invoke(app, ["packs", "new", "acme"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"aecoach: error: cannot write to the packs folder {home / 'packs'} (permission denied)"
        " — check its permissions, or set AECOACH_HOME to a folder you own\n"
    )


def test_new_pack_edited_shows_up_everywhere(home: Path) -> None:
    ok(["packs", "new", "Acme Corp"])
    path = home / "packs" / "acme-corp.yaml"
    text = path.read_text()
    text = text.replace(
        'text: "Why do you want to work at Acme Corp?"',
        'text: "What do you know about our Q3 launch?"',
    ).replace('title: "Know Acme Corp\'s customers"', 'title: "Read the Q3 launch blog post"')
    path.write_text(text)
    tips = ok(["tips"], env=WIDE)
    assert "Read the Q3 launch blog post" in tips.stdout
    assert "What does success look like in the first 90 days?" in tips.stdout
    questions = ok(["questions"], env=WIDE)
    assert "acme-corp/why-us" in questions.stdout
    assert "What do you know about our Q3 launch?" in questions.stdout
    shown = ok(["questions", "show", "acme-corp/why-us"], env=WIDE)
    assert "What do you know about our Q3 launch?" in shown.stdout
    assert json.loads(ok(["questions", "--json", "--kind", "motivation"]).stdout)[-1]["key"] == (
        "acme-corp/why-us"
    )
    assert tips.stderr == questions.stderr == ""


# --- packs list ---


def test_list_shows_every_pack_and_where_from(home: Path, tmp_path: Path) -> None:
    write(home / "packs", "acme.yaml", GOOD)
    extra = write(tmp_path / "extra", "globex.yaml", pack_text("globex"))
    rows = json.loads(ok(["--pack", str(extra), "packs", "list", "--json"]).stdout)
    builtin = [r for r in rows if r["source"] == "built-in"]
    assert {r["id"] for r in builtin} == {
        "ae", "am", "behavioural", "core", "exercises", "objections", "pipeline", "sdr", "tips"
    }  # fmt: skip
    assert rows[-2:] == [
        {
            "id": "acme",
            "title": "Acme",
            "language": "en",
            "source": "packs folder",
            "path": str(home / "packs" / "acme.yaml"),
            "loaded": True,
            "questions": 1,
            "tips": 1,
            "asks": 0,
            "objections": 0,
            "problems": [],
        },
        {
            "id": "globex",
            "title": "Acme",
            "language": "en",
            "source": "--pack",
            "path": str(extra),
            "loaded": True,
            "questions": 1,
            "tips": 1,
            "asks": 0,
            "objections": 0,
            "problems": [],
        },
    ]
    table = ok(["--pack", str(extra), "packs", "list"], env=WIDE).stdout
    assert "your packs" in table and "--pack" in table and "built-in" in table
    assert str(extra) in table
    assert "11 packs loaded." in table


def test_list_shows_a_broken_pack_as_not_loaded(home: Path) -> None:
    path = write(home / "packs", "bad.yaml", GOOD.replace("kind: do", "kind: maybe"))
    result = ok(["packs", "list"], env=WIDE)
    assert f"not loaded: {path}" in result.stdout
    assert "9 packs loaded. 1 not loaded: `aecoach packs validate` lists their problems." in (
        result.stdout
    )
    assert result.stderr.startswith(f"aecoach: warning: left out your pack {path}")
    row = json.loads(ok(["packs", "list", "--json"]).stdout)[-1]
    assert row["loaded"] is False and row["id"] is None
    assert row["problems"] == [
        f"{path}:16:11: tips[0] (id 'know-them').kind: 'maybe' is not a known tip kind"
        " — use one of: do, dont, advice, role"
    ]


# --- packs validate ---


def test_validate_a_folder_of_mixed_packs_reports_each_problem_once(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "packs"
    good = write(folder, "a-good.yaml", GOOD)
    bad = write(
        folder,
        "b-bad.yaml",
        pack_text("globex")
        .replace("kind: motivation", "kind: motivaton")
        .replace("time_limit: 90", "time_limit: 5")
        .replace("    kind: do\n", "    kind: do\n    kind: dont\n"),
    )
    broken = write(folder, "c-broken.yaml", "pack:\n\tid: x\n")
    clash = write(folder, "d-clash.yaml", pack_text("acme").replace("why-us", "other"))
    builtin = write(folder, "e-builtin.yaml", pack_text("core"))
    write(folder, "notes.txt", "not a pack")
    write(folder, ".hidden.yaml", "not: [loaded")
    # The folder and two files inside it: each file is still checked once.
    result = runner.invoke(app, ["packs", "validate", str(folder), str(bad), str(good)])
    assert result.exit_code == 1
    core = loader.builtin_dir() / "en" / "core.yaml"
    assert result.stdout.splitlines() == [
        f"{good}: ok (acme: 1 question, 1 tip)",
        f"{bad}:9:11: questions[0] (id 'why-us').kind: 'motivaton' is not a known question"
        " kind — did you mean 'motivation'? (one of: opening, motivation, experience,"
        " behavioural, role-knowledge, objection-roleplay, closing, cold-call, roleplay, plan,"
        " pitch, written, pipeline-maths)",
        f"{bad}:12:17: questions[0] (id 'why-us').time_limit: 5 is outside 10 to 1800"
        " — pick a value in that range",
        f"{bad}:17:5: 'kind' appears twice in this mapping (first on line 16) — keep one",
        f"{broken}:2:1: YAML syntax error: found character that cannot start any token"
        " — indent with spaces, not tabs",
        f"{clash}: the pack id 'acme' is also used by {good} — give one of the packs another id"
        " (item ids are '<pack id>/<item id>', so pack ids must differ)",
        f"{builtin}: the pack id 'core' is the id of the built-in pack {core}"
        " — give your pack another id, such as 'my-core'",
        "6 problems in 4 of 5 files",
    ]
    assert result.stderr == ""
    assert "\x1b" not in result.output


def test_validate_exits_0_when_all_valid_and_is_plain(home: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "acme.yaml", GOOD)
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "40"}
    result = ok(["packs", "validate", str(path)], env=env)
    assert result.output == f"{path}: ok (acme: 1 question, 1 tip)\nall 1 file valid\n"


def test_validate_the_builtin_bank(home: Path) -> None:
    # The bank's own CI: built-in packs do not clash with themselves.
    result = ok(["packs", "validate", str(loader.builtin_dir() / "en")])
    assert result.stdout.endswith("all 9 files valid\n")


def test_validate_bank_checks_every_language_against_english(home: Path, tmp_path: Path) -> None:
    import shutil

    assert ok(["packs", "validate", "--bank"]).stdout.endswith("all 45 files valid\n")
    root = tmp_path / "questions"
    shutil.copytree(loader.builtin_dir(), root)
    ja = root / "ja" / "core.yaml"
    text = ja.read_text(encoding="utf-8")
    start = text.index('  - id: "why-sales"')
    ja.write_text(text[:start] + text[text.index("  - id:", start + 1) :], encoding="utf-8")
    result = runner.invoke(app, ["packs", "validate", "--bank", str(root)])
    assert result.exit_code == 1
    lacks = [line for line in result.stdout.splitlines() if "lacks" in line]
    assert len(lacks) == 1 and lacks[0].startswith(f"{ja}: ja lacks 'core/why-sales' (English: ")
    assert result.stdout.endswith("1 problem in 1 of 45 files\n")
    # In the candidate's language too, with the same ids and paths.
    result = runner.invoke(app, ["--lang", "es", "packs", "validate", "--bank", str(root)])
    assert f"{ja}: a ja le falta 'core/why-sales' (en inglés: " in result.stdout
    assert result.stdout.endswith("1 problema en 1 de 45 archivos\n")


def test_validate_defaults_to_the_packs_folder(home: Path) -> None:
    path = write(
        home / "packs", "acme.yaml", GOOD.replace("roles: [ae]\nquestions", "roles: []\nquestions")
    )
    result = runner.invoke(app, ["packs", "validate"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:5:10: pack.roles: needs at least 1, found 0 — add more\n1 problem in 1 of 1 file\n"
    )


def test_validate_missing_path(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["packs", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{tmp_path / 'nope.yaml'}: no such file or folder — check the path\n"
        "1 problem in 1 of 1 file\n"
    )


def test_validate_empty_folder(home: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["packs", "validate", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path / 'empty'}: no pack files (*.yaml) in this folder — give the path of a pack,"
        " or write one with `aecoach packs new NAME`"
    )


# --- user packs and --pack in the other commands ---


def test_pack_option_adds_a_pack_to_every_command(home: Path, tmp_path: Path) -> None:
    extra = write(tmp_path, "globex.yaml", pack_text("globex"))
    assert "globex/why-us" in ok(["--pack", str(extra), "questions"], env=WIDE).stdout
    assert "Know Acme's customers" in ok(["--pack", str(extra), "tips"], env=WIDE).stdout
    assert "Why do you want to work at Acme?" in (
        ok(["--pack", str(tmp_path), "questions", "show", "globex/why-us"], env=WIDE).stdout
    )


def test_broken_pack_option_is_an_error(home: Path, tmp_path: Path) -> None:
    extra = write(tmp_path, "bad.yaml", GOOD.replace("kind: do", "kind: maybe"))
    result = runner.invoke(app, ["--pack", str(extra), "tips"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"aecoach: error: {extra}:16:11: tips[0] (id 'know-them').kind: 'maybe' is not a known"
        " tip kind — use one of: do, dont, advice, role\n"
    )


def test_pack_option_clashing_with_a_user_pack_names_both(home: Path, tmp_path: Path) -> None:
    mine = write(home / "packs", "acme.yaml", GOOD)
    extra = write(tmp_path, "acme-v2.yaml", GOOD)
    result = runner.invoke(app, ["--pack", str(extra), "questions"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"aecoach: error: {extra}: the pack id 'acme' is also used by {mine} — give one of the"
        " packs another id (item ids are '<pack id>/<item id>', so pack ids must differ)\n"
    )


def test_pack_option_pointing_into_the_packs_folder_loads_it_once(home: Path) -> None:
    mine = write(home / "packs", "acme.yaml", GOOD)
    result = ok(["--pack", str(mine), "--pack", str(home / "packs"), "questions"], env=WIDE)
    assert result.stdout.count("acme/why-us") == 1


def test_two_user_packs_with_one_id_keep_the_first(home: Path) -> None:
    first = write(home / "packs", "a.yaml", GOOD)
    second = write(home / "packs", "b.yaml", GOOD.replace("Why do you want", "Why would you want"))
    result = ok(["questions"], env=WIDE)
    assert "Why do you want to work at Acme?" in result.stdout
    assert result.stderr == (
        f"aecoach: warning: left out your pack {second}, which has 1 problem:\n"
        f"  {second}: the pack id 'acme' is also used by {first} — give one of the packs another"
        " id (item ids are '<pack id>/<item id>', so pack ids must differ)\n"
        f"  — fix it (`aecoach packs validate {second}` lists every problem),"
        f" or move it out of {home / 'packs'}\n"
    )


def test_packs_folder_that_is_a_file(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "packs").write_text("oops")
    result = ok(["tips"])
    assert result.stderr == (
        f"aecoach: warning: {home / 'packs'}: cannot list this folder (it is a file)"
        " — check that it exists and you may read it\n"
    )


def test_warning_is_given_once_per_run(home: Path) -> None:
    write(home / "packs", "bad.yaml", "")
    result = runner.invoke(app, ["questions", "show", "core/why-sales"])
    assert result.exit_code == 0
    assert result.stderr.count("aecoach: warning:") == 1


# --- unexpected failures ---


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom\nsecond line")


def test_unexpected_error_is_one_line(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query, "tip_sheet", boom)
    result = runner.invoke(app, ["tips"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "aecoach: error: unexpected error in `aecoach tips`: RuntimeError: boom" + INTERNAL_TAIL
    )


def test_unexpected_error_names_the_subcommand(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query, "find_question", boom)
    result = runner.invoke(app, ["questions", "show", "x"])
    assert result.stderr == (
        "aecoach: error: unexpected error in `aecoach questions show`: RuntimeError: boom"
        + INTERNAL_TAIL
    )
    monkeypatch.setattr(loader, "validate", boom)
    result = runner.invoke(app, ["packs", "validate", "x"])
    assert result.stderr == (
        "aecoach: error: unexpected error in `aecoach packs validate`: RuntimeError: boom"
        + INTERNAL_TAIL
    )


def test_debug_option_shows_the_traceback(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query, "tip_sheet", boom)
    result = runner.invoke(app, ["--debug", "tips"])
    assert isinstance(result.exception, RuntimeError)
    with pytest.raises(RuntimeError, match="boom"):
        run(["--debug", "tips"])


def test_debug_variable_shows_the_traceback(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query, "tip_sheet", boom)
    monkeypatch.setenv("AECOACH_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        run(["tips"])


def test_run_prints_one_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(query, "tip_sheet", boom)
    assert run(["tips"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "aecoach: error: unexpected error in `aecoach tips`: RuntimeError: boom" + INTERNAL_TAIL
    )
    assert "Traceback" not in captured.out + captured.err


def test_unexpected_error_while_loading_packs(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_survey(*args: object, **kwargs: object) -> None:
        raise MemoryError()

    monkeypatch.setattr(loader, "survey", broken_survey)
    result = runner.invoke(app, ["packs", "list"])
    assert result.exit_code == 1
    assert result.stderr == (
        "aecoach: error: unexpected error in `aecoach packs list`: MemoryError: no details"
        + INTERNAL_TAIL
    )


def test_packs_help(home: Path) -> None:
    result = ok(["packs", "--help"])
    for command in ("list", "validate", "new"):
        assert f"  {command} " in result.stdout
