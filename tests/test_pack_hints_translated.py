"""Every word of a pack problem is in the candidate's language (issue 17).

A message's template was translated, but the words put into it (the hint, what was
found, where, which kind of value) were English: under --lang ja one read
"ファイル: 不明なフィールド 'items'。allowed: pack, …". Two checks:

- pseudo-translation: with every translated string turned into full-width letters,
  any plain ASCII word left in a problem must be something the author wrote or a
  name from the pack format (a field, a kind, a role); English prose is a failure;
- each real catalogue: no English hint from the pack code is left in es, id, ja, th.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach import i18n
from aecoach.bank import schema, taxonomy
from aecoach.bank.loader import load_pack
from aecoach.cli import app
from packkit import GOOD, write

HINTS = '    hints: ["Something specific about Acme.", "How you fit what they sell."]'
# Each a broken pack that reaches another hint, described value or kind of value.
BROKEN = {
    "top-level": "pack: my-pack\nversion: 1\nitems: []\n",
    "unknown-near": GOOD.replace(
        "    kind: motivation", "    kind: motivation\n    kinds: opening"
    ),
    "unknown-far": GOOD.replace("  roles: [ae]\nquestions:", "  roles: [ae]\n  zzz: 1\nquestions:"),
    "choices": GOOD.replace("kind: motivation", "kind: motivaton")
    .replace("skills: [communication]", "skills: [organization, qqqqq]")
    .replace("    roles: [ae]\n    skills", "    roles: [zzzz]\n    skills")
    .replace("language: en", "language: English")
    .replace("kind: do", "kind: doo"),
    "found": GOOD.replace('title: "Acme"', "title: [Acme]")
    .replace("time_limit: 90", 'time_limit: "90"')
    .replace(HINTS, "    hints: 3")
    .replace('body: "Read two case studies."', "body: {a: b}")
    .replace("  roles: [ae]\nquestions:", "  roles: ~\nquestions:"),
    "number-in-quotes": GOOD.replace("kind: motivation", "kind: pipeline-maths").replace(
        HINTS, HINTS + '\n    answer: "1,800"'
    ),
    "answer-not-allowed": GOOD.replace(HINTS, HINTS + "\n    answer: 5"),
    "colon": GOOD.replace('body: "Read two case studies."', "body: Note: read two."),
    "tab": GOOD.replace("    kind: motivation", "\tkind: motivation"),
    "open-quote": GOOD.replace('text: "Why do you want to work at Acme?"', 'text: "Why Acme?'),
    "open-quote-at-end": GOOD + '    skills: "never closed\n',
    "bracket": GOOD.replace("  roles: [ae]\nquestions:", "  roles: [ae\nquestions:"),
    "dash": GOOD.replace("  - id: why-us", "  -id: why-us"),
    "after-quote": GOOD.replace('title: "Acme"', 'title: "Acme" Corp'),
    "escape": GOOD.replace('title: "Acme"', 'title: "Acme \\q"'),
    "symbol": GOOD.replace('title: "Acme"', "title: @acme"),
}


def _full_width(text: str) -> str:
    """ASCII letters outside {placeholders} as full-width ones: "translated", visibly."""
    parts = re.split(r"(\{[^{}]*\})", text)
    return "".join(
        part if part.startswith("{") else re.sub(r"[A-Za-z]", _wide, part) for part in parts
    )


def _wide(match: re.Match[str]) -> str:
    return chr(ord(match.group()) + 0xFEE0)


class _Pseudo:
    def gettext(self, message: str) -> str:
        return _full_width(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _full_width(singular if n == 1 else plural)


def _format_names() -> set[str]:
    """Names from the pack format, which stay as written in every language."""
    names = {"pack", "id", *schema.TOP_FIELDS, *schema.NUMBER_FIELDS}
    for fields in schema.SCHEMAS.values():
        names |= {f.name for f in fields}
    for field in schema.TURN_FIELDS:
        names.add(field.name)
    for vocabulary in (
        taxonomy.ROLES,
        taxonomy.SKILLS,
        taxonomy.QUESTION_KINDS,
        taxonomy.TIP_KINDS,
        taxonomy.OBJECTION_THEMES,
        i18n.LANGUAGES,  # a pack's language is one of these codes
    ):
        names |= set(vocabulary)
    words: set[str] = set()
    for name in names:
        words |= set(re.findall(r"[A-Za-z]{2,}", name))
    return words | {"YAML"}  # the format's own name


def _problems(tmp_path: Path) -> list[tuple[str, str, list[str]]]:
    found = []
    for name, content in BROKEN.items():
        path = write(tmp_path, f"{name}.yaml", content)
        pack, problems = load_pack(path)
        assert pack is None and problems, name
        found.append((name, content, [p.message for p in problems]))
    folder = tmp_path / "a-folder.yaml"
    folder.mkdir()
    pack, problems = load_pack(folder)
    found.append(("folder", "", [p.message for p in problems]))
    return found


def test_no_english_word_is_left_in_a_pack_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "_translation", _Pseudo())
    allowed = _format_names()
    left = []
    for name, content, messages in _problems(tmp_path):
        written = set(re.findall(r"[A-Za-z]{2,}", content))
        for message in messages:
            english = set(re.findall(r"[A-Za-z]{2,}", message)) - written - allowed
            if english:
                left.append(f"{name}: {sorted(english)} in {message!r}")
    assert left == []


def test_the_pseudo_translation_would_see_an_english_hint(tmp_path: Path) -> None:
    # The control: untranslated, the hints are plain English words the check reports.
    allowed = _format_names()
    messages = [m for _name, _content, ms in _problems(tmp_path) for m in ms]
    joined = " ".join(messages)
    assert "did you mean" in joined and "allowed:" in joined and "the text" in joined
    assert set(re.findall(r"[A-Za-z]{2,}", joined)) - allowed


def _bank_hints() -> list[str]:
    """The English of every string marked in the pack code (bank/, safefile.py)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import catalogues

    hints = []
    for message in catalogues.extract():
        places = [place for place, _line in message.locations]
        if message.id and any("bank/" in p or p.endswith("safefile.py") for p in places):
            hints.append(message.id if isinstance(message.id, str) else message.id[0])
    return hints


@pytest.mark.parametrize("language", ["es", "id", "ja", "th"])
def test_packs_validate_says_every_hint_in_the_language(
    tmp_path: Path, runner: CliRunner, language: str
) -> None:
    paths = [str(write(tmp_path, f"{n}.yaml", c)) for n, c in BROKEN.items()]
    result = runner.invoke(
        app, ["--lang", language, "packs", "validate", *paths], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 1
    shown = result.output
    # Each hint's own words (between its placeholders), where they are prose.
    pieces = {
        piece.strip(" '")
        for hint in _bank_hints()
        for piece in re.split(r"\{[^{}]*\}", hint)
        if len(re.findall(r"[a-z]{2,}", piece)) >= 2
    }
    left = sorted(piece for piece in pieces if piece in shown)
    assert left == [], shown
