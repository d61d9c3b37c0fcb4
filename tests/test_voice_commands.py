"""`aecoach voice on|off|setup|check|forget` and `aecoach play`, through CliRunner."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from tests.voicekit import spoken_history, tiny_en
from typer.testing import CliRunner

from aecoach.cli import app

runner = CliRunner()


def settings(home: Path) -> dict[str, object]:
    return json.loads((home / "settings.json").read_text(encoding="utf-8"))


def one_line_error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aecoach: error: "), result.output
    return lines[0]


def test_on_and_off_are_saved(home: Path) -> None:
    result = runner.invoke(app, ["voice", "on", "--figures-only"])
    assert result.exit_code == 0, result.output
    assert settings(home) == {"voice": True, "voice_keep_audio": False}
    assert "figures only" in result.stdout
    assert runner.invoke(app, ["voice", "off"]).exit_code == 0
    assert settings(home)["voice"] is False


def test_on_says_what_is_missing_before_a_first_spoken_answer(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    import types

    real = importlib.import_module
    library: dict[str, BaseException | None] = {"error": OSError("PortAudio library not found")}

    def fake(name: str, *args: object) -> types.ModuleType:
        if name == "sounddevice":
            if library["error"] is not None:
                raise library["error"]
            return types.ModuleType("sounddevice")
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", fake)
    result = runner.invoke(app, ["voice", "on"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output  # the setting is saved all the same
    assert settings(home)["voice"] is True
    assert "Not ready to record yet" in result.stdout
    assert "✗ PortAudio:" in result.stdout and "libportaudio2" in result.stdout
    assert "✗ model:" in result.stdout and "aecoach voice setup" in result.stdout

    library["error"] = None
    setup = runner.invoke(app, ["voice", "setup", "--model", str(tiny_en())])
    assert setup.exit_code == 0, setup.output
    ready = runner.invoke(app, ["voice", "on"], env={"COLUMNS": "200"})
    assert ready.exit_code == 0, ready.output
    assert "Not ready" not in ready.stdout and "✗" not in ready.stdout


def test_setup_with_a_folder_and_check(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["voice", "setup", "--model", str(tiny_en())], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "English only" in result.stdout and "MB" in result.stdout
    assert settings(home)["voice_model"] == str(tiny_en().resolve())
    check = runner.invoke(app, ["voice", "check"], env={"COLUMNS": "200"})
    assert "✓  model" in check.stdout and "(English only)" in check.stdout
    assert "webrtcvad-wheels" in check.stdout
    assert "no model.bin" in one_line_error(["voice", "setup", "--model", str(tmp_path)])


def test_check_without_a_model_says_what_to_run(home: Path) -> None:
    check = runner.invoke(app, ["voice", "check"], env={"COLUMNS": "200"})
    assert check.exit_code == 1
    assert "✗  model" in check.stdout and "aecoach voice setup" in check.stdout


def test_forget_before_a_date_then_all(home: Path) -> None:
    old, new = spoken_history(home, ["2026-01-05T10:00:00Z", "2026-03-05T10:00:00Z"])
    (home / "recordings" / "orphan.ogg").write_bytes(b"x")
    assert "--all, or --before" in one_line_error(["voice", "forget"])
    result = runner.invoke(app, ["voice", "forget", "--before", "2026-02-01"])
    assert result.exit_code == 0, result.output
    assert "Forgot 1 answer's recording" in result.stdout
    assert sorted(p.name for p in (home / "recordings").iterdir()) == [f"{new}.ogg"]
    db = sqlite3.connect(home / "history.sqlite3")
    kept = dict(db.execute("SELECT answer_uid, transcript FROM deliveries").fetchall())
    assert kept == {old: None, new: "um hello"}
    assert runner.invoke(app, ["voice", "forget", "--all"]).exit_code == 0
    assert list((home / "recordings").iterdir()) == []
    assert db.execute("SELECT count(*) FROM deliveries WHERE transcript IS NULL").fetchone() == (2,)
    assert db.execute("SELECT count(*) FROM answers").fetchone() == (2,)  # ratings stay
    db.close()


def test_play_finds_answers_and_says_what_is_missing(home: Path) -> None:
    assert "no recordings yet" in one_line_error(["play"])
    (uid,) = spoken_history(home, ["2026-03-05T10:00:00Z"])
    missing = one_line_error(["play", "zzz"])
    # Plain `aecoach history` shows each answer's id ("answer ae579620"): no need for --json.
    assert "no answer with the id 'zzz'" in missing and missing.endswith("`aecoach history`")
    assert oct(os.stat(home / "recordings").st_mode & 0o777) == "0o700"
    runner.invoke(app, ["voice", "forget", "--all"])
    assert "has no recording" in one_line_error(["play", uid[:8]])


def test_forget_reaches_answers_taken_out_of_the_record(home: Path) -> None:
    old, kept = spoken_history(home, ["2026-01-05T10:00:00Z", "2026-03-05T10:00:00Z"])
    removed = runner.invoke(app, ["history", "remove", old[:8], "--yes"])
    assert removed.exit_code == 0, removed.output
    assert runner.invoke(app, ["voice", "forget", "--before", "2026-02-01"]).exit_code == 0
    assert sorted(p.name for p in (home / "recordings").iterdir()) == [f"{kept}.ogg"]
    assert runner.invoke(app, ["voice", "forget", "--all"]).exit_code == 0
    assert list((home / "recordings").iterdir()) == []


def test_forget_with_both_all_and_before_asks_for_one(home: Path) -> None:
    spoken_history(home, ["2025-12-05T10:00:00Z"])
    both = one_line_error(["voice", "forget", "--all", "--before", "2026-01-01"])
    assert "give only one of --all or --before DATE" in both
    assert "say what to forget" in one_line_error(["voice", "forget"])
    assert (home / "recordings").exists() and any((home / "recordings").iterdir())


def test_setup_with_an_unknown_name_lists_the_names(home: Path, tmp_path: Path) -> None:
    huge = one_line_error(["voice", "setup", "--model", "huge"])
    assert "'huge' is neither a model name nor a folder" in huge
    assert "tiny, base, small, tiny.en, base.en, small.en" in huge and "did you mean" not in huge
    assert "(did you mean 'tiny'?)" in one_line_error(["voice", "setup", "--model", "tinny"])
    assert "(did you mean 'base.en'?)" in one_line_error(["voice", "setup", "--model", "base.em"])
    # A path is still a path: it names no model, so it is missing.
    gone = str(tmp_path / "huge")
    assert "no such file or folder" in one_line_error(["voice", "setup", "--model", gone])
    assert not (home / "settings.json").exists()
