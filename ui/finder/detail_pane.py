"""The detail pane: everything about the selected product, why it fits or not, and the health note."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from catalog_app.costs.product_facts import break_in_note, care_note, product_facts
from catalog_app.finder.fit_score import FitResult, Reason
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.wording import HEALTH_NOTE

MARKS = {1: "+", 0: "~", -1: "−"}
EFFECT_WORDS = {1: "raises the fit", 0: "partly", -1: "lowers the fit"}
# Light and dark variants, so the marks stay readable on either palette.
MARK_COLORS = {
    "light": {1: "#1b7a35", 0: "#8a6100", -1: "#b3261e"},
    "dark": {1: "#7fd694", 0: "#f2c462", -1: "#ff8f85"},
}
EMPTY_TEXT = "Select a product in the table to see all its details and why it fits your feet."
COMPARE_HINT = "To compare, select 2–6 products in the table (Ctrl+click) and press Ctrl+K."


class DetailPane(QWidget):
    addToShortlistRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self._product_id = ""
        self._shown: tuple[Catalog, int, FitResult | None, bool] | None = None
        self.title = QLabel(self)
        self.title.setObjectName("detailTitle")
        self.title.setAccessibleName("Product name")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a product name, never HTML
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("detailText")
        self.browser.setAccessibleName("Product details")
        self.browser.setOpenExternalLinks(True)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.add_button = QPushButton("Add to shortlist", self)
        self.add_button.setAccessibleName("Add to shortlist")
        self.add_button.setToolTip("Add the selected product to your shortlist (Ctrl+D)")
        self.add_button.clicked.connect(self._on_add)
        self.compare_hint = QLabel(COMPARE_HINT, self)
        self.compare_hint.setAccessibleName("How to compare")
        self.compare_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.compare_hint.setWordWrap(True)
        self.health_note = QLabel(HEALTH_NOTE, self)
        self.health_note.setObjectName("healthNote")
        self.health_note.setAccessibleName("Health note")
        self.health_note.setTextFormat(Qt.TextFormat.PlainText)
        self.health_note.setWordWrap(True)
        self.health_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.health_note.setMargin(6)
        self.health_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.compare_hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.browser, 1)
        layout.addLayout(actions)
        layout.addWidget(self.health_note)
        self.clear()

    def product_id(self) -> str:
        return self._product_id

    def clear(self) -> None:
        self._product_id = ""
        self._shown = None
        self.title.setText("No product selected")
        self.browser.setHtml(f"<p>{escape(EMPTY_TEXT)}</p>")
        self.add_button.setEnabled(False)

    def show_product(self, catalog: Catalog, position: int, fit: FitResult | None, *, profile_set: bool) -> None:
        self._shown = (catalog, position, fit, profile_set)
        record = product_record(catalog.frame, position)
        self._product_id = str(record["id"])
        self.title.setText(str(record["name"]))
        self.browser.setHtml(self._html(record, position, fit, profile_set))
        self.add_button.setEnabled(True)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None:
            self.show_product(*self._shown[:3], profile_set=self._shown[3])

    def _on_add(self) -> None:
        if self._product_id:
            self.addToShortlistRequested.emit(self._product_id)

    # ---- the text -----------------------------------------------------------------------------

    def _html(self, record: dict[str, object], position: int, fit: FitResult | None, profile_set: bool) -> str:
        parts = [self._fit_html(position, fit, profile_set)]
        if record.get("description"):
            parts.append(f"<p>{escape(str(record['description']))}</p>")
        rows = "".join(
            f"<tr><td style='padding-right:10px; white-space:nowrap'><b>{escape(name)}</b></td>"
            f"<td>{_value_html(name, text)}</td></tr>"
            for name, text in product_facts(record)
        )
        parts.append(f"<h4>Details</h4><table cellspacing='0' cellpadding='1'>{rows}</table>")
        days = record.get("break_in_days")
        parts.append(f"<h4>Care</h4><p>{escape(care_note(record))}</p>")
        parts.append(f"<h4>Break-in</h4><p>{escape(break_in_note(days if isinstance(days, float) else None))}</p>")
        return "".join(parts)

    def _fit_html(self, position: int, fit: FitResult | None, profile_set: bool) -> str:
        if fit is None or not profile_set:
            return "<p><i>No foot profile set: fill in the Profile tab to see a fit score and the reasons.</i></p>"
        parts = [f"<p><b>Fit {fit.scores[position]:.0f} / 100</b> for your profile.</p>"]
        exclusion = fit.exclusion_reason(position)
        if exclusion:
            parts.append(f"<p><b>Doesn't fit your profile:</b> {escape(exclusion)}.</p>")
        items = fit.reason_items(position)
        if items:
            rows = "".join(self._reason_row(item) for item in items)
            parts.append(f"<h4>Why this score</h4><table cellspacing='0' cellpadding='1'>{rows}</table>")
        return "".join(parts)

    def _reason_row(self, reason: Reason) -> str:
        color = self._colors()[reason.effect]
        mark = MARKS[reason.effect]
        return (
            f"<tr><td style='padding-right:6px'><b><span style='color:{color}' title='{EFFECT_WORDS[reason.effect]}'>"
            f"{mark}</span></b></td><td>{escape(reason.text)}</td></tr>"
        )

    def _colors(self) -> dict[int, str]:
        base = self.palette().color(QPalette.ColorRole.Base)
        return MARK_COLORS["dark" if _is_dark(base) else "light"]


def _is_dark(color: QColor) -> bool:
    return color.lightness() < 128


def _value_html(name: str, text: str) -> str:
    if name == "Web page" and text.startswith(("http://", "https://")):
        return f"<a href='{escape(text, quote=True)}'>{escape(text)}</a>"
    return escape(text)
