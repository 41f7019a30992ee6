"""Two desks wrote the same note: show both texts side by side and let the user choose.

Nothing is overwritten silently: "Keep mine" saves the text in the right-hand box (which the user
may edit first, or start from both texts with "Add theirs to mine") over the other desk's;
"Use theirs" keeps the other desk's text and drops this desk's. Closing the dialog without a
choice is not offered: either way one of the texts is kept, on purpose. Every text is plain.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.plain_text import menu_text, plain_label, window_title


class NoteChoice(Enum):
    MINE = "mine"
    THEIRS = "theirs"


class NoteConflictDialog(QDialog):
    """Open it with `open()` (not exec): `finished` fires once the user has chosen; read `choice` and `text()`."""

    def __init__(self, product_name: str, mine: str, theirs: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteConflictDialog")
        self.setWindowTitle(window_title(f"Note on {product_name} changed at another desk"))
        self.setAccessibleName("Note changed at another desk")
        self.choice: NoteChoice | None = None
        self._build(product_name, mine, theirs)
        self.resize(640, 320)

    def text(self) -> str:
        """The text to keep: the user's own (as edited here) for MINE, the other desk's for THEIRS."""
        if self.choice is NoteChoice.THEIRS:
            return self.theirs_view.toPlainText()
        return self.mine_edit.toPlainText()

    def reject(self) -> None:
        """Escape and the close button do nothing: one of the two texts must be chosen on purpose."""

    # ---- building -----------------------------------------------------------------------------

    def _build(self, product_name: str, mine: str, theirs: str) -> None:
        intro = plain_label(
            f"While you were writing the note on {product_name}, another desk saved a different one. "
            "Choose which to keep; you can edit yours first.",
            self,
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._build_texts(mine, theirs), 1)
        layout.addLayout(self._build_buttons())

    def _build_texts(self, mine: str, theirs: str) -> QGridLayout:
        self.theirs_view = QPlainTextEdit(self)
        self.theirs_view.setPlainText(theirs)
        self.theirs_view.setReadOnly(True)
        self.theirs_view.setAccessibleName("The other desk's note")
        self.mine_edit = QPlainTextEdit(self)
        self.mine_edit.setPlainText(mine)
        self.mine_edit.setAccessibleName("Your note")
        grid = QGridLayout()
        grid.addWidget(plain_label("Saved at another desk", self), 0, 0)
        grid.addWidget(plain_label("Yours (you can edit it)", self), 0, 1)
        grid.addWidget(self.theirs_view, 1, 0)
        grid.addWidget(self.mine_edit, 1, 1)
        return grid

    def _build_buttons(self) -> QHBoxLayout:
        self.combine_button = QPushButton(menu_text("Add theirs to mine"), self)
        self.combine_button.setToolTip("Put the other desk's text under yours, to edit into one note")
        self.combine_button.clicked.connect(self._combine)
        self.theirs_button = QPushButton(menu_text("Use theirs"), self)
        self.theirs_button.setToolTip("Keep the other desk's note; yours is dropped")
        self.theirs_button.clicked.connect(lambda: self._choose(NoteChoice.THEIRS))
        self.mine_button = QPushButton(menu_text("Keep mine"), self)
        self.mine_button.setToolTip("Save your note (as shown on the right) over the other desk's")
        self.mine_button.clicked.connect(lambda: self._choose(NoteChoice.MINE))
        self.mine_button.setDefault(True)
        row = QHBoxLayout()
        row.addWidget(self.combine_button)
        row.addStretch(1)
        row.addWidget(self.theirs_button)
        row.addWidget(self.mine_button)
        return row

    def _combine(self) -> None:
        theirs = self.theirs_view.toPlainText()
        mine = self.mine_edit.toPlainText()
        if theirs and theirs not in mine:
            self.mine_edit.setPlainText(f"{mine}\n{theirs}" if mine else theirs)
        self.mine_edit.setFocus()

    def _choose(self, choice: NoteChoice) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Accepted)
