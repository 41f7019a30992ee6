"""Catalog and user text shown as plain text: never rendered as HTML, never fetching anything.

QLabel, tooltips, message boxes and chart legends guess rich text from a `<` in the string, so a
product named `<img src=...>` would show a local file, or a 200000-pixel image that crashes the
app. Every place in `ui/` that shows a product name, brand, note, shortlist or profile name goes
through one of these helpers.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

# A tooltip is always rich-text detected; this wrapper makes Qt read it as HTML (so the escaped
# entities decode back to the literal text) and keeps line breaks as they were.
_TOOLTIP_HTML = "<p style='white-space:pre-wrap'>{}</p>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text literally, whatever it contains."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip_text(text: str | None) -> str | None:
    """A tooltip that shows `text` literally; None and "" stay as they are (no tooltip)."""
    if not text:
        return text
    return _TOOLTIP_HTML.format(html.escape(text))


def rich_escape(text: object) -> str:
    """Text for a widget that is rich text by design (chart legends and titles, QTextBrowser)."""
    return html.escape(str(text))


def window_title(text: str) -> str:
    """A window title: Qt would swallow a literal "[*]" as the modified-marker placeholder."""
    return text.replace("[*]", "[*][*]")


def menu_text(text: str) -> str:
    """Text for a menu entry or button: a literal "&" would otherwise mark a shortcut letter."""
    return text.replace("&", "&&")


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A message box whose title and text are plain text (the static helpers guess rich text)."""
    box = QMessageBox(icon, window_title(title), text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something went wrong, in plain text, and wait for OK."""
    message_box(parent, title, text).exec()


def ask_yes_no(parent: QWidget | None, title: str, question: str) -> bool:
    """Ask a yes/no question in plain text; True when the user answered Yes."""
    box = message_box(
        parent,
        title,
        question,
        icon=QMessageBox.Icon.Question,
        buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return box.exec() == QMessageBox.StandardButton.Yes
