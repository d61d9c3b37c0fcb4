"""Coach's notes: plain observations on what an answer said, from its text.

    from aecoach.analysis.content import coach_notes
    notes = coach_notes(text, language, item, rating=None)
    notes.as_dict()  # what the history stores under "feedback"

`text` is the typed notes or a transcript; `language` is the answer's language code
("en", "es", "id", "ja", "th"; any other falls back to English lists); `item` is the
bank's Question (its hints are the points a strong answer covers; STAR is looked for
when its kind is "behavioural") or Objection (its points), or None; `rating` is the
candidate's own rating, if given, for the calibration line. The function is pure, needs
no terminal and never raises on odd text; it reads the first MAX_TEXT characters.

Each signal is a plain rule over word lists kept per language in `data/<lang>.toml`, so
every observation can name what it saw:
- numbers: figures (digits, or number words before a unit: "two quarters"), with money
  signs and units; a bare year, or a period's name ("Q2", "H1", "FY24"), dates the story
  but measures nothing and is left out.
  `quantified` is whether any figure was found.
- ownership: the "I" and "we" words of the language (see each data file for what counts
  where the subject is dropped: verb endings in Spanish, explicit words only in Japanese
  and Thai).
- hedges: the weak phrases found, with counts; `repeated`: the words said most.
- STAR (behavioural questions only): signs of situation, task, action and result.
- coverage: which of the item's points share key terms with the answer. Key terms are
  Snowball stems for English, Spanish and Indonesian; Japanese and Thai have no stemmer
  in Snowball and a dictionary tokenizer would cost tens of megabytes and a second of
  start-up, so they use character runs (see ja.toml and th.toml): the same cut on both
  sides, which is all a match between two short texts needs.
- vocabulary: the role's words used (quota, pipeline, discovery …).
- calibration: where the self-rating and these signals disagree, which signals; never a
  grade of our own.

The lists load on first use (tomllib, one file) and the stemmer is imported then too, so
importing this module costs nothing until an answer is analysed.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "es", "id", "ja", "th")
# Only the first this many characters are read: a 3-minute answer is about 3,000, and
# 100,000 pasted characters would take a second and a half.
MAX_TEXT = 20_000
STAR_PARTS = ("situation", "task", "action", "result")

# Tokens of spaced languages: a figure ("40", "1,200.50"), a word with an inner apostrophe,
# or one sign that can belong to a figure.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*|[$€£¥฿%]")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_KANJI = r"\u3400-\u4dbf\u4e00-\u9fff\u3005"
_JA_RUNS = re.compile(rf"[{_KANJI}]+|[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+|[A-Za-z0-9]+")
_THAI_OR_LATIN = re.compile(r"[\u0e00-\u0e7f]+|[A-Za-z0-9]+")
# A period's name, in any language's text: "Q2", "2Q", "H1", "FY24", "Q3 FY24", "Q2'24". It
# says when, like a bare year, and measures nothing: "in Q2" has no figure, "40% in Q2"
# has one (the 40%). Casefolded text; full-width forms too, since \d reads them as digits.
_ALNUM = "a-z0-9ａ-ｚ０-９"
_QUARTER = "(?:[qｑ][1-4１-４]|[1-4１-４][qｑ]|[hｈ][12１２]|[12１２][hｈ])"
_FISCAL_YEAR = r"(?:fy|ｆｙ)\s?'?\d{2}(?:\d{2})?"
_PERIOD_NAME = re.compile(
    rf"(?<![{_ALNUM}])(?:{_QUARTER}(?:\s?(?:{_FISCAL_YEAR}|['/-]\d{{2}}(?:\d{{2}})?))?"
    rf"|{_FISCAL_YEAR})(?![{_ALNUM}])"
)


@dataclass(frozen=True)
class Feedback:
    """What the notes observed in one answer. Empty text gives `empty=True` and nothing else."""

    language: str
    empty: bool = False
    numbers: tuple[str, ...] = ()
    i_count: int = 0
    we_count: int = 0
    hedges: dict[str, int] = field(default_factory=dict)
    repeated: tuple[tuple[str, int], ...] = ()
    star: dict[str, bool] | None = None  # None: not a behavioural question
    star_signs: dict[str, str] = field(default_factory=dict)  # part -> the first sign seen
    hints: tuple[str, ...] = ()  # the item's points, in bank order
    covered_hints: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = ()
    touched_words: tuple[str, ...] = ()  # the answer's own words behind matched_terms
    vocabulary: tuple[str, ...] = ()
    rating: int | None = None
    calibration: tuple[str, ...] = ()  # the signals the rating disagrees with, if any

    @property
    def quantified(self) -> bool:
        return bool(self.numbers)

    @property
    def missing_star(self) -> tuple[str, ...] | None:
        if self.star is None:
            return None
        return tuple(p for p in STAR_PARTS if not self.star[p])

    @property
    def missing_hints(self) -> tuple[str, ...]:
        return tuple(h for h in self.hints if h not in self.covered_hints)

    def as_dict(self) -> dict[str, Any]:
        missing = self.missing_star
        return {
            "language": self.language,
            "empty": self.empty,
            "numbers": list(self.numbers),
            "quantified": self.quantified,
            "i_count": self.i_count,
            "we_count": self.we_count,
            "hedges": dict(self.hedges),
            "repeated": [[w, n] for w, n in self.repeated],
            "star": dict(self.star) if self.star is not None else None,
            "star_signs": dict(self.star_signs),
            "missing_star": list(missing) if missing is not None else None,
            "hints": len(self.hints),
            "covered_hints": list(self.covered_hints),
            "missing_hints": list(self.missing_hints),
            "matched_terms": list(self.matched_terms),
            "touched_words": list(self.touched_words),
            "vocabulary": list(self.vocabulary),
            "calibration": list(self.calibration),
        }


def feedback_from_dict(data: Any) -> dict[str, Any] | None:
    """A stored or imported feedback object kept as it is, if it is an object at all."""
    return data if isinstance(data, dict) else None


# --- Word lists ----------------------------------------------------------------------------


class _Phrases:
    """Find listed phrases in normalised text, longest first, each reported by its index.

    Spaced languages match whole words and read "*" as any letters inside a word; the
    others match substrings. `skip` phrases are blanked out first (offsets kept), so a
    longer word that merely contains a listed one never counts.
    """

    def __init__(self, entries: Sequence[str], skip: Sequence[str], spaced: bool) -> None:
        self.entries = tuple(entries)
        self._skip = _alternation(skip, spaced) if skip else None
        order = sorted(range(len(entries)), key=lambda i: -len(entries[i].replace("*", "")))
        self._order = order
        body = "|".join(f"({_pattern(entries[i], spaced)})" for i in order)
        self._regex = re.compile(_bounded(body, spaced)) if entries else None

    def blank(self, text: str) -> str:
        if self._skip is None:
            return text
        return self._skip.sub(lambda m: " " * len(m.group()), text)

    def find(self, text: str) -> list[tuple[int, str]]:
        if self._regex is None:
            return []
        text = self.blank(text)
        return [(self._order[m.lastindex - 1], m.group()) for m in self._regex.finditer(text)]


def _pattern(phrase: str, spaced: bool) -> str:
    if not spaced:
        return re.escape(phrase)
    words = []
    for word in phrase.split():
        words.append(r"\w*".join(re.escape(part) for part in word.split("*")))
    return r"\s+".join(words)


def _bounded(body: str, spaced: bool) -> str:
    return rf"(?<!\w)(?:{body})(?!\w)" if spaced else body


def _alternation(phrases: Sequence[str], spaced: bool) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(_bounded("|".join(_pattern(p, spaced) for p in ordered), spaced))


class _Language:
    """One language's lists, compiled."""

    def __init__(self, code: str, data: dict[str, Any]) -> None:
        self.code = code
        self.script: str = data["script"]
        self.spaced = self.script == "spaced"
        spaced = self.spaced
        numbers = data["numbers"]
        self.number_words = frozenset(numbers.get("words", ()))
        self.needs_unit = frozenset(numbers.get("needs_unit", ()))
        self.units = tuple(sorted(numbers.get("units", ()), key=len, reverse=True))
        self.before = frozenset(numbers.get("before", ()))
        self.number_skip = _Phrases((), numbers.get("skip", ()), spaced)
        if not spaced:
            self._unspaced_numbers = _unspaced_number_regex(numbers)
        own = data["ownership"]
        self.ownership = _Phrases([*own["i"], *own["we"]], own.get("skip", ()), spaced)
        self.i_entries = len(own["i"])
        hedges = data["hedges"]
        self.hedges = _Phrases(hedges["phrases"], hedges.get("skip", ()), spaced)
        star_skip = data["star"].get("skip", ())
        self.star = {part: _Phrases(data["star"][part], star_skip, spaced) for part in STAR_PARTS}
        self.stopwords = frozenset(w.casefold() for w in data["coverage"]["stopwords"])
        self.figure_words = _Phrases(data["coverage"].get("figure_words", ()), (), spaced)
        self.vocabulary_terms = tuple(data["vocabulary"]["terms"])
        self._stem = None
        if spaced:
            import snowballstemmer  # imported only when an answer in this language is analysed

            # A Snowball stem costs ~75 µs in pure Python and answers repeat their words.
            self._stem = cache(snowballstemmer.stemmer(data["stemmer"]).stemWord)
            self._stop_stems = frozenset(self.stem(w) for w in self.stopwords)
            self._vocab_stems = {
                tuple(self.stem(w) for w in _words(term)): term for term in self.vocabulary_terms
            }
        else:
            self.vocabulary = _Phrases(
                [t.casefold() for t in self.vocabulary_terms], (), spaced=False
            )
            # Longest first, so a stopword inside a longer one goes with it.
            self._thai_stops = (
                _alternation(sorted(self.stopwords, key=len, reverse=True), spaced=False)
                if self.script == "th"
                else None
            )

    def stem(self, word: str) -> str:
        return self._stem(word) if self._stem else word

    # -- key terms --

    def terms(self, text: str) -> set[str]:
        """The key terms of a text: what two texts must share to be on the same point."""
        text = normalise(text)
        if self.spaced:
            # "used" is as little a key term as "use": stopwords leave out all their forms.
            stems = {self.stem(w) for w in _words(text) if len(w) > 2}
            return stems - self._stop_stems
        if self.script == "ja":
            return {t for t in _ja_terms(text) if t not in self.stopwords}
        return _th_terms(text, self._thai_stops, self.stopwords)

    def surface(self, text: str, terms: set[str]) -> list[str]:
        """The words of `text` behind its key terms, in the order said. Thai triples are
        no words, so Thai gives none."""
        if self.script == "th" or not terms:
            return []
        if self.script == "ja":
            return [t for t in _distinct(_ja_terms(text)) if t in terms]
        return _distinct(w for w in _words(text) if self.stem(w) in terms and len(w) > 2)

    def vocabulary_used(self, text: str) -> list[str]:
        if not self.spaced:
            return _distinct(self.vocabulary_terms[i] for i, _ in self.vocabulary.find(text))
        stems = [self.stem(w) for w in _words(text)]
        found = []
        for n in (3, 2, 1):
            for i in range(len(stems) - n + 1):
                term = self._vocab_stems.get(tuple(stems[i : i + n]))
                if term is not None:
                    found.append(term)
        return _distinct(found)

    # -- figures --

    def figures(self, text: str) -> list[str]:
        text = self.number_skip.blank(text)
        text = _PERIOD_NAME.sub(lambda m: " " * len(m.group()), text)  # offsets kept
        if not self.spaced:
            return [
                m.group().strip() for m in self._unspaced_numbers.finditer(text) if not _year(m)
            ]
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        found = []
        i = 0
        while i < len(tokens):
            word = tokens[i][0]
            following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if not (word[0].isdigit() or word in self.number_words or word in self.needs_unit) or (
                word in self.needs_unit and following[:1].isdigit()  # "un 30%": the 30% is it
            ):
                i += 1
                continue
            start = i - 1 if i > 0 and tokens[i - 1][0] in self.before else i
            j = i + 1
            while j < len(tokens) and (
                tokens[j][0][0].isdigit()
                or tokens[j][0] in self.number_words
                or (
                    tokens[j][0] in ("and", "y", "dan")
                    and j + 1 < len(tokens)
                    and tokens[j + 1][0] in self.number_words
                )
            ):
                j += 1
            unit = self._unit_at(tokens, j)
            unit += self._unit_at(tokens, j + unit) if unit else 0  # "40k dollars"
            first, end = i, j + unit
            i = end
            if unit == 0 and word in self.needs_unit:
                continue
            if unit == 0 and start == first and _bare_year(tokens[first:j]):
                continue
            found.append(text[tokens[start][1] : tokens[end - 1][2]])
        return found

    def _unit_at(self, tokens: list[tuple[str, int, int]], j: int) -> int:
        """How many tokens from j form a unit (0 if none)."""
        for unit in self.units:
            parts = _TOKEN.findall(unit)
            if [t[0] for t in tokens[j : j + len(parts)]] == parts:
                return len(parts)
        return 0


