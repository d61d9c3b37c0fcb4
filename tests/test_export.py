"""`aecoach export` and `aecoach import`: CSV a spreadsheet cannot be tricked by,
lossless JSON that round-trips, Markdown that stays text, and files written safely."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.bank.model import Bank
from aecoach.cli import app
from aecoach.errors import AecoachError, Msg
from aecoach.exporting import CSV_COLUMNS, export, import_file, md_inert
from aecoach.history.records import AnswerRecord
from aecoach.history.store import HistoryStore
from aecoach.safefile import write_private
from factories import sample_answer, sample_session
from test_practice_flow import ALL_YES, Run
from test_stats import build

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "\nstarts with a line feed",
    'commas, "quotes" and\nnew lines',
    "営業を選んだ理由を具体例で説明できた。",
    "ยกตัวอย่างลูกค้าจริงได้ดี",
    "plain",
]


def raw_answer(session: str, n: int, notes: str, **changes: object) -> AnswerRecord:
    """An answer whose notes are stored exactly as given (as another writer might)."""
    import dataclasses

    return dataclasses.replace(sample_answer(session, n), notes=notes, **changes)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        session = sample_session("s-1", settings={"mode": "mock"})
        for n, notes in enumerate(HOSTILE):
            store.record_answer(session, raw_answer("s-1", n, notes))
        store.record_answer(
            session, raw_answer("s-1", 50, "x", item_key="=cmd|' /C calc'!A0", pack="-pack")
        )
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- CSV --------------------------------------------------------------------------------------


def test_csv_cells_that_start_a_formula_are_neutralised(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = export(hostile, "csv", str(out))
    assert (result.sessions, result.answers) == (1, len(HOSTILE) + 1)
    rows = read_csv(out)
    notes = [r["notes"] for r in rows]
    assert notes[:4] == ["'" + h for h in HOSTILE[:4]]
    assert notes[4] == "'\tstarts with a tab"
    # A carriage return is a control character: shown as an escape, after the quote.
    assert notes[5] == "'\\x0dstarts with a carriage return"
    assert notes[6] == "'\nstarts with a line feed"
    assert notes[7:] == [*HOSTILE[7:], "x"]
    assert rows[-1]["item_key"] == "'=cmd|' /C calc'!A0"
    assert rows[-1]["pack"] == "'-pack"
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (column, cell)


def test_csv_is_utf8_with_a_byte_order_mark_and_one_row_per_answer(
    hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    export(hostile, "csv", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + b"session_id,session_started_at,mode,")
    assert "営業を選んだ理由".encode() in data and "ยกตัวอย่าง".encode() in data
    rows = read_csv(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    first = rows[0]
    assert first["mode"] == "mock" and first["end_reason"] == ""
    assert first["item_key"] == "core/why-sales" and first["language"] == "en"
    assert first["roles"] == "ae; sdr; am" and first["skills"] == "determination; empathy"
    assert first["seconds_used"] == "60.0" and first["time_limit"] == "120"
    assert (first["overran"], first["skipped"], first["rating"]) == ("0", "0", "4")
    assert first["checklist_example"] == "1" and first["checklist_confident"] == "0"
    assert first["checklist_on_time"] == "1" and first["checklist_other"] == ""
    assert data.count(b"\r\n") >= len(rows) + 1


def test_csv_skipped_answers_and_other_checklist_items(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as store:
        session = sample_session("s-1")
        store.record_answer(session, sample_answer("s-1", 1, rating=None))
        store.record_answer(
            session, raw_answer("s-1", 2, "", checklist={"example": False, "pause": True})
        )
    out = tmp_path / "o.csv"
    export(path, "csv", str(out))
    skipped, other = read_csv(out)
    assert (skipped["skipped"], skipped["rating"], skipped["checklist_example"]) == ("1", "", "")
    assert other["checklist_example"] == "0" and other["checklist_other"] == "pause=1"


def test_csv_to_standard_output_has_no_byte_order_mark(hostile: Path) -> None:
    out = io.StringIO()
    export(hostile, "csv", "-", stdout=out)
    assert out.getvalue().startswith("session_id,")


# --- JSON and import --------------------------------------------------------------------------


def export_json(history: Path, **kwargs: object) -> str:
    out = io.StringIO()
    export(history, "json", "-", stdout=out, **kwargs)  # type: ignore[arg-type]
    return out.getvalue()


def test_json_round_trips_through_an_empty_history(tmp_path: Path) -> None:
    first = tmp_path / "first.sqlite3"
    build(first)
    text = export_json(first)
    data = json.loads(text)
    assert data["format"] == "aecoach-history" and data["version"] == 1
    assert [s["id"] for s in data["sessions"]] == ["s1", "s2", "s3"]
    assert data["sessions"][2]["settings"] == {"mode": "drill"}
    assert data["sessions"][1]["answers"][1]["rating"] is None
    source = tmp_path / "backup.json"
    source.write_text(text, encoding="utf-8")
    second = tmp_path / "second.sqlite3"
    assert import_file(second, source) == (3, 10, 10)
    assert export_json(second) == text
    # Importing it again adds nothing.
    assert import_file(second, source) == (0, 0, 10)
    assert export_json(second) == text


def test_json_of_real_sessions_round_trips(tmp_path: Path, bank: Bank) -> None:
    home = tmp_path / "home"
    steps: list[tuple[object, ...]] = [
        ("ready", True),
        ("answer", "Led with the <b>Acme</b> renewal, \x1b[31m", 95.0),
        ("rate", 4),
        ("checklist", ALL_YES),
        ("ready", True),
        ("answer", "", 20.0),
        ("rate", "skip"),
    ]
    Run(home, steps, role="ae", count=2, seed=11)
    text = export_json(home / "history.sqlite3")
    answers = json.loads(text)["sessions"][0]["answers"]
    assert answers[0]["notes"] == "Led with the <b>Acme</b> renewal, \\x1b[31m"
    assert answers[1]["skipped"] is True
    source = tmp_path / "e.json"
    source.write_text(text, encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    import_file(other, source)
    assert export_json(other) == text


def test_import_merges_a_second_machine(tmp_path: Path) -> None:
    one, two = tmp_path / "one.sqlite3", tmp_path / "two.sqlite3"
    with HistoryStore.open(one) as store:
        store.record_answer(sample_session("a"), sample_answer("a", 1))
    with HistoryStore.open(two) as store:
        store.record_answer(sample_session("b"), sample_answer("b", 2))
    source = tmp_path / "two.json"
    source.write_text(export_json(two), encoding="utf-8")
    assert import_file(one, source) == (1, 1, 1)
    sessions = json.loads(export_json(one))["sessions"]
    assert [s["id"] for s in sessions] == ["a", "b"]


def test_an_imported_session_takes_the_ending_it_lacked(tmp_path: Path) -> None:
    mine, backup = tmp_path / "mine.sqlite3", tmp_path / "backup.sqlite3"
    for path in (mine, backup):
        with HistoryStore.open(path) as store:
            store.record_answer(sample_session("s"), sample_answer("s", 1, uid="u-1"))
    with HistoryStore.open(backup) as store:
        store.end_session("s", ended_at="2025-03-14T10:00:00.000Z", reason="finished")
    source = tmp_path / "b.json"
    source.write_text(export_json(backup), encoding="utf-8")
    assert import_file(mine, source) == (0, 0, 1)
    assert json.loads(export_json(mine))["sessions"][0]["end_reason"] == "finished"


def good_export(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "good.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_answer(sample_session("s-1"), sample_answer("s-1", 1))
    return json.loads(export_json(path))


BAD = [
    (
        "rating",
        lambda d: d["sessions"][0]["answers"][0].update(rating=9),
        "at sessions[0].answers[0].rating: expected a whole number 1 to 5, found the number 9",
    ),
    (
        "skipped",
        lambda d: d["sessions"][0]["answers"][0].update(skipped="no"),
        "at sessions[0].answers[0].skipped: expected true or false, found text",
    ),
    (
        "time",
        lambda d: d["sessions"][0].update(started_at="yesterday"),
        "at sessions[0].started_at: expected a UTC time such as 2025-03-14T09:30:00.000Z,"
        " found 'yesterday'",
    ),
    (
        "missing",
        lambda d: d["sessions"][0]["answers"][0].pop("uid"),
        "at sessions[0].answers[0].uid: expected text, found null",
    ),
    (
        "sessions",
        lambda d: d.update(sessions={}),
        "at sessions: expected a list of sessions, found an object",
    ),
    (
        "twice",
        lambda d: d["sessions"].append(d["sessions"][0]),
        "at sessions[1].id: the same session as sessions[0]"
        " (a session appears once, with all its answers)",
    ),
]


@pytest.mark.parametrize(("name", "spoil", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_wrong_value_is_named_and_nothing_is_written(
    tmp_path: Path,
    name: str,
    spoil,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    data = good_export(tmp_path)
    spoil(data)
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "target.sqlite3"
    with pytest.raises(AecoachError) as caught:
        import_file(target, source)
    assert caught.value.msg is Msg.IMPORT_BAD_VALUE
    assert caught.value.text == (
        f"{source}: {message} — correct it, or export the file again with"
        " `aecoach export --format json`; nothing was imported"
    )
    assert not target.exists()


def test_malformed_foreign_and_newer_files_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "target.sqlite3"
    cases = {
        "broken.json": ('{"format": "aecoach-history",\n  "version": 1,\n  "sessions": [}', None),
        "foreign.json": ('{"name": "a package.json"}', Msg.IMPORT_FOREIGN),
        "newer.json": (
            '{"format": "aecoach-history", "version": 2, "sessions": []}',
            Msg.IMPORT_NEWER,
        ),
        "latin1.json": (None, Msg.IMPORT_NOT_JSON_TEXT),
    }
    for name, (text, msg) in cases.items():
        source = tmp_path / name
        if text is None:
            source.write_bytes(b'{"notes": "caf\xe9"}')
        else:
            source.write_text(text, encoding="utf-8")
        with pytest.raises(AecoachError) as caught:
            import_file(target, source)
        if msg is None:
            assert caught.value.msg is Msg.IMPORT_BAD_JSON
            assert caught.value.text.startswith(f"{source}:3:16: not valid JSON (")
        else:
            assert caught.value.msg is msg
        assert not target.exists()
    assert caught.value.location == str(tmp_path / "latin1.json")


def test_import_command(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(good_export(tmp_path)), encoding="utf-8")
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 0, result.output
    assert f"Imported 1 answer and 1 new session from {source}." in result.output
    result = runner.invoke(app, ["import", str(source)])
    assert "Imported 0 answers and 0 new sessions" in result.output
    assert "1 answer was already in the history and was left as it is." in result.output
    result = runner.invoke(app, ["import", str(tmp_path / "missing.json")])
    assert result.exit_code == 1 and "cannot read the file" in result.output


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_special_characters_cannot_make_links_html_or_formatting() -> None:
    cases = {
        "<script>alert(1)</script>": "\\<script\\>alert(1)\\</script\\>",
        "[click](http://evil.example)": "\\[click\\](http\\://evil.example)",
        "![img](x.png)": "\\!\\[img\\](x.png)",
        "# heading": "\\# heading",
        "*bold* _it_ `code` ~~del~~": "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~del\\~\\~",
        "- item\n+ item\n1. item\n> quote\n===": (
            "\\- item\n\\+ item\n1\\. item\n\\> quote\n\\==="
        ),
        "see www.evil.example or me@evil.example": ("see www\\.evil.example or me\\@evil.example"),
        "a | table &amp; $x$": "a \\| table \\&amp; \\$x\\$",
        # inert() shows ESC as \x1b; Markdown then needs its backslash escaped.
        "\x1b[2Jgone": "\\\\x1b\\[2Jgone",
        "plain words, with (parentheses).": "plain words, with (parentheses).",
    }
    for text, expected in cases.items():
        assert md_inert(text) == expected, text


def test_markdown_log_of_a_hostile_history(hostile: Path, tmp_path: Path) -> None:
    path = tmp_path / "h2.sqlite3"
    with HistoryStore.open(path) as store:
        session = sample_session("s-1")
        store.record_answer(
            session,
            raw_answer(
                "s-1",
                1,
                "<img src=x onerror=alert(1)>\n[phish](http://evil.example)\n\x1b]8;;x\x07",
                prompt_text="Why <b>sales</b>? [x](y)",
            ),
        )
        store.end_session("s-1", ended_at="2025-03-14T10:00:00.000Z", reason="finished")
    out = io.StringIO()
    export(path, "md", "-", stdout=out, today=date(2025, 3, 14), zone=UTC)
    text = out.getvalue()
    assert text.startswith("# Interview practice log\n\n- 1 sessions, 1 answers,")
    assert "## 2025-03-14 09:30 · practice · finished" in text
    assert "### 1. Why \\<b\\>sales\\</b\\>? \\[x\\](y)" in text
    assert "  > \\<img src=x onerror=alert(1)\\>  \n" in text
    assert "  > \\[phish\\](http\\://evil.example)  \n" in text
    assert "\x1b" not in text and "\x07" not in text and "\\x1b" in text
    assert "<img" not in text.replace("\\<img", "")
    assert "- Rating: 4 of 5 (Good)" in text
    assert "  - [x] Used a concrete real-world example" in text
    assert "  - [ ] Clear and confident" in text
    assert "- Time: 1:01 of 2:00" in text
    assert "| Determination | 1 | 4.0 |" in text


# --- Files: overwrite, links, atomic, private ---------------------------------------------------


def test_an_existing_file_is_kept_without_force(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(AecoachError) as caught:
        export(hostile, "csv", str(out))
    assert caught.value.msg is Msg.OUTPUT_EXISTS
    assert caught.value.text == (
        f"{out}: the file already exists — pick another name, or add --force to replace it"
    )
    assert out.read_text(encoding="utf-8") == "mine"
    export(hostile, "csv", str(out), force=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsession_id")


def test_a_symbolic_link_is_refused_even_with_force(hostile: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(precious)
    for force in (False, True):
        with pytest.raises(AecoachError) as caught:
            export(hostile, "csv", str(link), force=force)
        assert caught.value.msg is Msg.OUTPUT_SYMLINK
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(AecoachError):
        export(hostile, "csv", str(dangling), force=True)
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink() and not (tmp_path / "nowhere.csv").exists()


def test_the_file_is_private_and_no_temporary_file_is_left(
    hostile: Path, tmp_path: Path, umask_022: None
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for fmt in ("csv", "json", "md"):
        export(hostile, fmt, str(folder / f"log.{fmt}"))
        assert stat.S_IMODE(os.stat(folder / f"log.{fmt}").st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["log.csv", "log.json", "log.md"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def half(handle: io.TextIOBase) -> None:
        handle.write("new and half")
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        write_private(target, half, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_folders_and_missing_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AecoachError) as caught:
        write_private(tmp_path, lambda h: None)
    assert caught.value.msg is Msg.OUTPUT_IS_FOLDER
    with pytest.raises(AecoachError) as caught:
        write_private(tmp_path / "no" / "x.csv", lambda h: None)
    assert caught.value.msg is Msg.OUTPUT_NO_FOLDER


# --- The command ------------------------------------------------------------------------------


def test_export_command(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 1
    assert "no history yet — run `aecoach practice` to start one" in result.output
    home.mkdir()
    build(home / "history.sqlite3")
    result = runner.invoke(app, ["export", "--mode", "drill"])
    assert result.exit_code == 0, result.output
    assert [s["id"] for s in json.loads(result.output)["sessions"]] == ["s3"]
    out = tmp_path / "log.md"
    result = runner.invoke(app, ["export", "-o", str(out), "--language", "ja"])
    assert result.exit_code == 0, result.output
    assert f"Wrote 3 answers from 1 session to {out} (Markdown)." in result.output
    assert out.read_text(encoding="utf-8").startswith("# Interview practice log")
    result = runner.invoke(app, ["export", "-o", str(out)])
    assert result.exit_code == 1 and "add --force to replace it" in result.output
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "log.xlsx")])
    assert result.exit_code == 2  # a usage error, as a wrong --format is
    assert "cannot tell the format from the name 'log.xlsx' — add --format csv, json or md" in (
        result.output
    )
    result = runner.invoke(app, ["export", "--format", "csv", "--since", "2025-03-16"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 3 and {r["mode"] for r in rows} == {"drill"}
    assert datetime.fromisoformat(rows[0]["started_at"]) >= datetime(2025, 3, 16, tzinfo=UTC)


def test_a_session_without_answers_is_not_imported(tmp_path: Path) -> None:
    data = good_export(tmp_path)
    data["sessions"].append({**data["sessions"][0], "id": "empty", "answers": []})
    source = tmp_path / "e.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "t.sqlite3"
    assert import_file(target, source) == (1, 1, 1)
    assert [s["id"] for s in json.loads(export_json(target))["sessions"]] == ["s-1"]


def test_csv_neutralises_the_first_cell_of_every_record(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as store:
        for sid in ("=first", "@second", "-third"):
            session = sample_session(sid)
            for n in range(3):
                store.record_answer(session, sample_answer(sid, n))
    out = tmp_path / "o.csv"
    export(path, "csv", str(out))
    ids = [r["session_id"] for r in read_csv(out)]
    assert sorted(set(ids)) == ["'-third", "'=first", "'@second"]
    assert len(ids) == 9
