"""`aecoach tips` and `aecoach questions` through the CLI, as a candidate runs them."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from aecoach.cli import app

ESC = "\x1b"


def invoke(runner: CliRunner, *args: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), **kwargs)  # type: ignore[arg-type]


def test_tips_shows_dos_and_donts_side_by_side_then_advice_and_asks(runner: CliRunner) -> None:
    result = invoke(runner, "tips", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if "Do" in line and "Don't" in line)
    assert header.index("Do") < header.index("Don't")
    out = result.output
    assert out.index("Don't") < out.index("General advice") < out.index("Questions to ask them")
    assert "What training can I expect?" in out
    assert all(len(line) <= 80 for line in lines)


def test_tips_in_a_pipe_has_no_colour_codes(runner: CliRunner) -> None:
    result = invoke(runner, "tips")
    assert result.exit_code == 0
    assert ESC not in result.output


def test_tips_respects_no_color_even_when_colour_is_forced(runner: CliRunner) -> None:
    coloured = invoke(runner, "tips", "--kind", "do", env={"FORCE_COLOR": "1"})
    assert ESC in coloured.output  # the control: forcing colour does colour
    plain = invoke(runner, "tips", "--kind", "do", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", plain.output)  # no foreground colours


def test_tips_kind_filter(runner: CliRunner) -> None:
    result = invoke(runner, "tips", "--kind", "ask")
    assert "Questions to ask them" in result.output
    assert "General advice" not in result.output and "Don't" not in result.output


def test_tips_search_is_case_insensitive(runner: CliRunner) -> None:
    result = invoke(runner, "tips", "--search", "LATE", "--json")
    data = json.loads(result.output)
    assert data and all("late" in (d.get("title", "") + d.get("body", "")).lower() for d in data)


def test_tips_role_filter_keeps_only_that_role(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "tips", "--role", "am", "--json").output)
    assert data and all("am" in d["roles"] for d in data)


def test_tips_json_has_stable_keys(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "tips", "--json").output)
    kinds = {d["kind"] for d in data}
    assert kinds == {"do", "dont", "advice", "role", "ask"}
    tip = next(d for d in data if d["kind"] == "do")
    assert set(tip) == {
        "key", "id", "pack", "language", "kind", "title", "body", "roles", "skills", "fallback"
    }  # fmt: skip
    ask = next(d for d in data if d["kind"] == "ask")
    assert {"key", "text", "why", "roles"} <= set(ask)


def test_tips_with_no_match_says_so_and_fails(runner: CliRunner) -> None:
    result = invoke(runner, "tips", "--search", "zzzz-nothing")
    assert result.exit_code == 1
    assert "no tips match 'zzzz-nothing'" in result.output


def test_bad_choice_is_a_usage_error_not_a_traceback(runner: CliRunner) -> None:
    result = invoke(runner, "tips", "--role", "ceo")
    assert result.exit_code == 2
    assert (
        result.output
        == "aecoach: error: --role: 'ceo' is not one of its values — use one of: ae, sdr, am\n"
    )
    assert "Traceback" not in result.output


def test_questions_lists_with_filters(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "questions", "--role", "sdr", "--skill", "resilience",
                             "--json").output)  # fmt: skip
    assert data
    assert all("sdr" in q["roles"] and "resilience" in q["skills"] for q in data)
    kinds = json.loads(invoke(runner, "questions", "--kind", "closing", "--json").output)
    assert kinds and {q["kind"] for q in kinds} == {"closing"}


def test_questions_table_fits_80_columns(runner: CliRunner) -> None:
    result = invoke(runner, "questions", "--role", "ae", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "ae/ae-vs-am" in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())


def test_questions_show_by_short_and_full_id(runner: CliRunner) -> None:
    short = invoke(runner, "questions", "show", "why-sales")
    full = invoke(runner, "questions", "show", "core/why-sales")
    assert short.exit_code == 0 and short.output == full.output
    assert "Why did you choose a career in sales?" in short.output
    assert "A strong answer covers:" in short.output


def test_questions_show_json(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "questions", "show", "core/why-sales", "--json").output)
    assert data["key"] == "core/why-sales" and len(data["hints"]) >= 2
    assert data["kind"] == "motivation" and isinstance(data["time_limit"], int)


def test_questions_show_unknown_id_suggests_the_close_one(runner: CliRunner) -> None:
    result = invoke(runner, "questions", "show", "why-salse")
    assert result.exit_code == 1
    assert result.output == (
        "aecoach: error: no question with the id 'why-salse' (did you mean 'why-sales'?)"
        " — list the ids with `aecoach questions`\n"
    )


def test_version(runner: CliRunner) -> None:
    from aecoach import __version__

    result = invoke(runner, "--version")
    assert result.output == f"aecoach {__version__}\n"


def test_choices_take_any_case(runner) -> None:  # type: ignore[no-untyped-def]
    # The app writes roles as AE, SDR, AM; a candidate typing them that way is not wrong.
    upper = runner.invoke(app, ["questions", "--role", "AE", "--skill", "Negotiation", "--json"])
    lower = runner.invoke(app, ["questions", "--role", "ae", "--skill", "negotiation", "--json"])
    assert upper.exit_code == 0, upper.output
    assert upper.stdout == lower.stdout
