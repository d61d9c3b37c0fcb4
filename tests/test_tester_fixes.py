"""What a tester found by using the commands as a candidate would: each a refusal or a
message that names the real trouble, instead of a quiet wrong result or a misleading line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecoach.cli import app
from reportkit import make_history


@pytest.fixture
def history(home: Path) -> int:
    return make_history(home / "history.sqlite3")


def one_error(result: object) -> str:
    output: str = result.output  # type: ignore[attr-defined]
    assert output.count("\n") == 1 and output.startswith("aecoach: error: "), output
    return output


# --- An output's name that says another format ---


@pytest.mark.parametrize(
    ("name", "fixed"), [("r.pdf", "r.html"), ("r", "r.html"), ("w.2025-03", "w.2025-03.html")]
)
def test_report_refuses_a_name_a_browser_would_not_open(
    history: int, tmp_path: Path, name: str, fixed: str
) -> None:
    result = CliRunner().invoke(app, ["report", "-o", str(tmp_path / name)])
    assert result.exit_code == 2
    assert f"name it {fixed}" in one_error(result) and ".html or .htm" in result.output
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("name", ["r.html", "r.HTM"])
def test_report_writes_a_page_named_as_one(history: int, tmp_path: Path, name: str) -> None:
    assert CliRunner().invoke(app, ["report", "-o", str(tmp_path / name)]).exit_code == 0


def test_export_refuses_a_format_its_name_contradicts(history: int, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert "says JSON" in one_error(result) and "name it x.csv" in result.output
    assert not (tmp_path / "x.json").exists()
    # A name that says no known format is the candidate's to choose.
    other = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "x.txt")])
    assert other.exit_code == 0, other.output


# --- A report of filters that match nothing ---


def test_report_refuses_filters_that_match_nothing_as_stats_does(
    history: int, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "e.html"
    report = runner.invoke(app, ["report", "--since", "2030-01-01", "-o", str(out)])
    stats = runner.invoke(app, ["stats", "--since", "2030-01-01"])
    assert report.exit_code == stats.exit_code != 0
    assert one_error(report) == one_error(stats)
    assert not out.exists()


def test_report_of_an_empty_history_without_filters_is_still_written(
    home: Path, tmp_path: Path
) -> None:
    from aecoach.history.store import HistoryStore

    with HistoryStore.open(home / "history.sqlite3"):
        pass
    out = tmp_path / "e.html"
    assert CliRunner().invoke(app, ["report", "-o", str(out)]).exit_code == 0
    assert out.exists()


# --- Language codes: a usage error, with the code meant ---


def test_a_misspelt_language_filter_is_a_usage_error(history: int) -> None:
    result = CliRunner().invoke(app, ["stats", "--language", "jp"])
    assert result.exit_code == 2 and "did you mean 'ja'?" in one_error(result)
    assert CliRunner().invoke(app, ["stats", "--since", "someday"]).exit_code == 2


@pytest.mark.parametrize("args", [["lang", "jp"], ["--lang", "jp", "tips"], ["lang", "Japanese"]])
def test_lang_names_the_code_meant(home: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "did you mean 'ja'?" in one_error(result) and "th (ไทย)" in result.output
    assert not (home / "settings.toml").exists()


def test_an_unknown_language_without_a_near_code_lists_them(home: Path) -> None:
    result = CliRunner().invoke(app, ["lang", "pt"])
    assert result.exit_code == 2 and "did you mean" not in one_error(result)


# --- Removing what is already removed ---


def test_a_second_remove_says_it_was_already_removed(home: Path) -> None:
    import re

    from aecoach.history.store import HistoryStore
    from factories import sample_answer, sample_session

    with HistoryStore.open(home / "history.sqlite3") as store:
        session = sample_session("sess-0001")
        for n in range(2):
            store.record_answer(session, sample_answer("sess-0001", n, uid=f"answer-000{n}"))
    runner = CliRunner()
    for ref in ("answer-0000", "sess-0001"):
        assert runner.invoke(app, ["history", "remove", ref, "--yes"]).exit_code == 0
        again = runner.invoke(app, ["history", "remove", ref, "--yes"])
        assert again.exit_code == 1
        assert re.search(rf"'{ref}' was already removed, on \d{{4}}-\d\d-\d\d", one_error(again))
    unknown = runner.invoke(app, ["history", "remove", "nothing-like-it", "--yes"])
    assert "no session or answer has an id starting" in one_error(unknown)


# --- AECOACH_HOME naming a file ---


@pytest.mark.parametrize(
    "args",
    [["history"], ["stats"], ["tips", "--kind", "do"], ["lang", "ja"], ["packs", "list"]],
)
def test_a_home_that_is_a_file_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine\n", encoding="utf-8")
    monkeypatch.setenv("AECOACH_HOME", str(afile))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "AECOACH_HOME points at a file, not a folder" in one_error(result)
    assert afile.read_text(encoding="utf-8") == "mine\n"


def test_a_home_that_is_a_file_is_named_by_the_commands_served_without_typer(
    tmp_path: Path,
) -> None:
    from test_bare import both

    afile = tmp_path / "notes.txt"
    afile.write_text("", encoding="utf-8")
    for code, out, err in both(afile, "tips"):
        assert (code, out) == (1, "")
        assert err.startswith("aecoach: error: AECOACH_HOME points at a file")
        assert err.count("\n") == 1


# --- A pack the packs folder left out is named as such ---


@pytest.mark.parametrize("file_name", ["acme-corp.yaml", "mine.yaml"])
@pytest.mark.parametrize(
    "args",
    [
        ["practice", "--pack", "acme-corp"],
        ["practice", "--question", "acme-corp/why-us"],
        ["questions", "show", "acme-corp/why-us"],
    ],
)
def test_a_left_out_pack_is_named_as_left_out(home: Path, file_name: str, args: list[str]) -> None:
    from packkit import pack_text, write

    broken = pack_text("acme-corp", {"kind: motivation": "kind: motivaton"})
    path = write(home / "packs", file_name, broken)
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    last = result.output.splitlines()[-1]
    assert last == (
        "aecoach: error: pack acme-corp was left out: it has 1 problem"
        f" — run `aecoach packs validate {path}` to see what is wrong, then fix it"
    )


def test_a_name_no_pack_has_is_still_unknown(home: Path) -> None:
    from packkit import pack_text, write

    write(home / "packs", "acme-corp.yaml", pack_text("acme-corp", {"kind: motivation": "x"}))
    result = CliRunner().invoke(app, ["practice", "--pack", "other"])
    assert result.exit_code == 2 and "no pack is called 'other'" in result.output


# --- A group's refusal of its commands' option ---


def test_a_group_refusing_its_commands_option_names_the_command(home: Path) -> None:
    result = CliRunner().invoke(app, ["stories", "--json"])
    assert result.exit_code == 2
    assert "(did you mean 'aecoach stories list --json'?)" in one_error(result)
    typo = CliRunner().invoke(app, ["stories", "--jsonn"])
    assert "did you mean" not in one_error(typo)


def test_the_readme_offers_no_stories_json() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `aecoach stories`"))
    assert "`list` and `show N` (each with `--json`)" in row


# --- The report's checklist chart ---


def test_the_checklist_chart_draws_the_item_missed_most_at_the_top() -> None:
    import re

    from aecoach.report.charts import checklist_bars
    from aecoach.report.model import Missed

    items = [Missed("most", 2, 2), Missed("middle", 2, 1), Missed("least", 4, 1)]
    svg = checklist_bars(items, names=str)
    tops = {
        m.group(2): float(m.group(1))
        for m in re.finditer(r'<text x="[^"]*" y="([^"]+)"[^>]*>(most|middle|least)</text>', svg)
    }
    assert sorted(tops, key=tops.__getitem__) == ["most", "middle", "least"]
