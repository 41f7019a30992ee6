"""Unexpected errors go to a log file in the user's data folder, not onto the user's screen."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from catalog_app.storage.user_data import user_data_dir

LOG_NAME = "errors.log"
MAX_LOG_BYTES = 1_000_000


def log_exception(error: BaseException) -> Path | None:
    """Append the traceback to the error log; None when the folder cannot be written."""
    try:
        path = user_data_dir() / LOG_NAME
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_suffix(".log.1"))
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{text}\n")
        return path
    except OSError:
        return None
