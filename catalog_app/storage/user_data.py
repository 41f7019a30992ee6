"""Where the user's own data lives: profiles, shortlists, logs."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

HOME_ENV = "INSOLE_CATALOG_HOME"
APP_NAME = "insole-catalog"


def user_data_dir(*, create: bool = True) -> Path:
    """`$INSOLE_CATALOG_HOME` when set (tests and scripts), else the platform's user data folder.

    If the folder cannot be created (read-only disk, no permission), its path is still returned:
    each store then opens read-only and says so, and the app keeps running.
    """
    override = os.environ.get(HOME_ENV)
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if create:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
    return folder
