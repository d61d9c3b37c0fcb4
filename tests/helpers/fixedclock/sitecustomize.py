"""Test-only: with AECOACH_TEST_NOW set, every aecoach Context reads that moment as "now".

Put this folder first on PYTHONPATH of an aecoach subprocess (see clockfix.py); Python
imports sitecustomize at startup. The clock moves on in real seconds from that moment, so
a session's durations stay real while its dates are the test's.
"""

import os

_NOW = os.environ.get("AECOACH_TEST_NOW")
if _NOW:
    import time
    from datetime import datetime, timedelta

    import aecoach.context as _context

    _start, _t0 = datetime.fromisoformat(_NOW), time.monotonic()
    _init = _context.Context.__init__

    def _fixed(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        _init(self, *args, **kwargs)
        self.clock = lambda: _start + timedelta(seconds=time.monotonic() - _t0)

    _context.Context.__init__ = _fixed  # type: ignore[method-assign]
