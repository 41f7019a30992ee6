"""Where the window's settings live: an INI file in the data folder when `INSOLE_CATALOG_HOME` is set
(so two homes never share state), otherwise the platform's usual place.

Kept light (Qt core and the data folder only): the first frame reads the saved size from here
before the rest of the app is imported.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from catalog_app.storage.user_data import HOME_ENV, user_data_dir

ORGANIZATION = "InsoleCatalog"
APPLICATION = "insole-catalog"
SETTINGS_FILE = "window-settings.ini"


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
