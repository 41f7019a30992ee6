"""The shop's catalog in the shared PostgreSQL store: publish numbered versions, list them, load one.

Publishing reads and validates a catalog file exactly as `insole-catalog validate` does and
refuses a file with broken rows (with the same report); a clean catalog goes in as one new
version, in one transaction, by binary COPY of its Arrow table (ADBC `adbc_ingest`), never row by
row. Older versions are kept. Loading fetches one version as Arrow by binary COPY (a large
catalog in two halves over two connections at once) and turns it into the same `Catalog` the CSV
path gives, so everything downstream works unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from adbc_driver_manager import Error as DriverError

from catalog_app.io.catalog import Catalog, Progress, load_catalog
from catalog_app.io.catalog_connection import (
    CatalogDatabaseError,
    NoPublishedCatalogError,
    adbc_url,
    connect,
    problem_sentence,
)
from catalog_app.io.catalog_layout import (
    PRODUCT_TABLE,
    VERSION_TABLE,
    frame_from_stored,
    select_products_sql,
    stored_table,
)
from catalog_app.io.catalog_tables import prepare_catalog_tables
from catalog_app.model.validation_report import ValidationReport
from catalog_app.storage.database import display_url

if TYPE_CHECKING:
    from adbc_driver_manager.dbapi import Cursor

NOTIFY_CHANNEL = "insole_catalog"
# Publishers queue on this lock, so each takes the next number in turn (any role may take it).
PUBLISH_LOCK = 0x1A50_1E_CA  # "insole catalog"
FETCH_SHARE = 0.8  # of a load's progress: fetching the rows; the rest is building the frame
FETCH_PARTS = 2  # connections a large catalog is read over at once
PARALLEL_FROM_ROWS = 100_000
UNDEFINED_TABLE = "42P01"


@dataclass(frozen=True)
class CatalogVersion:
    number: int
    published_by: str
    published_at: datetime
    product_count: int
    source_name: str


def publish_catalog(url: str, path: Path | str, *, publisher: str | None = None) -> CatalogVersion:
    """Validate the catalog at `path` and store it as the next version; `publisher` names who
    published it (default: the database role that connects).

    Raises `CatalogReadError` for a file that is not a catalog, `CatalogRejectedError` (with the
    report) for one with broken rows, and `CatalogDatabaseError` (one sentence) when the store
    cannot take it. Sends NOTIFY insole_catalog, 'catalog:<number>' with the commit."""
    adbc_url(url)  # a store that cannot hold the shop catalog is said before a large file is read
    catalog = load_catalog(path, invalid_rows="reject-file")
    products = stored_table(catalog.frame, version=0)
    _prepare_tables(url)
    conn = connect(url)
    try:
        with conn.cursor() as cursor:
            published = _insert_version(cursor, publisher, len(catalog.frame), catalog.source)
            version = pa.array([published.number] * products.num_rows, type=pa.int32())
            cursor.adbc_ingest(PRODUCT_TABLE, products.set_column(0, "version", version), mode="append")
            cursor.execute("SELECT 1 FROM pg_notify($1, $2)", (NOTIFY_CHANNEL, f"catalog:{published.number}"))
            cursor.fetchall()
        conn.commit()
    except DriverError as error:
        raise CatalogDatabaseError(problem_sentence(error, url, "publish catalogs")) from None
    finally:
        conn.close()
    return published


def _prepare_tables(url: str) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    try:
        prepare_catalog_tables(url)
    except SQLAlchemyError as error:
        raise CatalogDatabaseError(problem_sentence(error, url, "publish catalogs")) from None


def _insert_version(cursor: Cursor, publisher: str | None, count: int, source: str) -> CatalogVersion:
    cursor.execute("SELECT 1 FROM pg_advisory_xact_lock($1)", (PUBLISH_LOCK,))
    cursor.fetchall()
    cursor.execute(
        f"INSERT INTO {VERSION_TABLE} (number, published_by, product_count, source_name) "
        f"SELECT coalesce(max(number), 0) + 1, coalesce($1::text, current_user), $2, $3 FROM {VERSION_TABLE} "
        "RETURNING number, published_by, published_at, product_count, source_name",
        (publisher, count, source),
    )
    row = cursor.fetchone()
    assert row is not None
    return _version_of(row)


def catalog_versions(url: str) -> list[CatalogVersion]:
    """Every published version, oldest first (empty when none has been published)."""
    return _versions(url, f"{_VERSION_COLUMNS} ORDER BY number")


def latest_catalog_version(url: str) -> CatalogVersion | None:
    """The newest published version, or None; one short query."""
    found = _versions(url, f"{_VERSION_COLUMNS} ORDER BY number DESC LIMIT 1")
    return found[0] if found else None


_VERSION_COLUMNS = f"SELECT number, published_by, published_at, product_count, source_name FROM {VERSION_TABLE}"


def _versions(url: str, query: str) -> list[CatalogVersion]:
    conn = connect(url)
    try:
        with conn.cursor() as cursor:
            return [_version_of(row) for row in _rows(cursor, query, url)]
    finally:
        conn.close()


def _rows(cursor: Cursor, query: str, url: str, parameters: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]]:
    """The rows of a small query; a store without the catalog tables simply has no versions."""
    try:
        cursor.execute(query, parameters)
        return list(cursor.fetchall())
    except DriverError as error:
        if getattr(error, "sqlstate", None) == UNDEFINED_TABLE:
            return []
        raise CatalogDatabaseError(problem_sentence(error, url, "read the shop catalog")) from None


def _version_of(row: tuple[Any, ...]) -> CatalogVersion:
    number, published_by, published_at, product_count, source_name = row
    return CatalogVersion(int(number), str(published_by), published_at, int(product_count), str(source_name))


def load_published_catalog(url: str, version: int | None = None, progress: Progress | None = None) -> Catalog:
    """The published catalog (the latest when `version` is None) as a `Catalog`, exactly as the
    CSV path would give it. `progress(fraction, stage)` hears how far it is; it may raise to stop."""

    def report(fraction: float, stage: str) -> None:
        if progress is not None:
            progress(fraction, stage)

    report(0.0, "Connecting to the shared store")
    conn = connect(url)
    try:
        with conn.cursor() as cursor:
            chosen = _chosen_version(cursor, url, version)
    finally:
        conn.close()
    stage = f"Reading shop catalog version {chosen.number}"
    report(0.02, stage)
    table = _fetch_products(url, chosen, lambda done: report(0.02 + (FETCH_SHARE - 0.02) * done, stage))
    report(FETCH_SHARE, "Preparing products")
    frame = frame_from_stored(table)
    source = f"shop catalog version {chosen.number}"
    report_of_load = ValidationReport(source=source, total_rows=len(frame))  # validated when it was published
    catalog = Catalog(frame=frame, source=source, report=report_of_load, published_version=chosen.number)
    report(1.0, "Done")
    return catalog


def _chosen_version(cursor: Cursor, url: str, version: int | None) -> CatalogVersion:
    if version is None:
        rows = _rows(cursor, f"{_VERSION_COLUMNS} ORDER BY number DESC LIMIT 1", url)
    else:
        rows = _rows(cursor, f"{_VERSION_COLUMNS} WHERE number = $1", url, (int(version),))
    if rows:
        return _version_of(rows[0])
    if version is None:
        raise NoPublishedCatalogError(
            f"No shop catalog has been published to {display_url(url)} yet; "
            "publish one with 'insole-catalog catalog publish FILE'."
        )
    raise NoPublishedCatalogError(
        f"{display_url(url)} has no shop catalog version {version}; 'insole-catalog catalog versions' lists them."
    )


def _fetch_products(url: str, chosen: CatalogVersion, done: Callable[[float], None]) -> pa.Table:
    """The version's rows, in catalog order, as one Arrow table. A large catalog is read in
    `FETCH_PARTS` ranges of positions over as many connections at once: decoding the binary COPY
    is the slow half of a load and the driver does it without holding the GIL, so the parts decode
    side by side (and the server reads them side by side). Every part is joined before return."""
    count = chosen.product_count
    parts = FETCH_PARTS if count >= PARALLEL_FROM_ROWS else 1
    step = -(-count // parts) if count else 1
    bounds = [(index * step, None if index == parts - 1 else (index + 1) * step) for index in range(parts)]
    tables: list[pa.Table | None] = [None] * parts
    with ThreadPoolExecutor(max_workers=parts, thread_name_prefix="shop-catalog") as pool:
        futures = {
            pool.submit(_fetch_range, url, chosen.number, start, stop): i for i, (start, stop) in enumerate(bounds)
        }
        for finished, future in enumerate(as_completed(futures), start=1):
            tables[futures[future]] = future.result()
            done(finished / parts)
    return pa.concat_tables([table for table in tables if table is not None])


def _fetch_range(url: str, number: int, start: int, stop: int | None) -> pa.Table:
    conn = connect(url)
    try:
        with conn.cursor() as cursor:
            # The server would compile this plan (a million rows look costly to it): about half a
            # second per part, more than the plain plan then saves.
            cursor.execute("SET jit = off")
            cursor.execute(select_products_sql(number, start, stop))
            return cursor.fetch_arrow_table()
    except DriverError as error:
        raise CatalogDatabaseError(problem_sentence(error, url, "read the shop catalog")) from None
    finally:
        conn.close()


__all__ = [
    "CatalogDatabaseError",
    "CatalogVersion",
    "NoPublishedCatalogError",
    "catalog_versions",
    "latest_catalog_version",
    "load_published_catalog",
    "publish_catalog",
]
