"""Delivery figures for a spoken answer: pace, fillers, pauses and speaking time.

Pure functions over two inputs that any recogniser and any voice-activity
detector can give: word timings (text with start and end seconds) and
voice-activity frames (one bool per fixed-length frame). The figures that need
no words (speaking time, pauses) come from the frames alone, so they exist in
every language and with no transcript at all.

Definitions (docs/voice.md says where the numbers come from):

- Speaking time: the voiced frames, with gaps shorter than `BRIDGE_SECONDS`
  bridged (the breath between two words is not a pause) and voiced blips
  shorter than `MIN_VOICED_SECONDS` dropped (a click is not speech).
- A pause is a gap between two stretches of speech; silence before the first
  word and after the last is not a pause.
- Pace: words spoken, fillers excluded, divided by the minutes from the start
  of the first word to the end of the last. Japanese and Thai are written
  without spaces, so a recogniser's "words" there are arbitrary pieces: pace is
  counted in characters instead (Thai without its vowel and tone marks written
  above and below the line, which are not letters of their own).
- Fillers come from a list for each language (data/fillers/<code>.txt).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise

BRIDGE_SECONDS = 0.3
MIN_VOICED_SECONDS = 0.12
LONG_PAUSE_SECONDS = 2.0
# A gap this long between two words sets a word off like a comma does.
SET_OFF_GAP_SECONDS = 0.5

LANGUAGES = ("en", "es", "id", "ja", "th")
CHARACTER_LANGUAGES = frozenset({"ja", "th"})
# The comprehension band for English (130-160 wpm) and the broadcast rate quoted
# for Japanese (about 300 characters a minute); docs/voice.md gives the sources.
# No band is claimed where we know of no published one.
BANDS: dict[str, tuple[int, int]] = {"en": (130, 160), "ja": (270, 330)}

_CLAUSE_END = frozenset(".,;:!?…。、！？，；：")
_COMMA = frozenset(",、，…")
_ELONGATION = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word (or, in Japanese and Thai, one piece of text) and when it was said."""

    text: str
    start: float
    end: float
    probability: float = 1.0  # the recogniser's confidence in the word, where it gives one


@dataclass(frozen=True, slots=True)
class Filler:
    phrase: str
    rule: str  # "always", "clause-start" or "set-off"


@dataclass(frozen=True, slots=True)
class Delivery:
    language: str
    duration_seconds: float
    speaking_seconds: float
    longest_pause_seconds: float
    pauses_over_2s: int
    pauses: tuple[float, ...] = ()
    transcript: str | None = None
    # The word figures are None when there is no transcript (words_missing says why).
    words: int | None = None
    rate_unit: str = "words"
    rate_per_minute: float | None = None
    fillers: int | None = None
    filler_words: tuple[str, ...] = ()
    limit_seconds: int | None = None
    words_missing: str | None = None
    band: tuple[int, int] | None = field(default=None)

    @property
    def fillers_per_minute(self) -> float | None:
        if self.fillers is None or self.speaking_seconds <= 0:
            return None
        return self.fillers / (self.speaking_seconds / 60)

    @property
    def over_limit_seconds(self) -> float:
        if self.limit_seconds is None:
            return 0.0
        return max(0.0, self.speaking_seconds - self.limit_seconds)

    def as_json(self) -> dict[str, object]:
        """The figures under the keys that `aecoach analyze --json` and the export promise."""
        words_rate = self.rate_per_minute if self.rate_unit == "words" else None
        chars_rate = self.rate_per_minute if self.rate_unit == "characters" else None
        per_minute = self.fillers_per_minute
        return {
            "transcript": self.transcript,
            "language": self.language,
            "duration_seconds": round(self.duration_seconds, 2),
            "speaking_seconds": round(self.speaking_seconds, 2),
            "words": self.words,
            "words_per_minute": None if words_rate is None else round(words_rate, 1),
            "characters_per_minute": None if chars_rate is None else round(chars_rate, 1),
            "rate_band": list(self.band) if self.band else None,
            "fillers": self.fillers,
            "filler_words": list(self.filler_words),
            "fillers_per_minute": None if per_minute is None else round(per_minute, 2),
            "longest_pause_seconds": round(self.longest_pause_seconds, 2),
            "pauses_over_2s": self.pauses_over_2s,
            "limit_seconds": self.limit_seconds,
            "words_missing": self.words_missing,
        }


def speech_regions(
    frames: Sequence[bool],
    frame_seconds: float,
    *,
    bridge: float = BRIDGE_SECONDS,
    min_voiced: float = MIN_VOICED_SECONDS,
) -> list[tuple[float, float]]:
    """The stretches of speech, in seconds, from voice-activity frames."""
    raw: list[list[float]] = []
    start: int | None = None
    for index, voiced in enumerate(frames):
        if voiced and start is None:
            start = index
        elif not voiced and start is not None:
            raw.append([start * frame_seconds, index * frame_seconds])
            start = None
    if start is not None:
        raw.append([start * frame_seconds, len(frames) * frame_seconds])
    merged: list[list[float]] = []
    for region in raw:
        if merged and region[0] - merged[-1][1] < bridge:
            merged[-1][1] = region[1]
        else:
            merged.append(region)
    # Blips are dropped after bridging, so a run of short syllables still counts.
    return [(a, b) for a, b in merged if b - a >= min_voiced]


def pauses_between(regions: Sequence[tuple[float, float]]) -> list[float]:
    return [later[0] - earlier[1] for earlier, later in pairwise(regions)]


