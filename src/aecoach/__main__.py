"""Entry point: `aecoach` and `python -m aecoach`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        # Answered before Typer loads: it is a third of a second on a slow machine.
        from aecoach import __version__

        try:
            sys.stdout.write(f"aecoach {__version__}\n")
            sys.stdout.flush()
        except (OSError, AttributeError) as exc:  # a full disk behind `>`, or `>&-`
            from aecoach.errors import Msg, render

            reason = getattr(exc, "strerror", None) or "it is closed"
            sys.stderr.write(
                f"aecoach: error: {render(Msg.STDOUT_UNWRITABLE, reason=reason.lower())}\n"
            )
            return 1
        return 0
    if args in ([], ["--help"], ["-h"]):
        # Without Typer, when the cache has it (aecoach.helpcache).
        from aecoach.helpcache import cached

        text = cached()
        if text is not None:
            sys.stdout.write(text + "\n")
            return 0
    from aecoach import bare

    line = bare.parse(args)
    if line is not None:
        return bare.run(line)
    from aecoach.cli import run

    return run(args)


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
