"""A global handler for exceptions that escape a slot: log it, tell the user briefly, keep running."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QWidget

from catalog_app.storage.error_log import log_exception
from ui.widgets.plain_text import show_warning


def install_error_handler(parent: QWidget | None) -> None:
    def handle(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        error.__traceback__ = trace
        path = log_exception(error)
        where = f"\n\nDetails were saved to {path}." if path else ""
        show_warning(
            parent,
            "Something went wrong",
            f"That action could not be completed ({type(error).__name__}: {error}). "
            f"Your shortlists are safe and the app keeps running.{where}",
        )

    sys.excepthook = handle
