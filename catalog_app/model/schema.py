"""The catalog schema: one column spec per field, and the pydantic model of one product.

The column specs are the single description of the catalog format. The pydantic `Product`
model checks one row and words its errors; the vectorized validator (validation.py) checks
whole columns with the same rules and asks `Product` to word the errors of the rows that fail,
so both paths report the same rows, columns and messages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from catalog_app.model.vocabulary import (
    Activity,
    ArchSupport,
    Category,
    Concern,
    FootArch,
    HeelCup,
    Length,
    Level,
    Pronation,
    Rigidity,
    ShoeType,
)


class Kind(Enum):
    TEXT = "text"
    ID = "id"
    CURRENCY = "currency"
    NUMBER = "number"
    CHOICE = "choice"
    CHOICES = "choices"
    FLAG = "flag"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: Kind
    required: bool = False
    choices: type[StrEnum] | None = None
    default: Any = None
    # Numbers: the bound and whether it is strict (> rather than >=).
    minimum: float | None = None
    strict_minimum: bool = False
    at_least_one: bool = False
    description: str = ""
    # Text that repeats from product to product (brands, care notes): held as a Categorical, one
    # copy of each distinct text and a small code per product.
    repeats: bool = False


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("id", Kind.ID, required=True, description="unique product id (letters, digits, . _ -)"),
    ColumnSpec("name", Kind.TEXT, required=True, description="product name"),
    ColumnSpec("brand", Kind.TEXT, required=True, description="brand", repeats=True),
    ColumnSpec("category", Kind.CHOICE, required=True, choices=Category, description="main material or type"),
    ColumnSpec("price", Kind.NUMBER, required=True, minimum=0, strict_minimum=True, description="price of one pair"),
    ColumnSpec("currency", Kind.CURRENCY, required=True, description="ISO 4217 code, e.g. USD", repeats=True),
    ColumnSpec(
        "lifespan_months",
        Kind.NUMBER,
        required=True,
        minimum=0,
        strict_minimum=True,
        description="typical lifespan in months",
    ),
    ColumnSpec("arch_support", Kind.CHOICE, required=True, choices=ArchSupport, description="arch support"),
    ColumnSpec("cushioning", Kind.CHOICE, required=True, choices=Level, description="cushioning"),
    ColumnSpec("length", Kind.CHOICE, required=True, choices=Length, description="insole length"),
    ColumnSpec(
        "shoe_types",
        Kind.CHOICES,
        required=True,
        choices=ShoeType,
        at_least_one=True,
        description="shoe types it fits, separated by ;",
    ),
    ColumnSpec("rigidity", Kind.CHOICE, choices=Rigidity, default="semi-rigid", description="shell rigidity"),
    ColumnSpec("volume", Kind.CHOICE, choices=Level, default="medium", description="room it takes in the shoe"),
    ColumnSpec("heel_cup", Kind.CHOICE, choices=HeelCup, default="shallow", description="heel cup depth"),
    ColumnSpec("thickness_mm", Kind.NUMBER, minimum=0, strict_minimum=True, description="thickness in mm"),
    ColumnSpec("weight_g", Kind.NUMBER, minimum=0, strict_minimum=True, description="weight of a pair in grams"),
    ColumnSpec("metatarsal_pad", Kind.FLAG, default=False, description="has a metatarsal pad"),
    ColumnSpec("trim_to_fit", Kind.FLAG, default=False, description="can be trimmed to size"),
    ColumnSpec("transferable", Kind.FLAG, default=False, description="can be moved between shoes"),
    ColumnSpec("washable", Kind.FLAG, default=False, description="can be washed"),
    ColumnSpec("suited_arches", Kind.CHOICES, choices=FootArch, default=(), description="foot arches it suits"),
    ColumnSpec("suited_pronation", Kind.CHOICES, choices=Pronation, default=(), description="pronation it suits"),
    ColumnSpec("concerns", Kind.CHOICES, choices=Concern, default=(), description="concerns it is made for"),
    ColumnSpec("activities", Kind.CHOICES, choices=Activity, default=(), description="activities it suits"),
    ColumnSpec("sizes", Kind.TEXT, default="", description="sizes, e.g. EU 35-47", repeats=True),
    ColumnSpec(
        "lifespan_months_max",
        Kind.NUMBER,
        minimum=0,
        strict_minimum=True,
        description="upper lifespan in months, where a range applies",
    ),
    ColumnSpec("break_in_days", Kind.NUMBER, minimum=0, default=0.0, description="days to get used to it"),
    ColumnSpec("warranty_months", Kind.NUMBER, minimum=0, default=0.0, description="warranty in months"),
    ColumnSpec(
        "assessment_fee",
        Kind.NUMBER,
        minimum=0,
        default=0.0,
        description="clinic visit on top of the price (custom orthotics)",
    ),
    ColumnSpec("care", Kind.TEXT, default="", description="care notes", repeats=True),
    ColumnSpec("description", Kind.TEXT, default="", description="one-line description", repeats=True),
    ColumnSpec("url", Kind.TEXT, default="", description="product page"),
)

COLUMN_BY_NAME: dict[str, ColumnSpec] = {spec.name: spec for spec in COLUMNS}
COLUMN_NAMES: tuple[str, ...] = tuple(spec.name for spec in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in COLUMNS if spec.required)
LIST_SEPARATOR = ";"

# The grammar of a number cell, shared by the per-row and the vectorized paths so both accept
# exactly the same cells (Python's float() would also take "1_000", "inf" and "nan").
NUMBER_PATTERN = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
CURRENCY_PATTERN = r"[A-Za-z]{3}"
FLAG_WORDS: dict[str, bool] = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}

_NUMBER_RE = re.compile(NUMBER_PATTERN)
_ID_RE = re.compile(ID_PATTERN)
_CURRENCY_RE = re.compile(CURRENCY_PATTERN)


def normalize_choice(text: str) -> str:
    """How a choice cell is read: case, spaces and underscores do not matter ("Work Boots")."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def words(spec: ColumnSpec) -> str:
    return spec.name.replace("_", " ")


