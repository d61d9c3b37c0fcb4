"""Reading a pack file into a YAML node tree, safely and with bounds.

Packs come from strangers (coaches, bootcamps, a friend's notes), so this
module assumes the worst: it refuses anything that is not a regular file of
at most MAX_FILE_BYTES (checked before reading, and the read itself is
capped), refuses binary and non-UTF-8 text with the encoding named, composes
with libyaml's event parser where present, resolves only plain integers and
nulls (so `no`, `1.10` and `12:30` stay the text that was written), and never
constructs Python objects: the schema walks the nodes itself. Anchors and
aliases are refused, which makes "billion laughs" impossible; nesting depth
and the number of values are bounded, so time and memory are too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from aecoach.bank.problems import MAX_PROBLEMS, PackFileError, Problem, problem
from aecoach.errors import Msg
from aecoach.i18n import N_, _
from aecoach.textsafe import shown

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 16
MAX_NODES = 100_000

try:
    # Not re-exported as yaml.CParser: it lives in yaml._yaml (yaml.cyaml imports it).
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


class _Refused(Exception):
    """The composer met something packs never need; stop at once."""

    def __init__(self, msg: Msg, mark: Any, **values: Any) -> None:
        self.msg = msg
        self.mark = mark
        self.values = values


class _GuardedComposer(yaml.composer.Composer):
    """The pure-Python composer with bounded depth and size, and no anchors or aliases.

    libyaml's own composer recurses in C and crashes the interpreter on a few
    hundred thousand nested brackets, so only its event parser is used; the
    checks happen before each node is built, so a hostile file costs at most
    MAX_NODES nodes of work.
    """

    _depth = 0
    _nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(Msg.YAML_ALIAS, event.start_mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(Msg.YAML_TOO_MANY_NODES, event.start_mark, limit=MAX_NODES)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(Msg.YAML_TOO_DEEP, event.start_mark, limit=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class PurePackLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _GuardedComposer,
    yaml.resolver.Resolver,
):
    """The all-Python loader: used without libyaml, and by the tests of that path."""

    offsets_in_bytes = False

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def dispose(self) -> None:
        pass


PackYamlLoader: type[Any] = PurePackLoader

if _CParser is not None:

    class CPackLoader(_GuardedComposer, _CParser, yaml.resolver.Resolver):  # type: ignore[misc, valid-type]
        """libyaml's event parser (fast, iterative) under the guarded composer."""

        offsets_in_bytes = True  # libyaml reports reader errors as UTF-8 byte offsets

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def get_single_node(self) -> Any:
            return yaml.composer.Composer.get_single_node(self)

    PackYamlLoader = CPackLoader


# Only plain integers and nulls are resolved: `no`, `1.10` and `12:30` stay text.
for _loader in {PurePackLoader, PackYamlLoader}:
    _loader.yaml_implicit_resolvers = {}
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
    )
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
    )

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
ALLOWED_TAGS = frozenset({STR, INT, NULL, SEQ, MAP})


