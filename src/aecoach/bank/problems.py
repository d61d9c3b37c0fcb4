"""What is wrong with a pack, and where: shared by the YAML reader, the schema and the loader.

Kept apart from the YAML reader so a command served from the bank cache can
report pack problems without importing PyYAML.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from aecoach.errors import Msg, render
from aecoach.textsafe import inert

# A file with more problems than this is not worth listing further.
MAX_PROBLEMS = 100


class Problem(NamedTuple):
    """One thing wrong with a pack, at a place in it."""

    path: str
    line: int  # 1-based; 0 when the problem is the whole file
    column: int
    msg: Msg
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def message(self) -> str:
        return render(self.msg, **dict(self.values))

    @property
    def where(self) -> str:
        """`file:line:column`, or `file` when the problem is the whole file."""
        path = inert(self.path)
        return f"{path}:{self.line}:{self.column}" if self.line else path

    @property
    def text(self) -> str:
        return f"{self.where}: {self.message}"


class PackFileError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


def problem(path: str, msg: Msg, mark: Any = None, **values: Any) -> Problem:
    line = mark.line + 1 if mark is not None else 0
    column = mark.column + 1 if mark is not None else 0
    return Problem(path, line, column, msg, tuple(values.items()))
