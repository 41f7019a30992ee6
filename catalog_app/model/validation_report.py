"""What validation found: problems by row and column, in words a shop owner can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HEADER_ROW = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem. `row` is the row the user sees in a spreadsheet or editor (header = row 1)."""

    row: int
    column: str
    value: str
    message: str

    def line(self) -> str:
        if not self.column:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, column {self.column}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class ValidationReport:
    source: str
    total_rows: int = 0
    rejected_rows: list[int] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> int:
        return self.total_rows - len(self.rejected_rows)

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    @property
    def is_clean(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        products = "product" if self.valid == 1 else "products"
        rows = "row" if self.rejected == 1 else "rows"
        return f"{self.valid} {products} valid, {self.rejected} {rows} rejected"

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "valid": self.valid,
            "rejected": self.rejected,
            "rejected_rows": list(self.rejected_rows),
            "errors": [problem.as_dict() for problem in self.errors],
            "warnings": [problem.as_dict() for problem in self.warnings],
        }
