"""Reading a pack file into a YAML node tree, safely and with bounds.

Packs come from strangers (coaches, bootcamps, a friend's notes), so this
module assumes the worst: it reads at most MAX_FILE_BYTES, refuses binary and
non-UTF-8 text with the encoding named, composes with the C parser where
present, resolves only plain integers and nulls (so `no`, `1.10` and `12:30`
stay the text that was written), and never constructs Python objects: the
schema walks the nodes itself. Aliases are refused, which makes "billion
laughs" impossible, and nesting depth is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aecoach.errors import Msg, render

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 16

try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


class _DepthLimit(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _AliasFound(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _GuardedComposer(yaml.composer.Composer):
    """The pure-Python composer with a depth bound and no aliases.

    libyaml's own composer recurses in C and crashes the interpreter on a few
    hundred thousand nested brackets, so only its event parser is used.
    """

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _DepthLimit(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


if _CParser is not None:

    class PackYamlLoader(_GuardedComposer, _CParser, yaml.resolver.Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def get_single_node(self) -> Any:
            return yaml.composer.Composer.get_single_node(self)

else:  # pragma: no cover - only without the libyaml extension

    class PackYamlLoader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        _GuardedComposer,
        yaml.resolver.Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def dispose(self) -> None:
            pass


# Only plain integers and nulls are resolved: `no`, `1.10` and `12:30` stay text.
PackYamlLoader.yaml_implicit_resolvers = {}
PackYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
PackYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
ALLOWED_TAGS = frozenset({STR, INT, NULL, SEQ, MAP})


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a pack, at a place in it."""

    path: str
    line: int  # 1-based; 0 when the problem is the whole file
    column: int
    msg: Msg
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def message(self) -> str:
        return render(self.msg, **dict(self.values))

    @property
    def text(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"


class PackFileError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


def problem(path: str, msg: Msg, mark: Any = None, **values: Any) -> Problem:
    line = mark.line + 1 if mark is not None else 0
    column = mark.column + 1 if mark is not None else 0
    return Problem(path, line, column, msg, tuple(values.items()))


def describe(node: yaml.Node | None) -> str:
    """How a candidate would name what they wrote, for 'expected X, found Y'."""
    if node is None or node.tag == NULL:
        return "nothing"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == INT:
        return f"the number {node.value}"
    return f"the text '{node.value}'"


def decode(data: bytes, path: str) -> str:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise PackFileError(problem(path, Msg.FILE_ENCODING, encoding="UTF-32"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PackFileError(problem(path, Msg.FILE_ENCODING, encoding="UTF-16"))
    if b"\x00" in data:
        # UTF-16 without a byte-order mark puts a NUL beside every ASCII letter.
        even, odd = data[0::2], data[1::2]
        if data and (even.count(0) > len(even) * 0.4 or odd.count(0) > len(odd) * 0.4):
            raise PackFileError(problem(path, Msg.FILE_ENCODING, encoding="UTF-16"))
        raise PackFileError(problem(path, Msg.FILE_BINARY))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        line = data.count(b"\n", 0, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        mark = yaml.Mark(path, exc.start, line, column, None, None)
        raise PackFileError(problem(path, Msg.FILE_NOT_UTF8, mark, byte=bad)) from None
    return text.removeprefix("\ufeff")


def read_bytes(path: Path) -> bytes:
    where = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PackFileError(problem(where, Msg.FILE_MISSING)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PackFileError(problem(where, Msg.FILE_UNREADABLE, reason=reason.lower())) from None
    if len(data) > MAX_FILE_BYTES:
        size = path.stat().st_size
        raise PackFileError(problem(where, Msg.FILE_TOO_LARGE, size=size, limit=MAX_FILE_BYTES))
    return data


def _syntax_fix(problem_text: str, text: str, mark: Any) -> str:
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())] or "\\t" in problem_text:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem_text:
        return "put text that contains ': ' in quotes"
    if "cannot start any token" in problem_text:
        return "put text that starts with a symbol such as @, ` or % in quotes"
    if "could not find expected ':'" in problem_text:
        return "every field needs 'name: value'; check for a missing colon or quote"
    if "expected <block end>" in problem_text or "did not find expected" in problem_text:
        return "check the indentation and quotes on this line and the one before"
    return "check this line against docs/packs.md"


def compose(text: str, path: str) -> yaml.Node | None:
    """Parse text into one YAML node tree, or raise PackFileError with the place."""
    loader = PackYamlLoader(text)
    try:
        return loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "single document" in (exc.context or ""):
            raise PackFileError(problem(path, Msg.YAML_MULTI_DOC, exc.problem_mark)) from None
        raise PackFileError(_syntax_problem(exc, text, path)) from None
    except yaml.MarkedYAMLError as exc:
        raise PackFileError(_syntax_problem(exc, text, path)) from None
    except yaml.YAMLError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        fix = "check the file against docs/packs.md"
        raise PackFileError(problem(path, Msg.YAML_SYNTAX, problem=detail, fix=fix)) from None
    except _DepthLimit as exc:
        raise PackFileError(problem(path, Msg.YAML_TOO_DEEP, exc.mark, limit=MAX_DEPTH)) from None
    except _AliasFound as exc:
        raise PackFileError(problem(path, Msg.YAML_ALIAS, exc.mark)) from None
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    what = exc.problem or exc.context or "unreadable YAML"
    mark = exc.problem_mark
    fix = _syntax_fix(what, text, mark)
    return problem(path, Msg.YAML_SYNTAX, mark, problem=what, fix=fix)


def check_tree(root: yaml.Node, path: str) -> list[Problem]:
    """Refuse what packs never need: aliases, foreign tags, deep nesting, duplicate keys.

    Walks iteratively so a hostile depth cannot exhaust the Python stack.
    """
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            # The composer hands back the anchored node itself for an alias.
            problems.append(problem(path, Msg.YAML_ALIAS, node.start_mark))
            continue
        seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(problem(path, Msg.YAML_TAG, node.start_mark, tag=tag))
            continue
        if depth > MAX_DEPTH:
            problems.append(problem(path, Msg.YAML_TOO_DEEP, node.start_mark, limit=MAX_DEPTH))
            return problems
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            first_seen: dict[str, int] = {}
            children: list[tuple[yaml.Node, int]] = []
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag in ALLOWED_TAGS:
                    name = key.value
                    if name in first_seen:
                        problems.append(
                            problem(
                                path,
                                Msg.YAML_DUPLICATE_KEY,
                                key.start_mark,
                                key=name,
                                first=first_seen[name],
                            )
                        )
                    else:
                        first_seen[name] = key.start_mark.line + 1
                children.append((key, depth + 1))
                children.append((value, depth + 1))
            stack.extend(reversed(children))
    return problems


def read_tree(path: Path) -> yaml.Node:
    """Read, decode and compose a pack file; raise PackFileError for the first fatal problem."""
    where = str(path)
    text = decode(read_bytes(path), where)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise PackFileError(problem(where, Msg.YAML_EMPTY))
    root = compose(text, where)
    if root is None or root.tag == NULL:
        raise PackFileError(problem(where, Msg.YAML_EMPTY))
    return root
