"""An exception escaping a slot is logged, shown briefly, and the app keeps running."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ui.error_handler import install_error_handler


class Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown_and_the_app_goes_on(
    qtbot: QtBot, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))  # plain-text boxes
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    window = QWidget()
    qtbot.addWidget(window)
    install_error_handler(window)

    emitter = Emitter()
    after: list[str] = []

    def broken_slot() -> None:
        raise RuntimeError("the shelf fell over")

    emitter.fired.connect(broken_slot)
    emitter.fired.connect(lambda: after.append("still running"))
    emitter.fired.emit()

    qtbot.waitUntil(lambda: bool(shown))
    assert "RuntimeError: the shelf fell over" in shown[0]
    assert "keeps running" in shown[0]
    log = (user_home / "errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "the shelf fell over" in log
    emitter.fired.disconnect(broken_slot)
    emitter.fired.emit()
    assert "still running" in after
