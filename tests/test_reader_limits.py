"""Issue 11, item 6: a file over the row limit is refused as soon as the limit is passed.

The limit used to be checked after the whole file was parsed: a 1 GiB CSV of tiny rows took 8.8 GB
and a 348 MB JSON of 20M small objects 7.8 GB before being refused. The tests lower the limit to
1,000 rows and check both the sentence and that reading stopped near the limit.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_app.io import csv_reader, json_reader
from catalog_app.io.reader import CatalogReadError, read_catalog_file
from catalog_app.model import limits

LIMIT = 1_000
HEADER = "id,name,brand,category,price,currency,lifespan_months,arch_support,cushioning,length,shoe_types"
ROW = "p{n},Insole {n},Brand,foam,19.95,USD,6,low,high,full,casual"


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", LIMIT)


def tiny_rows_csv(path: Path, rows: int, *, encoding: str = "utf-8", extra: str = "") -> Path:
    lines = [HEADER, *(ROW.format(n=n) for n in range(rows))]
    path.write_text("\n".join(lines) + "\n" + extra, encoding=encoding)
    return path


class CountingReader:
    """pyarrow's streaming CSV reader, counting the rows it hands over."""

    parsed = 0

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self.schema = reader.schema

    def __iter__(self) -> Any:
        for batch in self._reader:
            CountingReader.parsed += batch.num_rows
            yield batch


def count_parsed_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    CountingReader.parsed = 0
    open_csv = pa_csv.open_csv
    monkeypatch.setattr(pa_csv, "open_csv", lambda *args, **kwargs: CountingReader(open_csv(*args, **kwargs)))
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 4096)  # batches of about 70 rows


def test_a_csv_over_the_limit_is_refused_once_the_limit_is_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tiny_rows_csv(tmp_path / "tiny.csv", 20 * LIMIT)
    count_parsed_rows(monkeypatch)
    with pytest.raises(CatalogReadError, match=r"^tiny\.csv has more than 1,000 rows; a catalog has at most 1,000\.$"):
        read_catalog_file(path)
    assert LIMIT < CountingReader.parsed < LIMIT + 200  # one batch past the limit, not 20,000 rows


def test_a_csv_at_the_limit_loads(tmp_path: Path) -> None:
    assert len(read_catalog_file(tiny_rows_csv(tmp_path / "full.csv", LIMIT))) == LIMIT


def test_the_exact_reader_stops_at_the_limit_too(tmp_path: Path) -> None:
    """Not UTF-8 and with a ragged row: Python's csv module reads it, and stops at the limit."""
    path = tiny_rows_csv(tmp_path / "cp1252.csv", 3 * LIMIT, encoding="cp1252", extra="caf\u00e9,1,2\n")
    with pytest.raises(CatalogReadError, match=r"has more than 1,000 rows"):
        read_catalog_file(path)


def products_json(count: int, *, wrapped: bool = False) -> str:
    products = [{"id": f"p{n}", "name": f'Insole "{n}" \\ [x]', "price": 19.95} for n in range(count)]
    return json.dumps({"products": products, "note": [1, 2]} if wrapped else products)


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_json_over_the_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrapped: bool
) -> None:
    path = tmp_path / "many.json"
    path.write_text(products_json(3 * LIMIT, wrapped=wrapped), encoding="utf-8")

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("json.loads built every product before the count was checked")

    monkeypatch.setattr(json_reader.json, "loads", no_parsing)
    with pytest.raises(CatalogReadError, match=r"^many\.json has more than 1,000 rows"):
        read_catalog_file(path)


def test_a_json_at_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "full.json"
    path.write_text(products_json(LIMIT, wrapped=True), encoding="utf-8")
    assert len(read_catalog_file(path)) == LIMIT


def test_a_parquet_file_over_the_limit_is_refused_from_its_footer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.parquet"
    pq.write_table(pa.table({"id": [f"p{n}" for n in range(3 * LIMIT)], "name": ["x"] * (3 * LIMIT)}), path)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the rows were read before the count was checked")

    monkeypatch.setattr(pq, "read_table", no_reading)
    with pytest.raises(CatalogReadError, match=r"has 3,000 rows; a catalog has at most 1,000"):
        read_catalog_file(path)


def json_values(depth: int = 0) -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(), st.integers(), st.sampled_from(['a"b', "\\", '\\"', "[{,}]", "\u00e9\U0001f45f"]), st.text()
    )
    if depth > 3:
        return scalars
    return st.one_of(
        scalars,
        st.lists(st.deferred(lambda: json_values(depth + 1)), max_size=3),
        st.dictionaries(st.text(max_size=3), st.deferred(lambda: json_values(depth + 1)), max_size=3),
    )


def nesting(value: Any, depth: int = 0) -> int:
    children = value if isinstance(value, list) else value.values() if isinstance(value, dict) else None
    if children is None:
        return depth
    return max([depth + 1, *(nesting(child, depth + 1) for child in children)])


@settings(max_examples=200, deadline=None)
@given(items=st.lists(json_values(), max_size=5), block=st.integers(1, 9), seed=st.integers(0, 9))
def test_the_shape_scan_agrees_with_the_parser_across_block_edges(items: list[Any], block: int, seed: int) -> None:
    text = json.dumps(items, ensure_ascii=random.Random(seed).random() < 0.5).encode("utf-8")
    shape = json_reader._JsonShape(text[0])
    for start in range(0, len(text), block):
        shape.feed(text[start : start + block])
    assert shape.deepest == nesting(items)
    assert shape.items == max(len(items) - 1, 0)
