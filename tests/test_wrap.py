"""Line breaks for Japanese (kinsoku) and Thai (between words), through Rich's own wrapping."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from aecoach.ui.wrap import NO_END, NO_START, divide_line, install

# Vowel and tone marks that sit on a consonant: a line never starts with one.
THAI_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"


def lines(text: str, width: int) -> list[str]:
    install()
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(Text(text))
    return out.getvalue().splitlines()


def test_a_japanese_line_never_starts_with_a_comma_or_full_stop() -> None:
    shown = lines("あいうえおかきくけこ。さしすせそ、たちつてと", 20)
    assert shown == ["あいうえおかきくけ", "こ。さしすせそ、たち", "つてと"]
    for line in shown:
        assert line[0] not in NO_START
        assert line.rstrip()[-1] not in NO_END


@pytest.mark.parametrize("width", [8, 11, 20, 33, 60])
def test_japanese_at_any_width_keeps_the_rules_and_the_width(width: int) -> None:
    text = (
        "面接の前に、会社の製品と「顧客」を調べておきましょう。質問は具体的に。Python と CRM も。"
    )
    shown = lines(text, width)
    assert "".join(line.rstrip() for line in shown).replace(" ", "") == text.replace(" ", "")
    for line in shown:
        assert line[0] not in NO_START, shown
        assert line.rstrip()[-1] not in NO_END, shown


def test_thai_breaks_between_words_not_inside_them() -> None:
    # "interview" is สัมภาษณ์ and "customer" ลูกค้า: neither may be cut.
    text = "การสัมภาษณ์งานขายเป็นเรื่องที่ต้องเตรียมตัวให้ดี ถามคำถามที่ดีเกี่ยวกับลูกค้า"
    for width in (12, 20, 30, 45):
        shown = lines(text, width)
        assert "".join(shown).replace(" ", "") == text.replace(" ", "")
        joined = "|".join(shown)
        assert "ลูก|ค้า" not in joined
        for line in shown:
            assert line[0] not in THAI_MARKS


def test_english_is_left_to_rich() -> None:
    shown = [line.rstrip() for line in lines("plain english text that wraps", 12)]
    assert shown == ["plain", "english text", "that wraps"]


def test_divide_line_returns_offsets_within_the_text() -> None:
    text = "会社の製品と顧客を調べる"
    offsets = divide_line(text, 6)
    assert offsets == sorted(offsets)
    assert all(0 < o < len(text) for o in offsets)


def test_keep_whole_breaks_between_parts_never_inside_one() -> None:
    from aecoach.ui.wrap import keep_whole

    parts = [Text(p) for p in ("2026-11-01 09:00", "practice (AE)", "average 4.0", "id 35c34cf4")]
    assert keep_whole(parts, 80).plain == " · ".join(p.plain for p in parts)
    assert keep_whole(parts, 50).plain.splitlines() == [
        "2026-11-01 09:00 · practice (AE) · average 4.0",
        "id 35c34cf4",
    ]
    assert keep_whole(parts, 12).plain.splitlines()[-1] == "id 35c34cf4"


@pytest.mark.parametrize("width", [20, 40, 60])
def test_fold_keeps_a_key_hint_whole_and_the_prompts_last_space(width: int) -> None:
    from aecoach.ui.wrap import fold

    prompt = "  Engaged the interviewer, not only talked about myself? (y/n) "
    shown = fold(prompt, width, indent="    ")
    assert shown.endswith("(y/n) ")
    for line in shown.splitlines():
        assert cell_len(line.rstrip()) <= width
    assert " ".join(shown.split()) == " ".join(prompt.split())


def test_fold_starts_after_what_is_already_on_the_line() -> None:
    from aecoach.ui.wrap import fold

    assert fold("Which role are you interviewing for?", 30, column=2, indent="  ") == (
        "Which role are you\n  interviewing for?"
    )
    japanese = fold("面接の前に、会社の製品を調べておきましょう。(y/n) ", 20, indent="  ")
    assert japanese.endswith("(y/n) ") and "\n" in japanese
    assert all(line.lstrip()[0] not in NO_START for line in japanese.splitlines())
