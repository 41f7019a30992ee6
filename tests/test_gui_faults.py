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


# ---- the shortlist store cannot be opened for changes: the window starts, says why, and retries ----

LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
connection.execute("INSERT INTO shortlist (name, created) VALUES ('Half-made list', '2026-01-01')")
print("locked", flush=True)
sys.stdin.readline()  # hold the lock until the test lets go
connection.execute("ROLLBACK")
connection.close()
"""


def store_with_a_pick(home: Path) -> Path:
    from catalog_app.io.catalog import load_bundled_catalog
    from catalog_app.model.catalog_frame import product_record
    from catalog_app.shortlist.store import STORE_NAME, ShortlistStore

    catalog = load_bundled_catalog()
    with ShortlistStore(home / STORE_NAME) as store:
        store.create("Client A")
        store.add("Client A", product_record(catalog.frame, 0), note="try in work boots first")
    return home / STORE_NAME


def start_window(qtbot: QtBot) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    main.open_initial_catalog(None)
    return main


def test_a_store_locked_by_another_process_opens_read_only_and_becomes_writable_when_freed(
    qtbot: QtBot, user_home: Path
) -> None:
    import subprocess
    import sys

    store_path = store_with_a_pick(user_home)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(store_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        main = start_window(qtbot)
        pane = main.shortlist_pane
        assert pane.store.read_only
        assert pane.message_text() == (
            "Shortlists are read-only for now because another program is changing the shortlist store."
        )
        assert pane.current_list() == "Client A" and pane.model.rowCount() == 1  # the last saved state
        assert not pane.new_button.isEnabled()
        assert not pane.add_product(main.model.product_id(1))
        assert main.store_retry.is_waiting()
    finally:
        holder.communicate("\n", timeout=30)
    qtbot.waitUntil(lambda: not pane.store.read_only, timeout=15_000)
    assert pane.message_text() == ""
    assert "can be changed again" in pane.status_label.text()
    assert pane.new_button.isEnabled()
    assert pane.add_product(main.model.product_id(1))
    assert [item.note for item in pane.store.items("Client A")] == ["try in work boots first", ""]
    main.shortlist_dock.grab().save("/tmp/store_reopened.png")
    main.close()


def test_a_store_path_that_cannot_be_opened_leaves_lists_unavailable_until_it_can(
    qtbot: QtBot, user_home: Path
) -> None:
    from catalog_app.shortlist.store import STORE_NAME

    blocker = user_home / STORE_NAME
    blocker.mkdir()  # a folder where the store file should be
    main = start_window(qtbot)
    pane = main.shortlist_pane
    assert pane.store.read_only and not pane.store.available
    text = pane.message_text()
    assert text.startswith("Shortlists are unavailable for now because") and str(blocker) in text
    assert text.endswith(".") and "\n" not in text
    main.shortlist_dock.grab().save("/tmp/store_unavailable.png")
    assert main.model.rowCount() > 0  # finding products still works
    blocker.rmdir()
    qtbot.waitUntil(lambda: not pane.store.read_only, timeout=15_000)
    assert pane.add_product(main.model.product_id(0))
    main.close()


FULL_DISK_WINDOW = """
import os, resource, signal, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.main_window import MainWindow
# From here on no file may grow: the disk is full.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
main = MainWindow()
main.show()
main.open_initial_catalog(None)
app.processEvents()
pane = main.shortlist_pane
print("read_only", pane.store.read_only)
print("lists", pane.store.list_names())
print("added", pane.add_product(main.model.product_id(1)))
print("message", pane.message_text().splitlines()[0])
main.close()
"""


@pytest.mark.parametrize("existing", [True, False], ids=["existing-store", "new-store"])
def test_a_full_disk_starts_the_window_with_read_only_lists(user_home: Path, existing: bool) -> None:
    import os
    import subprocess
    import sys

    if existing:
        store_with_a_pick(user_home)
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK_WINDOW],
        capture_output=True,  # pipes: the size limit would stop output to a file too
        text=True,
        timeout=120,
        env={**os.environ, "INSOLE_CATALOG_HOME": str(user_home)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["read_only"] == "True"
    assert lines["lists"] == ("['Client A']" if existing else "[]")
    assert lines["added"] == "False"
    message = lines["message"]
    assert message.startswith("Shortlists are read-only for now because") and message.endswith(".")


def test_the_pane_uses_the_same_name_normalisation(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.shortlist_pane
    assert pane.create_list("  Ｃｌｉｅｎｔ   A ")
    assert pane.current_list() == "Client A"
    assert not pane.create_list("Client\u00a0A")
    assert pane.message_text() == "There is already a shortlist called 'Client A'."
    assert not pane.create_list("\u200b\u2060")
    assert pane.message_text() == "A shortlist name needs at least one visible character."
    assert pane.store.list_names() == ["Client A"]
