"""Sanity checks for the bundled product catalog (catalog_data/insoles.csv).

Stdlib only. Run from anywhere:

    python3 scripts/check_bundled_catalog.py [path/to/insoles.csv]

Exits 0 and prints a short summary when every rule holds; otherwise prints each
problem and exits 1. The rules follow docs in /work/shared/DOMAIN.md (vocabulary,
price and lifespan figures, matching rules) and the catalog brief.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "catalog_data" / "insoles.csv"

COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "brand",
    "category",
    "price",
    "currency",
    "lifespan_months",
    "lifespan_months_max",
    "arch_support",
    "cushioning",
    "rigidity",
    "volume",
    "heel_cup",
    "length",
    "shoe_types",
    "thickness_mm",
    "weight_g",
    "metatarsal_pad",
    "trim_to_fit",
    "transferable",
    "washable",
    "suited_arches",
    "suited_pronation",
    "concerns",
    "activities",
    "sizes",
    "break_in_days",
    "warranty_months",
    "assessment_fee",
    "care",
    "description",
    "url",
)

CATEGORIES = frozenset(
    {
        "memory-foam",
        "gel",
        "carbon-fiber",
        "metatarsal-pad",
        "eva-foam",
        "pu-foam",
        "cork",
        "leather",
        "custom-orthotic",
    }
)
SINGLE_VOCAB: dict[str, frozenset[str]] = {
    "category": CATEGORIES,
    "arch_support": frozenset({"none", "low", "medium", "high"}),
    "cushioning": frozenset({"low", "medium", "high"}),
    "rigidity": frozenset({"soft", "semi-rigid", "rigid"}),
    "volume": frozenset({"low", "medium", "high"}),
    "heel_cup": frozenset({"none", "shallow", "deep"}),
    "length": frozenset({"full", "three-quarter", "heel", "forefoot"}),
    "currency": frozenset({"USD", "EUR", "GBP"}),
}
LIST_VOCAB: dict[str, frozenset[str]] = {
    "shoe_types": frozenset(
        {
            "athletic",
            "dress",
            "work-boots",
            "casual",
            "hiking-boots",
            "cleats",
            "flats-heels",
        }
    ),
    "suited_arches": frozenset({"flat", "low", "medium", "high"}),
    "suited_pronation": frozenset({"overpronation", "neutral", "supination"}),
    "concerns": frozenset(
        {
            "lower-back-pain",
            "plantar-fasciitis",
            "metatarsalgia",
            "sciatica",
            "herniated-disc",
            "knee-pain",
            "heel-pain",
            "general-comfort",
        }
    ),
    "activities": frozenset({"standing", "walking", "running", "sports", "hiking", "sitting"}),
}
BOOL_COLUMNS = ("metatarsal_pad", "trim_to_fit", "transferable", "washable")

# Price (in the listed currency) and typical lifespan ranges per category (DOMAIN.md figures).
PRICE_RANGE: dict[str, tuple[float, float]] = {
    "custom-orthotic": (200.0, 800.0),
    "carbon-fiber": (85.0, 150.0),
}
OTC_PRICE_RANGE = (10.0, 150.0)
LIFESPAN_RANGE: dict[str, tuple[int, int]] = {
    "eva-foam": (3, 6),
    "memory-foam": (3, 12),
    "pu-foam": (3, 12),
    "gel": (6, 18),
    "metatarsal-pad": (3, 24),
    "cork": (12, 36),
    "leather": (12, 36),
    "carbon-fiber": (24, 48),
    "custom-orthotic": (24, 60),
}
ASSESSMENT_FEE_RANGE = (60.0, 200.0)

MIN_PRODUCTS = 72
MIN_BRANDS = 12
MIN_PER_CATEGORY_HARD = 4
MIN_PER_CATEGORY_TARGET = 6

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# No medical claims: these words must not appear in names, descriptions or care text.
FORBIDDEN_RE = re.compile(
    r"\b(treat|treats|treated|treating|treatment|cure|cures|cured|curing|heal|heals|healed|"
    r"healing|fix|fixes|fixed|eliminate|eliminates|relief\s+from|guaranteed|miracle|"
    r"revolutionary|ultimate|best)\b",
    re.IGNORECASE,
)
# Real insole brands the fictional catalog must not resemble.
REAL_BRANDS = (
    "superfeet",
    "scholl",
    "spenco",
    "powerstep",
    "currex",
    "sole",
    "tread labs",
    "vionic",
    "aetrex",
    "protalus",
    "birkenstock",
    "footbalance",
    "oofos",
    "redthread",
    "samurai",
    "walkfit",
    "good feet",
    "sof sole",
    "pedag",
    "bauerfeind",
)
SUBJECT_TO_CLAIM_CHECK = ("name", "description", "care")

Row = dict[str, str]


def split_list(value: str) -> list[str]:
    """Split a ';'-separated list cell, dropping empty items."""
    return [item.strip() for item in value.split(";") if item.strip()]


def to_float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def to_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


class Checker:
    """Collects rule violations for the catalog rows."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, row: Row | None, message: str) -> None:
        prefix = f"{row.get('id', '?')}: " if row is not None else ""
        self.errors.append(prefix + message)

    def check_number(
        self,
        row: Row,
        column: str,
        low: float,
        high: float,
        parse: Callable[[str], float | int | None],
    ) -> float | None:
        value = parse(row[column])
        if value is None:
            self.error(row, f"{column} is not a number: {row[column]!r}")
            return None
        if not low <= value <= high:
            self.error(row, f"{column}={value} outside {low}-{high}")
        return float(value)

    def check_row(self, row: Row) -> None:
        pid = row["id"]
        if not SLUG_RE.match(pid):
            self.error(row, "id is not a lowercase slug")
        for column in (
            "name",
            "brand",
            "category",
            "price",
            "currency",
            "lifespan_months",
            "arch_support",
            "cushioning",
            "length",
            "shoe_types",
            "care",
            "description",
        ):
            if not row[column].strip():
                self.error(row, f"required column {column} is empty")
        for column, allowed in SINGLE_VOCAB.items():
            if row[column] not in allowed:
                self.error(row, f"{column}={row[column]!r} not in vocabulary")
        for column, allowed in LIST_VOCAB.items():
            items = split_list(row[column])
            bad = [item for item in items if item not in allowed]
            if bad:
                self.error(row, f"{column} has unknown values {bad}")
            if len(items) != len(set(items)):
                self.error(row, f"{column} repeats a value")
        if not split_list(row["shoe_types"]):
            self.error(row, "shoe_types is empty")
        for column in BOOL_COLUMNS:
            if row[column] not in ("true", "false"):
                self.error(row, f"{column}={row[column]!r} is not true/false")
        if row["url"]:
            self.error(row, "url must be empty (fictional product)")
        self.check_text(row)
        self.check_figures(row)
        self.check_coherence(row)

    def check_text(self, row: Row) -> None:
        for column in SUBJECT_TO_CLAIM_CHECK:
            text = row[column]
            if "\n" in text or "\r" in text:
                self.error(row, f"{column} is not a single line")
            match = FORBIDDEN_RE.search(text)
            if match:
                self.error(row, f"{column} uses forbidden wording {match.group(0)!r}")
        desc = row["description"]
        if not 50 <= len(desc) <= 140:
            self.error(row, f"description length {len(desc)} outside 50-140")
        if re.search(r"\bback\b", desc, re.IGNORECASE) and "may help" not in desc.lower():
            self.error(row, "description mentions the back without 'may help'")
        lowered = f"{row['brand']} {row['name']}".lower()
        for real in REAL_BRANDS:
            if re.search(rf"\b{re.escape(real)}\b", lowered):
                self.error(row, f"brand/name resembles a real brand ({real})")

    def check_figures(self, row: Row) -> None:
        category = row["category"]
        low, high = PRICE_RANGE.get(category, OTC_PRICE_RANGE)
        self.check_number(row, "price", low, high, to_float)
        life_low, life_high = LIFESPAN_RANGE.get(category, (1, 60))
        life = self.check_number(row, "lifespan_months", life_low, life_high, to_int)
        if row["lifespan_months_max"]:
            life_max = self.check_number(row, "lifespan_months_max", life_low, life_high, to_int)
            if life is not None and life_max is not None and life_max <= life:
                self.error(row, "lifespan_months_max must exceed lifespan_months")
        self.check_number(row, "thickness_mm", 2, 15, to_float)
        self.check_number(row, "weight_g", 15, 200, to_float)
        self.check_number(row, "break_in_days", 0, 21, to_int)
        self.check_number(row, "warranty_months", 0, 24, to_int)
        if category == "custom-orthotic":
            if not row["assessment_fee"]:
                self.error(row, "custom orthotic without assessment_fee")
            else:
                self.check_number(row, "assessment_fee", *ASSESSMENT_FEE_RANGE, to_float)
        elif row["assessment_fee"]:
            self.error(row, "assessment_fee set on a non-custom product")

    def check_coherence(self, row: Row) -> None:
        category = row["category"]
        arch = row["arch_support"]
        rigidity = row["rigidity"]
        length = row["length"]
        shoes = set(split_list(row["shoe_types"]))
        arches = set(split_list(row["suited_arches"]))
        pronation = set(split_list(row["suited_pronation"]))
        concerns = set(split_list(row["concerns"]))
        thickness = to_float(row["thickness_mm"]) or 0.0
        break_in = to_int(row["break_in_days"]) or 0

        if category == "metatarsal-pad":
            if row["metatarsal_pad"] != "true":
                self.error(row, "metatarsal-pad product without metatarsal_pad=true")
            if length not in ("forefoot", "full"):
                self.error(row, "metatarsal-pad product must be forefoot or full length")
        if row["metatarsal_pad"] == "true" and "metatarsalgia" not in concerns:
            self.error(row, "metatarsal pad but metatarsalgia not in concerns")
        if category == "custom-orthotic":
            if rigidity not in ("semi-rigid", "rigid"):
                self.error(row, "custom orthotic must be semi-rigid or rigid")
            if not 7 <= break_in <= 21:
                self.error(row, "custom orthotic break_in_days outside 7-21")
            if row["trim_to_fit"] == "true":
                self.error(row, "custom orthotic marked trim_to_fit")
        if rigidity == "rigid":
            if break_in < 7:
                self.error(row, "rigid product with break_in_days < 7")
            if "build up wear time" not in row["care"].lower():
                self.error(row, "rigid product without break-in guidance in care")
        motion_control = arch in ("medium", "high") and row["heel_cup"] == "deep" and rigidity != "soft"
        if motion_control and not (arches & {"flat", "low"} and "overpronation" in pronation):
            self.error(row, "motion-control product not suited to flat/low arch overpronation")
        if "supination" in pronation and rigidity == "rigid":
            self.error(row, "rigid product listed for supination")
        if "flats-heels" in shoes and (row["volume"] != "low" or thickness > 4 or length == "full"):
            self.error(row, "flats-heels product must be low volume, <= 4 mm, not full length")
        if "dress" in shoes and (row["volume"] != "low" or thickness > 5):
            self.error(row, "dress product must be low volume and <= 5 mm")
        if "work-boots" in shoes and row["cushioning"] == "low":
            self.error(row, "work-boots product with low cushioning")
        if length == "heel" and arch not in ("none", "low"):
            self.error(row, "heel-length product cannot claim arch support")
        if length == "forefoot" and (row["heel_cup"] != "none" or arch != "none"):
            self.error(row, "forefoot product with heel cup or arch support")
        if row["trim_to_fit"] == "false" and "trim to fit" in row["sizes"].lower():
            self.error(row, "sizes says trim to fit but trim_to_fit=false")

    def check_catalog(self) -> None:
        ids = Counter(row["id"] for row in self.rows)
        for pid, count in ids.items():
            if count > 1:
                self.error(None, f"duplicate id {pid!r} ({count} times)")
        if len(self.rows) < MIN_PRODUCTS:
            self.error(None, f"only {len(self.rows)} products (< {MIN_PRODUCTS})")
        brands = {row["brand"] for row in self.rows}
        if len(brands) < MIN_BRANDS:
            self.error(None, f"only {len(brands)} brands (< {MIN_BRANDS})")
        per_category = Counter(row["category"] for row in self.rows)
        for category in sorted(CATEGORIES):
            count = per_category.get(category, 0)
            if count < MIN_PER_CATEGORY_HARD:
                self.error(None, f"category {category} has {count} products (< {MIN_PER_CATEGORY_HARD})")
            elif count < MIN_PER_CATEGORY_TARGET:
                self.warnings.append(f"category {category} has {count} products (target {MIN_PER_CATEGORY_TARGET})")
        non_usd = sum(1 for row in self.rows if row["currency"] != "USD")
        if not 2 <= non_usd <= 6:
            self.error(None, f"{non_usd} non-USD products (expected about 4)")
        with_max = sum(1 for row in self.rows if row["lifespan_months_max"])
        if self.rows and not 0.3 <= with_max / len(self.rows) <= 0.7:
            self.error(None, f"lifespan_months_max filled for {with_max}/{len(self.rows)}")
        for column, minimum in (("transferable", 5), ("washable", 5)):
            count = sum(1 for row in self.rows if row[column] == "true")
            if count < minimum:
                self.error(None, f"only {count} {column} products (< {minimum})")
        work_support = sum(
            1
            for row in self.rows
            if "work-boots" in split_list(row["shoe_types"])
            and row["arch_support"] in ("medium", "high")
            and row["heel_cup"] == "deep"
        )
        if work_support < 3:
            self.error(None, f"only {work_support} supportive deep-cup work-boots products")
        gel_heel = sum(
            1
            for row in self.rows
            if row["category"] == "gel" and row["length"] == "heel" and "heel-pain" in split_list(row["concerns"])
        )
        if gel_heel < 2:
            self.error(None, f"only {gel_heel} heel-length gel products for heel pain")


