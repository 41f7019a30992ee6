"""Start the Qt application: the window, the global error handler, the first catalog."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from catalog_app.desktop.desktop_entry import APP_ID
from catalog_app.model.version import app_version
from catalog_app.model.wording import APP_TITLE
from ui.about_box import app_icon
from ui.error_handler import install_error_handler
from ui.main_window import MainWindow

ORGANIZATION = "InsoleCatalog"
SMOKE_TEST_ENV = "INSOLE_CATALOG_SMOKE_TEST"  # set: show the window, print what it shows, quit
APPLICATION = "insole-catalog"


def configure_application_names() -> None:
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(app_version())  # from the installed metadata (pyproject.toml)


def run_app(*, catalog_path: Path | None = None) -> int:
    configure_application_names()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QGuiApplication.setApplicationDisplayName(APP_TITLE)
    QGuiApplication.setDesktopFileName(APP_ID)  # matches the .desktop file `desktop-entry install` writes
    QGuiApplication.setWindowIcon(app_icon())
    window = MainWindow()
    install_error_handler(window)
    window.show()
    window.open_initial_catalog(catalog_path)
    if os.environ.get(SMOKE_TEST_ENV):
        QTimer.singleShot(0, lambda: _report_and_quit(window))
    return app.exec()


def _report_and_quit(window: MainWindow) -> None:
    """For the bundle's smoke test: say the window is up with the catalog in it, then quit."""
    print(f"window shown: {window.windowTitle()}, {window.model.rowCount()} products", flush=True)
    window.close()
    QCoreApplication.quit()
