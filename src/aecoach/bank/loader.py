"""Finding pack files and loading them into a Bank."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aecoach.bank.model import Bank, Pack
from aecoach.errors import AecoachError, Msg

if TYPE_CHECKING:
    from aecoach.bank.yamlsafe import Problem

SOURCE_LANGUAGE = "en"


class BankError(AecoachError):
    """One or more packs are broken; carries every problem found."""

    def __init__(self, problems: Sequence[Problem], hint_path: str | None = None) -> None:
        first = problems[0]
        more = ""
        if len(problems) > 1:
            from aecoach.errors import render

            more = render(Msg.BANK_MORE, count=len(problems) - 1, path=hint_path or first.path)
        super().__init__(Msg.BANK_INVALID, problem=first.text, more=more)
        self.problems = list(problems)


def builtin_dir() -> Path:
    """Where the built-in bank is: inside the installed package, or the source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "questions"
    if installed.is_dir():
        return installed
    return here.parent.parent / "questions"


def pack_files(folder: Path) -> list[Path]:
    """The packs in a folder, in a stable order (name), ignoring hidden files."""
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    return [p for p in entries if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")]


def load_pack(path: Path, *, builtin: bool = False) -> tuple[Pack | None, list[Problem]]:
    """Read and validate one pack file; never raises for a bad file."""
    # Imported here: a command served from the cache never loads the YAML machinery.
    from aecoach.bank.schema import build_pack
    from aecoach.bank.yamlsafe import PackFileError, check_tree, read_tree

    try:
        root = read_tree(path)
    except PackFileError as exc:
        return None, [exc.problem]
    problems = check_tree(root, str(path))
    if problems:
        return None, problems
    return build_pack(root, path, builtin=builtin)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become the packs inside them."""
    out: list[Path] = []
    for path in paths:
        out.extend(pack_files(path) if path.is_dir() else [path])
    return out


def load_packs(files: Sequence[tuple[Path, bool]]) -> tuple[list[Pack], list[Problem]]:
    from aecoach.bank.yamlsafe import problem

    packs: list[Pack] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Pack] = {}
    for path, builtin in files:
        pack, found = load_pack(path, builtin=builtin)
        problems.extend(found)
        if pack is None:
            continue
        other = seen.get((pack.id, pack.language))
        if other is not None:
            problems.append(
                problem(
                    str(path),
                    Msg.DUPLICATE_PACK,
                    pack=pack.id,
                    language=pack.language,
                    other=str(other.path),
                )
            )
            continue
        seen[(pack.id, pack.language)] = pack
        packs.append(pack)
    return packs, problems


def load_bank(
    language: str = SOURCE_LANGUAGE,
    *,
    extra: Sequence[Path] = (),
    user_dir: Path | None = None,
    builtin: Path | None = None,
    cache_dir: Path | None = None,
) -> Bank:
    """The built-in bank, the user's packs and any extra packs, validated; BankError if broken."""
    root = builtin if builtin is not None else builtin_dir()
    files: list[tuple[Path, bool]] = [(p, True) for p in pack_files(root / language)]
    if user_dir is not None:
        files += [(p, False) for p in pack_files(user_dir)]
    files += [(p, False) for p in expand(extra)]
    key = None
    if cache_dir is not None:
        from aecoach.bank import cache

        key = cache.fingerprint(files, language)
        cached = cache.read(cache_dir / f"bank-{language}.json", key) if key else None
        if cached is not None:
            return cached
    packs, problems = load_packs(files)
    if problems:
        raise BankError(problems)
    bank = Bank(tuple(packs), language)
    if cache_dir is not None and key is not None:
        cache.write(cache_dir / f"bank-{language}.json", key, bank)
    return bank
