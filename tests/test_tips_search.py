"""`tips --search` finds words (and their starts), not letters inside other words, and
shows what matched."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from aecoach.bank.query import search_pattern
from aecoach.cli import app


def texts(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(app, ["tips", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [" ".join(str(v) for v in item.values()) for item in json.loads(result.output)]


def test_ote_is_a_word_not_the_end_of_quote_or_note(runner: CliRunner) -> None:
    everything = texts(runner)
    inside_words = [t for t in everything if re.search(r"\wote", t, re.I) and "OTE" not in t]
    assert inside_words, "the bank has tips with 'note' or 'quote' (the control)"
    found = texts(runner, "--search", "OTE")
    assert found
    assert all(re.search(r"\bOTE", t, re.I) for t in found)
    assert not set(inside_words) & set(found)


def test_a_prefix_matches_and_case_does_not_matter() -> None:
    pattern = search_pattern("negot")
    assert pattern is not None
    assert pattern.search("Negotiation matters")
    assert not pattern.search("renegotiate")
    assert search_pattern("  ") is None


def test_several_words_are_a_phrase() -> None:
    pattern = search_pattern("next  step")
    assert pattern is not None
    assert pattern.search("agree the next steps")
    assert not pattern.search("step next")


def test_japanese_matches_inside_a_sentence() -> None:
    pattern = search_pattern("質問")
    assert pattern is not None
    assert pattern.search("良い質問をする")


def test_what_matched_is_highlighted(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips", "--search", "OTE"], env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[7mOTE\x1b[0m" in result.output or "\x1b[7mOTE" in result.output