def describe(node: yaml.Node | None, *, quoted: bool = False) -> str:
    """How a candidate would name what they wrote, for 'expected X, found Y' (`quoted`:
    say that it is in quotes, when dropping them is the fix)."""
    if node is None or node.tag == NULL:
        return _("nothing")
    if isinstance(node, yaml.MappingNode):
        return _("a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("a list")
    if node.tag == INT:
        found = _("the number {value}").format(value=shown(node.value, 20))
    else:
        found = _("the text '{text}'").format(text=shown(node.value))
    return _("{found} in quotes").format(found=found) if quoted else found


def _looks_utf32(data: bytes) -> bool:
    quads = data[: len(data) - len(data) % 4]
    if len(quads) < 8:
        return False
    le = quads[2::4].count(0) + quads[3::4].count(0)
    be = quads[0::4].count(0) + quads[1::4].count(0)
    return max(le, be) >= len(quads) // 2 * 0.9


def _looks_utf16(data: bytes) -> bool:
    # UTF-16 without a byte-order mark puts a NUL beside every ASCII letter.
    even, odd = data[0::2], data[1::2]
    return bool(data) and (even.count(0) > len(even) * 0.4 or odd.count(0) > len(odd) * 0.4)


# C0 controls other than tab, newline, carriage return and form feed: text
# files in any single-byte encoding do not hold them, binary files do.
_BINARY_BYTES = bytes([*range(0, 9), 11, *range(14, 32)])


def decode(data: bytes, path: str) -> str:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise PackFileError(problem(path, Msg.FILE_ENCODING, encoding="UTF-32"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PackFileError(problem(path, Msg.FILE_ENCODING, encoding="UTF-16"))
    if b"\x00" in data:
        if _looks_utf32(data):
            raise PackFileError(problem(path, Msg.FILE_ENCODING, encoding="UTF-32"))
        if _looks_utf16(data):
            raise PackFileError(problem(path, Msg.FILE_ENCODING, encoding="UTF-16"))
        raise PackFileError(problem(path, Msg.FILE_BINARY))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = data[:65536]
        if sum(sample.count(b) for b in _BINARY_BYTES) > len(sample) // 100:
            raise PackFileError(problem(path, Msg.FILE_BINARY)) from None
        bad = data[exc.start]
        line = data.count(b"\n", 0, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        mark = yaml.Mark(path, exc.start, line, column, None, None)
        raise PackFileError(problem(path, Msg.FILE_NOT_UTF8, mark, byte=bad)) from None
    return text.removeprefix("\ufeff")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing non-files and files over MAX_FILE_BYTES before reading them."""
    from aecoach.safefile import FileTooLarge, NotRegularFile, read_capped

    where = str(path)
    try:
        return read_capped(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise PackFileError(problem(where, Msg.FILE_MISSING)) from None
    except IsADirectoryError:
        raise PackFileError(problem(where, Msg.FILE_NOT_REGULAR, kind=_("a folder"))) from None
    except NotRegularFile as exc:
        raise PackFileError(problem(where, Msg.FILE_NOT_REGULAR, kind=_(exc.kind))) from None
    except FileTooLarge as exc:
        raise PackFileError(
            problem(where, Msg.FILE_TOO_LARGE, size=exc.size, limit=MAX_FILE_BYTES)
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PackFileError(problem(where, Msg.FILE_UNREADABLE, reason=reason.lower())) from None


def _open_quote_line(lines: list[str], last: int) -> int | None:
    """The nearest line at or above `last` with an odd number of double quotes (0-based)."""
    for index in range(last, max(-1, last - 12), -1):
        body = lines[index].replace('\\"', "")
        if body.lstrip().startswith("#"):
            continue
        if body.count('"') % 2:
            return index
    return None


def _syntax_fix(problem_text: str, text: str, mark: Any) -> str:
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if (
        "\t" in line[: len(line) - len(line.lstrip())]
        or "\\t" in problem_text
        or "tab" in problem_text
    ):
        return _("indent with spaces, not tabs")
    above = lines[mark.line - 1] if mark is not None and 0 < mark.line <= len(lines) else ""
    if re.match(r"^\s*-[^\s-]", line) or re.match(r"^\s*-[^\s-]", above):
        return _("put a space after the '-' that starts a list entry")
    if re.search(r':\s+"[^"]*"\s*[^\s#,\]}]', line):
        return _("text goes on after the closing quote: put all of it inside the quotes")
    if mark is not None and "expected" in problem_text and mark.line < len(lines):
        opened = _open_quote_line(lines, mark.line - (0 if line.count('"') % 2 else 1))
        if opened is not None and opened < mark.line:
            return _("a quote opened on line {line} is never closed: close it").format(
                line=opened + 1
            )
    if "mapping values are not allowed" in problem_text:
        return _("put text that contains ': ' in quotes")
    if "cannot start any token" in problem_text:
        return _("put text that starts with a symbol such as @, ` or % in quotes")
    if "unknown escape" in problem_text or "escape" in problem_text:
        return _(
            "in double quotes a backslash starts an escape: write \\\\ for a backslash,"
            " or use single quotes"
        )
    if "could not find expected ':'" in problem_text:
        return _("every field needs 'name: value'; check for a missing colon or quote")
    if "expected <block end>" in problem_text or "did not find expected" in problem_text:
        return _("check the indentation and quotes on this line and the one before")
    return _("check this line against docs/packs.md")


# What libyaml and PyYAML say most often, in the candidate's language; anything else is
# quoted as the parser said it (the fix after it is always aecoach's own, translated).
YAML_PROBLEMS = frozenset(
    {
        N_("mapping values are not allowed in this context"),
        N_("mapping values are not allowed here"),
        N_("found character that cannot start any token"),
        N_("did not find expected key"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected node content"),
        N_("could not find expected ':'"),
        N_("found unexpected end of stream"),
        N_("found unknown escape character"),
        N_("found a tab character that violates indentation"),
        N_("unreadable YAML"),
    }
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    problem_text = exc.problem or exc.context or "unreadable YAML"
    what = _(problem_text) if problem_text in YAML_PROBLEMS else problem_text
    mark = exc.problem_mark
    context = exc.context or ""
    if "end of stream" in problem_text and exc.context_mark is not None and "scanning" in context:
        # An unclosed quote or bracket: the end of the file is not where to look.
        opened = context.removeprefix("while scanning ").removeprefix("a ")
        fix = (
            _("close the quote that starts here")
            if "quoted" in opened
            else _("close the {opened} that starts here").format(opened=opened)
        )
        return problem(path, Msg.YAML_SYNTAX, exc.context_mark, problem=what, fix=fix)
    if "end of stream" in problem_text and exc.context_mark is not None and "parsing" in context:
        fix = _("close the bracket or quote that starts here")
        return problem(path, Msg.YAML_SYNTAX, exc.context_mark, problem=what, fix=fix)
    if re.search(r"expected ',' or '[\]}]'", problem_text) and exc.context_mark is not None:
        fix = _("close the bracket opened on line {line}, or add the comma").format(
            line=exc.context_mark.line + 1
        )
        return problem(path, Msg.YAML_SYNTAX, mark, problem=what, fix=fix)
    fix = _syntax_fix(problem_text, text, mark)
    return problem(path, Msg.YAML_SYNTAX, mark, problem=what, fix=fix)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: str, in_bytes: bool) -> Problem:
    offset = exc.position
    if in_bytes:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    mark = yaml.Mark(path, offset, line, column, None, None)
    char = exc.character
    code = char if isinstance(char, int) else ord(char) if char else 0
    return problem(path, Msg.YAML_CONTROL_CHAR, mark, char=f"U+{code:04X}")


def _nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    return "nesting" in f"{exc.problem or ''} {exc.context or ''}".lower()


def compose(text: str, path: str, loader_class: type[Any] | None = None) -> yaml.Node | None:
    """Parse text into one YAML node tree, or raise PackFileError with the place."""
    cls = loader_class or PackYamlLoader
    loader = cls(text)
    try:
        return loader.get_single_node()
    except _Refused as exc:
        raise PackFileError(problem(path, exc.msg, exc.mark, **exc.values)) from None
    except yaml.composer.ComposerError as exc:
        if "single document" in (exc.context or ""):
            raise PackFileError(problem(path, Msg.YAML_MULTI_DOC, exc.problem_mark)) from None
        raise PackFileError(_syntax_problem(exc, text, path)) from None
    except yaml.MarkedYAMLError as exc:
        if cls is not PurePackLoader and _nesting_limit(exc):
            # libyaml (since PyYAML 6.0.4) stops at its own nesting limit while scanning
            # ahead, before our composer has seen one level too many. The pure-Python
            # parser looks at most 1,024 characters ahead, so it reaches our refusal, with
            # our message at the place where the pack goes too deep.
            return compose(text, path, PurePackLoader)
        raise PackFileError(_syntax_problem(exc, text, path)) from None
    except yaml.reader.ReaderError as exc:
        in_bytes = bool(getattr(cls, "offsets_in_bytes", False))
        raise PackFileError(_reader_problem(exc, text, path, in_bytes)) from None
    except yaml.YAMLError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        fix = _("check the file against docs/packs.md")
        raise PackFileError(problem(path, Msg.YAML_SYNTAX, problem=detail, fix=fix)) from None
    finally:
        loader.dispose()


def check_tree(root: yaml.Node, path: str) -> list[Problem]:
    """Refuse what packs never need: foreign tags, non-text keys, duplicate keys.

    Walks iteratively so no depth can exhaust the Python stack. Aliases,
    anchors, depth and size were refused while composing.
    """
    problems: list[Problem] = []
    stack: list[yaml.Node] = [root]
    while stack and len(problems) < MAX_PROBLEMS:
        node = stack.pop()
        if node.tag not in ALLOWED_TAGS:
            tag = shown(node.tag.replace("tag:yaml.org,2002:", "!!"))
            problems.append(problem(path, Msg.YAML_TAG, node.start_mark, tag=tag))
            continue
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            first_seen: dict[str, int] = {}
            children: list[yaml.Node] = []
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    problems.append(problem(path, Msg.BAD_KEY, key.start_mark, found=describe(key)))
                elif key.tag in ALLOWED_TAGS:
                    name = key.value
                    if name in first_seen:
                        problems.append(
                            problem(
                                path,
                                Msg.YAML_DUPLICATE_KEY,
                                key.start_mark,
                                key=shown(name),
                                first=first_seen[name],
                            )
                        )
                    else:
                        first_seen[name] = key.start_mark.line + 1
                children.append(key)
                children.append(value)
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
