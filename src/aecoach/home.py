"""Where aecoach keeps the candidate's files: `AECOACH_HOME`, else the platform's data folder.

Its own small module (os only), so `aecoach --help` served from the cache
finds the cache without loading the rest of the context.
"""

from __future__ import annotations

import os

HOME_ENV = "AECOACH_HOME"


def home_folder() -> str:
    """The folder, as text (aecoach.context.default_home gives it as a Path)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return os.path.expanduser(override)
    from platformdirs import user_data_dir

    return user_data_dir("aecoach", appauthor=False)
