"""Read a JSON array of product objects into a RawTable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog_app.io.csv_reader import decode_text
from catalog_app.io.read_errors import CatalogReadError, json_reason
from catalog_app.model.limits import MAX_JSON_DEPTH
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import cell_text
from catalog_app.model.validation_report import HEADER_ROW, Problem
from catalog_app.validation.text_hygiene import clean_text, removed_warning


def read_json(path: Path) -> RawTable:
    text, invisible = clean_text(decode_text(path.read_bytes()))
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

    _check_json_depth(text, path.name)
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


def _check_json_depth(text: str, name: str) -> None:
    depth = deepest = 0
    in_string = escaped = False
    for char in text if len(text) < 50_000_000 else text[:50_000_000]:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise CatalogReadError(
                    f"{name} is nested more than {MAX_JSON_DEPTH} levels deep; a catalog is a flat list of products."
                )
        elif char in "]}":
            depth -= 1


def _json_kind(data: Any) -> str:
    kinds = {dict: "an object", str: "a string", int: "a number", float: "a number", bool: "true or false"}
    return kinds.get(type(data), "null" if data is None else "something else")
