"""Every platform Redo key redoes, and each data folder keeps its own window settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.store import ShortlistStore
from ui.main_window import MainWindow
from ui.settings_location import SETTINGS_FILE
from ui.window_settings import WindowSettings

PICK = "ironbark-shift-cushion"


def open_window(qtbot: QtBot, store: ShortlistStore | None = None) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.open_initial_catalog(None)
    # Shortcuts need the active window. Polled through the window itself: PySide6 6.12 drops a
    # reference to None each time QApplication.activeWindow() returns None, and enough polls crash.
    qtbot.waitUntil(window.isActiveWindow)
    return window


def listed(window: MainWindow) -> list[str]:
    return window.shortlist_pane.model.product_ids()


REDO_KEYS = ["Ctrl+Shift+Z", "Ctrl+Y"]


@pytest.mark.parametrize("key", [*REDO_KEYS, "platform"])
def test_every_redo_key_redoes(qtbot: QtBot, key: str) -> None:
    window = open_window(qtbot)
    keys = [QKeySequence(key)] if key != "platform" else list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    window.add_to_shortlist(PICK)
    assert listed(window) == [PICK]
    window.table.setFocus()
    for sequence in keys:
        QTest.keySequence(window.table, QKeySequence("Ctrl+Z"))
        assert listed(window) == [], "Ctrl+Z undoes"
        QTest.keySequence(window.table, sequence)
        assert listed(window) == [PICK], f"{sequence.toString()} redoes"
    window.close()


def test_redo_action_carries_every_platform_redo_key(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    shortcuts = window.shortlist_pane.redo_action.shortcuts()
    for sequence in [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), *map(QKeySequence, REDO_KEYS)]:
        assert sequence in shortcuts
    window.close()


def use_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("INSOLE_CATALOG_HOME", str(home))
    return home


def test_two_data_folders_never_share_window_settings(
    qtbot: QtBot, tmp_path: Path, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = use_home(monkeypatch, tmp_path / "first")
    window = open_window(qtbot)
    window.profile_pane.set_profile(FootProfile(arch="flat", pronation="overpronation"))
    window.shortlist_pane.create_list("Client A")
    window.close()

    use_home(monkeypatch, tmp_path / "second")
    second = open_window(qtbot)
    assert second.current_profile().is_empty  # the first home's profile stays there
    assert WindowSettings().current_list() is None
    second.shortlist_pane.create_list("Client B")
    second.close()

    use_home(monkeypatch, first)
    again = open_window(qtbot)
    assert again.current_profile().arch == "flat"
    assert again.shortlist_pane.current_list() == "Client A"
    again.close()
    assert (first / SETTINGS_FILE).is_file() and (tmp_path / "second" / SETTINGS_FILE).is_file()
    # Nothing went to the platform's settings (the test set-up points them into this folder).
    assert not (user_home / "settings").exists()
    assert not (user_home / "config").exists()
    assert QSettings().allKeys() == []


def test_settings_file_is_in_the_data_folder_when_home_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = use_home(monkeypatch, tmp_path / "home")
    settings = WindowSettings()
    settings.save_current_list("Client A")
    settings.sync()
    assert Path(settings.location()) == home / SETTINGS_FILE
    assert "Client A" in (home / SETTINGS_FILE).read_text(encoding="utf-8")
