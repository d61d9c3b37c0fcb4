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
from aecoach.bank.model import Ask, Objection, Pack, Question, Tip, Turn
from aecoach.bank.yamlsafe import INT, MAX_PROBLEMS, NULL, STR, Problem, describe, problem
from aecoach.errors import Msg
from aecoach.i18n import N_, _
from aecoach.textsafe import inert, shown

ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
MAX_TEXT = 2000  # characters in one text field, as written
MAX_LIST = 20  # entries in one list field (hints, points, roles, skills)
MAX_ITEMS = 1000  # items in one section of one pack
MAX_NUMBER_DIGITS = 9  # int() on thousands of digits is slow, and raises past 4300
# A pipeline-maths answer: plain digits with an optional '.' decimal part, bounded like
# every number the loader reads (YAML resolves only integers, so 3.5 arrives as text).
NUMBER_RE = re.compile(r"^-?[0-9]{1,12}(?:\.[0-9]{1,6})?$")
TIME_RANGE = (10, 1800)
DEFAULT_OBJECTION_TIME = 45

SECTIONS = ("questions", "tips", "asks", "objections")
TOP_FIELDS = ("pack", *SECTIONS)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str  # text | texts | id | lang | int | number | choice | choices | turns
    required: bool = True
    choices: dict[str, str] | None = None
    what: str = ""  # how to name one choice in a message
    minimum: int = 0  # for lists: fewest entries


def _text(name: str, required: bool = True) -> Field:
    return Field(name, "text", required)


def _texts(name: str, minimum: int) -> Field:
    return Field(name, "texts", True, minimum=minimum)


