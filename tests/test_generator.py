"""The synthetic catalog generator: valid in every format, repeatable, and shaped like a real catalog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from catalog_app.io.catalog import load_bundled_catalog, load_catalog
from catalog_app.io.generator import CATEGORY_RANGES, generate_catalog, generate_table, write_catalog
from catalog_app.model.catalog_frame import values_of_mask
from catalog_app.model.schema import COLUMN_NAMES
from catalog_app.model.vocabulary import Category


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return generate_catalog(6_000, seed=2)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".parquet"])
def test_every_format_loads_without_a_single_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"catalog{suffix}"
    write_catalog(generate_table(400, seed=7), path)
    loaded = load_catalog(path)
    assert loaded.report.is_clean, loaded.report.errors[:3]
    assert not loaded.report.warnings
    assert len(loaded) == 400


def test_the_formats_hold_the_same_products(tmp_path: Path) -> None:
    table = generate_table(300, seed=9)
    frames = []
    for suffix in (".csv", ".xlsx", ".parquet"):
        write_catalog(table, tmp_path / f"catalog{suffix}")
        frames.append(load_catalog(tmp_path / f"catalog{suffix}").frame)
    assert frames[0].equals(frames[1])
    assert frames[0].equals(frames[2])


def test_a_seed_always_gives_the_same_file(tmp_path: Path) -> None:
    for name, seed in (("a.csv", 5), ("b.csv", 5), ("c.csv", 6)):
        write_catalog(generate_table(2_000, seed), tmp_path / name)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "c.csv").read_bytes()


def test_exactly_the_rows_asked_for_with_unique_ids(catalog: pd.DataFrame) -> None:
    assert len(catalog) == 6_000
    assert list(catalog.columns) == list(COLUMN_NAMES)
    assert catalog["id"].is_unique
    assert len(generate_catalog(1, seed=0)) == 1
    assert len(generate_catalog(0, seed=0)) == 0


def test_a_product_comes_in_several_sizes_one_row_each(catalog: pd.DataFrame) -> None:
    line = catalog["name"].str.replace(r" \(.*\)$", "", regex=True)
    sizes_per_line = catalog.groupby(line)["sizes"].nunique()
    assert sizes_per_line.max() >= 8
    assert sizes_per_line.median() >= 4
    assert catalog.groupby(line)["price"].nunique().max() == 1  # one price for every size
    assert set(catalog["sizes"]) >= {"EU 38", "US M9", "made to order"}


def test_brands_and_categories_spread_like_the_bundled_catalog(catalog: pd.DataFrame) -> None:
    bundled = load_bundled_catalog().frame
    assert set(catalog["brand"]) == set(bundled["brand"])
    assert set(catalog["category"]) == {member.value for member in Category}
    # Product lines (not rows: custom orthotics are made to order, one row each) follow the
    # bundled catalog's mix, where each category has 7 to 9 of 76 products.
    lines = catalog.loc[~catalog["name"].str.replace(r" \(.*\)$", "", regex=True).duplicated()]
    shares = lines["category"].value_counts(normalize=True)
    assert shares.min() > 0.05 and shares.max() < 0.2
    assert catalog["currency"].value_counts(normalize=True)["USD"] > 0.9


def test_prices_and_lifespans_follow_the_domain_ranges(catalog: pd.DataFrame) -> None:
    for category, ranges in CATEGORY_RANGES.items():
        rows = catalog[catalog["category"] == category]
        assert rows["price"].between(*ranges.price).all(), category
        assert rows["price"].nunique() > 10, category
        assert rows["lifespan_months"].isin(ranges.lifespan).all(), category
    upper = catalog["lifespan_months_max"].dropna()
    assert 0.3 < len(upper) / len(catalog) < 0.7
    assert (upper >= catalog.loc[upper.index, "lifespan_months"]).all()


def test_attributes_are_coherent(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    write_catalog(generate_table(6_000, seed=2), path)
    frame = load_catalog(path).frame
    custom = frame["category"] == "custom-orthotic"
    assert (frame.loc[custom, "assessment_fee"] > 0).all()
    assert (frame.loc[~custom, "assessment_fee"] == 0).all()
    assert (frame.loc[custom, "sizes"] == "made to order").all()
    pads = frame["category"] == "metatarsal-pad"
    assert frame.loc[pads, "metatarsal_pad"].mean() > 0.5
    firm = frame["arch_support"] == "high"
    suits = [set(values_of_mask("suited_arches", int(mask))) for mask in frame.loc[firm, "suited_arches"]]
    assert all(values & {"flat", "low"} for values in suits)  # firm support is for low arches
    thin = frame["volume"] == "low"
    assert frame.loc[thin, "thickness_mm"].max() < frame.loc[frame["volume"] == "high", "thickness_mm"].min()
    assert np.isfinite(frame["weight_g"]).all()


def test_the_command_writes_a_catalog_that_validates(tmp_path: Path) -> None:
    path = tmp_path / "shop.parquet"
    result = _cli("generate", "--rows", "250", "--seed", "3", "--to", str(path))
    assert result.returncode == 0, result.stderr
    assert "wrote 250 products" in result.stdout
    check = _cli("validate", str(path))
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip().endswith("250 products valid, 0 rows rejected")


def test_the_command_refuses_an_unknown_suffix_in_one_sentence(tmp_path: Path) -> None:
    result = _cli("generate", "--rows", "10", "--to", str(tmp_path / "shop.pdf"))
    assert result.returncode == 2
    assert result.stderr.startswith("insole-catalog: cannot write 'shop.pdf'")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "shop.pdf").exists()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "catalog_app", *args], capture_output=True, text=True, check=False, timeout=120
    )
