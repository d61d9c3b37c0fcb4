"""Turning a pack's YAML node tree into a Pack, collecting every problem with its place.

Validation works on nodes rather than constructed values so that every
problem can name the file, the line, the column and the field, and so that
a text field keeps exactly the characters the author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aecoach.bank import taxonomy
from aecoach.bank.model import Ask, Objection, Pack, Question, Tip
from aecoach.bank.yamlsafe import INT, NULL, Problem, describe, problem
from aecoach.errors import Msg
from aecoach.textsafe import inert

ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
MAX_TEXT = 2000
MAX_LIST = 20
MAX_ITEMS = 2000
TIME_RANGE = (10, 1800)
DEFAULT_OBJECTION_TIME = 45

SECTIONS = ("questions", "tips", "asks", "objections")
TOP_FIELDS = ("pack", *SECTIONS)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str  # text | id | lang | int | choice | choices
    required: bool = True
    choices: dict[str, str] | None = None
    what: str = ""  # how to name one choice in a message
    minimum: int = 0  # for lists: fewest entries


def _text(name: str, required: bool = True) -> Field:
    return Field(name, "text", required)


def _texts(name: str, minimum: int) -> Field:
    return Field(name, "texts", True, minimum=minimum)


ROLES = Field("roles", "choices", True, taxonomy.ROLES, "role", 1)
SKILLS = Field("skills", "choices", True, taxonomy.SKILLS, "skill", 1)

SCHEMAS: dict[str, tuple[Field, ...]] = {
    "pack": (
        Field("id", "id"),
        _text("title"),
        Field("language", "lang"),
        ROLES,
        _text("description", required=False),
    ),
    "questions": (
        Field("id", "id"),
        _text("text"),
        Field("kind", "choice", True, taxonomy.QUESTION_KINDS, "question kind"),
        ROLES,
        SKILLS,
        Field("time_limit", "int"),
        _texts("hints", 2),
    ),
    "tips": (
        Field("id", "id"),
        Field("kind", "choice", True, taxonomy.TIP_KINDS, "tip kind"),
        _text("title"),
        _text("body"),
        ROLES,
        Field("skills", "choices", False, taxonomy.SKILLS, "skill"),
    ),
    "asks": (Field("id", "id"), _text("text"), _text("why"), ROLES),
    "objections": (
        Field("id", "id"),
        _text("line"),
        Field("theme", "choice", True, taxonomy.OBJECTION_THEMES, "objection theme"),
        ROLES,
        _texts("points", 2),
        Field("time_limit", "int", required=False),
    ),
}

SECTION_NOUN = {"questions": "question", "tips": "tip", "asks": "ask", "objections": "objection"}


def _close(word: str, options: list[str] | tuple[str, ...]) -> str | None:
    import difflib  # only on the error path

    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


def _choices_hint(value: str, choices: dict[str, str]) -> str:
    near = _close(value, list(choices))
    listed = ", ".join(choices)
    if near:
        return f"did you mean '{near}'? (one of: {listed})"
    return f"use one of: {listed}"


class _Walker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, msg: Msg, node: yaml.Node | None, **values: Any) -> None:
        mark = node.start_mark if node is not None else None
        self.problems.append(problem(self.path, msg, mark, **values))

    def mapping(self, node: yaml.Node, where: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.add(Msg.NOT_MAPPING, node, where=where, found=describe(node))
            return None
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value not in out:
                out[key.value] = (key, value)
        return out

    def text(self, node: yaml.Node, where: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag == NULL:
            if isinstance(node, yaml.ScalarNode):
                self.add(Msg.EMPTY_TEXT, node, where=where)
            else:
                self.add(Msg.NOT_TEXT, node, where=where, found=describe(node))
            return None
        # A number written in a text field is still the text the author wrote;
        # control characters are made visible here, once, for every consumer.
        value: str = inert(node.value)
        if not value.strip():
            self.add(Msg.EMPTY_TEXT, node, where=where)
            return None
        if len(value) > MAX_TEXT:
            self.add(Msg.TEXT_TOO_LONG, node, where=where, length=len(value), limit=MAX_TEXT)
            return None
        return value

    def seq(self, node: yaml.Node, where: str, minimum: int) -> list[yaml.Node] | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != NULL and minimum <= 1:
            return [node]  # `roles: ae` is a list of one, as a person means it
        if not isinstance(node, yaml.SequenceNode):
            self.add(Msg.NOT_LIST, node, where=where, found=describe(node))
            return None
        if len(node.value) < minimum:
            self.add(Msg.TOO_FEW, node, where=where, minimum=minimum, count=len(node.value))
        if len(node.value) > MAX_LIST:
            self.add(Msg.TOO_MANY, node, where=where, count=len(node.value), limit=MAX_LIST)
            return None
        return list(node.value)

    def field(self, spec: Field, node: yaml.Node, where: str) -> Any:
        here = f"{where}.{spec.name}"
        if spec.kind == "text":
            return self.text(node, here)
        if spec.kind == "texts":
            nodes = self.seq(node, here, spec.minimum)
            if nodes is None:
                return None
            texts = [self.text(n, f"{here}[{i}]") for i, n in enumerate(nodes)]
            return None if None in texts else tuple(texts)
        if spec.kind == "int":
            if not isinstance(node, yaml.ScalarNode) or node.tag != INT:
                self.add(Msg.NOT_NUMBER, node, where=here, found=describe(node))
                return None
            value = int(node.value)
            low, high = TIME_RANGE
            if not low <= value <= high:
                self.add(Msg.OUT_OF_RANGE, node, where=here, value=value, low=low, high=high)
                return None
            return value
        if spec.kind in ("id", "lang", "choice"):
            value = self.text(node, here)
            if value is None:
                return None
            if spec.kind == "id" and not ID_RE.match(value):
                example = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40] or "my-item"
                self.add(Msg.BAD_ID, node, where=here, value=value, example=example)
                return None
            if spec.kind == "lang" and not LANG_RE.match(value):
                hint = "use a language code such as en, es, id, ja or th"
                self.add(Msg.BAD_CHOICE, node, where=here, value=value, what="language", hint=hint)
                return None
            if spec.kind == "choice":
                assert spec.choices is not None
                if value not in spec.choices:
                    hint = _choices_hint(value, spec.choices)
                    self.add(
                        Msg.BAD_CHOICE, node, where=here, value=value, what=spec.what, hint=hint
                    )
                    return None
            return value
        # choices: a list drawn from a vocabulary
        assert spec.choices is not None
        nodes = self.seq(node, here, spec.minimum)
        if nodes is None:
            return None
        values: list[str] = []
        ok = True
        for i, item in enumerate(nodes):
            value = self.text(item, f"{here}[{i}]")
            if value is None:
                ok = False
            elif value not in spec.choices:
                hint = _choices_hint(value, spec.choices)
                self.add(Msg.BAD_CHOICE, item, where=here, value=value, what=spec.what, hint=hint)
                ok = False
            elif value in values:
                self.add(Msg.DUPLICATE_ENTRY, item, where=here, value=value)
            else:
                values.append(value)
        return tuple(values) if ok else None

    def record(
        self, node: yaml.Node, where: str, fields: tuple[Field, ...]
    ) -> dict[str, Any] | None:
        entries = self.mapping(node, where)
        if entries is None:
            return None
        names = [f.name for f in fields]
        for name, (key, _value) in entries.items():
            if name not in names:
                near = _close(name, names)
                hint = f"did you mean '{near}'?" if near else "allowed: " + ", ".join(names)
                self.add(Msg.UNKNOWN_FIELD, key, where=where, field=name, hint=hint)
        out: dict[str, Any] = {}
        ok = True
        for spec in fields:
            if spec.name not in entries:
                if spec.required:
                    self.add(Msg.MISSING_FIELD, node, where=where, field=spec.name)
                    ok = False
                continue
            value = self.field(spec, entries[spec.name][1], where)
            if value is None:
                ok = False
            out[spec.name] = value
        return out if ok else None


def _label(section: str, index: int, node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                return f"{section}[{index}] (id '{value.value}')"
    return f"{section}[{index}]"


Builder = Callable[[dict[str, Any], str, str, str, str], Any]


def _question(v: dict[str, Any], key: str, pack: str, lang: str, origin: str) -> Question:
    return Question(
        key=key,
        id=v["id"],
        pack=pack,
        language=lang,
        text=v["text"],
        kind=v["kind"],
        roles=v["roles"],
        skills=v["skills"],
        time_limit=v["time_limit"],
        hints=v["hints"],
        origin=origin,
    )


def _tip(v: dict[str, Any], key: str, pack: str, lang: str, origin: str) -> Tip:
    return Tip(
        key=key,
        id=v["id"],
        pack=pack,
        language=lang,
        kind=v["kind"],
        title=v["title"],
        body=v["body"],
        roles=v["roles"],
        skills=v.get("skills") or (),
        origin=origin,
    )


def _ask(v: dict[str, Any], key: str, pack: str, lang: str, origin: str) -> Ask:
    return Ask(key, v["id"], pack, lang, v["text"], v["why"], v["roles"], origin)


def _objection(v: dict[str, Any], key: str, pack: str, lang: str, origin: str) -> Objection:
    return Objection(
        key=key,
        id=v["id"],
        pack=pack,
        language=lang,
        line=v["line"],
        theme=v["theme"],
        roles=v["roles"],
        points=v["points"],
        time_limit=v.get("time_limit") or DEFAULT_OBJECTION_TIME,
        origin=origin,
    )


BUILDERS: dict[str, Builder] = {
    "questions": _question,
    "tips": _tip,
    "asks": _ask,
    "objections": _objection,
}


def build_pack(
    root: yaml.Node, path: Path, *, builtin: bool = False
) -> tuple[Pack | None, list[Problem]]:
    """Validate a composed pack; return the Pack (None if invalid) and every problem found."""
    where = str(path)
    walker = _Walker(where)
    if not isinstance(root, yaml.MappingNode):
        walker.add(Msg.YAML_TOP_NOT_MAPPING, root, found=describe(root))
        return None, walker.problems
    top = walker.mapping(root, "the file")
    assert top is not None
    for name, (key, _value) in top.items():
        if name not in TOP_FIELDS:
            near = _close(name, TOP_FIELDS)
            hint = f"did you mean '{near}'?" if near else "allowed: " + ", ".join(TOP_FIELDS)
            walker.add(Msg.UNKNOWN_FIELD, key, where="the file", field=name, hint=hint)
    header: dict[str, Any] | None = None
    if "pack" not in top:
        walker.add(Msg.MISSING_FIELD, root, where="the file", field="pack")
    else:
        header = walker.record(top["pack"][1], "pack", SCHEMAS["pack"])
    pack_id = header["id"] if header else "?"
    lang = header["language"] if header else "?"
    items: dict[str, list[Any]] = {s: [] for s in SECTIONS}
    for section in SECTIONS:
        if section not in top:
            continue
        seq_node = top[section][1]
        if isinstance(seq_node, yaml.ScalarNode) and seq_node.tag == NULL:
            continue
        if not isinstance(seq_node, yaml.SequenceNode):
            walker.add(Msg.NOT_LIST, seq_node, where=section, found=describe(seq_node))
            continue
        nodes = list(seq_node.value)
        if len(nodes) > MAX_ITEMS:
            walker.add(Msg.TOO_MANY, seq_node, where=section, count=len(nodes), limit=MAX_ITEMS)
            continue
        first_line: dict[str, int] = {}
        for index, node in enumerate(nodes):
            label = _label(section, index, node)
            values = walker.record(node, label, SCHEMAS[section])
            if values is None:
                continue
            item_id = values["id"]
            line = node.start_mark.line + 1
            if item_id in first_line:
                id_node = next(v for k, v in node.value if k.value == "id")
                walker.add(
                    Msg.DUPLICATE_ID,
                    id_node,
                    where=f"{label}.id",
                    value=item_id,
                    first=first_line[item_id],
                )
                continue
            first_line[item_id] = line
            origin = f"{where}:{line}"
            key = f"{pack_id}/{item_id}"
            items[section].append(BUILDERS[section](values, key, pack_id, lang, origin))
    if header is not None and not any(top.get(s) for s in SECTIONS) and not walker.problems:
        walker.add(Msg.PACK_EMPTY, root)
    if walker.problems or header is None:
        return None, walker.problems
    if not any(items.values()):
        walker.add(Msg.PACK_EMPTY, root)
        return None, walker.problems
    pack = Pack(
        id=header["id"],
        title=header["title"],
        language=header["language"],
        roles=header["roles"],
        path=path,
        description=header.get("description") or "",
        builtin=builtin,
        questions=tuple(items["questions"]),
        tips=tuple(items["tips"]),
        asks=tuple(items["asks"]),
        objections=tuple(items["objections"]),
    )
    return pack, []