def choices_text(choices: type[StrEnum]) -> str:
    return ", ".join(member.value for member in choices)


class CellError(ValueError):
    """A cell's problem, worded for the user."""


def parse_number(spec: ColumnSpec, raw: str) -> float | None:
    text = raw.strip()
    if not text:
        if spec.required:
            raise CellError(f"{spec.name} is required but empty")
        default: float | None = spec.default
        return default
    if not _NUMBER_RE.fullmatch(text):
        raise CellError(f"'{text}' is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise CellError(f"'{text}' is too large to be a {spec.name}")
    if spec.minimum is not None:
        if spec.strict_minimum and value <= spec.minimum:
            raise CellError(f"{spec.name} must be greater than {spec.minimum:g}")
        if not spec.strict_minimum and value < spec.minimum:
            raise CellError(f"{spec.name} must not be negative")
    return value


def parse_choice(spec: ColumnSpec, raw: str) -> str | None:
    assert spec.choices is not None
    text = normalize_choice(raw)
    if not text:
        if spec.required:
            raise CellError(f"{spec.name} is required but empty")
        default: str | None = spec.default
        return default
    if text not in spec.choices._value2member_map_:
        raise CellError(f"'{raw.strip()}' is not a known {words(spec)}; use one of: {choices_text(spec.choices)}")
    return text


def parse_choices(spec: ColumnSpec, raw: str) -> tuple[str, ...]:
    assert spec.choices is not None
    parts = [normalize_choice(part) for part in raw.split(LIST_SEPARATOR)]
    values = [part for part in parts if part]
    unknown = [part for part in values if part not in spec.choices._value2member_map_]
    if unknown:
        raise CellError(
            f"'{unknown[0]}' is not a known {words(spec)} value; use one or more of: {choices_text(spec.choices)}"
        )
    if not values and spec.at_least_one:
        raise CellError(f"{spec.name} needs at least one value")
    return tuple(dict.fromkeys(values))


def parse_flag(spec: ColumnSpec, raw: str) -> bool:
    text = raw.strip().lower()
    if not text:
        return bool(spec.default)
    if text not in FLAG_WORDS:
        raise CellError(f"'{raw.strip()}' is not yes or no; use true/false, yes/no or 1/0")
    return FLAG_WORDS[text]


def parse_text(spec: ColumnSpec, raw: str) -> str:
    text = raw.strip()
    if not text and spec.required:
        raise CellError(f"{spec.name} is required but empty")
    return text


def parse_id(spec: ColumnSpec, raw: str) -> str:
    text = parse_text(spec, raw)
    if not _ID_RE.fullmatch(text):
        raise CellError(f"'{text}' is not a valid id; use up to 100 letters, digits, '.', '_' or '-'")
    return text


def parse_currency(spec: ColumnSpec, raw: str) -> str:
    text = parse_text(spec, raw)
    if not _CURRENCY_RE.fullmatch(text):
        raise CellError(f"'{text}' is not a currency code; use three letters such as USD or EUR")
    return text.upper()


PARSERS = {
    Kind.TEXT: parse_text,
    Kind.ID: parse_id,
    Kind.CURRENCY: parse_currency,
    Kind.NUMBER: parse_number,
    Kind.CHOICE: parse_choice,
    Kind.CHOICES: parse_choices,
    Kind.FLAG: parse_flag,
}

LIFESPAN_RANGE_MESSAGE = "lifespan_months_max must not be less than lifespan_months"


class Product(BaseModel):
    """One catalog product. Cells arrive as text (CSV) or typed (JSON, XLSX); both are accepted."""

    model_config = ConfigDict(frozen=True, extra="ignore", use_enum_values=True)

    id: str
    name: str
    brand: str
    category: Category
    price: float = Field(gt=0, allow_inf_nan=False)
    currency: str
    lifespan_months: float = Field(gt=0, allow_inf_nan=False)
    arch_support: ArchSupport
    cushioning: Level
    length: Length
    shoe_types: tuple[ShoeType, ...] = Field(min_length=1)
    rigidity: Rigidity = Rigidity.SEMI_RIGID
    volume: Level = Level.MEDIUM
    heel_cup: HeelCup = HeelCup.SHALLOW
    thickness_mm: float | None = None
    weight_g: float | None = None
    metatarsal_pad: bool = False
    trim_to_fit: bool = False
    transferable: bool = False
    washable: bool = False
    suited_arches: tuple[FootArch, ...] = ()
    suited_pronation: tuple[Pronation, ...] = ()
    concerns: tuple[Concern, ...] = ()
    activities: tuple[Activity, ...] = ()
    sizes: str = ""
    lifespan_months_max: float | None = None
    break_in_days: float = 0.0
    warranty_months: float = 0.0
    assessment_fee: float = 0.0
    care: str = ""
    description: str = ""
    url: str = ""

    @field_validator("*", mode="before")
    @classmethod
    def _parse_cell(cls, value: Any, info: ValidationInfo) -> Any:
        spec = COLUMN_BY_NAME[info.field_name or ""]
        return PARSERS[spec.kind](spec, cell_text(value))

    @model_validator(mode="after")
    def _lifespan_range(self) -> Product:
        if self.lifespan_months_max is not None and self.lifespan_months_max < self.lifespan_months:
            raise ValueError(LIFESPAN_RANGE_MESSAGE)
        return self


def cell_text(value: Any) -> str:
    """Any cell (text, number, bool, list, missing) as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return repr(value) if math.isfinite(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell_text(item) for item in value)
    return str(value)
