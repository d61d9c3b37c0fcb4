"""Line breaks for languages that do not put spaces between words.

Rich breaks lines at spaces and, when a word is wider than the line, at any
character. Japanese has no spaces, so a line could start with 、 or 。; Thai
puts spaces only between phrases, so a phrase could be cut mid-word. This
module gives Rich's wrapping (every table, panel and list aecoach prints) the
break rules of both:

- Japanese (and Chinese): a line may break between any two characters except
  before closing punctuation, small kana and the prolonged-sound mark, or after
  an opening bracket (kinsoku shori, after JIS X 4051).
- Thai: a line breaks between words, which BudouX (a small, dependency-free
  model from Google) finds; it is loaded only when Thai text is wrapped.

Text with neither is left to Rich untouched (one regular-expression search).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rich.cells import cell_len

from aecoach.i18n import has_unspaced, unspaced

# Characters a line must not start with / end with (JIS X 4051's classes, abridged).
NO_START = frozenset(
    "、。，．,.・：；:;？！?!‼⁇⁈⁉゛゜ヽヾゝゞ々〻ー‐゠–〜～…‥"
    "’”）〕］｝〉》」』】〙〗〟｠»)]}%％"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
NO_END = frozenset("（〔［｛〈《「『【〘〖〝｟«‘“([{")
_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")


def _cjk(ch: str) -> bool:
    return unspaced(ch) and not "\u0e00" <= ch <= "\u0e7f"


@lru_cache(maxsize=1)
def _thai_parser() -> Callable[[str], list[str]]:
    import budoux

    return budoux.load_default_thai_parser().parse


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    return cell_len(ch)


def break_points(text: str) -> list[bool]:
    """For each index, whether a line may start there (index 0 is never a break)."""
    allowed = [False] * len(text)
    for i in range(1, len(text)):
        before, here = text[i - 1], text[i]
        if here.isspace() or _width(here) == 0:
            continue  # spaces hang at the end of a line; combining marks stay with their letter
        if before.isspace():
            allowed[i] = True
        elif (_cjk(before) or _cjk(here)) and here not in NO_START:
            allowed[i] = before not in NO_END
    for run in _THAI_RUN.finditer(text):
        start, end = run.span()
        if start and not text[start - 1].isspace() and text[start - 1] not in NO_END:
            allowed[start] = True
        if end < len(text) and not text[end].isspace() and text[end] not in NO_START:
            allowed[end] = True
        position = start
        for chunk in _thai_parser()(run.group()):
            if position > start and _width(text[position]) != 0:
                allowed[position] = True
            position += len(chunk)
    return allowed


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break `text` into lines of at most `width` cells (Rich's contract)."""
    allowed = break_points(text)
    offsets: list[int] = []
    line_start = 0
    column = 0
    last_break = -1
    i = 0
    while i < len(text):
        ch = text[i]
        if i > line_start and allowed[i]:
            last_break = i
        w = _width(ch)
        if ch.isspace() or column + w <= width or i == line_start:
            column += w
            i += 1
            continue
        if last_break > line_start:
            cut = last_break
        else:
            # No break fits: cut at the width, stepping back over a forbidden pair.
            cut = i
            while cut - 1 > line_start and (text[cut] in NO_START or text[cut - 1] in NO_END):
                cut -= 1
            if cut - 1 <= line_start:
                cut = i
        offsets.append(cut)
        line_start, last_break = cut, -1
        column = 0
        i = cut
    return offsets


_installed = False


def install() -> None:
    """Make Rich's wrapping use these rules for Japanese, Chinese and Thai text."""
    global _installed
    if _installed:
        return
    import rich.text

    original = rich.text.divide_line

    def divide(text: str, width: int, fold: bool = True) -> list[int]:
        if not fold or not has_unspaced(text):
            return original(text, width, fold)
        return divide_line(text, width, fold)

    rich.text.divide_line = divide  # type: ignore[attr-defined]
    _installed = True
