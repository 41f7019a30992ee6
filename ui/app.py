"""Start the Qt application: the window, the global error handler, the first catalog."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from catalog_app.desktop.desktop_entry import APP_ID
from catalog_app.model.version import app_version
from catalog_app.model.wording import APP_TITLE
from ui.about_box import app_icon
from ui.error_handler import install_error_handler
from ui.main_window import MainWindow

ORGANIZATION = "InsoleCatalog"
APPLICATION = "insole-catalog"


def configure_application_names() -> None:
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(app_version())  # from the installed metadata (pyproject.toml)


def run_app(*, catalog_path: Path | None = None) -> int:
    configure_application_names()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_TITLE)
    QGuiApplication.setDesktopFileName(APP_ID)  # matches the .desktop file `desktop-entry install` writes
    QGuiApplication.setWindowIcon(app_icon())
    window = MainWindow()
    install_error_handler(window)
    window.show()
    window.open_initial_catalog(catalog_path)
    return app.exec()
