"""A foot profile: what a person tells the app about their feet, shoes and budget."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from catalog_app.model.display import format_money
from catalog_app.model.vocabulary import Activity, Concern, FootArch, Pronation, ShoeType, label


class FootProfile(BaseModel):
    """Every field may be left open; an empty profile ranks nothing up or down."""

    model_config = ConfigDict(frozen=True, use_enum_values=True, extra="ignore")

    arch: FootArch | None = None
    pronation: Pronation | None = None
    concerns: tuple[Concern, ...] = ()
    activities: tuple[Activity, ...] = ()
    shoe_types: tuple[ShoeType, ...] = ()
    budget: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    # The budget's currency; products priced in another currency are not held to it.
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    shoe_size: str = ""

    @property
    def is_empty(self) -> bool:
        return self == FootProfile()

    def summary(self) -> str:
        """One line for exports and status text, e.g. "flat arch, overpronation; work boots"."""
        parts: list[str] = []
        if self.arch:
            parts.append(f"{label(self.arch).lower()} arch")
        if self.pronation:
            parts.append(label(self.pronation).lower())
        if self.concerns:
            parts.append("concerns: " + ", ".join(label(value).lower() for value in self.concerns))
        if self.activities:
            parts.append("activities: " + ", ".join(label(value).lower() for value in self.activities))
        if self.shoe_types:
            parts.append("shoes: " + ", ".join(label(value).lower() for value in self.shoe_types))
        if self.budget is not None:
            parts.append(f"budget {format_money(self.budget, self.currency)}")
        if self.shoe_size:
            parts.append(f"size {self.shoe_size}")
        return "; ".join(parts) if parts else "no profile set"

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> FootProfile:
        return cls.model_validate_json(text)