def _unspaced_number_regex(numbers: dict[str, Any]) -> re.Pattern[str]:
    def either(key: str) -> str:
        # A string of numerals is a list of one-character numerals.
        return "|".join(re.escape(n) for n in sorted(numbers.get(key, ()), key=len, reverse=True))

    numeral, unit, before, words = (
        either("numerals"),
        either("units"),
        either("before"),
        either("words"),
    )
    digits = r"\d+(?:[.,]\d+)*"
    parts = [
        rf"(?:(?:{before})\s?)?{digits}\s?(?:{unit})?" if before else rf"{digits}\s?(?:{unit})?",
        rf"(?:{numeral})+(?:{unit})",
    ]
    if words:
        parts.append(words)
    return re.compile("|".join(parts))


_YEAR_UNITS = ("年", "ปี")


def _year(m: re.Match[str]) -> bool:
    """A four-digit figure alone or before 年: a date (Thai years run 543 ahead)."""
    text = m.group().strip()
    for unit in _YEAR_UNITS:
        text = text.removesuffix(unit)
    return text.isdigit() and len(text) == 4 and _is_year(int(text))


def _bare_year(tokens: Sequence[tuple[str, int, int]]) -> bool:
    return (
        len(tokens) == 1
        and tokens[0][0].isdigit()
        and len(tokens[0][0]) == 4
        and _is_year(int(tokens[0][0]))
    )


