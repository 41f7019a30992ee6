"""The horizontal header of a table model whose columns are described by `header` and `tooltip`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt


class DescribedColumn(Protocol):
    @property
    def header(self) -> str: ...

    @property
    def tooltip(self) -> str: ...


def column_header_data(columns: Sequence[DescribedColumn], section: int, role: int) -> Any:
    """The header text, or its tooltip (the header itself when the column has none)."""
    if not 0 <= section < len(columns):
        return None
    column = columns[section]
    if role == Qt.ItemDataRole.DisplayRole:
        return column.header
    if role == Qt.ItemDataRole.ToolTipRole:
        return column.tooltip or column.header
    return None
