"""Finding pack files and loading them into a Bank.

Three places hold packs, loaded in this order: the built-in bank (shipped
with aecoach), the candidate's packs folder, and the files or folders given
with `--pack`. What happens to a broken pack depends on where it came from
(see docs/packs.md, "When a pack is broken"):

- built-in: an error (it is a bug in aecoach, and hiding it helps no one);
- `--pack`: an error (the candidate asked for that file on this run);
- packs folder: skipped, with a warning naming the file and the fix, so one
  bad file never locks a candidate out of the built-in bank.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from aecoach.bank.model import Bank, Pack
from aecoach.bank.problems import MAX_PROBLEMS, PackFileError, Problem, problem
from aecoach.errors import AecoachError, Msg, render

SOURCE_LANGUAGE = "en"

BUILTIN = "built-in"
USER = "packs folder"
EXTRA = "--pack"


class BankError(AecoachError):
    """One or more packs are broken; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0]
        more = ""
        if len(problems) > 1:
            import shlex

            # Every file with a problem, so the suggested command shows them all.
            paths = dict.fromkeys(p.path for p in problems)
            path = " ".join(shlex.quote(p) for p in paths)
            more = render(Msg.BANK_MORE, count=len(problems) - 1, path=path)
        super().__init__(Msg.BANK_INVALID, problem=first.text, more=more)
        self.problems = list(problems)


class PackFile(NamedTuple):
    """One pack file as loaded: the pack, or what is wrong with it."""

    path: Path
    source: str  # BUILTIN, USER or EXTRA
    pack: Pack | None = None
    problems: tuple[Problem, ...] = ()


class BankLoad(NamedTuple):
    """A bank and the story of how it was loaded: every file, and those skipped."""

    bank: Bank
    files: tuple[PackFile, ...]

    @property
    def skipped(self) -> tuple[PackFile, ...]:
        return tuple(f for f in self.files if f.problems)


def builtin_dir() -> Path:
    """Where the built-in bank is: inside the installed package, or the source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "questions"
    if installed.is_dir():
        return installed
    return here.parent.parent / "questions"


# Windows hides known extensions, so Notepad's "acme.yaml" is often acme.yaml.txt.
_MISNAMED = (".yaml.txt", ".yml.txt")


def _is_pack_name(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    return path.suffix.lower() in (".yaml", ".yml") or path.name.lower().endswith(_MISNAMED)


def list_folder(folder: Path) -> tuple[list[Path], Problem | None]:
    """The packs in a folder in a stable order (by name), ignoring hidden files.

    A folder that does not exist holds no packs; one that cannot be listed is a problem.
    """
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return [], None
    except NotADirectoryError:
        from aecoach.i18n import _

        return [], problem(str(folder), Msg.FOLDER_UNREADABLE, reason=_("it is a file"))
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        return [], problem(str(folder), Msg.FOLDER_UNREADABLE, reason=reason)
    return [p for p in entries if _is_pack_name(p)], None


def pack_files(folder: Path) -> list[Path]:
    """The packs in a folder (none when it cannot be listed)."""
    return list_folder(folder)[0]


def _tidy(problems: list[Problem], path: str) -> list[Problem]:
    """Each problem once, in file order, at most MAX_PROBLEMS of them."""
    unique = list(dict.fromkeys(problems))
    # In file order; problems with the whole file (no line) after those with a place.
    unique.sort(key=lambda p: (p.line == 0, p.line, p.column))
    stops = [p for p in unique if p.msg is Msg.TOO_MANY_PROBLEMS]
    unique = [p for p in unique if p.msg is not Msg.TOO_MANY_PROBLEMS]
    if len(unique) > MAX_PROBLEMS or stops:
        unique = unique[:MAX_PROBLEMS]
        unique.append(problem(path, Msg.TOO_MANY_PROBLEMS, limit=MAX_PROBLEMS))
    return unique


def load_pack(path: Path, *, builtin: bool = False) -> tuple[Pack | None, list[Problem]]:
    """Read and validate one pack file; never raises for a bad file.

    Every problem is reported once: what the YAML layer finds (foreign tags,
    duplicate keys, odd field names) and what the schema finds, minus schema
    complaints at a place the YAML layer already explained.
    """
    # Imported here: a command served from the cache never loads the YAML machinery.
    from aecoach.bank.schema import build_pack
    from aecoach.bank.yamlsafe import check_tree, read_tree

    where = str(path)
    if path.name.lower().endswith(_MISNAMED):
        return None, [problem(where, Msg.PACK_MISNAMED, name=path.name[: -len(".txt")])]
    try:
        root = read_tree(path)
    except PackFileError as exc:
        return None, [exc.problem]
    tree_problems = check_tree(root, where)
    pack, schema_problems = build_pack(root, path, builtin=builtin)
    if not tree_problems:
        return pack, _tidy(schema_problems, where)
    explained = {(p.line, p.column) for p in tree_problems}
    rest = [p for p in schema_problems if (p.line, p.column) not in explained]
    return None, _tidy([*tree_problems, *rest], where)


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files as given; folders become the packs inside them (an empty folder is a problem)."""
    out: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found, trouble = list_folder(path)
            if trouble is not None:
                problems.append(trouble)
            elif not found:
                problems.append(problem(str(path), Msg.FOLDER_EMPTY))
            out.extend(found)
        else:
            out.append(path)
    return out, problems


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _example_id(pack_id: str) -> str:
    return f"my-{pack_id}"[:64]


