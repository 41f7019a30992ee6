"""Synthetic catalogs of any size, for benchmarks and demos: valid, varied and repeatable.

Each generated product line copies the coherent traits of a product in the bundled catalog (its
brand, category, fit, shoe types, concerns, care notes), so brands, categories and attribute
combinations follow the bundled catalog's spread; prices and lifespans are drawn from the
per-category ranges of the domain notes. A line comes in several sizes, one row per size, as a
distributor's catalog lists them. Everything is drawn from one numpy Generator, so a seed always
gives the same file, and every step is vectorized (a million rows take a few seconds).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.model import limits
from catalog_app.model.schema import COLUMN_NAMES
from catalog_app.model.vocabulary import label

BUNDLED_CATALOG = "insoles.csv"
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
WRITABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".parquet")
XLSX_SAMPLE_ROWS = 1_000  # written to estimate how far a large workbook's XML expands


class WorkbookTooLargeError(ValueError):
    """The workbook would expand past what the reader accepts (MAX_XLSX_UNCOMPRESSED_BYTES)."""


@dataclass(frozen=True)
class CategoryRange:
    """Price (USD) and typical lifespan (months) of a category, from the domain notes."""

    price: tuple[float, float]
    lifespan: tuple[int, ...]  # typical figures a maker would print
    lifespan_max: tuple[int, ...]


# DOMAIN.md: OTC $10–$150 (budget $10–$40, premium $45–$150), carbon ~$105, custom $200–$800;
# EVA 3–6 months, memory foam 6–12, gel 6–18, leather/cork 12–36, custom and carbon 24–60.
CATEGORY_RANGES: dict[str, CategoryRange] = {
    "memory-foam": CategoryRange((12.0, 50.0), (6, 6, 8, 9), (9, 12)),
    "gel": CategoryRange((10.0, 45.0), (6, 6, 9, 12), (12, 18)),
    "carbon-fiber": CategoryRange((85.0, 150.0), (24, 30, 36), (48, 60)),
    "metatarsal-pad": CategoryRange((10.0, 55.0), (3, 4, 6, 12), (6, 12)),
    "eva-foam": CategoryRange((10.0, 40.0), (3, 3, 4, 6), (4, 6)),
    "pu-foam": CategoryRange((25.0, 60.0), (3, 4, 6, 8), (6, 9)),
    "cork": CategoryRange((30.0, 70.0), (12, 18, 24), (24, 36)),
    "leather": CategoryRange((20.0, 90.0), (12, 18, 24), (24, 36)),
    "custom-orthotic": CategoryRange((200.0, 800.0), (24, 36, 48), (48, 60)),
}

# What a product's arch support suits, when a line's support differs from its template's.
SUITED_ARCHES_FOR_SUPPORT = {"none": "medium;high", "low": "medium;high", "medium": "low;medium", "high": "flat;low"}
SUPPORT_LEVELS = ("none", "low", "medium", "high")
CURRENCIES = (("USD", 0.94), ("EUR", 0.03), ("GBP", 0.03))
WARRANTIES = (0, 3, 6, 12, 24)
LINE_FIRST = (
    "Cloud", "Stride", "Arch", "Trail", "Core", "Flex", "Terra", "Nimbus", "Pulse", "Glide",
    "Summit", "Harbor", "Ember", "Willow", "Atlas", "Cinder", "Drift", "Fern", "Granite", "Haven",
)  # fmt: skip
LINE_SECOND = ("rest", "step", "form", "line", "lift", "guard", "walk", "run", "fit", "base", "path", "mark")
LINE_VARIANT = (
    "Full", "Plus", "Pro", "Slim", "Sport", "Work", "Dress", "Trail", "Max", "Lite",
    "Comfort", "Support", "Active", "Classic", "Thin", "Wide",
)  # fmt: skip
# Sizes a line comes in: EU 35–47 or US men's 6–15; lines sold as one piece have one row.
EU_SIZES = np.arange(35, 48)
US_SIZES = np.arange(6, 16)


def bundled_rows() -> list[dict[str, str]]:
    with (
        resources.as_file(resources.files("catalog_data") / BUNDLED_CATALOG) as path,
        Path(path).open(encoding="utf-8", newline="") as handle,
    ):
        return list(csv.DictReader(handle))


def generate_catalog(rows: int, seed: int = 0) -> pd.DataFrame:
    """A valid synthetic catalog of exactly `rows` products (numbers as floats, flags as bools)."""
    table = generate_table(rows, seed)
    return _plain(table).to_pandas(types_mapper=_string_types)


def _plain(table: pa.Table) -> pa.Table:
    """Dictionary-encoded text decoded to plain strings."""
    columns = [
        column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column
        for column in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def _string_types(arrow_type: pa.DataType) -> object:
    return pd.StringDtype(na_value=np.nan) if arrow_type == pa.string() else None


def generate_table(rows: int, seed: int = 0) -> pa.Table:
    """The same catalog as a pyarrow Table, which the writers use directly."""
    if rows < 0:
        raise ValueError("rows must not be negative")
    rng = np.random.default_rng(seed)
    templates = {column: np.array(values, dtype=object) for column, values in _bundled_columns().items()}
    lines = _size_plan(rng, templates, rows)
    _line_traits(rng, lines)
    return _rows_of(rng, lines, rows)


def _bundled_columns() -> dict[str, list[str]]:
    rows = bundled_rows()
    return {column: [row[column] for row in rows] for column in rows[0]}


Lines = dict[str, np.ndarray]


def _size_plan(rng: np.random.Generator, templates: dict[str, np.ndarray], rows: int) -> Lines:
    """Product lines (a bundled product to copy each) and the sizes each comes in, enough for `rows`."""
    count = rows // 2 + 8
    while True:
        pick = rng.integers(0, len(templates["id"]), count)
        category = templates["category"][pick]
        custom = category == "custom-orthotic"
        trim = (templates["trim_to_fit"][pick] == "true") ^ (rng.random(count) < 0.1)
        # Custom orthotics are made to order and some insoles are trimmed to any size: one row each.
        one_size = custom | (trim & (rng.random(count) < 0.3))
        us = rng.random(count) < 0.3
        first = np.where(us, rng.integers(0, 3, count), rng.integers(0, 4, count))
        span = np.where(us, len(US_SIZES), len(EU_SIZES)) - first
        size_count = np.where(one_size, 1, rng.integers(np.minimum(4, span), span + 1))
        ends = np.cumsum(size_count)
        if ends[-1] >= rows:
            break
        count *= 2
    used = int(np.searchsorted(ends, rows)) + 1 if rows else 0
    lines = {column: values[pick[:used]] for column, values in templates.items()}
    lines["trim_to_fit"] = trim[:used]
    lines["size_count"] = size_count[:used]
    lines["size_first"] = first[:used]
    lines["size_system"] = np.where(one_size, np.where(custom, 2, 3), np.where(us, 1, 0))[:used]
    return lines


def _line_traits(rng: np.random.Generator, lines: Lines) -> None:
    """What varies between lines copied from the same bundled product: price, lifespan, fit."""
    count = len(lines["id"])
    category = lines["category"]
    lines["price"] = _prices(rng, category)
    lines["lifespan_months"], lines["lifespan_months_max"] = _lifespans(rng, category)
    level_of = {value: position for position, value in enumerate(SUPPORT_LEVELS)}
    template_levels = np.array([level_of[value] for value in lines["arch_support"]], dtype=np.int64)
    levels = np.clip(template_levels + rng.choice([-1, 0, 0, 0, 0, 0, 1], count), 0, 3)
    changed = levels != template_levels
    lines["arch_support"] = np.array(SUPPORT_LEVELS, dtype=object)[levels]
    derived = np.array([SUITED_ARCHES_FOR_SUPPORT[value] for value in SUPPORT_LEVELS], dtype=object)[levels]
    lines["suited_arches"] = np.where(changed, derived, lines["suited_arches"])
    currencies, weights = zip(*CURRENCIES, strict=True)
    lines["currency"] = np.array(currencies, dtype=object)[rng.choice(len(currencies), count, p=np.array(weights))]
    lines["thickness_mm"] = _thickness(rng, lines["volume"])
    lines["weight_g"] = np.round(lines["thickness_mm"] * rng.uniform(9, 16, count) / 5) * 5
    lines["break_in_days"] = _break_in(rng, lines["rigidity"])
    lines["warranty_months"] = rng.choice(WARRANTIES, count, p=[0.28, 0.08, 0.22, 0.33, 0.09]).astype(np.float64)
    custom = category == "custom-orthotic"
    lines["assessment_fee"] = np.where(custom, rng.integers(8, 21, count) * 10.0, np.nan)
    for flag in ("transferable", "washable"):
        lines[flag] = (lines[flag] == "true") ^ (rng.random(count) < 0.1)
    lines["metatarsal_pad"] = lines["metatarsal_pad"] == "true"
    lines["line_name"] = _line_names(rng, count)
    lines["has_url"] = rng.random(count) < 0.1


def _prices(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    low = np.array([CATEGORY_RANGES[value].price[0] for value in category])
    high = np.array([CATEGORY_RANGES[value].price[1] for value in category])
    # Log-uniform: cheap insoles are common, premium ones rarer; prices end in .00, .49, .95 or
    # .99 and stay inside the range (a price below a whole amount is one dollar less plus cents).
    whole = np.floor(np.exp(rng.uniform(np.log(low + 1), np.log(high + 1))))
    cents = rng.choice([0.0, 0.49, 0.95, 0.99], len(category), p=[0.3, 0.1, 0.35, 0.25])
    return np.asarray(np.round(np.minimum(whole - (cents > 0) + cents, high), 2))


def _lifespans(rng: np.random.Generator, category: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    typical = np.empty(len(category))
    upper = np.empty(len(category))
    for value in np.unique(category):
        rows = category == value
        ranges = CATEGORY_RANGES[str(value)]
        typical[rows] = rng.choice(ranges.lifespan, rows.sum())
        upper[rows] = rng.choice(ranges.lifespan_max, rows.sum())
    upper = np.maximum(upper, typical)
    # About half the products print a range; the rest one figure.
    return typical, np.where(rng.random(len(category)) < 0.5, upper, np.nan)


def _thickness(rng: np.random.Generator, volume: np.ndarray) -> np.ndarray:
    low = np.select([volume == "low", volume == "high"], [2, 6], 4)
    return (low + rng.integers(0, 4, len(volume))).astype(np.float64)


def _break_in(rng: np.random.Generator, rigidity: np.ndarray) -> np.ndarray:
    most = np.select([rigidity == "soft", rigidity == "rigid"], [3, 21], 10)
    return np.asarray(np.floor(rng.random(len(rigidity)) * (most + 1)))


def _pick(rng: np.random.Generator, words: tuple[str, ...], count: int) -> pa.Array:
    return pa.array(np.array(words, dtype=object)[rng.integers(0, len(words), count)], type=pa.string())


def _line_names(rng: np.random.Generator, count: int) -> np.ndarray:
    first = pc.binary_join_element_wise(_pick(rng, LINE_FIRST, count), _pick(rng, LINE_SECOND, count), "")
    model = pc.cast(pa.array(rng.integers(100, 1000, count)), pa.string())
    names = pc.binary_join_element_wise(first, _pick(rng, LINE_VARIANT, count), model, " ")
    return np.asarray(names.to_numpy(zero_copy_only=False))


def _rows_of(rng: np.random.Generator, lines: Lines, rows: int) -> pa.Table:
    """One row per size of each line; text columns are built by pyarrow, never in a Python loop."""
    counts = lines["size_count"]
    line_of_row = np.repeat(np.arange(len(counts)), counts)[:rows]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    within = np.arange(len(line_of_row)) - starts[line_of_row]
    system = lines["size_system"][line_of_row]
    number = lines["size_first"][line_of_row] + within
    size_value = np.where(system == 1, US_SIZES[np.minimum(number, len(US_SIZES) - 1)], EU_SIZES[number % 13])
    prefix = np.array(["EU ", "US M", "made to order", "trim to fit"], dtype=object)[system]
    sizes = pc.binary_join_element_wise(
        pa.array(prefix, type=pa.string()),
        pc.if_else(pa.array(system >= 2), "", pc.cast(pa.array(size_value), pa.string())),
        "",
    )
    take = pa.array(line_of_row)

    def line_column(column: str) -> pa.Array:
        # Text repeats across a line's sizes: dictionary-encode it per line, then repeat the codes.
        values = pa.array(lines[column], from_pandas=True)
        if not pa.types.is_string(values.type):
            return values.take(take)
        return _repeat(values, take)

    brand = line_column("brand").cast(pa.string())
    line_name = line_column("line_name").cast(pa.string())
    brand_slug = pc.utf8_lower(pc.replace_substring(brand, " ", "-"))
    line_slug = pc.utf8_lower(pc.replace_substring(line_name, " ", "-"))
    line_key = pc.cast(pa.array(line_of_row), pa.string())
    ids = pc.binary_join_element_wise(
        brand_slug, line_slug, line_key, pc.utf8_lower(pc.replace_substring(sizes, " ", "-")), "-"
    )
    url = pc.if_else(
        line_column("has_url"), pc.binary_join_element_wise("https://shop.example/", brand_slug, "/", ids, ""), ""
    )
    columns: dict[str, pa.Array] = {
        "id": ids,
        "name": pc.binary_join_element_wise(line_name, " (", sizes, ")", ""),
        "brand": brand,
        "sizes": sizes,
        "url": url,
        "description": _repeat(_descriptions(lines), take),
    }
    for column in COLUMN_NAMES:
        if column not in columns:
            columns[column] = line_column(column)
    return pa.table({column: columns[column] for column in COLUMN_NAMES})


def _repeat(values: pa.Array, take: pa.Array) -> pa.DictionaryArray:
    encoded = values.dictionary_encode()
    return pa.DictionaryArray.from_arrays(encoded.indices.take(take), encoded.dictionary)


def _descriptions(lines: Lines) -> pa.Array:
    """A one-line description per product line, from its traits (never a health claim)."""

    def words(column: str, table: dict[str, str]) -> pa.Array:
        return pa.array([table[value] for value in lines[column]], type=pa.string())

    length = {"full": "Full-length", "three-quarter": "Three-quarter", "heel": "Heel", "forefoot": "Forefoot"}
    category = {value: _category_words(value) for value in CATEGORY_RANGES}
    arch = {"none": "no arch support", "low": "low arch", "medium": "medium arch", "high": "high arch"}
    heel = {"none": "flat heel", "shallow": "shallow heel cup", "deep": "deep heel cup"}
    cushioning = {"low": "light cushioning", "medium": "medium cushioning", "high": "thick cushioning"}
    head = pc.binary_join_element_wise(words("length", length), words("category", category), "insole", " ")
    return pc.binary_join_element_wise(
        head,
        words("arch_support", arch),
        words("cushioning", cushioning),
        pc.binary_join_element_wise(words("heel_cup", heel), ".", ""),
        ", ",
    )


def _category_words(value: str) -> str:
    return {"eva-foam": "EVA foam", "pu-foam": "PU foam"}.get(value, label(value).lower())


def write_catalog(table: pa.Table | pd.DataFrame, path: Path) -> None:
    """Write a generated catalog as CSV (or TSV), XLSX or Parquet, chosen by the suffix."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        _write_delimited(table, path, "\t" if suffix == ".tsv" else ",")
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    elif suffix == ".xlsx":
        _write_xlsx(table, path)
    else:
        raise ValueError(f"cannot write '{suffix}'; use one of {', '.join(WRITABLE_SUFFIXES)}")


