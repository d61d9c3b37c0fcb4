"""The practice history: a private SQLite file (see store.py for its promises)."""
