"""The shop's catalog from the shared store: loading a published version, and noticing a newer one.

`load_shop_catalog` runs in the catalog loader's worker thread (see catalog_loader.py): it asks
which version to load, loads it as Arrow through the core, and hands back the catalog with the
version it is, so the window can say "Shop catalog, version N (published by X on DATE)".

`NewerCatalogWatch` tells the window when a newer version has been published: at once on the
shared store's ("catalog", "<n>") event, and by asking the store every minute in the background
(an event can be missed while the server is away).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from catalog_app.io.catalog import Catalog, LoadCancelled
from catalog_app.io.read_errors import CatalogReadError
from catalog_app.storage.error_log import log_exception
from ui.background_call import BackgroundCall

if TYPE_CHECKING:
    from catalog_app.io.catalog_database import CatalogVersion

CHECK_EVERY_MS = 60_000


@dataclass(frozen=True)
class ShopCatalog:
    catalog: Catalog
    version: CatalogVersion


def shop_title(version: CatalogVersion) -> str:
    """ "Shop catalog, version 3 (published by anna on 2026-12-02 14:05)"."""
    return f"Shop catalog, version {version.number} (published by {version.published_by} on {_when(version)})"


def _when(version: CatalogVersion) -> str:
    published = version.published_at
    if isinstance(published, datetime):
        local = published.astimezone() if published.tzinfo is not None else published
        return local.strftime("%Y-%m-%d %H:%M")
    return str(published)


def load_shop_catalog(
    url: str, version: int | None, progress: Callable[[float, str], None], cancelled: Callable[[], bool]
) -> ShopCatalog:
    """The published version `version` (the latest when None); CatalogReadError (one sentence) when it cannot be had."""
    from catalog_app.storage.database import database_problem

    try:
        return _load_version(url, version, progress, cancelled)
    except (CatalogReadError, LoadCancelled):
        raise
    except Exception as error:  # the server, a right or the network: the core says it in one sentence
        log_exception(error)
        raise CatalogReadError(database_problem(error, url)) from error


def _load_version(
    url: str, version: int | None, progress: Callable[[float, str], None], cancelled: Callable[[], bool]
) -> ShopCatalog:
    # Through the core's catalog-opening function, as `--catalog db:` in a terminal.
    from catalog_app.io.catalog_database import catalog_versions, latest_catalog_version
    from catalog_app.io.catalog_source import PublishedCatalog, open_catalog_source

    source = PublishedCatalog(version)
    catalog = open_catalog_source(source, database_url=url, progress=progress, cancelled=cancelled)
    number = catalog.published_version
    found = latest_catalog_version(url) if version is None else None
    if found is None or found.number != number:
        found = next((known for known in catalog_versions(url) if known.number == number), None)
    if found is None:  # withdrawn between the two questions: say so rather than show it unnamed
        raise CatalogReadError(f"The shared store no longer lists {source.name}.")
    return ShopCatalog(catalog, found)


def latest_number(url: str) -> int | None:
    """The latest published version's number, or None (none yet, or the server cannot be asked now)."""
    from catalog_app.io.catalog_database import latest_catalog_version

    try:
        latest = latest_catalog_version(url)
    except Exception:  # a lost server is said elsewhere (the store's status); the next check tries again
        return None
    return None if latest is None else latest.number


class NewerCatalogWatch(QObject):
    """Says `newerPublished(n)` once per newer version than the one shown."""

    newerPublished = Signal(int)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        every_ms: int = CHECK_EVERY_MS,
        latest: Callable[[str], int | None] = latest_number,
    ) -> None:
        super().__init__(parent)
        self._url: str | None = None
        self._shown = 0
        self._told = 0
        self._latest = latest
        self._call = BackgroundCall(self)
        self._call.finished.connect(self._on_latest)
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.check_now)

    def watch(self, url: str | None, shown: int | None) -> None:
        """Watch `url` for versions newer than `shown` (None: the shown catalog is not the shop's)."""
        self._url = url
        self._shown = self._told = shown or 0
        if url and shown:
            self._timer.start()
        else:
            self._timer.stop()

    def check_now(self) -> None:
        url, latest = self._url, self._latest
        if url and self._shown and not self._call.is_running():
            self._call.start(lambda: latest(url), name="shop-catalog-check")

    def on_store_event(self, kind: str, payload: str) -> None:
        """A ChangeWatcher event: ("catalog", "<n>") is a newly published version."""
        if kind == "catalog" and payload.isdigit():
            self._on_latest(int(payload))

    def stop(self) -> None:
        self._timer.stop()
        self._call.join()

    def _on_latest(self, number: object) -> None:
        if isinstance(number, int) and self._shown and number > self._told:
            self._told = number
            self.newerPublished.emit(number)
