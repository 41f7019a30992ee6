"""The detail pane: everything about the selected product, why it fits or not, and the health note."""

from __future__ import annotations

from html import escape

import pandas as pd
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from catalog_app.costs.cost_notes import monthly_over_horizon_array
from catalog_app.costs.exchange_rates import ExchangeRates, current_exchange_rates
from catalog_app.costs.product_facts import break_in_note, care_note, product_facts
from catalog_app.finder.fit_score import FitResult, Reason
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.display import format_money
from catalog_app.model.red_flags import red_flag_notes
from catalog_app.model.wording import HEALTH_NOTE
from catalog_app.validation.claims import CLAIMS_MARK, claim_words

MARKS = {"+": "+", "~": "~", "-": "−"}
EFFECT_WORDS = {"+": "raises the fit", "~": "partly", "-": "lowers the fit"}
# Light and dark variants, so the marks stay readable on either palette.
MARK_COLORS = {
    "light": {"+": "#1b7a35", "~": "#8a6100", "-": "#b3261e", "grade": "#5c5c5c"},
    "dark": {"+": "#7fd694", "~": "#f2c462", "-": "#ff8f85", "grade": "#b8b8b8"},
}
# The evidence grade of each reason, in words (DOMAIN.md, "Evidence grades").
EVIDENCE_WORDS = {
    "moderate": "moderate evidence",
    "common-practice": "common practice",
    "weak": "weak evidence",
    "maker-claim": "maker's claim only",
}
CONFIDENCE_WORDS = {
    "high": "most of this score rests on well-supported rules.",
    "medium": "part of this score rests on well-supported rules.",
    "low": "little of this score rests on well-supported rules; take it as a rough guide.",
}
MONTHLY_WORDS = "(price, replacements and any clinic fee over 2 years, per month)"
DEFAULT_CURRENCY = "USD"
EMPTY_TEXT = "Select a product in the table to see all its details and why it fits your feet."
COMPARE_HINT = "To compare, select 2–6 products in the table (Ctrl+click) and press Ctrl+K."


