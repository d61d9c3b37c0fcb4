"""`aecoach analyze`: real decoding, voice activity and transcription on spoken fixtures.

The fixtures are espeak-ng speech with inserted silences of known length
(scripts/voice_fixtures.sh says exactly what is in them). Tolerances: pauses
within 0.3 s (the detector's onset and hangover), speaking time within 15 %.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr
from tests.voicekit import EN_ANSWER, ES_ANSWER, tiny_en
from typer.testing import CliRunner

from aecoach.cli import app

runner = CliRunner()


def analyze(*args: str, model: bool = True) -> tuple[int, dict[str, object] | str]:
    extra = ["--model", str(tiny_en())] if model else []
    result = runner.invoke(app, ["analyze", *args, *extra, "--json"], env={"COLUMNS": "100"})
    if result.exit_code:
        return result.exit_code, result.output
    return 0, json.loads(result.stdout)


def test_english_answer_figures(home: Path) -> None:
    code, out = analyze(str(EN_ANSWER), "--language", "en")
    assert code == 0, out
    assert isinstance(out, dict)
    assert out["language"] == "en"
    assert out["duration_seconds"] == pytest.approx(13.8, abs=0.05)
    # 26 words spoken, 5 of them in the 4 fillers: So, um, Uh, you know.
    assert out["fillers"] == 4
    assert out["filler_words"] == ["so", "um", "uh", "you know"]
    assert out["words"] == pytest.approx(21, abs=1)
    transcript = str(out["transcript"]).lower()
    assert "um," in transcript and "uh," in transcript  # Whisper drops them unless prompted
    assert "discount" in transcript
    # Pauses inserted: 2.5 s and 1.0 s (plus espeak's own at commas, under 2 s).
    assert out["longest_pause_seconds"] == pytest.approx(2.5, abs=0.3)
    assert out["pauses_over_2s"] == 1
    # espeak at 150 wpm; the sentences take 10 s of the 13.8, pauses and commas aside.
    assert out["speaking_seconds"] == pytest.approx(9.7, rel=0.15)
    # 21 words over the first-to-last-word span of about 13 s.
    assert out["words_per_minute"] == pytest.approx(21 / (13.2 / 60), rel=0.15)
    assert out["words_missing"] is None


def test_analyze_gives_the_coach_s_notes_on_what_was_said(home: Path) -> None:
    # The same block as history --json keeps for a spoken answer (issue 14).
    code, out = analyze(str(EN_ANSWER), "--language", "en", "--question", "why-sales")
    assert code == 0, out
    assert isinstance(out, dict)
    feedback = out["feedback"]
    assert isinstance(feedback, dict)
    assert {"numbers", "quantified", "i_count", "we_count", "hedges", "covered_hints"} <= set(
        feedback
    )
    assert feedback["language"] == "en" and feedback["empty"] is False
    card = runner.invoke(
        app,
        ["analyze", str(EN_ANSWER), "--language", "en", "--model", str(tiny_en())],
        env={"COLUMNS": "100"},
    )
    assert card.exit_code == 0 and "Coach's notes:" in card.stdout
    code, silent = analyze(str(ES_ANSWER), "--language", "es")
    assert isinstance(silent, dict) and silent["feedback"] is None  # no words, no notes


def words_left_out(result: tuple[int, dict[str, object] | str], why: str) -> dict[str, object]:
    """The Spanish answer's figures without words: what the voice detector measured stays."""
    code, out = result
    assert code == 0, out
    assert isinstance(out, dict)
    assert out["words_missing"] == why
    assert out["transcript"] is None and out["words"] is None and out["fillers"] is None
    assert out["pauses_over_2s"] == 1
    assert out["speaking_seconds"] == pytest.approx(6.9, rel=0.15)
    return out


def test_an_english_only_model_still_gives_the_figures_that_need_no_words(home: Path) -> None:
    out = words_left_out(analyze(str(ES_ANSWER), "--language", "es"), "language-unsupported")
    assert out["longest_pause_seconds"] == pytest.approx(3.0, abs=0.3)
    card = runner.invoke(
        app,
        ["analyze", str(ES_ANSWER), "--language", "es", "--model", str(tiny_en())],
        env={"COLUMNS": "200"},
    )
    assert card.exit_code == 0
    assert "does not know this language (es)" in " ".join(card.stdout.split())


def test_no_model_gives_the_voice_figures_and_says_why(home: Path) -> None:
    code, out = analyze(str(EN_ANSWER), model=False)
    assert code == 0, out
    assert isinstance(out, dict)
    assert out["words_missing"] == "no-model" and out["model"] is None
    assert out["pauses_over_2s"] == 1


def test_question_gives_the_limit(home: Path) -> None:
    code, out = analyze(str(EN_ANSWER), "--question", "why-sales", model=False)
    assert code == 0, out
    assert isinstance(out, dict) and isinstance(out["limit_seconds"], int)


def _variant(tmp_path: Path, name: str, rate: int, channels: int, **write: object) -> Path:
    samples, source_rate = sf.read(EN_ANSWER, dtype="float32")
    samples = soxr.resample(samples, source_rate, rate)
    if channels == 2:
        samples = np.stack([samples, samples * 0.5], axis=1)
    path = tmp_path / name
    sf.write(path, samples, rate, **write)  # type: ignore[arg-type]
    return path