ROLES = Field("roles", "choices", True, taxonomy.ROLES, N_("role"), 1)
TURNS = Field("turns", "turns", False)
MODEL_ANSWER = _text("model_answer", required=False)
TURN_FIELDS = (_text("line"), _texts("points", 2), Field("time_limit", "int", required=False))
# Fields only a pipeline-maths question may have (the first is required there).
NUMBER_FIELDS = ("answer", "tolerance")
SKILLS = Field("skills", "choices", True, taxonomy.SKILLS, N_("skill"), 1)

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
        Field("kind", "choice", True, taxonomy.QUESTION_KINDS, N_("question kind")),
        ROLES,
        SKILLS,
        Field("time_limit", "int"),
        _texts("hints", 2),
        _text("brief", required=False),
        TURNS,
        MODEL_ANSWER,
        Field("answer", "number", required=False),
        Field("tolerance", "number", required=False),
    ),
    "tips": (
        Field("id", "id"),
        Field("kind", "choice", True, taxonomy.TIP_KINDS, N_("tip kind")),
        _text("title"),
        _text("body"),
        ROLES,
        Field("skills", "choices", False, taxonomy.SKILLS, N_("skill")),
    ),
    "asks": (Field("id", "id"), _text("text"), _text("why"), ROLES),
    "objections": (
        Field("id", "id"),
        _text("line"),
        Field("theme", "choice", True, taxonomy.OBJECTION_THEMES, N_("objection theme")),
        ROLES,
        _texts("points", 2),
        Field("time_limit", "int", required=False),
        TURNS,
        MODEL_ANSWER,
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
        return _("did you mean '{near}'? (one of: {choices})").format(near=near, choices=listed)
    return _("use one of: {choices}").format(choices=listed)


def _known_language(value: str) -> bool:
    """A language aecoach knows (i18n.LANGUAGES), perhaps with a region: ja, es-MX. A pack in
    another (jp, a slip for ja) would load under a code no filter or translation matches."""
    from aecoach.i18n import LANGUAGES

    return bool(LANG_RE.match(value)) and value.split("-", 1)[0] in LANGUAGES


def _language_hint(value: str) -> str:
    from aecoach.i18n import LANGUAGES, meant

    near = meant(value) or (_close(value, LANGUAGES) if LANG_RE.match(value) else None)
    if near:
        return _("did you mean '{near}'? (one of: {choices})").format(
            near=near, choices=", ".join(LANGUAGES)
        )
    if not LANG_RE.match(value):
        return _("use a language code such as en, es, id, ja or th")
    return _("use one of: {choices}").format(choices=", ".join(LANGUAGES))


def _field_hint(near: str | None, names: list[str] | tuple[str, ...]) -> str:
    if near:
        return _("did you mean '{near}'?").format(near=near)
    return _("allowed: {fields}").format(fields=", ".join(names))


class _Enough(Exception):
    """MAX_PROBLEMS found: a file this broken gains nothing from a longer list."""


class _Walker:
    def __init__(self, path: str, limit: int = MAX_PROBLEMS) -> None:
        self.path = path
        self.limit = limit
        self.problems: list[Problem] = []

    def add(self, msg: Msg, node: yaml.Node | None, **values: Any) -> None:
        if len(self.problems) >= self.limit:
            raise _Enough
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
        # A number written in a text field is still the text the author wrote.
        written: str = node.value
        if not written.strip():
            self.add(Msg.EMPTY_TEXT, node, where=where)
            return None
        if len(written) > MAX_TEXT:
            self.add(Msg.TEXT_TOO_LONG, node, where=where, length=len(written), limit=MAX_TEXT)
            return None
        # Control characters are made visible here, once, for every consumer.
        return inert(written)

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
        if spec.kind == "turns":
            nodes = self.seq(node, here, 1)
            if nodes is None:
                return None
            turns = []
            for i, turn_node in enumerate(nodes):
                values = self.record(turn_node, f"{here}[{i}]", TURN_FIELDS)
                if values is not None:
                    limit = values.get("time_limit", 0)
                    turns.append(Turn(values["line"], values["points"], limit))
            return tuple(turns) if len(turns) == len(nodes) else None
        if spec.kind == "number":
            plain = isinstance(node, yaml.ScalarNode) and not node.style
            if not plain or node.tag not in (INT, STR) or not NUMBER_RE.match(node.value):
                quoted = isinstance(node, yaml.ScalarNode) and bool(node.style)
                found = describe(node, quoted=quoted)
                self.add(Msg.NOT_PLAIN_NUMBER, node, where=here, found=found)
                return None
            number = float(node.value)
            return int(number) if "." not in node.value else number
        if spec.kind == "int":
            if not isinstance(node, yaml.ScalarNode) or node.tag != INT:
                # `"90"` is text; the fix is to drop the quotes
                quoted = isinstance(node, yaml.ScalarNode) and bool(node.style)
                found = describe(node, quoted=quoted and node.value.isdigit())
                self.add(Msg.NOT_NUMBER, node, where=here, found=found)
                return None
            low, high = TIME_RANGE
            if len(node.value.lstrip("+-").lstrip("0")) > MAX_NUMBER_DIGITS:
                value_text = shown(node.value, 20)
                self.add(Msg.OUT_OF_RANGE, node, where=here, value=value_text, low=low, high=high)
                return None
            value = int(node.value)
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
                self.add(Msg.BAD_ID, node, where=here, value=shown(value), example=example)
                return None
            if spec.kind == "lang" and not _known_language(value):
                hint = _language_hint(value)
                value = shown(value)
                what = _("language")
                self.add(Msg.BAD_CHOICE, node, where=here, value=value, what=what, hint=hint)
                return None
            if spec.kind == "choice":
                assert spec.choices is not None
                if value not in spec.choices:
                    hint = _choices_hint(value, spec.choices)
                    self.add(
                        Msg.BAD_CHOICE,
                        node,
                        where=here,
                        value=shown(value),
                        what=_(spec.what),
                        hint=hint,
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
                what = _(spec.what)
                self.add(Msg.BAD_CHOICE, item, where=here, value=shown(value), what=what, hint=hint)
                ok = False
            elif value in values:
                self.add(Msg.DUPLICATE_ENTRY, item, where=here, value=shown(value))
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
                hint = _field_hint(near, names)
                self.add(Msg.UNKNOWN_FIELD, key, where=where, field=shown(name), hint=hint)
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
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.value:
                return f"{section}[{index}] (id '{shown(value.value, 40)}')"
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
        brief=v.get("brief") or "",
        turns=v.get("turns") or (),
        model_answer=v.get("model_answer") or "",
        answer=v.get("answer"),
        tolerance=v.get("tolerance") or 0,
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
        turns=v.get("turns") or (),
        model_answer=v.get("model_answer") or "",
    )


BUILDERS: dict[str, Builder] = {
    "questions": _question,
    "tips": _tip,
    "asks": _ask,
    "objections": _objection,
}


def _number_fields(walker: _Walker, node: yaml.Node, label: str, values: dict[str, Any]) -> bool:
    """A pipeline-maths question needs its `answer`; no other kind may have one."""
    kind = values["kind"]
    if kind in taxonomy.NUMBER_KINDS:
        if values.get("answer") is None:
            walker.add(Msg.MISSING_FIELD, node, where=label, field=NUMBER_FIELDS[0])
            return False
        return True
    ok = True
    for key, _value in node.value:
        if key.value in NUMBER_FIELDS:
            walker.add(Msg.ANSWER_NOT_ALLOWED, key, where=label, field=key.value, kind=kind)
            ok = False
    return ok


def _item_id(node: yaml.Node) -> tuple[str, yaml.Node] | None:
    """The id an item declares, if it is a valid one, whatever else is wrong with the item."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "id"
                and isinstance(value, yaml.ScalarNode)
                and ID_RE.match(value.value)
            ):
                return value.value, value
    return None


def build_pack(
    root: yaml.Node, path: Path, *, builtin: bool = False
) -> tuple[Pack | None, list[Problem]]:
    """Validate a composed pack; return the Pack (None if invalid) and every problem found.

    Stops after MAX_PROBLEMS problems, saying so, so a hostile file costs bounded time.
    """
    walker = _Walker(str(path))
    try:
        pack = _walk_pack(walker, root, path, builtin)
    except _Enough:
        stop = problem(str(path), Msg.TOO_MANY_PROBLEMS, limit=walker.limit)
        return None, [*walker.problems, stop]
    if walker.problems:
        return None, walker.problems
    return pack, []


def _walk_pack(walker: _Walker, root: yaml.Node, path: Path, builtin: bool) -> Pack | None:
    where = str(path)
    if not isinstance(root, yaml.MappingNode):
        walker.add(Msg.YAML_TOP_NOT_MAPPING, root, found=describe(root))
        return None
    the_file = _("the file")
    top = walker.mapping(root, the_file)
    assert top is not None
    for name, (key, _value) in top.items():
        if name not in TOP_FIELDS:
            near = _close(name, TOP_FIELDS)
            hint = _field_hint(near, TOP_FIELDS)
            walker.add(Msg.UNKNOWN_FIELD, key, where=the_file, field=shown(name), hint=hint)
    header: dict[str, Any] | None = None
    if "pack" not in top:
        walker.add(Msg.MISSING_FIELD, root, where=the_file, field="pack")
    else:
        header = walker.record(top["pack"][1], "pack", SCHEMAS["pack"])
    pack_id = header["id"] if header else "?"
    lang = header["language"] if header else "?"
    items: dict[str, list[Any]] = {s: [] for s in SECTIONS}
    # One id space for the whole pack: the full id `<pack>/<id>` names an item
    # in the history whatever its section.
    first_line: dict[str, int] = {}
    entries = 0
    for section in SECTIONS:
        if section not in top:
            continue
        seq_node = top[section][1]
        if isinstance(seq_node, yaml.ScalarNode) and seq_node.tag == NULL:
            continue
        if not isinstance(seq_node, yaml.SequenceNode):
            walker.add(Msg.NOT_LIST, seq_node, where=section, found=describe(seq_node))
            entries += 1  # something is there, just wrongly written
            continue
        nodes = list(seq_node.value)
        entries += len(nodes)
        if len(nodes) > MAX_ITEMS:
            walker.add(Msg.TOO_MANY, seq_node, where=section, count=len(nodes), limit=MAX_ITEMS)
            continue
        for index, node in enumerate(nodes):
            label = _label(section, index, node)
            declared = _item_id(node)
            duplicate = False
            if declared is not None:
                item_id, id_node = declared
                if item_id in first_line:
                    duplicate = True
                    walker.add(
                        Msg.DUPLICATE_ID,
                        id_node,
                        where=f"{label}.id",
                        value=item_id,
                        first=first_line[item_id],
                    )
                else:
                    first_line[item_id] = id_node.start_mark.line + 1
            values = walker.record(node, label, SCHEMAS[section])
            if (
                section == "questions"
                and values is not None
                and not _number_fields(walker, node, label, values)
            ):
                continue
            if values is None or duplicate:
                continue
            line = node.start_mark.line + 1
            origin = f"{where}:{line}"
            key = f"{pack_id}/{values['id']}"
            items[section].append(BUILDERS[section](values, key, pack_id, lang, origin))
    if not entries:
        walker.add(Msg.PACK_EMPTY, None)  # about the whole file, not a place in it
    if walker.problems or header is None:
        return None
    return Pack(
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