def _is_year(n: int) -> bool:
    return 1950 <= n <= 2100 or 2490 <= n <= 2650


def normalise(text: str) -> str:
    return text.translate(_APOSTROPHES).casefold()


def _words(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(normalise(text)) if t[0].isalpha()]


def _as_written(text: str, found: Iterable[str]) -> list[str]:
    """The figures found in the casefolded text, as the candidate wrote them ("2M", not
    "2m": a million, not two minutes), each looked for after the one before."""
    written, at = [], 0
    for figure in found:
        m = re.compile(re.escape(figure), re.IGNORECASE).search(text, at)
        if m is None:  # casefolding changed its length (ß): keep it as found
            written.append(figure)
            continue
        written.append(m.group())
        at = m.end()
    return written


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _ja_terms(text: str) -> list[str]:
    terms = []
    for run in _JA_RUNS.findall(text):
        if "\u3400" <= run[0] <= "\u9fff" or run[0] == "\u3005":
            # A lone kanji between kana is a word of its own (図, 話, 数).
            terms.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        elif len(run) > 1:
            terms.append(run.casefold())
    return terms


def _th_terms(text: str, stops: re.Pattern[str] | None, stopwords: frozenset[str]) -> set[str]:
    if stops is not None:
        text = stops.sub(" ", text)
    terms = set()
    for run in _THAI_OR_LATIN.findall(text):
        if run.isascii():
            if len(run) > 2 and run not in stopwords:
                terms.add(run)
        else:
            terms.update(run[i : i + 3] for i in range(len(run) - 2))
    return terms


