"""The built-in bank: valid, deep enough, and covering everything CONTENT.md asks for."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from aecoach.bank import taxonomy
from aecoach.bank.loader import builtin_dir, load_bank, load_pack, pack_files
from aecoach.bank.model import Bank

REPO = Path(__file__).resolve().parent.parent
CONTENT_MD = REPO.parent / "shared" / "CONTENT.md"
COVERAGE = Path(__file__).parent / "data" / "content_coverage.yaml"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank("en")


@pytest.mark.parametrize("path", pack_files(builtin_dir() / "en"), ids=lambda p: p.name)
def test_every_builtin_pack_is_valid(path: Path) -> None:
    pack, problems = load_pack(path, builtin=True)
    assert [p.text for p in problems] == []
    assert pack is not None and pack.language == "en"


def test_the_bank_is_read_from_the_repository_questions_folder() -> None:
    assert builtin_dir().resolve() == (REPO / "questions").resolve() or (
        builtin_dir().parent.name == "aecoach"
    )


def test_at_least_120_questions(bank: Bank) -> None:
    assert len(bank.questions) >= 120


@pytest.mark.parametrize("skill", list(taxonomy.SKILLS))
def test_every_skill_is_exercised_by_at_least_six_questions(bank: Bank, skill: str) -> None:
    assert sum(skill in q.skills for q in bank.questions) >= 6


@pytest.mark.parametrize("role", list(taxonomy.ROLES))
def test_every_role_has_at_least_thirty_questions(bank: Bank, role: str) -> None:
    assert sum(role in q.roles for q in bank.questions) >= 30


def test_every_question_kind_is_used(bank: Bank) -> None:
    assert set(taxonomy.QUESTION_KINDS) <= {q.kind for q in bank.questions}


def test_every_question_has_at_least_two_hints(bank: Bank) -> None:
    assert all(len(q.hints) >= 2 for q in bank.questions)


def test_objections_cover_the_common_themes(bank: Bank) -> None:
    assert len(bank.objections) >= 8
    themes = {o.theme for o in bank.objections}
    assert {"price", "timing", "competitor", "authority", "status-quo", "brush-off"} <= themes
    lines = " ".join(o.line.casefold() for o in bank.objections)
    assert "email" in lines  # the "send me an email" brush-off


def test_tips_cover_every_kind_and_the_three_asks(bank: Bank) -> None:
    assert Counter(t.kind for t in bank.tips).keys() == set(taxonomy.TIP_KINDS)
    assert {"tips/progression", "tips/training", "tips/biggest-challenges"} <= {
        a.key for a in bank.asks
    }


def test_every_dont_reads_as_a_dont(bank: Bank) -> None:
    for tip in bank.tips:
        if tip.kind == "dont":
            assert tip.title.startswith("Don't"), tip.key


def test_full_ids_are_unique(bank: Bank) -> None:
    keys = [i.key for i in (*bank.questions, *bank.tips, *bank.asks, *bank.objections)]
    assert len(keys) == len(set(keys))


def test_salary_figure_says_where_and_when_it_comes_from(bank: Bank) -> None:
    texts = [" ".join(q.hints) for q in bank.questions if q.key == "core/salary-expectations"]
    texts += [t.body for t in bank.tips if "39,000" in t.body]
    assert len(texts) >= 2
    for text in texts:
        assert "39,000" in text and "95,000" in text
        assert "Glassdoor" in text and "2022" in text and "US" in text


def _content_bullets() -> list[str]:
    """Every bullet of CONTENT.md with its wrapped lines joined."""
    bullets: list[str] = []
    for line in CONTENT_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            bullets.append(line[2:].strip())
        elif line.startswith("  ") and bullets and line.strip():
            bullets[-1] += " " + line.strip()
    return bullets


def _coverage() -> list[dict[str, object]]:
    return yaml.safe_load(COVERAGE.read_text(encoding="utf-8"))


@pytest.mark.skipif(not CONTENT_MD.exists(), reason="shared/CONTENT.md is not beside the repo")
def test_every_content_item_is_in_the_coverage_map() -> None:
    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    mapped = {norm(str(entry["item"])) for entry in _coverage()}
    missing = [b for b in _content_bullets() if norm(b) not in mapped]
    assert missing == []


def test_every_coverage_id_exists(bank: Bank) -> None:
    keys = {i.key for i in (*bank.questions, *bank.tips, *bank.asks, *bank.objections)}
    for entry in _coverage():
        ids = entry["ids"]
        assert isinstance(ids, list) and ids, entry
        unknown = [i for i in ids if i not in keys]
        assert unknown == [], entry["item"]
