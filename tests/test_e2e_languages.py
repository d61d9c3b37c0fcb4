"""Practice in Japanese and Thai end to end: a real pseudo-terminal, a VT screen, the history."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aecoach.bank.loader import load_bank
from aecoach.coaching.session import practice_plan
from vtscreen import Terminal, aecoach_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def rows(home: Path, table: str) -> list[dict[str, object]]:
    db = sqlite3.connect(home / "history.sqlite3")
    db.row_factory = sqlite3.Row
    found = [dict(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    db.close()
    return found


def rate(t: Terminal, prompt: str, rating: str, checklist: str) -> None:
    t.wait_for(prompt)
    asked = t.text().count("(y/n)")
    t.send(rating)
    for number, key in enumerate(checklist, 1):
        t.wait_for(lambda n=number: t.text().count("(y/n)") >= asked + n)
        t.send(key)


def squeeze(text: str) -> str:
    """Text without its spaces and line breaks, to find a wrapped question on the screen."""
    return "".join(text.split())


# What each language's screens say, from its catalogue (src/aecoach/locale/).
SCREENS = {
    "ja": {
        "intro": "練習：アカウントエグゼクティブ向けの質問2問",
        "gate": "Enter で質問 {n}／2 へ（すぐに計測開始）。q で終了：",
        "title": "質問 {n}／2",
        "notes": "メモ ›",
        "covers": "良い回答に含めたいこと：",
        "rate": "自己評価（1-5、s でスキップ、q でセッション終了）：",
        "rated": "自己評価（1-5、s でスキップ、q でセッション終了）： 4 良い",
        "checked": "  具体的な実体験の例を挙げた？ (y/n) はい",
        "timed": "時間内に収まった：いいえ（計測）",  # answered in a second: too short
        "summary": "セッションのまとめ",
        "average": "評価した2件の平均 3.0",
        "saved": "に保存しました。aecoach history でいつでも見返せます。",
    },
    "th": {
        "intro": "ฝึกซ้อม: 2 คำถามสำหรับ Account Executive (พนักงานขายปิดดีล)",
        "gate": "กด Enter เพื่อไปคำถามที่ {n} จาก 2 (เริ่มจับเวลาทันที) หรือ q เพื่อจบ:",
        "title": "คำถามที่ {n} จาก 2",
        "notes": "บันทึก ›",
        "covers": "คำตอบที่ดีควรครอบคลุม:",
        "rate": "คะแนนของคุณ (1-5, s เพื่อข้าม, q เพื่อจบเซสชัน):",
        "rated": "คะแนนของคุณ (1-5, s เพื่อข้าม, q เพื่อจบเซสชัน): 4 ดี",
        "checked": "  ยกตัวอย่างจริงที่เป็นรูปธรรม? (y/n) ใช่",
        "timed": "อยู่ในเวลาที่กำหนด: ไม่ (จับเวลา)",  # answered in a second: too short
        "summary": "สรุปเซสชัน",
        "average": "คะแนนเฉลี่ย 3.0 จาก 2 คำตอบที่ให้คะแนน",
        "saved": "ดูอีกครั้งได้ด้วย: aecoach history",
    },
}


@pytest.mark.parametrize(
    ("language", "how"),
    [
        ("ja", {"args": ["--lang", "ja"]}),
        # Thai from the system locale, as a candidate in Bangkok would have it.
        ("th", {"args": [], "env": {"LC_ALL": "", "LC_MESSAGES": "th_TH.UTF-8"}}),
    ],
)
def test_a_practice_session_in_the_language_renders_and_records_it(
    tmp_path: Path, terminals: list[Terminal], language: str, how: dict
) -> None:  # type: ignore[type-arg]
    home = tmp_path / "home"
    say = SCREENS[language]
    first, second = practice_plan(load_bank(language), role="ae", count=2, seed=4).items
    env = aecoach_env(str(home), NO_COLOR="1", **how.get("env", {}))
    args = [*how["args"], "practice", "--role", "ae", "--count", "2", "--seed", "4"]
    t = Terminal(args, env)
    terminals.append(t)

    t.wait_for(say["intro"])
    t.wait_for(say["gate"].format(n=1))
    t.send("\r")
    t.wait_for(say["title"].format(n=1))
    t.wait_for(say["notes"])
    # The question as a candidate reads it: whole, in this language (Rich may wrap it).
    assert first.item.language == language and not first.item.fallback
    assert squeeze(first.prompt_text) in squeeze(t.screen.display())
    t.send("Acme 40%\r")
    t.wait_for(say["covers"])
    rate(t, say["rate"], "4", "yyny")
    t.wait_for(say["timed"])
    assert say["rated"] in t.text()
    assert say["checked"] in t.text()

    t.wait_for(say["gate"].format(n=2))
    t.send("\r")
    t.wait_for(lambda: squeeze(second.prompt_text) in squeeze(t.screen.display()))
    assert squeeze(first.prompt_text) not in squeeze(t.screen.display()), "its own screen"
    # As for the first question: an Enter sent before the notes prompt reads the terminal
    # is typeahead, which the prompt discards (seen to hang this test under load).
    t.wait_for(say["notes"])
    t.send("\r")
    rate(t, say["rate"], "2", "nyyy")
    t.wait_for(say["summary"])
    t.wait_for(lambda: squeeze(say["saved"]) in squeeze(t.text()))
    assert t.finish() == 0
    assert say["average"] in t.text()
    assert f"{home / 'history.sqlite3'}" in t.text()
    assert "Traceback" not in t.raw_text()
    # Lines fit the 120-column screen: a wide character or a Thai mark miscounted would wrap.
    assert all(len(row) == 120 for row in t.screen.cells)

    answers = rows(home, "answers")
    assert [a["item_key"] for a in answers] == [first.key, second.key]
    assert [a["language"] for a in answers] == [language, language]
    assert [a["prompt_text"] for a in answers] == [first.prompt_text, second.prompt_text]
    assert [a["rating"] for a in answers] == [4, 2]
    assert answers[0]["notes"] == "Acme 40%"
    (session,) = rows(home, "sessions")
    assert (session["language"], session["end_reason"]) == (language, "finished")


def test_a_question_missing_in_the_language_is_shown_and_recorded_as_english(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    """The Japanese bank lacks one question: practice shows it marked English, and says so."""
    from translations import copy_bank, drop_item

    root = copy_bank(tmp_path)
    plan = practice_plan(load_bank("ja"), role="ae", count=1, seed=4)
    key = plan.items[0].key
    pack, item_id = key.split("/")
    drop_item(root / "ja" / f"{pack}.yaml", item_id)
    english = next(q for q in load_bank("en").questions if q.key == key)
    # The installed package reads its bank from `questions/` beside it; point a copy there.
    site = tmp_path / "site"
    import shutil

    import aecoach

    shutil.copytree(
        Path(aecoach.__file__).parent, site / "aecoach", ignore=shutil.ignore_patterns("questions")
    )
    shutil.copytree(root, site / "aecoach" / "questions")
    home = tmp_path / "home"
    env = aecoach_env(str(home), NO_COLOR="1", PYTHONPATH=str(site))
    t = Terminal(["--lang", "ja", "practice", "--role", "ae", "--count", "1", "--seed", "4"], env)
    terminals.append(t)
    t.wait_for("Enter で質問 1／1 へ")
    t.send("\r")
    t.wait_for("メモ ›")
    assert squeeze(english.text) + "（英語）" in squeeze(t.screen.display())
    t.send("\r")
    rate(t, "自己評価（1-5、s でスキップ、q でセッション終了）：", "s", "")
    t.wait_for("セッションのまとめ")
    assert t.finish() == 0
    (answer,) = rows(home, "answers")
    assert (answer["item_key"], answer["language"], answer["prompt_text"]) == (
        key,
        "en",
        english.text,
    )
