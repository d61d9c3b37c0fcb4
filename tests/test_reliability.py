"""Telling an invented transcript from a heard one, by the recogniser's own scores."""

from __future__ import annotations

from aecoach.analysis.delivery import Word
from aecoach.analysis.reliability import Segment, compression_ratio, looped, unreliable

HEARD = "So, um, I closed the deal in March. Uh, the client wanted a big discount. I said no."
LONG = (
    "The quarter started badly: two renewals slipped and the pipeline was thin. I went back"
    " through every stalled deal, called the champions myself and asked what had changed."
    " Three of them had new budget owners, so we rebuilt the business case with finance,"
    " and by the end of March we had closed both renewals and one new logo."
)
INVENTED = "I'm going to go to the next one, and " * 6


def words(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    return [
        Word(" " + w, start + i * step, start + i * step + 0.3) for i, w in enumerate(text.split())
    ]


def test_whisper_s_compression_ratio() -> None:
    assert compression_ratio(HEARD) < 2.4 < compression_ratio(INVENTED)
    assert compression_ratio("") == 0.0


def test_a_segment_fails_on_whisper_s_thresholds() -> None:
    assert not Segment(0, 5, compression_ratio=1.2, avg_logprob=-0.3).failed
    assert Segment(0, 5, compression_ratio=2.5, avg_logprob=-0.3).failed
    assert Segment(0, 5, compression_ratio=1.2, avg_logprob=-1.2).failed


def test_words_in_failed_segments_make_the_transcript_unreliable() -> None:
    said = words(HEARD)
    good = Segment(0, 10, 1.2, -0.2)
    assert not unreliable(said, [good])
    assert unreliable(said, [Segment(0, 10, 1.2, -1.4)])
    # One doubtful stretch in a long answer is not the whole answer.
    long = words(LONG)
    end = long[-1].end
    assert not unreliable(long, [Segment(0, end - 3, 1.2, -0.2), Segment(end - 3, end, 1.2, -1.5)])


def test_repetition_in_the_kept_words_is_caught_across_short_stretches() -> None:
    # Each stretch of a live answer scored fine on its own, but together they repeat.
    said = words(INVENTED)
    stretches = [Segment(s, s + 3, 1.3, -0.2) for s in range(0, 20, 3)]
    assert unreliable(said, stretches)
    assert not unreliable(words(HEARD), stretches)
    assert not unreliable([], [])


def test_a_loop_is_doubtful_but_a_repeated_no_is_speech() -> None:
    said = words("Okay, let's see, let's see, let's see, let's see. Fine.")
    assert looped(said) == set(range(1, 9))
    assert looped(words("No, no, no, I said no.")) == set()
    assert looped(words("um um um um so")) == {0, 1, 2, 3}


def test_words_the_model_was_unsure_of_are_doubtful() -> None:
    unsure = [Word(w.text, w.start, w.end, 0.3) for w in words(LONG)]
    sure = [Word(w.text, w.start, w.end, 0.6) for w in words(LONG)]
    segment = [Segment(0, 60, 1.2, -0.5)]
    assert unreliable(unsure, segment) and not unreliable(sure, segment)
