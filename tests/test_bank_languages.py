"""The built-in bank in five languages: the same ids everywhere, and no silent fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from aecoach.bank.loader import builtin_dir, load_bank, pack_files, survey
from aecoach.bank.model import Bank
from aecoach.bank.translate import SHARED_FIELDS, gaps
from aecoach.coaching.session import PlanItem, make_answer
from aecoach.i18n import LANGUAGES
from translations import copy_bank, drop_item

TRANSLATIONS = [lang for lang in LANGUAGES if lang != "en"]


def packs(lang: str, root: Path | None = None) -> list:  # type: ignore[type-arg]
    from aecoach.bank.loader import load_pack

    out = []
    for path in pack_files((root or builtin_dir()) / lang):
        pack, problems = load_pack(path, builtin=True)
        assert problems == [], [p.text for p in problems]
        out.append(pack)
    return out


def keys(bank: Bank) -> list[str]:
    return [i.key for i in (*bank.questions, *bank.tips, *bank.asks, *bank.objections)]


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_language_has_every_english_id_with_the_same_facts(lang: str) -> None:
    assert gaps(packs("en"), packs(lang), lang) == []


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_language_loads_whole_without_falling_back(lang: str) -> None:
    english, bank = load_bank("en"), load_bank(lang)
    assert keys(bank) == keys(english)
    items = [*bank.questions, *bank.tips, *bank.asks, *bank.objections]
    assert [i.key for i in items if i.fallback or i.language != lang] == []
    assert {p.language for p in bank.packs} == {lang}
    for name, fields in SHARED_FIELDS.items():
        for ours, theirs in zip(getattr(english, name), getattr(bank, name), strict=True):
            assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]


def test_translated_text_is_really_translated() -> None:
    english = {q.key: q.text for q in load_bank("en").questions}
    for lang in TRANSLATIONS:
        same = [q.key for q in load_bank(lang).questions if q.text == english[q.key]]
        assert same == [], lang


# Each language's way of saying "don't": Spanish "No …", Indonesian "Jangan …",
# Thai "อย่า…", and the Japanese negative ending "…ない" (しない, 言わない, 終えない).
DONT = {
    "en": lambda title: title.startswith("Don't "),
    "es": lambda title: title.startswith("No "),
    "id": lambda title: title.startswith("Jangan "),
    "th": lambda title: title.startswith("อย่า"),
    "ja": lambda title: title.endswith("ない"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_dont_reads_as_a_dont(lang: str) -> None:
    english = {t.key: t.kind for t in load_bank("en").tips}
    donts = [t for t in load_bank(lang).tips if t.kind == "dont"]
    assert len(donts) == sum(kind == "dont" for kind in english.values()) == 8
    assert [t.title for t in donts if not DONT[lang](t.title)] == []


def test_a_missing_translation_falls_back_to_english_and_is_marked(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    drop_item(root / "ja" / "core.yaml", "why-sales")
    drop_item(root / "th" / "tips.yaml", "progression")  # an ask
    ja = load_bank("ja", builtin=root)
    q = next(q for q in ja.questions if q.key == "core/why-sales")
    assert q.fallback is True and q.language == "en"
    assert q.text == "Why did you choose a career in sales?"
    assert keys(ja) == keys(load_bank("en", builtin=root)), "the English item keeps its place"
    assert [q.key for q in ja.questions if q.fallback] == ["core/why-sales"]
    th = load_bank("th", builtin=root)
    assert [a.key for a in th.asks if a.fallback] == ["tips/progression"]
    assert not any(q.fallback for q in th.questions)


def test_a_whole_missing_pack_falls_back_to_english(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    (root / "es" / "am.yaml").unlink()
    bank = load_bank("es", builtin=root)
    am = [q for q in bank.questions if q.pack == "am"]
    assert am and all(q.fallback and q.language == "en" for q in am)
    assert not any(q.fallback for q in bank.questions if q.pack != "am")


def test_the_history_records_the_language_of_the_text_shown(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    root = copy_bank(tmp_path)
    drop_item(root / "ja" / "core.yaml", "why-sales")
    bank = load_bank("ja", builtin=root)
    by_key = {q.key: q for q in bank.questions}
    for key, lang in (("core/why-sales", "en"), ("core/walk-me-through-experience", "ja")):
        item = PlanItem(by_key[key], 60)
        answer = make_answer(
            item,
            session_id="s",
            started_at=datetime(2025, 1, 1, tzinfo=UTC),
            seconds_used=5,
            rating=3,
        )
        assert (answer.language, answer.prompt_text) == (lang, by_key[key].text)


def test_each_language_has_its_own_cache_and_it_keeps_the_fallback_marks(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    drop_item(root / "ja" / "core.yaml", "why-sales")
    cache = tmp_path / "cache"
    cold = {lang: survey(lang, builtin=root, cache_dir=cache).bank for lang in ("en", "ja")}
    assert sorted(p.name for p in cache.iterdir()) == ["bank-en.json", "bank-ja.json"]
    for lang in ("en", "ja"):
        warm = survey(lang, builtin=root, cache_dir=cache).bank
        assert warm.questions == cold[lang].questions
        assert warm.language == lang
    assert [q.key for q in warm.questions if q.fallback] == ["core/why-sales"]
    # Editing the English pack (which a translation falls back to) rebuilds the translation too.
    english = root / "en" / "core.yaml"
    english.write_text(
        english.read_text(encoding="utf-8").replace(
            "Why did you choose a career in sales?", "Why sales, of all careers?"
        ),
        encoding="utf-8",
    )
    after = survey("ja", builtin=root, cache_dir=cache).bank
    assert next(q.text for q in after.questions if q.key == "core/why-sales") == (
        "Why sales, of all careers?"
    )


def test_user_packs_keep_their_own_language(tmp_path: Path) -> None:
    from packkit import GOOD, write

    folder = tmp_path / "packs"
    write(folder, "acme.yaml", GOOD)
    bank = load_bank("ja", user_dir=folder)
    mine = [q for q in bank.questions if q.pack == "acme"]
    assert mine and all(q.language == "en" and not q.fallback for q in mine)