@cache
def language(code: str) -> _Language:
    """The compiled lists for a language; unknown codes get English."""
    code = code if code in LANGUAGES else "en"
    source = resources.files("aecoach.analysis").joinpath("data", f"{code}.toml")
    return _Language(code, tomllib.loads(source.read_text(encoding="utf-8")))


@cache
def _canonical_terms() -> dict[str, str]:
    """Every language's role words by their casefolded form: the form the data writes."""
    terms: dict[str, str] = {}
    for code in LANGUAGES:
        source = resources.files("aecoach.analysis").joinpath("data", f"{code}.toml")
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        for term in data["vocabulary"]["terms"]:
            terms.setdefault(term.casefold(), term)
    return terms


def as_written(term: str) -> str:
    """A role word as the word lists write it ("arr" stored by an older aecoach is "ARR")."""
    return _canonical_terms().get(term.casefold(), term)


# --- The notes -----------------------------------------------------------------------------


def coach_notes(
    text: str,
    language_code: str,
    item: Any = None,
    rating: int | None = None,
) -> Feedback:
    """The coach's notes on one answer. See the module docstring for the arguments."""
    lang = language(language_code)
    text = (text or "")[:MAX_TEXT]
    behavioural = getattr(item, "kind", None) == "behavioural"
    hints = tuple(getattr(item, "hints", None) or getattr(item, "points", None) or ())
    if not text.strip():
        return Feedback(language=lang.code, empty=True, hints=hints, rating=rating)
    plain = normalise(text)

    own = lang.ownership.find(plain)
    i_count = sum(1 for index, _ in own if index < lang.i_entries)

    hedges = Counter(match.strip() for _, match in lang.hedges.find(plain))
    figures = _as_written(text.translate(_APOSTROPHES), lang.figures(plain))
    star = signs = None
    if behavioural:
        signs = {}
        for part in STAR_PARTS:
            seen = lang.star[part].find(plain)
            if seen:
                signs[part] = " ".join(seen[0][1].split())
        year = _first_year(plain)
        if "situation" not in signs and year:
            signs["situation"] = year  # a year dates the story: that is a situation
        star = {part: part in signs for part in STAR_PARTS}

    answer_terms = lang.terms(text)
    covered, matched = [], set()
    for hint in hints:
        shared = lang.terms(hint) & answer_terms
        if _covers(shared, lang.terms(hint), lang.script):
            covered.append(hint)
            matched |= shared
        elif figures and lang.figure_words.find(normalise(hint)):
            covered.append(hint)  # a point that asks for numbers, answered with one

    notes = Feedback(
        language=lang.code,
        numbers=tuple(figures),
        i_count=i_count,
        we_count=len(own) - i_count,
        hedges=dict(hedges.most_common()),
        repeated=_repeated(lang, plain),
        star=star,
        star_signs=signs or {},
        hints=hints,
        covered_hints=tuple(covered),
        matched_terms=tuple(sorted(matched)),
        touched_words=tuple(lang.surface(plain, matched)),
        vocabulary=tuple(lang.vocabulary_used(plain)),
        rating=rating,
    )
    return _with_calibration(notes)


