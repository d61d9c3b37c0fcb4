"""Property-based tests: whatever bytes arrive, the loader answers with a Pack or problems.

Documents are generated three ways: random YAML trees (dumped by PyYAML),
the same with random mutations of the text, and near-valid packs with one
field replaced by something random, which reaches deep into the schema.
Random bytes cover everything that is not YAML at all. Example counts are
modest: CI has two cores.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aecoach.bank.loader import load_pack
from aecoach.bank.model import Pack
from aecoach.bank.yamlsafe import Problem
from aecoach.cli import app
from aecoach.textsafe import inert
from packkit import GOOD

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

FIELD_NAMES = [
    "pack", "questions", "tips", "asks", "objections", "id", "title", "language", "roles",
    "description", "text", "kind", "skills", "time_limit", "hints", "body", "why", "line",
    "theme", "points",
]  # fmt: skip
WORDS = ["ae", "sdr", "am", "en", "do", "motivation", "price", "communication", "no", "1.10"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=40),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12), st.integers(0, 99))
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(keys, inner, max_size=6),
    ),
    max_leaves=40,
)


def check(data: bytes) -> tuple[Pack | None, list[Problem]]:
    """The property: a Pack and no problems, or no Pack and problems; nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(data)
        pack, problems = load_pack(path)
    assert all(isinstance(p, Problem) for p in problems)
    if pack is None:
        assert problems
    else:
        assert isinstance(pack, Pack)
        assert problems == []
    for found in problems:
        text = found.text  # rendering a message must not fail either
        assert "\x1b" not in text
        assert len(text) < 2000
    return pack, problems


def dump(tree: Any) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


@FUZZ
@given(trees)
def test_random_yaml_documents(tree: Any) -> None:
    check(dump(tree).encode("utf-8"))


PIECES = [":", "-", " ", "\t", "\n", '"', "'", "[", "]", "{", "}", "&a", "*a", "!!", "#"]
PIECES += ["%", "@", "`", "|", ">", "?", ",", "\\", "\x00", "\x1b", "é", "---", "...", "\ud800"]
mutations = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(PIECES),
    ),
    max_size=6,
)


def mutate(text: str, edits: list[tuple[str, int, str]]) -> str:
    for action, position, piece in edits:
        at = position % (len(text) + 1)
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


@FUZZ
@given(trees, mutations)
def test_mutated_yaml_documents(tree: Any, edits: list[tuple[str, int, str]]) -> None:
    check(mutate(dump(tree), edits).encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(mutations)
def test_mutated_valid_pack(edits: list[tuple[str, int, str]]) -> None:
    check(mutate(GOOD, edits).encode("utf-8", errors="surrogatepass"))


GOOD_TREE: dict[str, Any] = yaml.safe_load(GOOD)
PATHS = [
    ("pack",),
    ("pack", "id"),
    ("pack", "title"),
    ("pack", "language"),
    ("pack", "roles"),
    ("questions",),
    ("questions", 0),
    ("questions", 0, "id"),
    ("questions", 0, "kind"),
    ("questions", 0, "skills"),
    ("questions", 0, "time_limit"),
    ("questions", 0, "hints"),
    ("tips", 0, "title"),
    ("tips", 0, "roles"),
]


@FUZZ
@given(st.sampled_from(PATHS), trees)
def test_near_valid_packs(where: tuple[Any, ...], value: Any) -> None:
    import copy

    tree = copy.deepcopy(GOOD_TREE)
    target = tree
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    pack, _ = check(dump(tree).encode("utf-8"))
    if pack is not None and where == ("pack", "title") and isinstance(value, str):
        # An accepted text is exactly the text written, made inert.
        assert pack.title == inert(value)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.binary(min_size=1, max_size=512))
def test_packs_validate_on_random_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(data)
        result = CliRunner().invoke(
            app, ["packs", "validate", str(path)], env={"AECOACH_HOME": folder}
        )
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout.startswith(str(path))


VALUE_LINES = [i for i, line in enumerate(GOOD.splitlines()) if ": " in line]
raw_tokens = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=12),
    st.text(alphabet="0123456789+-:._eExXoO~!&*%@`|>?#,[]{}'\" \\", max_size=60),
    st.text(max_size=60),
)


@FUZZ
@given(st.sampled_from(VALUE_LINES), raw_tokens)
def test_raw_values_in_every_field(index: int, token: str) -> None:
    # Written into the text as-is, unquoted: what a person typing a pack produces.
    put_raw(index, token)


@FUZZ
@given(st.sampled_from(VALUE_LINES), st.integers(min_value=1, max_value=6000))
def test_numbers_of_any_length_in_every_field(index: int, digits: int) -> None:
    # int() refuses more than 4300 digits (Python 3.11+): a number is text first.
    put_raw(index, "9" * digits)


def put_raw(index: int, token: str) -> None:
    lines = GOOD.splitlines()
    name = lines[index].split(": ", 1)[0]
    lines[index] = f"{name}: {token}"
    check(("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass"))