@pytest.mark.parametrize(
    ("name", "rate", "channels", "write"),
    [
        ("phone.wav", 8000, 1, {"subtype": "PCM_16"}),
        ("studio.wav", 48000, 2, {}),
        ("memo.ogg", 48000, 2, {}),
        ("memo.mp3", 44100, 1, {"format": "MP3"}),
    ],
)
def test_other_rates_channels_and_formats_give_the_same_figures(
    home: Path, tmp_path: Path, name: str, rate: int, channels: int, write: dict[str, object]
) -> None:
    code, out = analyze(str(_variant(tmp_path, name, rate, channels, **write)), "--language", "en")
    assert code == 0, out
    assert isinstance(out, dict)
    assert out["duration_seconds"] == pytest.approx(13.8, abs=0.15)
    assert out["pauses_over_2s"] == 1
    assert out["longest_pause_seconds"] == pytest.approx(2.5, abs=0.3)
    assert out["fillers"] == pytest.approx(4, abs=1)


def test_m4a_goes_through_pyav(home: Path, tmp_path: Path) -> None:
    import av

    samples, rate = sf.read(EN_ANSWER, dtype="float32")
    path = tmp_path / "memo.m4a"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=rate)
        stream.layout = "mono"  # type: ignore[union-attr]
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:  # type: ignore[union-attr]
            container.mux(packet)
    code, out = analyze(str(path), "--language", "en", model=False)
    assert code == 0, out
    assert isinstance(out, dict)
    assert out["pauses_over_2s"] == 1


def _error(args: list[str]) -> str:
    result = runner.invoke(app, ["analyze", *args])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aecoach: error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_bad_audio_is_one_line(home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    assert "holds no sound" in _error([str(empty)])
    text = tmp_path / "notes.wav"
    text.write_text("this is not audio\n", encoding="utf-8")
    assert "not an audio file aecoach can read" in _error([str(text)])
    data = EN_ANSWER.read_bytes()
    truncated = tmp_path / "cut.flac"
    truncated.write_bytes(data[: len(data) // 2])
    assert "damaged or cut short" in _error([str(truncated)])
    silent = tmp_path / "silent.wav"
    sf.write(silent, np.zeros(16000 * 3, dtype="float32"), 16000)
    assert "holds no sound" in _error([str(silent)])
    assert "no such file" in _error([str(tmp_path / "missing.flac")])
    assert "folder" in _error([str(tmp_path)])
    assert "'xx'" in _error([str(EN_ANSWER), "--language", "xx"])


def test_a_two_hour_file_is_refused_from_its_header(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "meeting.flac"
    with sf.SoundFile(path, "w", 8000, 1, subtype="PCM_16") as handle:
        block = np.zeros(8000 * 600, dtype="int16")
        for _ in range(12):
            handle.write(block)
    started = time.monotonic()
    line = _error([str(path)])
    assert "120 minutes long" in line
    assert time.monotonic() - started < 2  # not decoded: memory stays bounded


def test_a_bad_model_folder_is_one_line(home: Path, tmp_path: Path) -> None:
    assert "no model.bin" in _error([str(EN_ANSWER), "--model", str(tmp_path)])
    (tmp_path / "model.bin").write_bytes(b"not a model")
    assert "not a speech model aecoach can load" in _error(
        [str(EN_ANSWER), "--model", str(tmp_path)]
    )
    assert "voice setup --model base" in _error([str(EN_ANSWER), "--model", "base"])


def test_an_invented_transcript_is_not_shown_as_fact(home: Path) -> None:
    # tiny.en told the Spanish answer is English invents "I'm going to go to the next one..."
    out = words_left_out(analyze(str(ES_ANSWER), "--language", "en"), "transcript-unreliable")
    assert out["words_per_minute"] is None and out["feedback"] is None
    card = runner.invoke(
        app, ["analyze", str(ES_ANSWER), "--model", str(tiny_en())], env={"COLUMNS": "100"}
    )
    assert card.exit_code == 0, card.output
    text = " ".join(card.stdout.split())
    assert "The transcript doesn't look reliable" in text and "`--language CODE`" in text
    assert "next one" not in text and "Pace" not in text and "Coach's notes" not in text
    assert "Longest pause" in text


def test_a_language_the_model_lacks_points_at_the_flag(home: Path) -> None:
    # --lang th makes Thai the spoken language by default; the answer is English.
    card = runner.invoke(
        app,
        ["--lang", "th", "analyze", str(EN_ANSWER), "--model", str(tiny_en())],
        env={"COLUMNS": "200"},
    )
    assert card.exit_code == 0, card.output
    assert "`--language en`" in card.stdout


def test_text_named_mp3_is_one_true_line_and_no_decoder_noise(home: Path, tmp_path: Path) -> None:
    # mpg123 inside libsndfile writes "Note: Illegal Audio-MPEG-Header ..." straight to fd 2,
    # and libsndfile then blames "a pipe": only a subprocess sees what the terminal sees.
    import os
    import subprocess
    import sys

    fake = tmp_path / "fake.mp3"
    fake.write_text("Notes for the interview.\n" * 400, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "aecoach", "analyze", str(fake)],
        capture_output=True,
        text=True,
        env={**os.environ, "AECOACH_HOME": str(home), "COLUMNS": "200"},
        timeout=120,
    )
    assert result.returncode != 0 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # and fd 2 was given back for aecoach's own line
    assert lines[0].startswith("aecoach: error: ") and "Note:" not in result.stderr
    assert "not an audio file aecoach can read (not a format aecoach can decode)" in lines[0]
    assert "pipe" not in lines[0]
