"""A small VT100 screen for end-to-end tests: assert on what a candidate would see.

prompt_toolkit redraws by moving the cursor and rewriting only the cells that
changed, so a live countdown never appears in the byte stream as "1:42 left";
it appears as a "2" written over a "3". Feeding the bytes through this screen
recovers the picture. It also answers cursor-position requests (CPR) the way
a real terminal does, which prompt_toolkit needs before it draws a bottom toolbar.

It understands what prompt_toolkit and Rich emit (text, CR/LF/BS/TAB, cursor
moves, erase, scrolling, SGR and private modes, which it ignores) and no more;
wide (Japanese) and zero-width (Thai combining) characters take the cells a
real terminal gives them, so column positions match what a candidate sees.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence

import pexpect
from wcwidth import wcwidth


class Screen:
    def __init__(self, rows: int = 40, cols: int = 120) -> None:
        self.rows, self.cols = rows, cols
        self.cells = [[" "] * cols for _ in range(rows)]
        self.scrollback: list[str] = []
        self.row = self.col = 0
        self.saved = (0, 0)
        self.pending_wrap = False
        self.autowrap = True
        self.bells = 0
        self.replies: list[str] = []  # answers to CPR requests, for the harness to send
        self._state = "text"
        self._seq = ""

    # -- Reading the screen -----------------------------------------------------------------

    def lines(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.cells]

    def display(self) -> str:
        return "\n".join(self.lines()).rstrip("\n")

    def everything(self) -> str:
        """Scrolled-off lines and the screen, as one text."""
        return "\n".join([*self.scrollback, *self.lines()]).rstrip("\n")

    # -- Writing ----------------------------------------------------------------------------

    def feed(self, data: str) -> None:
        for ch in data:
            if self._state == "text":
                self._text(ch)
            elif self._state == "esc":
                self._escape(ch)
            elif self._state == "csi":
                self._seq += ch
                if "\x40" <= ch <= "\x7e":
                    self._csi(self._seq)
                    self._state = "text"
            elif self._state == "osc":
                if ch == "\x07" or (ch == "\\" and self._seq.endswith("\x1b")):
                    self._state = "text"
                self._seq += ch
            elif self._state == "charset":
                self._state = "text"

    def _text(self, ch: str) -> None:
        if ch == "\x1b":
            self._state = "esc"
        elif ch == "\r":
            self.col, self.pending_wrap = 0, False
        elif ch in "\n\x0b\x0c":
            self._linefeed()
        elif ch == "\b":
            self.col, self.pending_wrap = max(0, self.col - 1), False
        elif ch == "\t":
            self.col = min(self.cols - 1, (self.col // 8 + 1) * 8)
        elif ch == "\x07":
            self.bells += 1
        elif ch >= " ":
            self._put(ch)

    def _escape(self, ch: str) -> None:
        self._state, self._seq = "text", ""
        if ch == "[":
            self._state = "csi"
        elif ch == "]":
            self._state = "osc"
        elif ch in "()*+":
            self._state = "charset"
        elif ch == "7":
            self.saved = (self.row, self.col)
        elif ch == "8":
            self.row, self.col = self.saved
        elif ch == "D":
            self._linefeed()
        elif ch == "M":
            self.row = max(0, self.row - 1)
        elif ch == "c":
            self.__init__(self.rows, self.cols)  # type: ignore[misc]

    def _put(self, ch: str) -> None:
        # As a terminal does: East Asian wide characters take two cells (the second
        # holds "", so lines read naturally), combining marks (Thai vowels and tone
        # marks) join the character before them and take none.
        width = wcwidth(ch)
        width = 1 if width < 0 else width  # unassigned: one cell, as most terminals do
        if width == 0:
            if self.col > 0 or self.pending_wrap:
                col = self.col if self.pending_wrap else self.col - 1
                if col > 0 and self.cells[self.row][col] == "":
                    col -= 1
                self.cells[self.row][col] += ch
            return
        if width == 2 and self.col == self.cols - 1 and not self.pending_wrap:
            self.cells[self.row][self.col] = " "  # no room: the wide character wraps
            self.pending_wrap = self.autowrap
        if self.pending_wrap and self.autowrap:
            self.col = 0
            self._linefeed()
        self.pending_wrap = False
        self.cells[self.row][self.col] = ch
        if width == 2 and self.col < self.cols - 1:
            self.col += 1
            self.cells[self.row][self.col] = ""
        if self.col == self.cols - 1:
            self.pending_wrap = self.autowrap
        else:
            self.col += 1

    def _linefeed(self) -> None:
        self.pending_wrap = False
        if self.row == self.rows - 1:
            self.scrollback.append("".join(self.cells.pop(0)).rstrip())
            self.cells.append([" "] * self.cols)
        else:
            self.row += 1

    def _csi(self, seq: str) -> None:
        final, body = seq[-1], seq[:-1]
        private = body.startswith("?")
        params = [int(p) if p.isdigit() else 0 for p in body.lstrip("?>=").split(";")] or [0]
        n = max(1, params[0])
        self.pending_wrap = False if final in "ABCDEFGHJKdf" else self.pending_wrap
        if private:
            if final in "hl" and 7 in params:
                self.autowrap = final == "h"
            return
        if final == "A":
            self.row = max(0, self.row - n)
        elif final == "B":
            self.row = min(self.rows - 1, self.row + n)
        elif final == "C":
            self.col = min(self.cols - 1, self.col + n)
        elif final == "D":
            self.col = max(0, self.col - n)
        elif final == "E":
            self.row, self.col = min(self.rows - 1, self.row + n), 0
        elif final == "F":
            self.row, self.col = max(0, self.row - n), 0
        elif final == "G":
            self.col = min(self.cols - 1, n - 1)
        elif final == "d":
            self.row = min(self.rows - 1, n - 1)
        elif final in "Hf":
            row = params[0] if params else 1
            col = params[1] if len(params) > 1 else 1
            self.row = min(self.rows - 1, max(1, row) - 1)
            self.col = min(self.cols - 1, max(1, col) - 1)
        elif final == "J":
            self._erase_display(params[0])
        elif final == "K":
            self._erase_line(params[0])
        elif final == "n" and params[0] == 6:
            self.replies.append(f"\x1b[{self.row + 1};{self.col + 1}R")
        elif final == "s":
            self.saved = (self.row, self.col)
        elif final == "u":
            self.row, self.col = self.saved
        # m (colours), h/l (modes), r (margins) and the rest change nothing we read.

    def _erase_line(self, mode: int) -> None:
        row = self.cells[self.row]
        if mode == 0:
            row[self.col :] = [" "] * (self.cols - self.col)
        elif mode == 1:
            row[: self.col + 1] = [" "] * (self.col + 1)
        else:
            row[:] = [" "] * self.cols

    def _erase_display(self, mode: int) -> None:
        if mode == 0:
            self._erase_line(0)
            for r in range(self.row + 1, self.rows):
                self.cells[r] = [" "] * self.cols
        elif mode == 1:
            self._erase_line(1)
            for r in range(self.row):
                self.cells[r] = [" "] * self.cols
        else:
            self.cells = [[" "] * self.cols for _ in range(self.rows)]


class Terminal:
    """`python -m aecoach ARGS` in a pseudo-terminal, seen through a Screen."""

    def __init__(
        self,
        args: Sequence[str],
        env: dict[str, str],
        *,
        rows: int = 40,
        cols: int = 120,
        answer_cpr: bool = True,
    ) -> None:
        self.screen = Screen(rows, cols)
        self.raw: list[str] = []
        self.answer_cpr = answer_cpr
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "aecoach", *args],
            env=env,
            dimensions=(rows, cols),
            encoding="utf-8",
            codec_errors="replace",
            timeout=30,
        )
        self.eof = False

    def pump(self, wait: float = 0.05) -> None:
        try:
            data = self.child.read_nonblocking(65536, wait)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.eof = True
            return
        self.raw.append(data)
        self.screen.feed(data)
        if self.answer_cpr:
            while self.screen.replies:
                self.child.send(self.screen.replies.pop(0))
        else:
            self.screen.replies.clear()

    def wait_for(self, want: str | Callable[[], bool], timeout: float = 20.0) -> None:
        """Read until `want` is on screen (or scrolled past), or fail showing the screen."""
        check = want if callable(want) else (lambda: want in self.screen.everything())
        deadline = time.monotonic() + timeout
        while not check():
            if self.eof:
                raise AssertionError(f"aecoach exited before {want!r} appeared:\n{self.dump()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{want!r} did not appear in {timeout} s:\n{self.dump()}")
            self.pump()

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self, timeout: float = 20.0) -> int:
        """Read to the end; the exit status."""
        deadline = time.monotonic() + timeout
        while not self.eof:
            if time.monotonic() > deadline:
                self.child.kill(9)
                raise AssertionError(f"aecoach did not exit in {timeout} s:\n{self.dump()}")
            self.pump()
        self.child.wait()
        status = self.child.exitstatus
        return status if status is not None else 128 + (self.child.signalstatus or 0)

    def close(self) -> None:
        if self.child.isalive():
            self.child.kill(9)
        self.child.close(force=True)

    def text(self) -> str:
        return self.screen.everything()

    def raw_text(self) -> str:
        return "".join(self.raw)

    def dump(self) -> str:
        return f"----- screen -----\n{self.screen.everything()}\n------------------"


def aecoach_env(home: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AECOACH_", "NO_COLOR"))}
    env.update(AECOACH_HOME=home, TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS="")
    env.pop("COLUMNS")
    env.update(extra)
    return env
