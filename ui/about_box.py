"""Help → About: the app's icon, name and installed version, what it is for, and the health-professional line."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from catalog_app.desktop.desktop_entry import bundled_icon_path
from catalog_app.model.version import app_version
from catalog_app.model.wording import ABOUT_TEXT, APP_TITLE

ABOUT_ICON_SIZE = 96


@cache
def app_icon() -> QIcon:
    """The app's SVG icon (drawn for this project, shipped beside the bundled catalog)."""
    return QIcon(str(bundled_icon_path()))


def about_box(parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("aboutBox")
    box.setWindowTitle(f"About {APP_TITLE}")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{APP_TITLE}\nVersion {app_version()}")
    box.setInformativeText(ABOUT_TEXT)
    box.setIconPixmap(app_icon().pixmap(ABOUT_ICON_SIZE, ABOUT_ICON_SIZE))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_about(parent: QWidget | None = None) -> None:
    about_box(parent).exec()
