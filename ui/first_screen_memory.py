"""Remembering the first screen: once the real results table has first painted the bundled catalog, its
texts become the snapshot the next start shows (`catalog_app.storage.first_screen`), in the user's data
folder, unless the snapshot shown this time already said the same. So a returning user whose start
differs from the shipped snapshot (a saved profile, another version) sees a filled window next time.

The same capture, run on a window with no saved settings, writes the shipped snapshot
(`scripts/write_first_screen.py`) and checks it (`tests/test_first_screen.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from catalog_app.model.bundled_files import BUNDLED_CATALOG, bundled_file
from catalog_app.storage.atomic_write import same_file
from catalog_app.storage.first_screen import (
    MAX_ROWS,
    FirstScreen,
    ScreenColumn,
    StartKey,
    bundled_catalog_identity,
    profile_key_text,
    user_first_screen_path,
    write_first_screen,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow

RIGHT = int(Qt.AlignmentFlag.AlignRight.value)


def capture_first_screen(window: MainWindow) -> FirstScreen:
    """What the window's results table shows now: every column's header, own width and alignment, the
    shown columns, the sort, the product count and every row's texts, as the real model gives them."""
    from ui.finder.catalog_table_model import TABLE_COLUMNS

    table = window.table
    model = table.model()
    header = table.horizontalHeader()
    rows = model.rowCount()
    columns = []
    for logical, column in enumerate(TABLE_COLUMNS):
        alignment = model.index(0, logical).data(Qt.ItemDataRole.TextAlignmentRole) if rows else None
        right = isinstance(alignment, int) and bool(alignment & RIGHT)
        columns.append(
            ScreenColumn(
                key=column.key,
                header=str(model.headerData(logical, Qt.Orientation.Horizontal) or ""),
                width=column.width,  # its own width: the first screen fits them to its table as the window does
                align="right" if right else "left",
            )
        )
    texts = tuple(
        tuple(str(model.index(row, logical).data() or "") for logical in range(len(columns))) for row in range(rows)
    )
    return FirstScreen(
        columns=tuple(columns),
        shown=tuple(window.columns.visible_keys()),
        sort_key=TABLE_COLUMNS[header.sortIndicatorSection()].key,
        sort_descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        count=window.count_label.text(),
        rows=texts,
    )


def shows_bundled_catalog(window: MainWindow) -> bool:
    path = window.model.catalog.path
    return path is not None and window.shop_version is None and same_file(path, bundled_file(BUNDLED_CATALOG))


def remember_first_screen(window: MainWindow, key: StartKey, shown: FirstScreen | None) -> bool:
    """Write the user's snapshot for `key` when the window shows the bundled catalog and `shown` (the
    snapshot on screen before it, if any) said something else; True when written. Not when the
    profile's warning signs put notes above the results: the first screen has no notes, so its table
    would sit higher than the window's (that start keeps the plain frame)."""
    if not shows_bundled_catalog(window) or not 0 < window.model.rowCount() <= MAX_ROWS:
        return False
    if window.results.red_flags.texts():
        return False
    screen = capture_first_screen(window)
    if shown is not None and shown.same_content(screen):
        return False
    return write_first_screen(user_first_screen_path(create=True), screen, key)


class FirstScreenMemory(QObject):
    """Remembers the first screen just after the window's results table first paints with rows."""

    def __init__(self, window: MainWindow, key: StartKey, shown: FirstScreen | None) -> None:
        super().__init__(window)
        self._window = window
        self._key = key
        self._shown = shown
        self.written: bool | None = None  # None until it has looked
        window.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # a Qt override
        if event.type() == QEvent.Type.Paint and self._window.model.rowCount():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.remember)  # after this paint has reached the screen
        return False

    def remember(self) -> None:
        self.written = remember_first_screen(self._window, self._key, self._shown)


def shipped_first_screen(window: MainWindow) -> tuple[FirstScreen, StartKey, list[str]]:
    """The snapshot to ship for the bundled catalog, from a window started with no saved settings: the
    screen, its key and the saved-profile texts it is right for (none saved, or the empty profile)."""
    from catalog_app.model.profile import FootProfile
    from catalog_app.model.version import app_version

    catalog = bundled_catalog_identity()
    if catalog is None or not shows_bundled_catalog(window):
        raise ValueError("the window does not show the bundled catalog")
    key = StartKey(catalog, "", app_version())
    return capture_first_screen(window), key, ["", profile_key_text(FootProfile().to_json())]
