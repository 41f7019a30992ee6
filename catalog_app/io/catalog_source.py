"""Where a catalog comes from: a file, or the shop catalog published to the shared store.

`db:` means the latest published version and `db:N` version N; anything else is a file path
(a file really named like that is opened as `./db:3`). The window and the command line both open
catalogs through `open_catalog_source`, so `--catalog db:` works wherever a file does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalog_app.io.catalog import Catalog, InvalidRows, LoadCancelled, Progress, load_catalog

DATABASE_PREFIX = "db:"


@dataclass(frozen=True)
class PublishedCatalog:
    """The shop catalog in the shared store: the latest version, or version `version`."""

    version: int | None = None

    def __str__(self) -> str:
        return DATABASE_PREFIX if self.version is None else f"{DATABASE_PREFIX}{self.version}"

    @property
    def name(self) -> str:
        """For people: "the shop catalog" or "shop catalog version 3"."""
        return "the shop catalog" if self.version is None else f"shop catalog version {self.version}"


CatalogSource = Path | PublishedCatalog


def parse_catalog_source(text: str) -> CatalogSource:
    """`db:`/`db:N` as a `PublishedCatalog`, anything else as a path. Raises ValueError with the
    words to say after the option's name when N is not a version number."""
    if not text.lower().startswith(DATABASE_PREFIX):
        return Path(text)
    number = text[len(DATABASE_PREFIX) :].strip()
    if not number:
        return PublishedCatalog()
    if not number.isdigit() or int(number) < 1:
        raise ValueError(f"takes a file, 'db:' (the latest shop catalog) or 'db:N' (version N), not '{text}'")
    return PublishedCatalog(int(number))


def open_catalog_source(
    source: CatalogSource,
    *,
    database_url: str | None = None,
    invalid_rows: InvalidRows = "load-valid",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Catalog:
    """The catalog `source` names: a file read and validated by `load_catalog`, or the shop
    catalog loaded from the store at `database_url` (default: INSOLE_CATALOG_DATABASE).

    Raises what `load_catalog` raises; for the shop catalog, `CatalogDatabaseError` (a kind of
    `CatalogReadError`) with one sentence, and `LoadCancelled` when `cancelled()` says so."""
    if isinstance(source, Path):
        return load_catalog(source, invalid_rows=invalid_rows, progress=progress, cancelled=cancelled)
    from catalog_app.io.catalog_connection import NEEDS_POSTGRES, CatalogDatabaseError
    from catalog_app.io.catalog_database import load_published_catalog
    from catalog_app.storage.database import is_postgres, resolve_database_url

    url = resolve_database_url(database_url)
    if url is None or not is_postgres(url):
        raise CatalogDatabaseError(NEEDS_POSTGRES)

    def step(fraction: float, stage: str) -> None:
        if cancelled is not None and cancelled():
            raise LoadCancelled(str(source))
        if progress is not None:
            progress(fraction, stage)

    return load_published_catalog(url, source.version, step)


__all__ = [
    "DATABASE_PREFIX",
    "CatalogSource",
    "PublishedCatalog",
    "open_catalog_source",
    "parse_catalog_source",
]
