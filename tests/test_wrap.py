"""Line breaks for Japanese (kinsoku) and Thai (between words), through Rich's own wrapping."""

from __future__ import annotations

import io

import pytest
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