class DetailPane(QWidget):
    addToShortlistRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self._product_id = ""
        self._shown: tuple[Catalog, int, FitResult | None, bool] | None = None
        self._cleared = False  # showing the empty text already: clearing again repaints nothing
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
        if self._cleared:
            return
        self._cleared = True
        self._product_id = ""
        self._shown = None
        self.title.setText("No product selected")
        self.browser.setHtml(f"<p>{escape(EMPTY_TEXT)}</p>")
        self.add_button.setEnabled(False)

    def show_product(self, catalog: Catalog, position: int, fit: FitResult | None, *, profile_set: bool) -> None:
        shown = self._shown
        if (
            not self._cleared
            and shown is not None
            and shown[0] is catalog
            and shown[2] is fit
            and (shown[1], shown[3]) == (position, profile_set)
        ):
            return  # the same product with the same fit (e.g. after a filter change): nothing new to show
        self._cleared = False
        self._shown = (catalog, position, fit, profile_set)
        record = product_record(catalog.frame, position)
        self._product_id = str(record["id"])
        self.title.setText(str(record["name"]))
        self.browser.setHtml(self._html(record, position, fit, profile_set))
        self.add_button.setEnabled(True)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None and not self._cleared:
            shown, self._shown = self._shown, None  # shown again, in the new colours
            self.show_product(*shown[:3], profile_set=shown[3])

    def _on_add(self) -> None:
        if self._product_id:
            self.addToShortlistRequested.emit(self._product_id)

    # ---- the text -----------------------------------------------------------------------------

    def _html(self, record: dict[str, object], position: int, fit: FitResult | None, profile_set: bool) -> str:
        parts = [self._red_flags_html(fit)] if fit is not None and profile_set else []
        parts.append(self._claims_html(record))
        parts.append(self._fit_html(position, fit, profile_set))
        if record.get("description"):
            parts.append(f"<p>{escape(str(record['description']))}</p>")
        rows = "".join(
            f"<tr><td style='padding-right:10px; white-space:nowrap'><b>{escape(name)}</b></td>"
            f"<td>{_value_html(name, text)}</td></tr>"
            for name, text in self._facts(record, fit)
        )
        parts.append(f"<h4>Details</h4><table cellspacing='0' cellpadding='1'>{rows}</table>")
        days = record.get("break_in_days")
        parts.append(f"<h4>Care</h4><p>{escape(care_note(record))}</p>")
        parts.append(f"<h4>Break-in</h4><p>{escape(break_in_note(days if isinstance(days, float) else None))}</p>")
        return "".join(parts)

    def _facts(self, record: dict[str, object], fit: FitResult | None) -> list[tuple[str, str]]:
        """The core's facts, with the price's approximate value in the profile's currency beside it
        and the true monthly cost after the cost per month of wear."""
        facts = product_facts(record)
        currency = str(record["currency"])
        target = fit.profile.currency if fit is not None else DEFAULT_CURRENCY
        rates = fit.rates if fit is not None else current_exchange_rates().rates
        price = float(record["price"])  # type: ignore[arg-type]
        monthly = monthly_over_horizon(record)
        extra: dict[str, tuple[str, str]] = {
            "Price": ("", _converted_line(rates, fit, price, currency, target)),
            "Cost per month": ("Monthly (2 yr)", f"{format_money(monthly, currency)} {MONTHLY_WORDS}"),
        }
        result: list[tuple[str, str]] = []
        for name, text in facts:
            added_name, added_text = extra.get(name, ("", ""))
            if name == "Cost per month":
                name = "Per month of wear"
            result.append((name, f"{text}\n{added_text}" if added_text and not added_name else text))
            if added_name:
                result.append((added_name, added_text))
        return result

    def _claims_html(self, record: dict[str, object]) -> str:
        words = claim_words(f"{record.get('name') or ''} {record.get('description') or ''}")
        if not words:
            return ""
        return (
            f"<p><b>{escape(CLAIMS_MARK.capitalize())}:</b> its name or description claims an effect "
            f"({escape(words)}); the app has not checked such claims and does not repeat them as advice.</p>"
        )

    def _fit_html(self, position: int, fit: FitResult | None, profile_set: bool) -> str:
        if fit is None or not profile_set:
            return "<p><i>No foot profile set: fill in the Profile tab to see a fit score and the reasons.</i></p>"
        confidence = fit.confidence(position)
        parts = [
            f"<p><b>Fit {fit.scores[position]:.0f} / 100</b> for your profile &middot; "
            f"<b>confidence {escape(confidence)}</b>: {escape(CONFIDENCE_WORDS[confidence])}</p>"
        ]
        exclusion = fit.exclusion_reason(position)
        if exclusion:
            parts.append(f"<p><b>Doesn't fit your profile:</b> {escape(exclusion)}.</p>")
        size_note = fit.size_note(position)
        if size_note and not exclusion:
            parts.append(f"<p><b>Size:</b> {escape(size_note)}.</p>")
        items = fit.reason_items(position)
        if items:
            rows = "".join(self._reason_row(item) for item in items)
            parts.append(f"<h4>Why this score</h4><table cellspacing='0' cellpadding='1'>{rows}</table>")
        return "".join(parts)

    def _red_flags_html(self, fit: FitResult) -> str:
        """The note for each warning sign in the profile, before anything about the product."""
        notes = red_flag_notes(fit.profile)
        if not notes:
            return ""
        colors = self._colors()
        rows = "".join(
            f"<p style='color:{colors['-']}'><b>Urgent: {escape(note.text)}</b></p>"
            if note.urgent
            else f"<p><b>See a professional:</b> {escape(note.text)}</p>"
            for note in notes
        )
        return f"<h4>Before you choose</h4>{rows}"

    def _reason_row(self, reason: Reason) -> str:
        color = self._colors()[reason.effect]
        mark = MARKS[reason.effect]
        return (
            f"<tr><td style='padding-right:6px'><b><span style='color:{color}' title='{EFFECT_WORDS[reason.effect]}'>"
            f"{mark}</span></b></td><td>{escape(reason.text)}{self._grade_html(reason)}</td></tr>"
        )

    def _grade_html(self, reason: Reason) -> str:
        """The evidence grade in words, unless the reason already says it ("... (evidence is weak)")."""
        if "evidence" in reason.text:
            return ""
        words = EVIDENCE_WORDS.get(str(reason.evidence), str(reason.evidence))
        return f" <span style='color:{self._colors()['grade']}'><i>({escape(words)})</i></span>"

    def _colors(self) -> dict[str, str]:
        base = self.palette().color(QPalette.ColorRole.Base)
        return MARK_COLORS["dark" if _is_dark(base) else "light"]


def _is_dark(color: QColor) -> bool:
    return color.lightness() < 128


def _value_html(name: str, text: str) -> str:
    if name == "Web page" and text.startswith(("http://", "https://")):
        return f"<a href='{escape(text, quote=True)}'>{escape(text)}</a>"
    return "<br>".join(escape(line) for line in text.split("\n"))


def _converted_line(
    rates: ExchangeRates | None, fit: FitResult | None, price: float, currency: str, target: str
) -> str:
    """ "≈ $34.50 at rates of 30 November 2026" for a price in another currency; why not, if it cannot be."""
    if currency == target:
        return ""
    if rates is None:
        return (fit.rates_problem if fit is not None else None) or ""
    return rates.approx_text(price, currency, target) or f"No exchange rate for {currency}, so it is not converted."


def monthly_over_horizon(record: dict[str, object]) -> float:
    """One product's true monthly cost over 2 years by the core's formula, fed its record as a
    one-row frame (taking one row out of a million-row Arrow-backed frame would take a second)."""
    columns = ("price", "lifespan_months", "assessment_fee", "transferable")
    row = pd.DataFrame({name: [record.get(name)] for name in columns})
    row["assessment_fee"] = row["assessment_fee"].astype("float64")
    row["transferable"] = row["transferable"].fillna(False).astype(bool)
    return float(monthly_over_horizon_array(row)[0])
