"""`aecoach practice --voice` end to end in a pseudo-terminal, a recording standing in for
the microphone (AECOACH_VOICE_INPUT, played in real time) and the real tiny.en model."""

from __future__ import annotations

import json
import sqlite3
import stat
import sys
import time
from pathlib import Path

import pytest
from tests.voicekit import EN_ANSWER, tiny_en

from vtscreen import Terminal, aecoach_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

SPOKEN = 13.8  # seconds of en-answer.flac


def voice_home(tmp_path: Path, **settings: object) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "settings.json").write_text(
        json.dumps({"voice_model": str(tiny_en()), **settings}), encoding="utf-8"
    )
    return home


def start(terminals: list[Terminal], home: Path, *args: str) -> Terminal:
    env = aecoach_env(str(home), NO_COLOR="1", AECOACH_VOICE_INPUT=str(EN_ANSWER))
    terminal = Terminal(["practice", "--role", "ae", "--time", "60", *args], env)
    terminals.append(terminal)
    return terminal


def answer_out_loud(t: Terminal, number: int, total: int) -> None:
    t.wait_for(f"Press Enter for question {number} of {total}")
    t.send("\r")
    t.wait_for("● listening")
    started = time.monotonic()
    t.wait_for(lambda: time.monotonic() - started > SPOKEN + 0.5, timeout=SPOKEN + 10)
    t.send("\r")


def rows(home: Path, query: str) -> list[dict[str, object]]:
    db = sqlite3.connect(home / "history.sqlite3")
    db.row_factory = sqlite3.Row
    out = [dict(r) for r in db.execute(query)]
    db.close()
    return out


def test_spoken_answer_card_before_the_rating_and_kept_privately(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = voice_home(tmp_path)
    t = start(terminals, home, "--voice", "--count", "1", "--seed", "3")
    answer_out_loud(t, 1, 1)
    t.wait_for("Delivery")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    screen = t.text()
    assert screen.index("Delivery") < screen.index("Coach's notes") < screen.index("Your rating")
    assert screen.index("A strong answer covers:") < screen.index("Delivery")
    assert "4 fillers" in screen and "so, um, uh, you know" in screen
    assert "1 over 2 s" in screen
    assert "spoken of 60 s" in screen
    assert "I closed the deal in March" in screen
    t.send("4")
    for _ in range(4):
        time.sleep(0.3)
        t.send("y")
    t.wait_for("Session summary")
    assert t.finish() == 0
    assert "Traceback" not in t.raw_text()

    (answer,) = rows(home, "SELECT uid, rating, feedback FROM answers")
    # The coach's notes are on what was said: the transcript feeds them.
    notes = json.loads(str(answer["feedback"]))
    assert notes["i_count"] == 2 and "discount" in notes["vocabulary"]
    (delivery,) = rows(home, "SELECT * FROM deliveries")
    assert delivery["answer_uid"] == answer["uid"] and answer["rating"] == 4
    assert delivery["fillers"] == 4
    assert 80 < float(delivery["rate_per_minute"]) < 110  # type: ignore[arg-type]
    assert "discount" in str(delivery["transcript"])
    recording = home / "recordings" / str(delivery["recording"])
    assert stat.S_IMODE(recording.stat().st_mode) == 0o600
    assert stat.S_IMODE(recording.parent.stat().st_mode) == 0o700
    import soundfile as sf

    assert sf.info(str(recording)).duration == pytest.approx(SPOKEN, abs=1.5)


def test_ctrl_c_while_recording_keeps_the_rated_answer_and_leaves_no_orphan(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = voice_home(tmp_path, voice=True)  # `aecoach voice on`: no --voice needed
    t = start(terminals, home, "--count", "2", "--seed", "3")
    answer_out_loud(t, 1, 2)
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    t.send("3")
    for _ in range(4):
        time.sleep(0.3)
        t.send("n")
    t.wait_for("Press Enter for question 2 of 2")
    t.send("\r")
    t.wait_for("● listening")
    time.sleep(2)
    t.send("\x03")
    assert t.finish() == 130
    assert "Traceback" not in t.raw_text()
    assert len(rows(home, "SELECT * FROM answers")) == 1
    (delivery,) = rows(home, "SELECT * FROM deliveries")
    assert [p.name for p in (home / "recordings").iterdir()] == [delivery["recording"]]


def test_voice_without_a_model_still_measures_and_says_why(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    t = start(terminals, home, "--voice", "--count", "1", "--seed", "3")
    answer_out_loud(t, 1, 1)
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    screen = " ".join(t.text().split())
    assert "No transcript: no speech model is set up" in screen
    assert "1 over 2 s" in screen
    t.send("s")
    t.wait_for("Session summary")
    assert t.finish() == 0


def test_without_the_voice_extra_voice_says_so_in_one_line_and_practice_goes_on(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "webrtcvad.py").write_text('raise ImportError("not installed")\n', encoding="utf-8")
    home = tmp_path / "home"
    env = aecoach_env(str(home), NO_COLOR="1", PYTHONPATH=str(blocker))
    t = Terminal(["practice", "--voice", "--role", "ae", "--count", "1", "--seed", "3"], env)
    terminals.append(t)
    t.wait_for("Press Enter for question 1 of 1")
    warning = "voice needs the voice extra (webrtcvad-wheels is not installed)"
    assert warning in " ".join(t.text().split())
    t.send("\r")
    t.wait_for("Notes ›")
    assert "● listening" not in t.text()
    t.send("typed instead\r")
    t.wait_for("Your rating (1-5, s to skip, q to end the session):")
    t.send("s")
    assert t.finish() == 0
    assert rows(home, "SELECT notes FROM answers") == [{"notes": "typed instead"}]