# A hint is covered when the answer shares this many of its key terms, or all of them when
# the hint has fewer: two stems (whole words), two kanji pairs or words, or six Thai
# character triples (about two short Thai words).
# (Measured on the bank: one question's hints as the "answer" to another question touch
# 6 to 13% of its points in each language at these thresholds; at one term, 23 to 42%.)
_COVER = {"spaced": 2, "ja": 2, "th": 6}


def _covers(shared: set[str], hint_terms: set[str], script: str) -> bool:
    return bool(shared) and len(shared) >= min(_COVER[script], len(hint_terms))


def _first_year(text: str) -> str | None:
    years = (m.group() for m in re.finditer(r"(?<!\d)\d{4}(?!\d)", text))
    return next((y for y in years if _is_year(int(y))), None)


def _repeated(lang: _Language, text: str, *, least: int = 3) -> tuple[tuple[str, int], ...]:
    """The words said most (at least `least` times), content words and weak words alike."""
    if lang.spaced:
        pronouns = {match for _, match in lang.ownership.find(text)}
        hedge_words = {h for h in lang.hedges.entries if " " not in h}
        words = [
            w
            for w in _words(text)
            if len(w) > 2 and w not in pronouns and (w not in lang.stopwords or w in hedge_words)
        ]
    elif lang.script == "ja":
        runs = _JA_RUNS.findall(text)
        words = [r for r in runs if len(r) > 1 and r.casefold() not in lang.stopwords]
        words += [m.strip() for _, m in lang.hedges.find(text)]
    else:
        words = [m for _, m in lang.hedges.find(text)]
        words += [lang.vocabulary_terms[i] for i, _ in lang.vocabulary.find(text)]
    counts = Counter(words)
    return tuple((w, n) for w, n in counts.most_common(3) if n >= least)


def calibrated(notes: Feedback, rating: int | None) -> Feedback:
    """The same notes, given the candidate's rating (None: skipped): with their calibration."""
    return _with_calibration(replace(notes, rating=rating, calibration=()))


def _with_calibration(notes: Feedback) -> Feedback:
    """Name the signals a high rating overlooks, or the strengths a low one does."""
    if notes.rating is None or notes.empty:
        return notes
    if notes.rating >= 4:
        gaps = []
        if notes.star is not None and not (notes.star["situation"] or notes.star["action"]):
            gaps.append("no_example")
        if not notes.quantified:
            gaps.append("no_number")
        if notes.star is not None and not notes.star["result"]:
            gaps.append("no_result")
        if notes.hints and len(notes.covered_hints) * 2 < len(notes.hints):
            gaps.append("few_points")
        found = tuple(gaps) if len(gaps) >= 2 else ()
    elif notes.rating <= 2:
        strengths = []
        if notes.quantified:
            strengths.append("has_number")
        if notes.star is not None and not notes.missing_star:
            strengths.append("full_star")
        if notes.hints and len(notes.covered_hints) == len(notes.hints):
            strengths.append("all_points")
        found = tuple(strengths) if len(strengths) >= 2 else ()
    else:
        found = ()
    return replace(notes, calibration=found)
