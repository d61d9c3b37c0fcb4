"""The validated-bank cache: used when fresh, rebuilt on any change, never trusted blindly."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aecoach.bank import cache
from aecoach.bank.loader import builtin_dir, load_bank, survey

PACK = """\
pack:
  id: mine
  title: "Mine"
  language: en
  roles: [ae]
questions:
  - id: q1
    text: "{text}"
    kind: opening
    roles: [ae]
    skills: [communication]
    time_limit: 60
    hints: ["one", "two"]
"""


@pytest.fixture
def bank_root(tmp_path: Path) -> Path:
    root = tmp_path / "questions"
    shutil.copytree(builtin_dir() / "en", root / "en")
    return root


def load(root: Path, user: Path, cache_dir: Path):  # type: ignore[no-untyped-def]
    return load_bank("en", builtin=root, user_dir=user, cache_dir=cache_dir)


def text_of(bank, key: str) -> str:  # type: ignore[no-untyped-def]
    return next(q.text for q in bank.questions if q.key == key)


def test_cache_gives_the_same_bank(bank_root: Path, tmp_path: Path) -> None:
    fresh = load(bank_root, tmp_path / "packs", tmp_path / "c")
    assert (tmp_path / "c" / "bank-en.json").exists()
    cached = load(bank_root, tmp_path / "packs", tmp_path / "c")
    assert cached.packs == fresh.packs
    assert cached.questions == fresh.questions and cached.objections == fresh.objections


def test_an_edited_pack_is_read_again(bank_root: Path, tmp_path: Path) -> None:
    user = tmp_path / "packs"
    user.mkdir()
    (user / "mine.yaml").write_text(PACK.format(text="First version?"), encoding="utf-8")
    assert text_of(load(bank_root, user, tmp_path / "c"), "mine/q1") == "First version?"
    (user / "mine.yaml").write_text(PACK.format(text="Second version, longer?"), encoding="utf-8")
    assert text_of(load(bank_root, user, tmp_path / "c"), "mine/q1") == "Second version, longer?"


def test_a_pack_broken_after_caching_is_reported_not_served_from_cache(
    bank_root: Path, tmp_path: Path
) -> None:
    user = tmp_path / "packs"
    user.mkdir()
    (user / "mine.yaml").write_text(PACK.format(text="Fine?"), encoding="utf-8")
    load(bank_root, user, tmp_path / "c")
    (user / "mine.yaml").write_text("pack: [", encoding="utf-8")
    # A broken pack in the packs folder is skipped with a warning, never served stale.
    result = survey("en", builtin=bank_root, user_dir=user, cache_dir=tmp_path / "c")
    assert [f.path.name for f in result.skipped] == ["mine.yaml"]
    assert not any(q.pack == "mine" for q in result.bank.questions)


def test_a_removed_pack_disappears(bank_root: Path, tmp_path: Path) -> None:
    load(bank_root, tmp_path / "packs", tmp_path / "c")
    (bank_root / "en" / "am.yaml").unlink()
    bank = load(bank_root, tmp_path / "packs", tmp_path / "c")
    assert not any(q.pack == "am" for q in bank.questions)


@pytest.mark.parametrize("junk", [b"", b"not json", b'{"key": 1}', b'{"key": [], "packs": 5}'])
def test_a_corrupt_cache_is_ignored_and_rewritten(
    bank_root: Path, tmp_path: Path, junk: bytes
) -> None:
    expected = load(bank_root, tmp_path / "packs", tmp_path / "c").questions
    cache_file = tmp_path / "c" / "bank-en.json"
    cache_file.write_bytes(junk)
    assert load(bank_root, tmp_path / "packs", tmp_path / "c").questions == expected
    assert cache_file.read_bytes() != junk


def test_a_cache_that_cannot_be_written_only_costs_speed(bank_root: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    bank = load(bank_root, tmp_path / "packs", blocked / "cache")
    assert len(bank.questions) >= 120


def test_cache_file_is_private(bank_root: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        load(bank_root, tmp_path / "packs", tmp_path / "c")
    finally:
        os.umask(old)
    assert (tmp_path / "c" / "bank-en.json").stat().st_mode & 0o777 == 0o600


def test_fingerprint_changes_with_version(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [(p, True) for p in sorted((builtin_dir() / "en").glob("*.yaml"))]
    before = cache.fingerprint(files, "en")
    monkeypatch.setattr(cache, "__version__", "999")
    assert cache.fingerprint(files, "en") != before
