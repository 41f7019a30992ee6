"""Where the window's settings live: an INI file in the data folder when `INSOLE_CATALOG_HOME` is set
(so two homes never share state), otherwise the platform's usual place.

Kept light (Qt core and the data folder only): the first frame reads the saved size from here
before the rest of the app is imported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from catalog_app.storage.user_data import HOME_ENV, user_data_dir

ORGANIZATION = "InsoleCatalog"
APPLICATION = "insole-catalog"
SETTINGS_FILE = "window-settings.ini"
# Keys the first screen reads too (before `WindowSettings`, which needs the core, is imported).
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
LAST_PROFILE_KEY = "profile/last"
# Bump when the panes change so much that an old saved layout would restore wrongly.
LAYOUT_VERSION = 1
COLUMNS_SHOWN_KEY = "columns/shown"  # the results table's shown columns, left to right, comma-separated
COLUMNS_WIDTHS_KEY = "columns/widths"  # every column's width, as JSON {key: pixels}


def settings_file() -> Path | None:
    """The INI file in the data folder when `INSOLE_CATALOG_HOME` is set; None for the platform's place."""
    return user_data_dir() / SETTINGS_FILE if os.environ.get(HOME_ENV) else None


def open_settings() -> QSettings:
    path = settings_file()
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    organization = QCoreApplication.organizationName() or ORGANIZATION
    application = QCoreApplication.applicationName() or APPLICATION
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, organization, application)


def saved_columns(settings: QSettings) -> tuple[list[str], dict[str, int]] | None:
    """The results table's shown columns' keys left to right, and every column's width; None when
    never saved. Here, not in `WindowSettings`, so that the first screen lays out its table the same way."""
    shown = settings.value(COLUMNS_SHOWN_KEY, "")
    widths_text = settings.value(COLUMNS_WIDTHS_KEY, "")
    if not isinstance(shown, str) or not shown:
        return None
    try:
        widths = json.loads(widths_text) if isinstance(widths_text, str) and widths_text else {}
    except (ValueError, RecursionError):
        widths = {}
    if not isinstance(widths, dict):
        widths = {}
    clean = {str(key): int(value) for key, value in widths.items() if isinstance(value, int)}
    return shown.split(","), clean
