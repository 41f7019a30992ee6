"""Test set-up: offscreen Qt, and every test's user data and settings in a temporary folder."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def user_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Profiles, shortlists, logs and QSettings go to a fresh folder: never the user's real data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INSOLE_CATALOG_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    try:
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    except ImportError:  # the core tests run without Qt too
        pass
    return home


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """A test that leaves a worker thread running fails."""
    before = set(threading.enumerate())
    yield
    leftover = [
        thread for thread in threading.enumerate() if thread not in before and thread.is_alive() and not thread.daemon
    ]
    for thread in leftover:
        thread.join(timeout=5)
    still = [thread.name for thread in leftover if thread.is_alive()]
    assert not still, f"threads left running: {still}"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def window(qtbot: Any) -> Iterator[Any]:
    """The main window on the bundled catalog, shown offscreen, closed after the test."""
    from ui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    main.open_initial_catalog(None)
    yield main
    main.close()