def _write_delimited(table: pa.Table, path: Path, delimiter: str) -> None:
    """CSV as a spreadsheet saves it: quotes only around the cells that need them."""
    with path.open("wb") as handle:
        handle.write((delimiter.join(_quoted_text(name, delimiter) for name in table.column_names) + "\n").encode())
        for batch in table.to_batches(max_chunksize=200_000):
            cells = [_csv_cells(column, delimiter) for column in batch.columns]
            lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, delimiter), "\n", "")
            handle.write(_joined_bytes(lines))


def _quoted_text(text: str, delimiter: str) -> str:
    needs = any(char in text for char in (delimiter, '"', "\n", "\r"))
    return '"' + text.replace('"', '""') + '"' if needs else text


def _csv_cells(column: pa.Array, delimiter: str) -> pa.Array:
    """A column as CSV cells: numbers without a trailing '.0' as a person types them, flags as
    true/false, text quoted where it holds the delimiter, a quote or a line break."""
    if pa.types.is_dictionary(column.type):
        return _csv_cells(column.dictionary, delimiter).take(column.indices)
    if pa.types.is_floating(column.type):
        whole = pc.equal(column, pc.floor(column))
        as_int = pc.cast(pc.cast(column, pa.int64(), safe=False), pa.string())
        return pc.fill_null(pc.if_else(whole, as_int, pc.cast(column, pa.string())), "")
    if pa.types.is_boolean(column.type):
        return pc.if_else(column, "true", "false")
    if not pa.types.is_string(column.type):
        return pc.fill_null(pc.cast(column, pa.string()), "")
    pattern = "[" + ("\\t" if delimiter == "\t" else delimiter) + '"\\r\\n]'
    needs = pc.match_substring_regex(column, pattern)
    if not pc.any(needs).as_py():
        return column
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(column.filter(needs), '"', '""'), '"', "")
    return pc.replace_with_mask(column, needs, quoted)


