"""One pick on a shortlist, as the store keeps it and every reader of the store sees it."""

from __future__ import annotations

from dataclasses import dataclass

from catalog_app.model.display import format_money


@dataclass(frozen=True)
class ShortlistItem:
    """One pick: the product id, the user's note, and what the product looked like when added."""

    product_id: str
    name: str
    brand: str
    price: float | None
    currency: str
    note: str = ""
    added: str = ""  # ISO 8601 date and time, local time with offset
    position: int = 0
    version: int = 1  # +1 on each change of the note, so a desk sees when another desk changed it

    @property
    def added_date(self) -> str:
        return self.added[:10]

    def price_text(self) -> str:
        return format_money(self.price, self.currency)