def clash(new: PackFile, earlier: Sequence[PackFile]) -> Problem | None:
    """Why `new` may not be used beside `earlier`, if it may not.

    Full item ids are `<pack id>/<item id>`, so two packs in one bank must
    have different ids. The only exception is the built-in bank's own
    translations: the same pack id in another language is the same pack.
    """
    assert new.pack is not None
    for old in earlier:
        if old.pack is None or old.pack.id != new.pack.id:
            continue
        if _same_file(old.path, new.path):
            continue
        both_builtin = old.source == BUILTIN and new.source == BUILTIN
        if both_builtin and old.pack.language != new.pack.language:
            continue
        if old.source == BUILTIN and new.source != BUILTIN:
            return problem(
                str(new.path),
                Msg.PACK_ID_BUILTIN,
                pack=new.pack.id,
                other=str(old.path),
                example=_example_id(new.pack.id),
            )
        return problem(str(new.path), Msg.PACK_ID_CLASH, pack=new.pack.id, other=str(old.path))
    return None


def load_files(files: Sequence[tuple[Path, str]]) -> list[PackFile]:
    """Load each file once (by real path), then refuse packs whose id an earlier one took."""
    out: list[PackFile] = []
    seen: set[Path] = set()
    for path, source in files:
        try:
            real = path.resolve()
        except OSError:
            real = path
        if real in seen:
            continue  # the same file twice (a --pack into the packs folder): load it once
        seen.add(real)
        pack, problems = load_pack(path, builtin=source == BUILTIN)
        entry = PackFile(path, source, pack, tuple(problems))
        if pack is not None:
            trouble = clash(entry, [f for f in out if f.pack is not None])
            if trouble is not None:
                entry = PackFile(path, source, None, (trouble,))
        out.append(entry)
    return out


def load_packs(files: Sequence[tuple[Path, bool]]) -> tuple[list[Pack], list[Problem]]:
    """Load (path, is_builtin) pairs; every good pack, and every problem."""
    loaded = load_files([(p, BUILTIN if b else EXTRA) for p, b in files])
    packs = [f.pack for f in loaded if f.pack is not None]
    return packs, [p for f in loaded for p in f.problems]


def survey(
    language: str = SOURCE_LANGUAGE,
    *,
    extra: Sequence[Path] = (),
    user_dir: Path | None = None,
    builtin: Path | None = None,
    cache_dir: Path | None = None,
) -> BankLoad:
    """Load the bank and say what happened to every file.

    Raises BankError for a broken built-in or `--pack` pack; a broken pack in
    the packs folder is left out and listed in `BankLoad.skipped`. With
    `cache_dir`, a bank that loaded without a single problem is kept there and
    reused while no pack file changes (see bank/cache.py).
    """
    root = builtin if builtin is not None else builtin_dir()
    # English is always loaded: it is what a missing translation falls back to.
    source_files = pack_files(root / SOURCE_LANGUAGE)
    translated = [] if language == SOURCE_LANGUAGE else pack_files(root / language)
    files: list[tuple[Path, str]] = [(p, BUILTIN) for p in (*source_files, *translated)]
    folder_trouble: Problem | None = None
    if user_dir is not None:
        found, folder_trouble = list_folder(user_dir)
        files += [(p, USER) for p in found]
    extra_files, extra_problems = expand(extra)
    files += [(p, EXTRA) for p in extra_files]
    key = cache_file = None
    if cache_dir is not None and folder_trouble is None and not extra_problems:
        from aecoach.bank import cache

        key = cache.fingerprint([(p, source == BUILTIN) for p, source in files], language)
        cache_file = cache_dir / f"bank-{language}.json"
        cached = cache.read(cache_file, key) if key else None
        if cached is not None:
            sources = {str(p): source for p, source in files}
            entries = tuple(
                PackFile(p.path, sources.get(str(p.path), EXTRA), p) for p in cached.packs
            )
            return BankLoad(cached, entries)
    loaded = load_files(files)
    fatal = [*extra_problems]
    fatal += [p for f in loaded if f.source != USER for p in f.problems]
    if fatal:
        raise BankError(fatal)
    if language != SOURCE_LANGUAGE:
        loaded = _translated(loaded, set(source_files), set(translated))
    if folder_trouble is not None and user_dir is not None:
        loaded.append(PackFile(user_dir, USER, None, (folder_trouble,)))
    bank = Bank(tuple(f.pack for f in loaded if f.pack is not None), language)
    if key and cache_file is not None and not any(f.problems for f in loaded):
        cache.write(cache_file, key, bank)
    return BankLoad(bank, tuple(loaded))