def _joined_bytes(lines: pa.Array) -> memoryview:
    """The text of a string array's rows, end to end (its data buffer between the first and last offset)."""
    lines = pa.concat_arrays([lines]) if lines.offset else lines
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1)
    data = lines.buffers()[2]
    return memoryview(b"") if data is None else memoryview(data)[offsets[0] : offsets[-1]]


def _write_xlsx(table: pa.Table, path: Path | io.BytesIO) -> None:
    import openpyxl

    if table.num_rows > XLSX_MAX_ROWS:
        raise ValueError(f"an .xlsx sheet holds at most {XLSX_MAX_ROWS:,} products; write CSV or Parquet instead")
    if isinstance(path, Path):
        _refuse_what_the_reader_refuses(table)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("catalog")
    sheet.append(table.column_names)
    for batch in table.to_batches(max_chunksize=10_000):
        columns = [_xlsx_cells(column) for column in batch.columns]
        for row in zip(*columns, strict=True):
            sheet.append([_as_text_cell(sheet, value) if _looks_like_formula(value) else value for value in row])
    workbook.save(path)


def _refuse_what_the_reader_refuses(table: pa.Table) -> None:
    """A workbook whose XML would expand past the reader's limit is refused before it is written
    (minutes of work for a file no one can open)."""
    rows = table.num_rows
    if rows * 16_384 <= limits.MAX_XLSX_UNCOMPRESSED_BYTES:
        return  # far below the limit whatever the rows hold
    estimate, per_row = xlsx_expanded_bytes(table)
    if estimate * 1.01 > limits.MAX_XLSX_UNCOMPRESSED_BYTES:  # the estimate is within 0.2%: keep a margin
        most = int(limits.MAX_XLSX_UNCOMPRESSED_BYTES * 0.98 / per_row)
        raise WorkbookTooLargeError(
            f"{rows:,} products would make a workbook that expands to about {estimate / 2**20:,.0f} MB, more than "
            f"the {limits.MAX_XLSX_UNCOMPRESSED_BYTES / 2**20:,.0f} MB a catalog workbook may expand to, so it could "
            f"not be opened; write at most about {most:,} products to .xlsx, or write .csv or .parquet."
        )


