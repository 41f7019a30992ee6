"""Status-bar pieces for the shared store: where lists are kept, and the "newer shop catalog" notice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui.shared_store_url import store_place
from ui.widgets.plain_text import plain_label, tooltip_text


class StorePlaceLabel(QWidget):
    """ "Lists: this computer" or "Lists: shared store insoles on dbhost"; the tooltip says exactly where."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label("", self)
        self.label.setObjectName("storePlace")
        self.label.setAccessibleName("Where lists are kept")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.label)

    def show_place(self, url: str | None, location: str) -> None:
        """`location` is the full place for the tooltip: the URL without a password, or the file's path."""
        self.label.setText(f"Lists: {store_place(url)}")
        self.label.setToolTip(tooltip_text(f"Shortlists and client profiles are kept in {location}") or "")
        # Told after the window is laid out (the store opens after the first paint, or is switched): a
        # status bar lays its widgets out again only when its height changes, and would clip this to "L".
        self.updateGeometry()
        bar = self.parentWidget()
        layout = bar.layout() if bar is not None else None
        if layout is not None:
            layout.activate()

    def text(self) -> str:
        return self.label.text()


class NewerCatalogNotice(QWidget):
    """ "A newer shop catalog (version N) was published." with a Switch button; hidden until then."""

    switchRequested = Signal(int)  # the version to switch to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newerCatalogNotice")
        self.version = 0
        self.label = plain_label("", self)
        self.label.setAccessibleName("Newer shop catalog")
        self.switch_button = QPushButton("S&witch", self)
        self.switch_button.setAccessibleName("Switch to the newer shop catalog")
        self.switch_button.setToolTip("Open the newer version; the profile, filters and shortlist stay as they are")
        self.switch_button.clicked.connect(lambda: self.switchRequested.emit(self.version))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.switch_button)
        self.hide()

    def tell(self, version: int) -> None:
        self.version = version
        self.label.setText(f"A newer shop catalog (version {version}) was published.")
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
