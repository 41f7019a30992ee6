"""The window under hostile files: opened from File → Open catalog…, each gives the report dialog
or a one-sentence message, never a traceback or a crash, and the current catalog stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ui.loading.validation_dialog import ValidationDialog
from ui.main_window import MainWindow

CORPUS = Path(__file__).parent / "data" / "hostile"
EXPECTED: dict[str, dict[str, str]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def open_from_file_menu(window: MainWindow, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    [action] = [action for action in window.menuBar().actions()[0].menu().actions() if "Open catalog" in action.text()]
    action.trigger()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_from_the_file_menu_gives_a_dialog_or_a_sentence(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    warnings: list[str] = []
    reports: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warnings.append(box.text()))  # plain-text boxes

    def review(dialog: ValidationDialog) -> int:
        reports.append(dialog.windowTitle())
        return ValidationDialog.DialogCode.Rejected  # keep the current catalog

    monkeypatch.setattr(ValidationDialog, "exec", review)
    before = window.model.catalog
    shown: list[object] = []
    window.catalogShown.connect(shown.append)
    open_from_file_menu(window, CORPUS / name, monkeypatch)
    qtbot.waitUntil(lambda: bool(warnings or reports or shown), timeout=20_000)
    qtbot.waitUntil(lambda: not window.loader.is_loading(), timeout=20_000)
    outcome = EXPECTED[name]["outcome"]
    if outcome == "refused":
        assert len(warnings) == 1 and "Traceback" not in warnings[0]
        assert EXPECTED[name]["message"] in warnings[0]
        assert window.model.catalog is before
    elif outcome == "rows-rejected":
        assert reports == [f"Problems in {name}"]
        assert window.model.catalog is before  # the user chose to keep it
    else:
        assert not warnings and not reports
        assert window.model.catalog is not before and len(window.model.catalog) > 0


def test_loading_can_be_cancelled_and_the_current_catalog_stays(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from catalog_app.io.generator import generate_catalog, write_catalog

    path = tmp_path / "large.csv"
    write_catalog(generate_catalog(200_000, seed=3), path)
    before = window.model.catalog
    with qtbot.waitSignal(window.loader.cancelled, timeout=30_000):
        window.open_catalog_file(path)
        assert window.load_progress.isVisible()
        window.load_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not window.loader.is_loading(), timeout=30_000)
    assert window.model.catalog is before
    assert not window.load_progress.isVisible()
    assert "cancelled" in window.statusBar().currentMessage()


def test_an_unwritable_data_folder_leaves_the_app_running_read_only(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("INSOLE_CATALOG_HOME", str(blocker / "insole-catalog"))  # cannot be created, even by root
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    main.open_initial_catalog(None)
    pane = main.shortlist_pane
    assert pane.store.read_only
    assert "read-only" in pane.message_text()
    assert not pane.add_product(main.model.product_id(0))
    assert "read-only" in pane.message_text()
    assert main.model.rowCount() > 0  # finding products still works
    main.close()
