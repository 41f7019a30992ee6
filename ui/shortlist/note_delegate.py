"""The note column's editor: filled once when it opens, never overwritten while the user types.

Qt refills an open editor from the model on every `dataChanged` that covers its cell; a list
refreshed because another desk changed something would wipe a half-typed note. This delegate
fills the editor only when it opens, and tells the model which version of the item the edit
started from (so a save after another desk's change is caught as a conflict, not overwritten).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.shortlist.shortlist_model import ShortlistModel

FILLED = "insoleNoteFilled"


class NoteDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        model = index.model()
        if isinstance(model, ShortlistModel):
            model.note_edit_started(index.row())
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if editor.property(FILLED):
            return  # the user's typing wins over a refresh
        super().setEditorData(editor, index)
        editor.setProperty(FILLED, True)
