"""What the window remembers between runs (QSettings): its layout, the last foot profile, the shown shortlist,
and the shared store chosen in the connect dialog.

With `INSOLE_CATALOG_HOME` set, they live in an INI file in that data folder, beside the profiles
and shortlists, so two homes never share state; otherwise in the platform's usual place.
"""

from __future__ import annotations

import json

from pydantic import ValidationError
from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow

from catalog_app.model.profile import FootProfile
from ui.screen_fit import clamp_to_screen
from ui.settings_location import (
    COLUMNS_SHOWN_KEY,
    COLUMNS_WIDTHS_KEY,
    GEOMETRY_KEY,
    LAST_PROFILE_KEY,
    LAYOUT_VERSION,
    STATE_KEY,
    open_settings,
    saved_columns,
)

CURRENT_LIST_KEY = "shortlist/current"
STORE_URL_KEY = "store/database"  # the shared store chosen in File → Connect to shared store… ("": this computer)


class WindowSettings:
    def __init__(self) -> None:
        self._settings = open_settings()

    def location(self) -> str:
        """Where the settings are kept (a file path, or the platform's registry key)."""
        return self._settings.fileName()

    # ---- window layout ------------------------------------------------------------------------

    def restore_window(self, window: QMainWindow) -> bool:
        """Restore size, position, docks and toolbars; False when nothing (usable) was saved."""
        geometry = self._settings.value(GEOMETRY_KEY)
        state = self._settings.value(STATE_KEY)
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = window.restoreGeometry(geometry)
            clamp_to_screen(window)  # saved on a bigger screen: fit this one
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = window.restoreState(state, LAYOUT_VERSION) or restored
        return restored

    def save_window(self, window: QMainWindow) -> None:
        self._settings.setValue(GEOMETRY_KEY, window.saveGeometry())
        self._settings.setValue(STATE_KEY, window.saveState(LAYOUT_VERSION))

    # ---- the results columns ------------------------------------------------------------------

    def columns(self) -> tuple[list[str], dict[str, int]] | None:
        """The shown columns' keys left to right, and every column's width; None when never saved."""
        return saved_columns(self._settings)

    def save_columns(self, shown: list[str], widths: dict[str, int]) -> None:
        self._settings.setValue(COLUMNS_SHOWN_KEY, ",".join(shown))
        self._settings.setValue(COLUMNS_WIDTHS_KEY, json.dumps(widths))

    # ---- the last profile ---------------------------------------------------------------------

    def last_profile(self) -> tuple[FootProfile, str]:
        """The profile in use when the app last closed, and its saved name ("" when unsaved)."""
        text = self._settings.value(LAST_PROFILE_KEY, "")
        name = self._settings.value("profile/name", "")
        if not isinstance(text, str) or not text:
            return FootProfile(), ""
        try:
            profile = FootProfile.from_json(text)
        except ValidationError:  # written by another version, or edited by hand: start fresh
            return FootProfile(), ""
        return profile, name if isinstance(name, str) else ""

    def save_profile(self, profile: FootProfile, name: str) -> None:
        self._settings.setValue(LAST_PROFILE_KEY, profile.to_json())
        self._settings.setValue("profile/name", name)

    # ---- the shortlist shown ------------------------------------------------------------------

    def current_list(self) -> str | None:
        value = self._settings.value(CURRENT_LIST_KEY)
        return str(value) if value else None

    def save_current_list(self, name: str) -> None:
        self._settings.setValue(CURRENT_LIST_KEY, name)

    # ---- where lists are kept -----------------------------------------------------------------

    def store_url(self) -> str | None:
        """The database chosen last time (never holding a password); None for this computer's store."""
        value = self._settings.value(STORE_URL_KEY, "")
        return value if isinstance(value, str) and value else None

    def save_store_url(self, url: str | None) -> None:
        self._settings.setValue(STORE_URL_KEY, url or "")

    def sync(self) -> None:
        self._settings.sync()