def _translated(loaded: list[PackFile], source: set[Path], translated: set[Path]) -> list[PackFile]:
    """The built-in packs in the translation, English where it lacks an item (bank/translate.py)."""
    from aecoach.bank.translate import merge_packs

    english = [f.pack for f in loaded if f.path in source and f.pack is not None]
    theirs = [f.pack for f in loaded if f.path in translated and f.pack is not None]
    rest = [f for f in loaded if f.path not in source and f.path not in translated]
    return [PackFile(p.path, BUILTIN, p) for p in merge_packs(english, theirs)] + rest


def load_bank(
    language: str = SOURCE_LANGUAGE,
    *,
    extra: Sequence[Path] = (),
    user_dir: Path | None = None,
    builtin: Path | None = None,
    cache_dir: Path | None = None,
) -> Bank:
    """The built-in bank, the user's good packs and any extra packs; BankError if broken.

    Callers that must tell the candidate about skipped packs use `survey`
    (`Context.bank()` does).
    """
    return survey(
        language, extra=extra, user_dir=user_dir, builtin=builtin, cache_dir=cache_dir
    ).bank


def builtin_packs(builtin: Path | None = None) -> list[PackFile]:
    """Every built-in pack in every language, for clash checks."""
    root = builtin if builtin is not None else builtin_dir()
    files: list[tuple[Path, str]] = []
    try:
        languages = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        languages = []
    for folder in languages:
        files += [(p, BUILTIN) for p in pack_files(folder)]
    return [f for f in load_files(files) if f.pack is not None]


def validate(paths: Sequence[Path], *, builtin: Path | None = None) -> list[PackFile]:
    """Check pack files and folders without using them: every file and every problem.

    A pack is also wrong when its id is already a built-in pack's or another
    given pack's. Problems that belong to no file (an empty folder) come back
    as a PackFile for that folder.
    """
    files, folder_problems = expand(paths)
    out = [PackFile(Path(p.path), EXTRA, None, (p,)) for p in folder_problems]
    root = (builtin if builtin is not None else builtin_dir()).resolve()
    given: list[PackFile] = []
    seen: set[Path] = set()
    for path in files:
        try:
            real = path.resolve()
        except OSError:
            real = path
        if real in seen:
            continue
        seen.add(real)
        source = BUILTIN if real.is_relative_to(root) else EXTRA
        pack, problems = load_pack(path, builtin=source == BUILTIN)
        given.append(PackFile(path, source, pack, tuple(problems)))
    reference = builtin_packs(builtin)
    checked: list[PackFile] = []
    for entry in given:
        if entry.pack is not None:
            earlier = [*reference, *(f for f in checked if f.pack is not None)]
            trouble = clash(entry, earlier)
            if trouble is not None:
                entry = PackFile(entry.path, entry.source, entry.pack, (trouble,))
        checked.append(entry)
    return out + checked


def skip_warning(skipped: PackFile, folder: Path) -> str:
    """What to tell a candidate about a pack in their packs folder that was left out."""
    import shlex

    first = skipped.problems[0]
    if skipped.path == folder:
        return first.text
    from aecoach.i18n import _

    total = len(skipped.problems)
    count = _("1 problem") if total == 1 else _("{total} problems, the first").format(total=total)
    return render(
        Msg.USER_PACK_SKIPPED,
        path=str(skipped.path),
        count=count,
        problem=first.text,
        qpath=shlex.quote(str(skipped.path)),
        folder=str(folder),
    )


