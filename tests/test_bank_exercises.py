"""Issue 16 in the English bank: every item has a model answer, every objection pushes back
twice, the new exercise types exist, and each pipeline-maths answer is the sum it shows."""

from __future__ import annotations

import re

import pytest

from aecoach.bank import taxonomy
from aecoach.bank.loader import load_bank
from aecoach.bank.model import Bank, Objection, Question

NEW_KINDS = ("cold-call", "roleplay", "plan", "pitch", "written", "pipeline-maths")
# Items that answer back: each needs at least one follow-up push after the first answer.
PUSHES_BACK = ("objection-roleplay", "cold-call", "roleplay")
NEW_OBJECTIONS = [
    "send-me-pricing",
    "sdr-how-much",
    "sdr-cant-afford",
    "build-in-house",
    "three-quotes",
    "security-review",
    "legal-review",
    "spending-freeze",
    "call-me-next-year",
    "am-cutting-seats",
    "am-competitor-renewal-offer",
    "am-champion-left",
    "am-no-roi",
    "am-support-too-slow",
    "am-no-multi-year",
]


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank("en")


def _items(bank: Bank) -> list[Question | Objection]:
    return [*bank.questions, *bank.objections]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _runs(text: str, size: int = 7) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_every_question_and_objection_has_a_short_model_answer(bank: Bank) -> None:
    wrong = [
        (i.key, len(i.model_answer.split()))
        for i in _items(bank)
        if not 60 <= len(i.model_answer.split()) <= 150
    ]
    assert wrong == []


def test_no_model_answer_repeats_its_hints(bank: Bank) -> None:
    """A model answer is an example in new words, not the coaching points read out."""
    copied = []
    for item in _items(bank):
        advice = item.points if isinstance(item, Objection) else item.hints
        advice = (*advice, *(p for turn in item.turns for p in turn.points))
        shared = _runs(item.model_answer) & _runs(" ".join(advice))
        if shared:
            copied.append((item.key, " ".join(min(shared))))
    assert copied == []


def test_every_objection_and_role_play_pushes_back_after_the_first_answer(bank: Bank) -> None:
    missing = [o.key for o in bank.objections if not o.turns]
    missing += [q.key for q in bank.questions if q.kind in PUSHES_BACK and not q.turns]
    assert missing == []
    assert all(len(t.points) >= 2 for i in _items(bank) for t in i.turns)


def test_at_least_forty_new_items_across_the_new_types(bank: Bank) -> None:
    new = [q for q in bank.questions if q.kind in NEW_KINDS]
    assert {q.kind for q in new} == set(NEW_KINDS)
    ids = {o.id for o in bank.objections}
    assert set(NEW_OBJECTIONS) <= ids
    assert len(new) + len(NEW_OBJECTIONS) >= 40
    assert all(set(q.skills) <= set(taxonomy.SKILLS) and q.skills for q in new)


def test_the_account_manager_pool_has_at_least_twelve_objections(bank: Bank) -> None:
    assert sum("am" in o.roles for o in bank.objections) >= 12


def test_sdr_pricing_objections_go_for_the_meeting(bank: Bank) -> None:
    by_id = {o.id: o for o in bank.objections}
    for oid in ("sdr-how-much", "sdr-cant-afford"):
        assert by_id[oid].roles == ("sdr",)
        assert "meeting" in " ".join(by_id[oid].points).lower()


def test_pitches_and_plans_that_need_data_carry_it_in_a_brief(bank: Bank) -> None:
    by_key = {q.key: q for q in bank.questions}
    for key in ("exercises/pitch-ledgerly", "exercises/plan-territory", "exercises/plan-account"):
        assert len(by_key[key].brief) > 200
    assert all(q.brief for q in bank.questions if q.kind == "cold-call")


@pytest.mark.parametrize("kind", ["pipeline-maths"])
def test_every_pipeline_answer_is_shown_in_its_working(bank: Bank, kind: str) -> None:
    items = [q for q in bank.questions if q.kind == kind]
    assert len(items) >= 8
    for q in items:
        assert q.answer is not None and q.answer > 0
        assert f"{q.answer:,}" in q.model_answer, q.key


def test_pipeline_answers_follow_from_the_numbers_in_the_question(bank: Bank) -> None:
    """The sums, done here independently of the pack text."""
    expected = {
        "pm-pipeline-from-quota": 600_000 * 3,
        "pm-coverage-from-win-rate": 1 / 0.25,
        "pm-opportunities-from-pipeline": 1_800_000 / 30_000,
        "pm-meetings-from-opportunities": 60 / 0.40,
        "pm-dials-from-meetings": 15 / 0.20 / 0.10,
        "pm-daily-dials": 12 / 0.04 / 20,
        "pm-full-chain": 480_000 / 24_000 / 0.25 / 0.5,
        "pm-quarter-gap": ((250_000 - 100_000) - 400_000 * 0.25) / 0.25,
        "pm-nrr": (800_000 + 120_000 - 40_000 - 40_000) / 800_000 * 100,
        "pm-churn-allowance": 1_200_000 * (1 - 0.90),
    }
    found = {q.id: q.answer for q in bank.questions if q.kind == "pipeline-maths"}
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        assert found[key] == pytest.approx(value), key


@pytest.mark.parametrize("lang", ["es", "id", "ja", "th"])
def test_every_language_shows_the_pipeline_answer_in_its_own_separators(lang: str) -> None:
    """1.800.000 in es and id, 1,800,000 in ja and th: the working ends on the checked number."""
    from aecoach.coaching.exercise import shown_number

    bank = load_bank(lang)
    items = [q for q in bank.questions if q.kind == "pipeline-maths"]
    assert items and all(q.language == lang for q in items)
    assert [q.key for q in items if shown_number(q.answer, lang) not in q.model_answer] == []
    assert all(q.model_answer for q in (*bank.questions, *bank.objections))
