"""Which language aecoach speaks: --lang, the saved choice, the system locale, then English."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach import i18n
from aecoach.cli import app
from aecoach.context import Context
from aecoach.i18n import Choice, from_locale, resolve

ALL_SET = {"LC_ALL": "es_ES.UTF-8", "LC_MESSAGES": "id_ID.UTF-8", "LANG": "th_TH.UTF-8"}


def test_the_order_is_flag_saved_lc_all_lc_messages_lang_english() -> None:
    assert resolve("ja", "es", ALL_SET) == Choice("ja", "--lang")
    assert resolve(None, "ja", ALL_SET, "/h/settings.json") == Choice(
        "ja", "saved", "/h/settings.json"
    )
    assert resolve(None, None, ALL_SET) == Choice("es", "LC_ALL", "es_ES.UTF-8")
    assert resolve(None, None, {**ALL_SET, "LC_ALL": ""}) == Choice(
        "id", "LC_MESSAGES", "id_ID.UTF-8"
    )
    assert resolve(None, None, {"LANG": "th_TH.UTF-8"}) == Choice("th", "LANG", "th_TH.UTF-8")
    assert resolve(None, None, {}) == Choice("en", "default")


def test_the_first_locale_variable_set_decides_even_when_it_means_english() -> None:
    # POSIX: LC_ALL=C overrides LANG, so the candidate asked for plain English.
    assert resolve(None, None, {"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}) == Choice(
        "en", "LC_ALL", "C"
    )
    assert resolve(None, None, {"LANG": "fr_FR.UTF-8"}) == Choice("en", "LANG", "fr_FR.UTF-8")


@pytest.mark.parametrize(
    ("value", "language"),
    [
        ("ja_JP.UTF-8", "ja"),
        ("th_TH.TIS-620", "th"),
        ("es_MX", "es"),
        ("es", "es"),
        ("id_ID.UTF-8", "id"),
        ("in_ID", "id"),
        ("en_GB.UTF-8@euro", "en"),
        ("C", "en"),
        ("C.UTF-8", "en"),
        ("POSIX", "en"),
        ("fr_FR.UTF-8", None),
        ("pt-BR", None),
    ],
)
def test_locale_names(value: str, language: str | None) -> None:
    assert from_locale(value) == language


def context(home: Path) -> Context:
    return Context(home=home)


def test_context_reads_the_saved_choice_and_switches_the_interface(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text('{"language": "th"}', encoding="utf-8")
    ctx = context(home)
    choice = ctx.choose_language(None, {"LANG": "ja_JP.UTF-8"})
    assert choice == Choice("th", "saved", str(home / "settings.json"))
    assert ctx.language == "th" and i18n.current() == "th"
    assert ctx.bank().language == "th"
    assert ctx.choose_language("es", {}).language == "es" and i18n.current() == "es"


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        ("{not json", "(it is not a JSON object), so they were ignored"),
        ('["ja"]', "(it is not a JSON object), so they were ignored"),
        ('{"language": "fr"}', "name the language 'fr', which aecoach does not speak"),
    ],
)
def test_a_bad_settings_file_is_ignored_with_a_warning(
    tmp_path: Path, content: str, warning: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(content, encoding="utf-8")
    ctx = context(home)
    assert ctx.choose_language(None, {"LANG": "ja_JP.UTF-8"}) == Choice("ja", "LANG", "ja_JP.UTF-8")
    (text,) = ctx.warnings
    assert str(home / "settings.json") in text and warning in text


def test_lang_saves_privately_and_atomically(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["lang", "ja"])
    assert result.exit_code == 0, result.output
    path = home / "settings.json"
    assert json.loads(path.read_text(encoding="utf-8")) == {"language": "ja"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert result.stdout == (
        f"日本語 (ja) を {path} に保存しました。"
        "変更するまで、すべてのコマンドでこの言語を使います。\n"
    )
    assert [p.name for p in home.iterdir() if p.name.endswith(".tmp")] == []
    shown = runner.invoke(app, ["lang"])
    assert shown.stdout.startswith("言語：日本語 (ja)\n")
    assert f"{path} に保存済み" in shown.stdout
    # The saved language is what every command now speaks; --lang still wins for one run.
    assert "やるべきこと" in runner.invoke(app, ["tips", "--kind", "do"]).stdout
    assert "Do" in runner.invoke(app, ["--lang", "en", "tips", "--kind", "do"]).stdout


def test_lang_reset_forgets_the_saved_choice(
    home: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["lang", "th"]).exit_code == 0
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    result = runner.invoke(app, ["lang", "--reset"])
    assert result.exit_code == 0
    assert json.loads((home / "settings.json").read_text(encoding="utf-8")) == {}
    assert result.stdout == (
        "Se olvidó el idioma guardado. Ahora: Español (es),"
        " según el LANG=es_ES.UTF-8 del sistema.\n"
    )


def test_lang_without_anything_set_says_so(home: Path, runner: CliRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LANG")
    result = runner.invoke(app, ["lang"])
    assert result.stdout.startswith(
        "Language: English (en)\n"
        "the default: nothing saved, and no LC_ALL, LC_MESSAGES or LANG set\n"
    )


@pytest.mark.parametrize("args", [["--lang", "fr", "tips"], ["lang", "klingon"]])
def test_an_unknown_language_is_refused_with_the_list(
    home: Path, runner: CliRunner, args: list[str]
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    value = args[1]
    assert result.stderr == (
        f"aecoach: error: '{value}' is not a language aecoach speaks — use one of: en (English),"
        " es (Español), id (Bahasa Indonesia), ja (日本語), th (ไทย)\n"
    )
    assert not (home / "settings.json").exists()


def test_the_system_locale_is_used_without_a_flag(
    home: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    result = runner.invoke(app, ["questions", "show", "why-sales"])
    assert "Jawaban yang kuat mencakup:" in result.stdout
    monkeypatch.setenv("LC_ALL", "C")
    assert (
        "A strong answer covers:" in runner.invoke(app, ["questions", "show", "why-sales"]).stdout
    )


def test_errors_are_in_the_chosen_language(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "ja", "questions", "show", "nope-nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("aecoach: error: ID 'nope-nope' の質問はありません")
    result = runner.invoke(app, ["--lang", "th", "tips", "--search", "zzzz"])
    assert result.stderr == (
        "aecoach: error: ไม่มีเคล็ดลับที่ตรงกับ 'zzzz' — ผ่อนตัวกรอง หรือแสดงทั้งหมดโดยไม่ใช้ตัวกรอง\n"
    )


def test_fallback_items_say_english_wherever_they_are_shown(
    home: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aecoach.bank import loader
    from translations import copy_bank, drop_item

    root = copy_bank(tmp_path)
    drop_item(root / "ja" / "core.yaml", "why-sales")
    drop_item(root / "ja" / "tips.yaml", "use-real-examples")
    drop_item(root / "ja" / "tips.yaml", "progression")
    monkeypatch.setattr(loader, "builtin_dir", lambda: root)
    env = {"COLUMNS": "200"}
    shown = runner.invoke(app, ["--lang", "ja", "questions", "show", "why-sales"], env=env)
    assert "Why did you choose a career in sales?（英語）" in shown.stdout
    assert "英語（未翻訳）" in shown.stdout
    listed = runner.invoke(app, ["--lang", "ja", "questions"], env=env).stdout
    assert "Why did you choose a career in sales?（英語）" in listed
    assert listed.count("（英語）") == 1
    tips = runner.invoke(app, ["--lang", "ja", "tips"], env=env).stdout
    assert "Use real-world examples（英語）" in tips
    assert "What do the progression opportunities look like?（英語）" in tips
    data = json.loads(runner.invoke(app, ["--lang", "ja", "questions", "--json"]).stdout)
    fallen = [q for q in data if q["fallback"]]
    assert [(q["key"], q["language"]) for q in fallen] == [("core/why-sales", "en")]


def test_the_needs_a_terminal_message_names_the_stream_in_the_language(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app, ["--lang", "ja", "drill", "--role", "sdr"], env={"AECOACH_HOME": str(tmp_path)}
    )
    assert result.exit_code != 0
    assert "標準入力が端末ではありません" in result.output
    assert "standard input" not in result.output