def declared_id(path: Path) -> str | None:
    """The id a pack file gives itself under 'pack:', read as text: the file may be too
    broken to load, yet the candidate still calls the pack by that id."""
    import re

    try:
        with path.open("rb") as handle:
            text = handle.read(65536).decode("utf-8", errors="replace")
    except OSError:
        return None
    header = re.search(r"^pack:[ \t]*\n((?:[ \t]+.*\n|[ \t]*\n)*)", text, re.MULTILINE)
    if header is None:
        return None
    found = re.search(r"^[ \t]+id:[ \t]*[\"']?([A-Za-z0-9_.-]+)", header.group(1), re.MULTILINE)
    return found.group(1) if found else None


def left_out(load: BankLoad, name: str, folder: Path | None) -> PackFile | None:
    """The pack file in the packs folder that was left out and that `name` calls by its id
    (or its file's name), if any."""
    wanted = name.strip().casefold()
    for skipped in load.skipped:
        if skipped.source != USER or skipped.path == folder:
            continue
        names = {skipped.path.stem.casefold(), (declared_id(skipped.path) or "").casefold()}
        if wanted in names:
            return skipped
    return None


def _gap_problem(gap: Any, english_root: Path) -> Problem:
    """A translation gap (bank/translate.py) as a problem of the translation's file."""
    from aecoach.bank.problems import Problem as _Problem

    lang = gap.language
    if gap.what == "missing-pack":
        where = str(english_root.parent / lang)
        return problem(
            where, Msg.TRANSLATION_PACK_MISSING, lang=lang, key=gap.key, source=gap.source
        )
    path = str(gap.path)
    if gap.what == "missing":
        return problem(path, Msg.TRANSLATION_MISSING, lang=lang, key=gap.key, source=gap.source)
    # "extra" and "differs" point at the translation's own line (its origin is "file:line").
    line = int(gap.source.rsplit(":", 1)[1]) if ":" in gap.source else 0
    if gap.what == "extra":
        values: dict[str, Any] = {"key": gap.key}
        msg = Msg.TRANSLATION_EXTRA
    elif gap.what == "lacks":
        values = {"key": gap.key, "lang": lang, "field": gap.field}
        msg = Msg.TRANSLATION_LACKS_FIELD
    else:
        values = {"key": gap.key, "field": gap.field, "source": gap.source}
        msg = Msg.TRANSLATION_DIFFERS
    return _Problem(path, line, 1 if line else 0, msg, tuple(values.items()))


def validate_bank(root: Path) -> list[PackFile]:
    """Check a bank folder (one subfolder per language) like the built-in one.

    Every pack is validated, and every language is compared with English:
    the ids it lacks, ids English does not have, and shared fields (kind,
    roles, skills, time limit) that differ. Those are problems of the
    translation's file, so the exit status tells a CI job the bank is whole.
    """
    from aecoach.bank.translate import gaps

    root = root.resolve()
    try:
        languages = sorted(p.name for p in root.iterdir() if p.is_dir())
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        return [
            PackFile(
                root, BUILTIN, None, (problem(str(root), Msg.FOLDER_UNREADABLE, reason=reason),)
            )
        ]
    order = [SOURCE_LANGUAGE] if SOURCE_LANGUAGE in languages else []
    order += [lang for lang in languages if lang != SOURCE_LANGUAGE]
    results = validate([root / lang for lang in order], builtin=root)
    english_root = root / SOURCE_LANGUAGE

    def packs_in(lang: str) -> list[Pack]:
        folder = root / lang
        return [
            f.pack
            for f in results
            if f.pack is not None and not f.problems and f.path.parent.resolve() == folder
        ]

    english = packs_in(SOURCE_LANGUAGE)
    by_path = {f.path.resolve(): i for i, f in enumerate(results)}
    extra: list[PackFile] = []
    for lang in order[1:]:
        for gap in gaps(english, packs_in(lang), lang):
            found = _gap_problem(gap, english_root)
            index = by_path.get(Path(found.path).resolve())
            if index is None:
                extra.append(PackFile(Path(found.path), BUILTIN, None, (found,)))
            else:
                entry = results[index]
                results[index] = PackFile(
                    entry.path, entry.source, entry.pack, (*entry.problems, found)
                )

    def language_of(entry: PackFile) -> int:
        folder = entry.path if entry.path.parent == root else entry.path.parent
        return order.index(folder.name) if folder.name in order else len(order)

    # A language's missing packs are listed with its files, not after every language.
    return sorted(results + extra, key=language_of)
