"""The shop catalog's loading and the newer-version watch, with the database parts stood in for."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from catalog_app.io.catalog import Catalog, load_bundled_catalog
from ui.loading import catalog_loader
from ui.loading.catalog_loader import CatalogLoader
from ui.loading.shop_catalog import NewerCatalogWatch, ShopCatalog, shop_title


@dataclass(frozen=True)
class FakeVersion:  # the fields of catalogdb's CatalogVersion that the window shows
    number: int
    published_by: str
    published_at: datetime
    product_count: int = 0
    source_name: str = "insoles.csv"


def test_shop_title_names_version_publisher_and_date() -> None:
    version = FakeVersion(3, "head office", datetime(2026, 12, 2, 9, 30, tzinfo=UTC))
    title = shop_title(version)  # type: ignore[arg-type]
    assert title.startswith("Shop catalog, version 3 (published by head office on 2026-12-0")
    assert title.endswith(")")


def test_the_loader_loads_the_shop_catalog_off_the_ui_thread_and_says_its_version(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}
    version = FakeVersion(2, "head office", datetime(2026, 12, 2, tzinfo=UTC))

    def fake_load(
        url: str, number: int | None, progress: Callable[[float, str], None], cancelled: Callable[[], bool]
    ) -> ShopCatalog:
        seen.update(url=url, number=number, thread=threading.current_thread())
        progress(0.5, "Reading the shop catalog")
        return ShopCatalog(load_bundled_catalog(), version)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_loader, "load_shop_catalog", fake_load)
    loader = CatalogLoader()
    loaded: list[Catalog] = []
    loader.loaded.connect(loaded.append)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start_shop("postgresql://desk@dbhost/insoles", 2)
    assert seen["url"] == "postgresql://desk@dbhost/insoles" and seen["number"] == 2
    assert seen["thread"] is not threading.main_thread()
    assert len(loaded) == 1 and len(loaded[0]) > 0
    assert loader.shop_version is version


def test_a_newer_version_is_told_once_by_event_or_by_the_check(qtbot: QtBot) -> None:
    latest = {"number": 1}
    watch = NewerCatalogWatch(latest=lambda url: latest["number"])
    told: list[int] = []
    watch.newerPublished.connect(told.append)
    watch.watch("postgresql://desk@dbhost/insoles", 1)
    watch.on_store_event("catalog", "1")
    watch.on_store_event("shortlist", "2")
    assert told == []
    watch.on_store_event("catalog", "2")
    assert told == [2]
    latest["number"] = 3
    with qtbot.waitSignal(watch.newerPublished, timeout=5000):
        watch.check_now()
    assert told == [2, 3]
    watch.watch(None, None)  # a file is shown: nothing is watched
    watch.on_store_event("catalog", "9")
    assert told == [2, 3]
    watch.stop()
