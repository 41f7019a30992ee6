"""A foot profile: what a person tells the app about their feet, shoes and budget."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from catalog_app.model.display import format_money
from catalog_app.model.vocabulary import (
    Activity,
    Concern,
    FootArch,
    Pronation,
    RedFlag,
    Severity,
    ShoeType,
    label,
)


class FootProfile(BaseModel):
    """Every field may be left open; an empty profile ranks nothing up or down.

    Fields added later (red flags, severity, ...) have defaults, so profiles saved before them
    still load.
    """

    model_config = ConfigDict(frozen=True, use_enum_values=True, extra="ignore")

    arch: FootArch | None = None
    pronation: Pronation | None = None
    concerns: tuple[Concern, ...] = ()
    activities: tuple[Activity, ...] = ()
    shoe_types: tuple[ShoeType, ...] = ()
    budget: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    # The budget's currency; products in another currency are converted at the bundled rates.
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    shoe_size: str = ""  # e.g. "EU 43", "UK 9", "US M10", "US W11.5" (model/sizes.py reads it)
    red_flags: tuple[RedFlag, ...] = ()
    severity: Severity | None = None
    tried_off_the_shelf: bool = False  # off-the-shelf insoles have not helped
    unusual_foot_shape: bool = False

    @property
    def is_empty(self) -> bool:
        return self == FootProfile()

    @property
    def custom_worth_asking(self) -> bool:
        """Whether a podiatrist-made (custom) insole is worth asking about: severe pain, an unusual
        foot shape, or off-the-shelf insoles that have not helped (DOMAIN.md's seed article)."""
        return self.severity == Severity.SEVERE or self.unusual_foot_shape or self.tried_off_the_shelf

    def summary(self) -> str:
        """One line for exports and status text, e.g. "flat arch, overpronation; work boots"."""
        parts: list[str] = []
        if self.arch:
            parts.append(f"{label(self.arch).lower()} arch")
        if self.pronation:
            parts.append(label(self.pronation).lower())
        if self.concerns:
            parts.append("concerns: " + ", ".join(label(value).lower() for value in self.concerns))
        if self.severity:
            parts.append(f"{label(self.severity).lower()} pain")
        if self.activities:
            parts.append("activities: " + ", ".join(label(value).lower() for value in self.activities))
        if self.shoe_types:
            parts.append("shoes: " + ", ".join(label(value).lower() for value in self.shoe_types))
        if self.budget is not None:
            parts.append(f"budget {format_money(self.budget, self.currency)}")
        if self.shoe_size:
            parts.append(f"size {self.shoe_size}")
        parts.extend(self._history_parts())
        return "; ".join(parts) if parts else "no profile set"

    def _history_parts(self) -> list[str]:
        parts: list[str] = []
        if self.tried_off_the_shelf:
            parts.append("off-the-shelf insoles have not helped")
        if self.unusual_foot_shape:
            parts.append("unusual foot shape")
        if self.red_flags:
            parts.append("warning signs: " + ", ".join(label(value).lower() for value in self.red_flags))
        return parts

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> FootProfile:
        return cls.model_validate_json(text)
