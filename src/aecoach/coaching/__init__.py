"""The coaching logic, with no terminal: sessions, review/mock/drill modes, the schedule, stats.

`session` builds plans and records answers, `modes` picks the items of review, mock and
drill sessions and judges them, `schedule` replays FSRS over the history, and `stats`
aggregates it. Nothing here prints or prompts; `aecoach.ui` does.
"""