def load(path: Path) -> tuple[list[str], list[Row], list[str]]:
    """Read the CSV; return header, rows and structural problems."""
    problems: list[str] = []
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append("file starts with a UTF-8 BOM")
    text = raw.decode("utf-8")
    reader = csv.reader(text.splitlines(keepends=True))
    records = list(reader)
    if not records:
        return [], [], ["file is empty"]
    header = records[0]
    if tuple(header) != COLUMNS:
        problems.append(f"header differs from the expected columns: {header}")
        return header, [], problems
    rows: list[Row] = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(COLUMNS):
            problems.append(f"line {number}: {len(record)} cells, expected {len(COLUMNS)}")
            continue
        rows.append(dict(zip(COLUMNS, record, strict=True)))
    return header, rows, problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    _, rows, problems = load(path)
    checker = Checker(rows)
    checker.errors.extend(problems)
    for row in rows:
        checker.check_row(row)
    checker.check_catalog()

    per_category = Counter(row["category"] for row in rows)
    brands = Counter(row["brand"] for row in rows)
    print(f"{path}: {len(rows)} products, {len(brands)} brands")
    print(
        "per category: " + ", ".join(f"{category}={per_category.get(category, 0)}" for category in sorted(CATEGORIES))
    )
    for warning in checker.warnings:
        print(f"WARNING: {warning}")
    if checker.errors:
        for message in checker.errors:
            print(f"ERROR: {message}")
        print(f"FAILED: {len(checker.errors)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