@cache
def fillers_for(language: str) -> tuple[Filler, ...]:
    """The language's fillers, longest first (so "you know" wins over "you")."""
    if language not in LANGUAGES:
        return ()
    text = resources.files("aecoach.analysis").joinpath(f"data/fillers/{language}.txt")
    entries = []
    for line in text.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        phrase, _, rule = (part.strip() for part in line.partition("|"))
        entries.append(Filler(phrase, rule or "always"))
    return tuple(sorted(entries, key=lambda f: -len(f.phrase)))


def normalise(text: str) -> str:
    """A word as matched against the filler list: folded, unpunctuated, elongations collapsed."""
    return _ELONGATION.sub(r"\1", _bare(text))


def _bare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if not _is_punctuation(ch) and not ch.isspace())


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _ends_with(word: Word, marks: frozenset[str]) -> bool:
    stripped = word.text.rstrip()
    return bool(stripped) and stripped[-1] in marks


def find_fillers(words: Sequence[Word], language: str) -> list[tuple[int, int]]:
    """The fillers heard, as (first, past-the-last) indexes into `words`."""
    fillers = fillers_for(language)
    if not fillers:
        return []
    joiner = "" if language in CHARACTER_LANGUAGES else " "
    keys = [normalise(w.text) for w in words]
    patterns = [(f, joiner.join(normalise(p) for p in f.phrase.split(" "))) for f in fillers]
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        after_filler = bool(found) and found[-1][1] == index
        match = _match_at(words, keys, index, patterns, joiner, after_filler)
        if match is None:
            index += 1
            continue
        found.append((index, match))
        index = match
    return found


def _match_at(
    words: Sequence[Word],
    keys: Sequence[str],
    index: int,
    patterns: Sequence[tuple[Filler, str]],
    joiner: str,
    after_filler: bool,
) -> int | None:
    if not keys[index]:
        return None
    for filler, target in patterns:
        joined, matched = "", None
        for stop in range(index, len(words)):
            if not keys[stop]:
                break
            joined = keys[stop] if stop == index else joined + joiner + keys[stop]
            # A long vowel drawn out across tokens (え, ー, ー) is still one filler.
            joined = _ELONGATION.sub(r"\1", joined)
            if joined == target:
                matched = stop + 1
            elif matched is not None or not target.startswith(joined):
                break
        if matched is not None and (
            after_filler or _rule_holds(filler.rule, words, index, matched)
        ):
            return matched
    return None


def _rule_holds(rule: str, words: Sequence[Word], first: int, stop: int) -> bool:
    if rule == "always":
        return True
    opens = first == 0 or (
        _ends_with(words[first - 1], _CLAUSE_END if rule == "clause-start" else _COMMA)
        or words[first].start - words[first - 1].end >= SET_OFF_GAP_SECONDS
    )
    if rule == "clause-start":
        return opens
    closes = stop < len(words) and (
        _ends_with(words[stop - 1], _COMMA)
        or words[stop].start - words[stop - 1].end >= SET_OFF_GAP_SECONDS
    )
    return opens or closes


def count_units(text: str, language: str) -> int:
    """Words, or for Japanese and Thai characters, in a stretch of transcript."""
    if language not in CHARACTER_LANGUAGES:
        return 1 if _bare(text) else 0
    return sum(
        1
        for ch in unicodedata.normalize("NFKC", text)
        if not ch.isspace() and not _is_punctuation(ch) and unicodedata.category(ch) != "Mn"
    )


def measure(
    *,
    language: str,
    duration_seconds: float,
    frames: Sequence[bool],
    frame_seconds: float,
    words: Sequence[Word] | None,
    limit_seconds: int | None = None,
    words_missing: str | None = None,
) -> Delivery:
    """Every figure for one answer. `words` is None when there is no transcript."""
    regions = speech_regions(frames, frame_seconds)
    gaps = pauses_between(regions)
    speaking = sum(b - a for a, b in regions)
    base = {
        "language": language,
        "duration_seconds": duration_seconds,
        "speaking_seconds": speaking,
        "longest_pause_seconds": max(gaps, default=0.0),
        "pauses_over_2s": sum(1 for gap in gaps if gap > LONG_PAUSE_SECONDS),
        "pauses": tuple(gaps),
        "limit_seconds": limit_seconds,
        "rate_unit": "characters" if language in CHARACTER_LANGUAGES else "words",
        "band": BANDS.get(language),
    }
    if words is None:
        return Delivery(**base, words_missing=words_missing or "no-transcript")
    spoken = [w for w in words if _bare(w.text)]
    spans = find_fillers(spoken, language)
    in_filler = {i for first, stop in spans for i in range(first, stop)}
    joiner = "" if language in CHARACTER_LANGUAGES else " "
    heard = tuple(joiner.join(_bare(w.text) for w in spoken[a:b]) for a, b in spans)
    kept = [w for i, w in enumerate(spoken) if i not in in_filler]
    units = sum(count_units(w.text, language) for w in kept)
    rate = None
    if spoken:
        span = spoken[-1].end - spoken[0].start
        rate = units / (span / 60) if span > 0 else None
    transcript = "".join(w.text for w in words).strip() if joiner == "" else _joined(words)
    return Delivery(
        **base,
        transcript=transcript,
        words=len(kept),
        rate_per_minute=rate,
        fillers=len(spans),
        filler_words=heard,
        words_missing=None,
    )


def _joined(words: Sequence[Word]) -> str:
    # Recognisers give words with their leading space; others may not.
    text = "".join(w.text if w.text[:1].isspace() else " " + w.text for w in words)
    return " ".join(text.split())
