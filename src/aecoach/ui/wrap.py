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
from rich.text import Text

from aecoach.i18n import has_unspaced, unspaced

# Characters a line must not start with / end with (JIS X 4051's classes, abridged).
NO_START = frozenset(
    "、。，．,.・：；:;？！?!‼⁇⁈⁉゛゜ヽヾゝゞ々〻ー‐゠–〜～…‥"
    "’”）〕］｝〉》」』】〙〗〟｠»)]}%％"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
NO_END = frozenset("（〔［｛〈《「『【〘〖〝｟«‘“([{")
_WORD = re.compile(r"\s*\S+\s*")  # as rich._wrap: a word and the spaces after it


OTHER, CJK, THAI, SPACE, MARK = range(5)


@lru_cache(maxsize=8192)
def _kind(ch: str) -> int:
    if ch.isspace():
        return SPACE
    if cell_len(ch) == 0:
        return MARK  # Thai vowel and tone marks stay with their letter
    if "\u0e00" <= ch <= "\u0e7f":
        return THAI
    return CJK if unspaced(ch) else OTHER


@lru_cache(maxsize=1)
def _thai_parser() -> Callable[[str], list[str]]:
    import budoux

    return budoux.load_default_thai_parser().parse


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    return cell_len(ch)


def break_points(text: str) -> list[bool]:
    """For each index, whether a line may start there (index 0 is never a break),
    except inside runs of Thai: `thai_breaks` adds those, for the runs that need them."""
    allowed = [False] * len(text)
    kinds = [_kind(ch) for ch in text]
    for i in range(1, len(text)):
        before, here = kinds[i - 1], kinds[i]
        if here in (SPACE, MARK):
            continue  # spaces hang at the end of a line
        if before == SPACE:
            allowed[i] = True
        elif (here == THAI) != (before in (THAI, MARK)):  # into or out of a run of Thai
            allowed[i] = text[i] not in NO_START and text[i - 1] not in NO_END
        elif (before == CJK or here == CJK) and text[i] not in NO_START:
            allowed[i] = text[i - 1] not in NO_END
    return allowed


def thai_breaks(text: str, allowed: list[bool], inside: int) -> None:
    """Mark the word breaks of the Thai run around index `inside` (BudouX is slow enough,
    some 2 µs a character, to run only on the runs that cross a line's end)."""
    start = end = inside
    while start > 0 and _kind(text[start - 1]) in (THAI, MARK):
        start -= 1
    while end < len(text) and _kind(text[end]) in (THAI, MARK):
        end += 1
    position = start
    for chunk in _thai_parser()(text[start:end]):
        if position > start and _kind(text[position]) != MARK:
            allowed[position] = True
        position += len(chunk)


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break `text` into lines of at most `width` cells (Rich's contract)."""
    allowed = break_points(text)
    parsed: set[int] = set()  # Thai runs already given their word breaks, by any index
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
        if _kind(ch) in (THAI, MARK) and i not in parsed:
            thai_breaks(text, allowed, i)
            run = i
            while run < len(text) and _kind(text[run]) in (THAI, MARK):
                parsed.add(run)
                run += 1
            run = i - 1
            while run >= 0 and _kind(text[run]) in (THAI, MARK):
                parsed.add(run)
                run -= 1
            last_break = max(
                (b for b in range(line_start + 1, i + 1) if allowed[b]), default=last_break
            )
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
        if text.isascii():
            return _divide_ascii(text, width) if fold else original(text, width, fold)
        if not fold or not has_unspaced(text):
            return original(text, width, fold)
        return divide_line(text, width, fold)

    def _divide_ascii(text: str, width: int) -> list[int]:
        # Rich's own rule with len() for cell widths: the same breaks, in a third of the
        # time (`aecoach questions` wraps some 600 lines). A word wider than the line is
        # rare and left to Rich.
        offsets: list[int] = []
        column = 0
        for match in _WORD.finditer(text):
            start, end = match.span()
            length = len(match.group().rstrip())
            if width - column >= length:
                column += end - start
            elif length > width:
                return original(text, width, True)
            elif column and start:
                offsets.append(start)
                column = end - start
        return offsets

    rich.text.divide_line = divide  # type: ignore[attr-defined]
    _installed = True


def fold(text: str, width: int, *, column: int = 0, indent: str = "") -> str:
    """`text` with line breaks where a terminal `width` cells wide would need them, at the
    places Rich (and the rules above) allow, for text written straight to the terminal
    (prompts), which the terminal itself would break inside a word or a `(y/n)`.

    `column` is where the first line starts; the lines after it start with `indent`.
    A line's trailing spaces stay on the last line only (a prompt ends with one).
    """
    install()
    import rich.text

    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        start = column if number == 0 else 0
        rest, room, first = paragraph, width, True
        while True:
            # Room already taken is a word of its own, so the first word may go to the next line.
            pad = "x" * (start - 1) + " " if first and start else ""
            offsets = [o - len(pad) for o in rich.text.divide_line(pad + rest, max(room, 1))]
            offsets = [o for o in offsets if o > 0]
            if not offsets:
                lines.append(rest if first else indent + rest)
                break
            piece, rest = rest[: offsets[0]].rstrip(), rest[offsets[0] :]
            lines.append(piece if first else indent + piece)
            first, room = False, width - cell_len(indent)
        column = 0
    return "\n".join(lines)


def last_line_width(text: str) -> int:
    """Cells taken by the last line of `text` (where the cursor is after writing it)."""
    return cell_len(text.rsplit("\n", 1)[-1])


def keep_whole(parts: list[Text], width: int, separator: str = " · ") -> Text:
    """`parts` joined by `separator`, with a line break instead of a separator where the
    next part would not fit: a part ("id 35c34cf4", "2026-11-01 09:00") is never split
    across lines unless it is wider than the whole line. A separator takes the style of
    the part after it."""
    joined = Text()
    column = 0
    for part in parts:
        size = cell_len(part.plain)
        if column and column + cell_len(separator) + size > width:
            joined.append("\n")
            column = 0
        elif column:
            joined.append(separator, style=part.style)
            column += cell_len(separator)
        joined.append_text(part)
        column += size
    return joined


class Whole:
    """`keep_whole` as a renderable, for a table cell or any place whose width Rich decides."""

    def __init__(self, parts: list[Text], separator: str = " · ") -> None:
        self.parts, self.separator = parts, separator

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        yield keep_whole(self.parts, options.max_width, self.separator)

    def __rich_measure__(self, console, options):  # type: ignore[no-untyped-def]
        from rich.measure import Measurement

        sizes = [cell_len(part.plain) for part in self.parts]
        joined = sum(sizes) + cell_len(self.separator) * max(len(sizes) - 1, 0)
        return Measurement(max(sizes, default=0), joined)
