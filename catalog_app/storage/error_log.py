"""Unexpected errors go to a log file in the user's data folder, not onto the user's screen."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from catalog_app.storage.user_data import user_data_dir

LOG_NAME = "errors.log"
MAX_LOG_BYTES = 1_000_000
KEPT_OLD_LOGS = 1  # errors.log.1: enough to see what happened before the last rotation

_FORMAT = logging.Formatter("--- %(asctime)s\n%(message)s\n", datefmt="%Y-%m-%dT%H:%M:%S")


class _ErrorLogHandler(logging.handlers.RotatingFileHandler):
    """Rotates at MAX_LOG_BYTES; a failed write is remembered, not printed (the log is the last resort)."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's own name
        self.failed = True


def _handler(path: Path) -> _ErrorLogHandler:
    # A handler per call, closed at once: the data folder can change between calls (tests, the
    # INSOLE_CATALOG_HOME variable) and no file stays open across a crash.
    handler = _ErrorLogHandler(path, maxBytes=MAX_LOG_BYTES, backupCount=KEPT_OLD_LOGS, encoding="utf-8")
    handler.setFormatter(_FORMAT)
    return handler


def log_exception(error: BaseException) -> Path | None:
    """Append the traceback to the error log; None when the folder cannot be written."""
    try:
        path = user_data_dir() / LOG_NAME
        handler = _handler(path)
    except OSError:
        return None
    record = logging.LogRecord("insole-catalog", logging.ERROR, __file__, 0, "unexpected error", None, None)
    record.exc_info = (type(error), error, error.__traceback__)
    try:
        handler.emit(record)  # a write failure goes to handleError, never raises
    finally:
        handler.close()
    return None if handler.failed else path
