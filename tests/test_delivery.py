"""Delivery figures as pure functions: word timings and voice-activity frames in, figures out."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aecoach.analysis.delivery import (
    LANGUAGES,
    Word,
    count_units,
    fillers_for,
    find_fillers,
    measure,
    speech_regions,
)

FRAME = 0.03


def frames(*pattern: tuple[bool, float]) -> list[bool]:
    """Frames from (voiced, seconds) runs."""
    out: list[bool] = []
    for voiced, seconds in pattern:
        out += [voiced] * round(seconds / FRAME)
    return out


def timed(text: str, *, start: float = 0.0, step: float = 0.4) -> list[Word]:
    """Words one `step` apart, each lasting 0.3 s; "/" inserts a 1 s gap."""
    words, t = [], start
    for token in text.split(" "):
        if token == "/":
            t += 1.0
            continue
        words.append(Word(" " + token, t, t + 0.3))
        t += step
    return words


def heard(text: str, language: str = "en") -> list[str]:
    words = timed(text)
    return [" ".join(w.text.strip() for w in words[a:b]) for a, b in find_fillers(words, language)]


def test_every_language_has_a_filler_list() -> None:
    for code in LANGUAGES:
        assert len(fillers_for(code)) >= 5, code
    assert fillers_for("xx") == ()


def test_plain_fillers_count_anywhere_and_drawn_out() -> None:
    assert heard("so um I think uh we Ummm, closed") == ["so", "um", "uh", "Ummm,"]


def test_phrases_match_before_their_first_word() -> None:
    assert heard("and you know I mean it worked") == ["you know", "I mean"]


def test_like_counts_only_when_set_off() -> None:
    assert heard("I like the product") == []
    assert heard("it was like, huge") == ["like,"]
    assert heard("it was / like / huge") == ["like"]


def test_so_counts_only_at_the_start_of_a_clause() -> None:
    assert heard("it was so good") == []
    assert heard("So, we won.") == ["So,"]
    assert heard("we won. so then") == ["so"]


def test_spanish_indonesian_japanese_and_thai_fillers() -> None:
    assert heard("eh bueno, o sea, el cliente", "es") == ["eh", "bueno,", "o sea,"]
    assert heard("anu saya kayak, bingung", "id") == ["anu", "kayak,"]
    ja = [
        Word("えー", 0, 0.3),
        Word("と", 0.3, 0.5),
        Word("私は", 0.6, 1.0),
        Word("あのー", 1.1, 1.5),
    ]
    assert find_fillers(ja, "ja") == [(0, 2), (3, 4)]
    stretched = [Word("え", 0, 0.2), Word("ー", 0.2, 0.4), Word("ー", 0.4, 0.6), Word("はい", 1, 2)]
    assert find_fillers(stretched, "ja") == [(0, 3)]
    th = [Word("เอ่อ", 0, 0.3), Word("ผม", 0.4, 0.6), Word("คิด", 0.6, 0.8)]
    assert find_fillers(th, "th") == [(0, 1)]


def test_units_are_words_or_characters() -> None:
    assert count_units(" well-known,", "en") == 1
    assert count_units(" —", "en") == 0
    assert count_units("私は、営業です。", "ja") == 6
    # Thai: the vowel and tone marks above and below the line are not counted.
    assert count_units("ที่นี่", "th") == 2


def test_regions_bridge_breaths_and_drop_clicks() -> None:
    f = frames((False, 0.6), (True, 1.2), (False, 0.15), (True, 0.9), (False, 2.4), (True, 0.06))
    f += frames((False, 1.0), (True, 0.6))
    regions = speech_regions(f, FRAME)
    assert len(regions) == 2
    assert regions[0][0] == pytest.approx(0.6)
    assert regions[0][1] == pytest.approx(2.85)


def test_pauses_and_speaking_time_need_no_words() -> None:
    f = frames((False, 1.0), (True, 3.0), (False, 2.5), (True, 2.0), (False, 0.9), (True, 1.0))
    f += frames((False, 3.0))
    d = measure(language="th", duration_seconds=13.4, frames=f, frame_seconds=FRAME, words=None)
    assert d.speaking_seconds == pytest.approx(6.0, abs=0.05)
    assert d.longest_pause_seconds == pytest.approx(2.5, abs=0.05)
    assert d.pauses_over_2s == 1
    assert d.words is None and d.fillers is None and d.rate_per_minute is None
    assert d.words_missing == "no-transcript"
    out = d.as_json()
    assert out["words_per_minute"] is None and out["transcript"] is None


def test_words_per_minute_excludes_fillers_and_runs_first_word_to_last() -> None:
    # 12 tokens, 2 of them fillers, 0.5 s apart: 5.8 s from the first start to the last end.
    words = timed("um so we closed the deal in March uh after three calls", step=0.5)
    f = frames((True, 6.0))
    d = measure(language="en", duration_seconds=8, frames=f, frame_seconds=FRAME, words=words)
    assert d.fillers == 3  # um, so (clause start), uh
    assert d.words == 9
    assert d.rate_per_minute == pytest.approx(9 / (5.8 / 60))
    assert d.filler_words == ("um", "so", "uh")
    assert d.transcript == "um so we closed the deal in March uh after three calls"
    assert d.band == (130, 160)
    assert d.fillers_per_minute == pytest.approx(3 / (6.0 / 60), rel=0.02)


def test_japanese_pace_is_in_characters() -> None:
    words = [Word("えー", 0, 0.4), Word("私は", 0.5, 1.0), Word("営業です。", 1.0, 3.0)]
    d = measure(
        language="ja",
        duration_seconds=3,
        frames=frames((True, 3.0)),
        frame_seconds=FRAME,
        words=words,
    )
    assert d.rate_unit == "characters"
    assert d.rate_per_minute == pytest.approx(6 / (3.0 / 60))
    out = d.as_json()
    assert out["characters_per_minute"] == 120.0 and out["words_per_minute"] is None
    assert out["transcript"] == "えー私は営業です。"


def test_over_the_limit() -> None:
    d = measure(
        language="en",
        duration_seconds=100,
        frames=frames((True, 95.0)),
        frame_seconds=FRAME,
        words=[],
        limit_seconds=90,
    )
    assert d.over_limit_seconds == pytest.approx(5.0, abs=0.05)
    assert d.rate_per_minute is None and d.words == 0 and d.fillers == 0


@given(st.lists(st.booleans(), max_size=400))
def test_regions_are_ordered_disjoint_and_within_the_recording(voiced: list[bool]) -> None:
    regions = speech_regions(voiced, FRAME)
    end = len(voiced) * FRAME
    for a, b in regions:
        assert 0 <= a < b <= end + 1e-9
    for (_, b), (c, _) in pairwise(regions):
        assert c - b >= 0.3 - 1e-9
    d = measure(language="en", duration_seconds=end, frames=voiced, frame_seconds=FRAME, words=None)
    assert d.speaking_seconds <= end + 1e-9
    assert d.pauses_over_2s <= len(regions)


@given(
    st.lists(st.sampled_from(["um", "like,", "so", "deal", "you", "know", ".", "uh"]), max_size=40)
)
def test_fillers_never_overlap(tokens: list[str]) -> None:
    words = [Word(" " + t, i * 0.4, i * 0.4 + 0.3) for i, t in enumerate(tokens)]
    spans = find_fillers(words, "en")
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(words)
        last = b
