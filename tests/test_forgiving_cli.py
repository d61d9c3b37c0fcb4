"""The command line as people type it (issue 17): each of these was refused before."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aecoach.cli import app
from aecoach.cli.forgiving import hoist_global_options


def invoke(runner: CliRunner, *args: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), **kwargs)  # type: ignore[arg-type]


# --- Global options on either side of the command ---


def test_lang_after_the_command(runner: CliRunner) -> None:
    after = invoke(runner, "tips", "--kind", "do", "--lang", "ja", "--json")
    before = invoke(runner, "--lang", "ja", "tips", "--kind", "do", "--json")
    assert after.exit_code == 0, after.output
    assert after.output == before.output
    assert json.loads(after.output)[0]["language"] == "ja"


def test_short_lang_and_equals_forms_after_the_command(runner: CliRunner) -> None:
    for args in (["questions", "-L", "es", "--json"], ["questions", "--json", "--lang=es"]):
        result = invoke(runner, *args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)[0]["language"] == "es"


def test_pack_after_the_command(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "acme.yaml"
    assert invoke(runner, "packs", "new", "Acme", "--id", "acme").exit_code == 0
    written = next((tmp_path / "home" / "packs").glob("*.yaml"))
    pack.write_text(written.read_text().replace("id: acme", "id: acme2"), encoding="utf-8")
    written.unlink()
    result = invoke(runner, "packs", "list", "--json", "--pack", str(pack))
    assert result.exit_code == 0, result.output
    assert any(row["id"] == "acme2" for row in json.loads(result.output))


def test_debug_after_the_command(runner: CliRunner) -> None:
    result = invoke(runner, "stats", "--debug", "--json")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        (["tips", "--lang", "ja"], ["--lang", "ja", "tips"]),
        (["--debug", "stats", "--pack=x", "--json"], ["--debug", "--pack=x", "stats", "--json"]),
        (["-L", "th", "tips", "--no-pager"], ["-L", "th", "--no-pager", "tips"]),
        (["import", "--", "--lang"], ["import", "--", "--lang"]),
        (["--lang", "ja"], ["--lang", "ja"]),
    ],
)
def test_hoisting(typed: list[str], parsed: list[str]) -> None:
    assert hoist_global_options(typed) == parsed


@pytest.mark.parametrize(
    ("typed", "missing"),
    [
        (["tips", "--lang"], "--lang CODE"),
        (["stats", "-L"], "-L CODE"),
        (["questions", "--pack"], "--pack PATH"),
    ],
)
def test_a_root_option_left_without_its_value_at_the_end_is_named(
    runner: CliRunner, typed: list[str], missing: str
) -> None:
    result = invoke(runner, *typed)
    assert result.exit_code == 2
    assert result.output == f"aecoach: error: `aecoach` needs {missing} — see `aecoach --help`\n"


# --- Spellings ---


def test_practise_is_practice(runner: CliRunner) -> None:
    # Not a terminal here, so practice itself refuses: the alias reached it.
    result = invoke(runner, "practise")
    assert result.exit_code == 1
    assert "practice is interactive" in result.output


@pytest.mark.parametrize(
    ("args", "value", "field"),
    [
        (["questions", "--skill", "organization"], "organisation", "skills"),
        (["questions", "--kind", "behavioral"], "behavioural", "kind"),
        (["questions", "--kind", "Objection_Role-Play"], "objection-roleplay", "kind"),
    ],
)
def test_us_spellings_are_accepted(
    runner: CliRunner, args: list[str], value: str, field: str
) -> None:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found
    assert all(value in q[field] or q[field] == value for q in found)


def test_tips_kind_donts(runner: CliRunner) -> None:
    result = invoke(runner, "tips", "--kind", "don'ts", "--json")
    assert result.exit_code == 0, result.output
    assert {t["kind"] for t in json.loads(result.output)} == {"dont"}


def test_a_near_miss_says_did_you_mean(runner: CliRunner) -> None:
    result = invoke(runner, "questions", "--skill", "negociation")
    assert result.exit_code == 2
    assert result.output.startswith(
        "aecoach: error: --skill: 'negociation' is not one of its values"
        " (did you mean 'negotiation'?) — use one of: communication,"
    )
    assert result.output.count("\n") == 1


def test_unknown_option_is_one_line_with_the_close_one(runner: CliRunner) -> None:
    result = invoke(runner, "tips", "--serch", "x")
    assert result.exit_code == 2
    assert result.output == (
        "aecoach: error: `aecoach tips` has no option --serch (did you mean '--search'?)"
        " — see its options with `aecoach tips --help`\n"
    )


# --- Numbers and usage lines ---


def test_a_word_for_a_number(runner: CliRunner) -> None:
    result = invoke(runner, "practice", "--count", "five")
    assert result.exit_code == 2
    assert result.output == (
        "aecoach: error: --count: 'five' is not a whole number — give one from 1 to 50\n"
    )


def test_a_number_out_of_range(runner: CliRunner) -> None:
    result = invoke(runner, "history", "-n", "0")
    assert result.output == (
        "aecoach: error: --limit: 0 is outside 1 to 10000 — pick a number in that range\n"
    )


def test_a_seed_that_is_not_a_number(runner: CliRunner) -> None:
    result = invoke(runner, "mock", "--seed", "abc")
    assert result.exit_code == 2
    assert "--seed: 'abc' is not a whole number — write it in digits" in result.output


def test_a_missing_argument_and_usage_without_braces(runner: CliRunner) -> None:
    result = invoke(runner, "questions", "show")
    assert result.exit_code == 2
    assert result.output == (
        "aecoach: error: `aecoach questions show` needs ID — see `aecoach questions show --help`\n"
    )
    usage = invoke(runner, "import", "--help").output
    assert "Usage: aecoach import [OPTIONS] FILE" in usage
    assert "{" not in usage


# --- Dates and languages for stats and export ---


@pytest.mark.parametrize("since", ["yesterday", "today", "7d", "2w", "2026-12-1"])
def test_since_takes_the_days_people_type(runner: CliRunner, since: str) -> None:
    result = invoke(runner, "stats", "--since", since, "--json")
    assert result.exit_code == 0, result.output


def test_since_help_names_the_forms(runner: CliRunner) -> None:
    out = " ".join(invoke(runner, "stats", "--help").output.split())
    assert "today, yesterday, or days or weeks ago as 7d or 2w" in out


def test_a_bad_since_lists_the_forms(runner: CliRunner) -> None:
    result = invoke(runner, "export", "--since", "soon", "-o", "-")
    assert result.output == (
        "aecoach: error: 'soon' is not a day aecoach reads — give one of"
        " YYYY-MM-DD, today, yesterday, 7d or 2w, such as 2025-03-01\n"
    )


@pytest.mark.parametrize(("typed", "code"), [("jp", "ja"), ("Japanese", "ja"), ("sp", "es")])
def test_a_language_name_suggests_its_code(runner: CliRunner, typed: str, code: str) -> None:
    result = invoke(runner, "stats", "--language", typed)
    assert result.exit_code == 2  # a usage error, as a bad --role is
    assert result.output == (
        f"aecoach: error: '{typed}' is not a language code (did you mean '{code}'?)"
        f" — give --language {code}\n"
    )


def test_a_commands_own_option_stays_its_own() -> None:
    # `practice --pack ID` is practice's own option (a pack to practise), not the root's.
    own = {"practice": {"--pack"}}.get
    assert hoist_global_options(
        ["practice", "--pack", "core", "--lang", "ja"], lambda n: own(n) or set()
    ) == [
        "--lang",
        "ja",
        "practice",
        "--pack",
        "core",
    ]


SEE = "see its commands with"
CLICK_USAGE = [
    (["voice"], f"`aecoach voice` needs a command after it — {SEE} `aecoach voice --help`"),
    (["tip"], f"`aecoach` has no command 'tip' (did you mean 'tips'?) — {SEE} `aecoach --help`"),
    (["packs", "frob"], f"`aecoach packs` has no command 'frob' — {SEE} `aecoach packs --help`"),
    (
        ["tips", "extra"],
        "`aecoach tips` was given more than it takes: extra"
        " — put text with spaces in quotes, or see `aecoach tips --help`",
    ),
    (["stats", "--since"], "--since needs a value after it — see `aecoach stats --help`"),
    (
        ["tips", "--json=3"],
        "--json takes no value — write --json alone (see `aecoach tips --help`)",
    ),
]


def refused(runner: CliRunner, *args: str) -> list[str]:
    """The lines of a usage refusal (exit status 2)."""
    result = invoke(runner, *args)
    assert result.exit_code == 2, result.output
    return result.output.splitlines()


@pytest.mark.parametrize(("args", "line"), CLICK_USAGE, ids=lambda v: " ".join(v)[:20])
def test_clicks_own_usage_messages_are_worded_as_aecoach_words_them(
    runner: CliRunner, args: list[str], line: str
) -> None:
    # Click said "Missing command", "Got unexpected extra argument(s) (extra)" and
    # "Option '--since' requires an argument", pointing at `aecoach --help`.
    assert [*refused(runner, *args)] == [f"aecoach: error: {line}"]


@pytest.mark.parametrize("language", ["es", "id", "ja", "th"])
@pytest.mark.parametrize("args", [a for a, _line in CLICK_USAGE], ids=lambda v: " ".join(v)[:20])
def test_clicks_usage_messages_are_in_the_candidates_language(
    runner: CliRunner, args: list[str], language: str
) -> None:
    english = refused(runner, *args)
    (shown,) = refused(runner, "--lang", language, *args)
    assert shown.startswith("aecoach: error: ") and [shown] != english
    for words in ("needs a", "has no command", "was given", "takes no value", "see "):
        assert words not in shown, shown
