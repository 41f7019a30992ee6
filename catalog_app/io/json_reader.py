"""Read a JSON array of product objects into a RawTable.

Before anything is parsed, one pass over the bytes (in blocks, with numpy) finds how deep the
nesting goes and how many products the array holds: a file nested too deeply or holding more
products than a catalog may is refused then, without building a Python object for every product.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from catalog_app.io.csv_reader import UTF8_BOM, UTF16_BOMS, decode_text
from catalog_app.io.read_errors import CatalogReadError, json_reason
from catalog_app.model import limits
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import cell_text
from catalog_app.model.validation_report import HEADER_ROW, Problem
from catalog_app.validation.text_hygiene import clean_text, removed_warning


def read_json(path: Path) -> RawTable:
    data = path.read_bytes()
    _check_json_shape(data, path.name)
    text, invisible = clean_text(decode_text(data))
    del data
    duplicate_keys: list[tuple[int, str]] = []
    counter = {"objects": 0}

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        counter["objects"] += 1
        obj: dict[str, Any] = {}
        for key, value in pairs:
            if key in obj:
                duplicate_keys.append((counter["objects"], key))
            obj[key] = value
        return obj

    try:
        data = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as error:
        raise CatalogReadError(
            f"{path.name} is not valid JSON at line {error.lineno}, column {error.colno}: {json_reason(error.msg)}."
        ) from None
    except RecursionError:
        raise CatalogReadError(f"{path.name} is nested too deeply to be a catalog.") from None
    if isinstance(data, dict) and isinstance(data.get("products"), list):
        data = data["products"]
    if not isinstance(data, list):
        raise CatalogReadError(f"{path.name} must hold a JSON array of product objects, not {_json_kind(data)}.")
    header: list[str] = []
    for item in data:
        if isinstance(item, dict):
            header.extend(key for key in item if key not in header)
    records: list[list[str]] = []
    warnings: list[Problem] = []
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            warnings.append(Problem(position, "", "", "item is not a product object and is skipped"))
            records.append([""] * len(header))
            continue
        records.append([_json_cell(item.get(key)) for key in header])
    if duplicate_keys:
        warnings.append(
            Problem(HEADER_ROW, duplicate_keys[0][1], "", "a key appears twice in one object; the last value is used")
        )
    if not header:
        raise CatalogReadError(f"{path.name} holds no product objects.")
    table = RawTable.from_records([key.strip() for key in header], records, path.name, first_row=1)
    table.warnings.extend(warnings)
    if invisible:
        table.warnings.insert(0, Problem(HEADER_ROW, "", "", removed_warning(invisible)))
    return table


def _json_cell(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value)
    return cell_text(value)


SCAN_BLOCK_BYTES = 1 << 22
LEADING_SPACE = re.compile(rb"[ \t\r\n]*")


class _JsonShape:
    """The nesting depth and the commas between products (items - 1), read from the bytes of an
    ASCII-compatible JSON text block by block (quotes, escapes and state carried across blocks)."""

    def __init__(self, first: int) -> None:
        self.depth = self.deepest = self.items = self.current = 0
        self.in_string = False
        self.backslashes = 0  # the run of backslashes that ended the previous block
        # Products are the items of the top-level array, or of the arrays in a top-level object.
        self.items_depth = {ord("["): 1, ord("{"): 2}.get(first, -1)

    def feed(self, block: bytes) -> None:
        data = np.frombuffer(block, dtype=np.uint8)
        is_quote = data == ord('"')
        if self.backslashes or b"\\" in block:
            quotes = np.flatnonzero(is_quote)
            is_quote[quotes[self._escaped(block, data, quotes)]] = False
        else:
            self.backslashes = 0
        # Inside a string where an odd number of quotes (plus the carried state) came before.
        inside = np.cumsum(is_quote, dtype=np.uint8) & 1  # wraps at 256: the parity survives
        if self.in_string:
            inside ^= 1
        folded = data | 0x20  # "[" and "{" differ by that bit only, as "]" and "}" do
        opens, closes = folded == ord("{"), folded == ord("}")
        marks = np.flatnonzero((opens | closes | (data == ord(","))) & (inside == 0))
        if len(data):
            self.in_string = bool(inside[-1])
        steps = opens[marks].astype(np.int64) - closes[marks]
        depths = self.depth + np.cumsum(steps)
        if len(depths):
            self.deepest = max(self.deepest, int(depths.max()))
            self.depth = int(depths[-1])
        self._count_items(data[marks] == ord(","), steps, depths)

    def _count_items(self, commas: np.ndarray, steps: np.ndarray, depths: np.ndarray) -> None:
        """Items are the commas of one container at the products' depth, plus one; a container
        opening at that depth starts a new count, and the largest count is kept."""
        chosen = (depths == self.items_depth) & (commas | (steps == 1))
        is_comma = commas[chosen]
        if not len(is_comma):
            return
        seen = np.cumsum(is_comma)
        counts = seen - np.maximum.accumulate(np.where(is_comma, 0, seen))
        counts[np.cumsum(~is_comma) == 0] += self.current  # the container open since an earlier block
        self.items = max(self.items, int(counts.max()))
        self.current = int(counts[-1])

    def _escaped(self, block: bytes, data: np.ndarray, quotes: np.ndarray) -> np.ndarray:
        """Which quotes follow an odd run of backslashes (escaped in a string)."""
        carried = self.backslashes
        kept = block.rstrip(b"\\")
        self.backslashes = len(block) - len(kept) + (carried if not kept else 0)
        if not len(quotes) or not (carried or b"\\" in block):
            return np.zeros(len(quotes), dtype=bool)
        runs = np.zeros(len(quotes), dtype=np.int64)
        active = np.arange(len(quotes))
        back = 1
        while len(active):  # step back over each quote's backslashes: runs are short
            before = quotes[active] - back
            runs[active[before < 0]] += carried  # the run reaches back to the start of the block
            active, before = active[before >= 0], before[before >= 0]
            active = active[data[before] == ord("\\")]
            runs[active] += 1
            back += 1
        return np.asarray(runs % 2 == 1)


def _check_json_shape(data: bytes, name: str) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and more products than MAX_ROWS, before parsing."""
    if data.startswith(UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return  # decoding says so, in its own words
    spaces = LEADING_SPACE.match(data, len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0)
    assert spaces is not None  # the pattern matches the empty string
    first = spaces.end()
    shape = _JsonShape(data[first] if first < len(data) else -1)
    view = memoryview(data)
    for start in range(first, len(data), SCAN_BLOCK_BYTES):
        shape.feed(bytes(view[start : start + SCAN_BLOCK_BYTES]))
        if shape.deepest > limits.MAX_JSON_DEPTH:
            raise CatalogReadError(
                f"{name} is nested more than {limits.MAX_JSON_DEPTH} levels deep; a catalog is a flat list of products."
            )
        if shape.items + 1 > limits.MAX_ROWS:
            raise CatalogReadError(limits.too_many_rows(name))


def _json_kind(data: Any) -> str:
    kinds = {dict: "an object", str: "a string", int: "a number", float: "a number", bool: "true or false"}
    return kinds.get(type(data), "null" if data is None else "something else")