def xlsx_expanded_bytes(table: pa.Table) -> tuple[float, float]:
    """How large the workbook's XML would be, and its bytes per row: an evenly spread sample of
    rows is written as the real file would be, and scaled (with the longer cell references that
    later row numbers take)."""
    rows = table.num_rows
    sample = table.take(np.unique(np.linspace(0, rows - 1, min(rows, XLSX_SAMPLE_ROWS)).astype(np.int64)))
    empty, written = _expanded(table.slice(0, 0)), _expanded(sample)
    per_sample_row = (written - empty) / sample.num_rows
    # Each written cell and each row name the row number once (r="A123", <row r="123">).
    references = sum(1 - column.null_count / len(column) for column in sample.columns) + 1
    extra_digits = _digits(rows + 1) / rows - _digits(sample.num_rows + 1) / sample.num_rows
    per_row = per_sample_row + references * extra_digits
    return empty + per_row * rows, per_row


def _expanded(table: pa.Table) -> int:
    buffer = io.BytesIO()
    _write_xlsx(table, buffer)
    with zipfile.ZipFile(buffer) as archive:
        return sum(info.file_size for info in archive.infolist())


def _digits(last_row: int) -> int:
    """The digits of the row numbers 2..last_row, written end to end."""
    total, width, start = 0, 1, 2
    while start <= last_row:
        end = min(last_row, 10**width - 1)
        total += max(0, end - start + 1) * width
        start, width = max(start, 10**width), width + 1
    return total


def _looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _as_text_cell(sheet: Any, value: str) -> Any:
    """A cell that keeps "=..." as the text it is: openpyxl would otherwise write a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _xlsx_cells(column: pa.Array) -> list[object]:
    values = column.to_pylist()
    if pa.types.is_floating(column.type):
        return [None if value is None else (int(value) if value.is_integer() else value) for value in values]
    return list(values)
