"""The bundled catalog: valid, large and varied enough, honest in its wording."""

from __future__ import annotations

import re

from catalog_app.io.catalog import load_bundled_catalog
from catalog_app.model.vocabulary import Category
from catalog_app.model.wording import FORBIDDEN_CLAIMS


def test_bundled_catalog_is_valid_with_60_products_from_12_brands() -> None:
    catalog = load_bundled_catalog()
    assert catalog.report.is_clean, [problem.line() for problem in catalog.report.errors]
    assert len(catalog) >= 60
    assert catalog.frame["brand"].nunique() >= 12


def test_every_category_has_at_least_four_products() -> None:
    counts = load_bundled_catalog().frame["category"].value_counts()
    for category in Category:
        assert counts[category.value] >= 4, category


def test_prices_and_lifespans_are_in_the_ranges_domain_md_cites() -> None:
    frame = load_bundled_catalog().frame
    custom = frame["category"] == "custom-orthotic"
    assert frame.loc[custom, "price"].between(200, 800).all()
    assert (frame.loc[custom, "assessment_fee"] > 0).all()
    assert frame.loc[~custom, "price"].between(10, 150).all()
    assert (frame.loc[~custom, "assessment_fee"] == 0).all()
    assert frame["lifespan_months"].between(3, 60).all()
    assert frame["thickness_mm"].le(15).all()


def test_descriptions_and_care_notes_make_no_treatment_claims() -> None:
    frame = load_bundled_catalog().frame
    pattern = re.compile(r"\b(" + "|".join(FORBIDDEN_CLAIMS) + r")\b", re.IGNORECASE)
    for column in ("name", "description", "care"):
        offenders = [text for text in frame[column] if pattern.search(text)]
        assert not offenders, offenders
    assert (frame["description"].str.len() > 20).all()
    assert (frame["care"].str.len() > 20).all()
