"""The shop catalog in PostgreSQL: publish, list, load back exactly as the CSV load gives it."""

from __future__ import annotations

import csv
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import psycopg
import pytest
from catalog_roles import read_only_role

from catalog_app.io import catalog_database
from catalog_app.io.catalog import CatalogRejectedError, bundled_catalog_path, load_catalog
from catalog_app.io.catalog_connection import NEEDS_POSTGRES, CatalogDatabaseError, NoPublishedCatalogError
from catalog_app.io.catalog_database import (
    catalog_versions,
    latest_catalog_version,
    load_published_catalog,
    publish_catalog,
)
from catalog_app.io.catalog_source import PublishedCatalog, open_catalog_source, parse_catalog_source
from catalog_app.io.generator import generate_table, write_catalog
from catalog_app.io.reader import read_catalog_file
from catalog_app.validation.validate import validate_table

BROKEN = Path(__file__).parent / "data" / "broken" / "negative_price_unknown_arch.csv"


@pytest.fixture(scope="module")
def generated_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog with every kind of cell: numbers left empty, several-value and empty lists, flags,
    text with quotes, separators and letters beyond ASCII."""
    folder = tmp_path_factory.mktemp("catalogs")
    write_catalog(generate_table(3_000, 7), folder / "plain.csv")
    with (folder / "plain.csv").open(newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    for index, row in enumerate(rows[::97]):
        row["thickness_mm"] = row["weight_g"] = row["lifespan_months_max"] = ""
        row["concerns"] = row["activities"] = ""
        row["name"] = f'Sohle "Komfort"; größe {index}, ½ ✓'
        row["rigidity"] = row["heel_cup"] = ""
    path = folder / "generated.csv"
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_published_catalog_loads_back_equal_to_the_csv_load(postgres_url: str, generated_csv: Path) -> None:
    published = publish_catalog(postgres_url, generated_csv)
    loaded = load_published_catalog(postgres_url)
    from_csv = load_catalog(generated_csv)
    pd.testing.assert_frame_equal(loaded.frame, from_csv.frame)
    assert published.product_count == len(from_csv.frame) == 3_000
    assert loaded.report.is_clean and loaded.report.valid == 3_000
    assert loaded.published_version == published.number == 1
    assert loaded.source == "shop catalog version 1"
    assert loaded.frame["thickness_mm"].isna().sum() == 31
    assert (loaded.frame["concerns"] == 0).sum() >= 31
    assert loaded.frame["name"].str.contains("größe").sum() == 31


def test_a_large_catalog_read_over_several_connections_keeps_its_order(
    postgres_url: str, generated_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog_database, "PARALLEL_FROM_ROWS", 10)
    monkeypatch.setattr(catalog_database, "FETCH_PARTS", 3)
    publish_catalog(postgres_url, generated_csv)
    stages: list[tuple[float, str]] = []
    loaded = load_published_catalog(postgres_url, progress=lambda fraction, stage: stages.append((fraction, stage)))
    pd.testing.assert_frame_equal(loaded.frame, load_catalog(generated_csv).frame)
    fractions = [fraction for fraction, _stage in stages]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert "Reading shop catalog version 1" in {stage for _fraction, stage in stages}


def test_versions_are_listed_with_who_published_them_and_how_many_products(
    postgres_url: str, generated_csv: Path
) -> None:
    assert catalog_versions(postgres_url) == []
    assert latest_catalog_version(postgres_url) is None
    publish_catalog(postgres_url, bundled_catalog_path())
    publish_catalog(postgres_url, generated_csv, publisher="head office")
    versions = catalog_versions(postgres_url)
    bundled_count = len(load_catalog(bundled_catalog_path()).frame)
    assert [(v.number, v.published_by, v.product_count, v.source_name) for v in versions] == [
        (1, "postgres", bundled_count, "insoles.csv"),
        (2, "head office", 3_000, "generated.csv"),
    ]
    assert versions[0].published_at <= versions[1].published_at
    assert versions[0].published_at.tzinfo is not None
    assert latest_catalog_version(postgres_url) == versions[1]


def test_the_latest_version_is_loaded_and_an_older_one_by_its_number(postgres_url: str, generated_csv: Path) -> None:
    publish_catalog(postgres_url, bundled_catalog_path())
    publish_catalog(postgres_url, generated_csv)
    assert len(load_published_catalog(postgres_url)) == 3_000
    older = load_published_catalog(postgres_url, 1)
    pd.testing.assert_frame_equal(older.frame, load_catalog(bundled_catalog_path()).frame)
    assert older.published_version == 1


def test_a_catalog_with_broken_rows_is_refused_with_the_validate_report(postgres_url: str) -> None:
    with pytest.raises(CatalogRejectedError) as refused:
        publish_catalog(postgres_url, BROKEN)
    _frame, expected = validate_table(read_catalog_file(BROKEN))
    assert [problem.line() for problem in refused.value.report.errors] == [
        "row 2, column price: price must be greater than 0",
        "row 3, column arch_support: 'extra-firm' is not a known arch support; use one of: none, low, medium, high",
    ]
    assert refused.value.report.errors == expected.errors
    assert catalog_versions(postgres_url) == []


def test_a_publish_that_fails_half_way_leaves_no_version(
    postgres_url: str, generated_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish_catalog(postgres_url, bundled_catalog_path())
    real = catalog_database.stored_table

    def with_a_missing_id(frame: pd.DataFrame, version: int) -> object:
        table = real(frame, version)
        ids = table.column("id").to_pylist()
        ids[-1] = None  # the products' COPY fails on its last row, after the version row went in
        import pyarrow as pa

        return table.set_column(table.schema.get_field_index("id"), "id", pa.array(ids, type=pa.large_string()))

    monkeypatch.setattr(catalog_database, "stored_table", with_a_missing_id)
    with pytest.raises(CatalogDatabaseError):
        publish_catalog(postgres_url, generated_csv)
    assert [version.number for version in catalog_versions(postgres_url)] == [1]
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM catalog_product WHERE version <> 1").fetchone() == (0,)


def test_two_publishers_at_once_get_the_next_two_numbers(postgres_url: str, generated_csv: Path) -> None:
    publish_catalog(postgres_url, bundled_catalog_path())  # the tables exist before the race
    results: list[object] = []

    def publish(name: str) -> None:
        try:
            results.append(publish_catalog(postgres_url, generated_csv, publisher=name))
        except Exception as error:  # reported by the assertion below
            results.append(error)

    threads = [threading.Thread(target=publish, args=(name,)) for name in ("desk 1", "desk 2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(result, catalog_database.CatalogVersion) for result in results), results
    versions = catalog_versions(postgres_url)
    assert [version.number for version in versions] == [1, 2, 3]
    assert sorted(version.published_by for version in versions[1:]) == ["desk 1", "desk 2"]
    assert [len(load_published_catalog(postgres_url, number)) for number in (2, 3)] == [3_000, 3_000]


def test_publishing_tells_listening_desks_the_new_version(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as listener:
        listener.execute("LISTEN insole_catalog")
        publish_catalog(postgres_url, bundled_catalog_path())
        heard = [notice.payload for notice in listener.notifies(timeout=5, stop_after=1)]
    assert heard == ["catalog:1"]


def test_no_published_catalog_is_one_sentence(postgres_url: str) -> None:
    with pytest.raises(NoPublishedCatalogError, match=r"^No shop catalog has been published to .* yet; publish one"):
        load_published_catalog(postgres_url)
    publish_catalog(postgres_url, bundled_catalog_path())
    with pytest.raises(NoPublishedCatalogError, match=r"has no shop catalog version 7; 'insole-catalog catalog"):
        load_published_catalog(postgres_url, 7)


def test_an_unreachable_server_is_one_sentence_without_the_password(unreachable_url: str) -> None:
    with_password = unreachable_url.replace("postgres@", "postgres:s3cret@")
    for attempt in (
        lambda: load_published_catalog(with_password),
        lambda: catalog_versions(with_password),
        lambda: publish_catalog(with_password, bundled_catalog_path()),
    ):
        with pytest.raises(CatalogDatabaseError) as failed:
            attempt()
        assert re.fullmatch(
            r"The shared store at postgresql://postgres@127\.0\.0\.1:\d+/postgres cannot be reached; "
            r"check the address and that the server is running\.",
            str(failed.value),
        )


def test_a_role_that_may_only_read_cannot_publish_but_can_open(postgres_url: str, desk_role_url: str) -> None:
    publish_catalog(postgres_url, bundled_catalog_path())
    with pytest.raises(CatalogDatabaseError, match=r"^Your database role may not publish catalogs at .*; ask whoever"):
        publish_catalog(desk_role_url, bundled_catalog_path())
    assert len(load_published_catalog(desk_role_url)) == len(load_catalog(bundled_catalog_path()).frame)
    assert [version.number for version in catalog_versions(postgres_url)] == [1]


def test_the_shop_catalog_needs_postgresql(tmp_path: Path) -> None:
    for url in (f"sqlite:///{tmp_path / 'store.db'}", str(tmp_path / "store.db")):
        with pytest.raises(CatalogDatabaseError) as refused:
            publish_catalog(url, bundled_catalog_path())
        assert str(refused.value) == NEEDS_POSTGRES
    with pytest.raises(CatalogDatabaseError, match="needs a shared PostgreSQL store"):
        open_catalog_source(PublishedCatalog(), database_url=None)


def test_db_sources_are_told_from_files() -> None:
    assert parse_catalog_source("db:") == PublishedCatalog()
    assert parse_catalog_source("DB:3") == PublishedCatalog(3)
    assert parse_catalog_source("shop.csv") == Path("shop.csv")
    assert parse_catalog_source("./db:3") == Path("./db:3")
    for wrong in ("db:x", "db:0", "db:-1"):
        with pytest.raises(ValueError, match="'db:N'"):
            parse_catalog_source(wrong)


def test_one_opening_function_for_files_and_the_shop_catalog(postgres_url: str) -> None:
    publish_catalog(postgres_url, bundled_catalog_path())
    from_file = open_catalog_source(bundled_catalog_path())
    from_store = open_catalog_source(PublishedCatalog(1), database_url=postgres_url)
    pd.testing.assert_frame_equal(from_store.frame, from_file.frame)


# ---- fixtures: a server that is not there, a role that may only read ----------------------------


@pytest.fixture
def unreachable_url() -> str:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


@pytest.fixture
def desk_role_url(postgres_url: str) -> Iterator[str]:
    with read_only_role(postgres_url) as url:
        yield url
