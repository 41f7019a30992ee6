"""The bundled catalog: valid, large and varied enough, honest in its wording."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from catalog_app.io.catalog import load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
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


# Rules the bundled catalog keeps so that its products read as coherent to someone who fits insoles
# (they were a stand-alone script; here they run with every test run). Each returns True for a
# product that breaks it.
COHERENCE_RULES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "a metatarsal-pad product has its pad and is forefoot or full length": lambda p: (
        p["category"] == "metatarsal-pad" and (not p["metatarsal_pad"] or p["length"] not in ("forefoot", "full"))
    ),
    "a metatarsal pad lists metatarsalgia": lambda p: p["metatarsal_pad"] and "metatarsalgia" not in p["concerns"],
    "a custom orthotic is semi-rigid or rigid, breaks in over 7-21 days, is not trimmed": lambda p: (
        p["category"] == "custom-orthotic"
        and (p["rigidity"] not in ("semi-rigid", "rigid") or not 7 <= p["break_in_days"] <= 21 or p["trim_to_fit"])
    ),
    "a rigid product takes a week to break in and says to build up wear time": lambda p: (
        p["rigidity"] == "rigid" and (p["break_in_days"] < 7 or "build up wear time" not in p["care"].lower())
    ),
    "a motion-control product suits a flat or low arch that overpronates": lambda p: (
        p["arch_support"] in ("medium", "high")
        and p["heel_cup"] == "deep"
        and p["rigidity"] != "soft"
        and not ({"flat", "low"} & set(p["suited_arches"]) and "overpronation" in p["suited_pronation"])
    ),
    "nothing rigid is listed for supination": lambda p: (
        "supination" in p["suited_pronation"] and p["rigidity"] == "rigid"
    ),
    "flats and heels take low volume, at most 4 mm, not full length": lambda p: (
        "flats-heels" in p["shoe_types"] and (p["volume"] != "low" or p["thickness_mm"] > 4 or p["length"] == "full")
    ),
    "dress shoes take low volume, at most 5 mm": lambda p: (
        "dress" in p["shoe_types"] and (p["volume"] != "low" or p["thickness_mm"] > 5)
    ),
    "work boots get more than low cushioning": lambda p: "work-boots" in p["shoe_types"] and p["cushioning"] == "low",
    "a heel-length product claims no arch support": lambda p: (
        p["length"] == "heel" and p["arch_support"] not in ("none", "low")
    ),
    "a forefoot product has no heel cup or arch support": lambda p: (
        p["length"] == "forefoot" and (p["heel_cup"] != "none" or p["arch_support"] != "none")
    ),
    "'trim to fit' in sizes matches the trim_to_fit flag": lambda p: (
        not p["trim_to_fit"] and "trim to fit" in p["sizes"].lower()
    ),
    "a description that mentions the back says 'may help'": lambda p: (
        re.search(r"\bback\b", p["description"], re.IGNORECASE) is not None
        and "may help" not in p["description"].lower()
    ),
    "a fictional product links nowhere": lambda p: bool(p["url"]),
    "texts are single lines": lambda p: any("\n" in p[c] or "\r" in p[c] for c in ("name", "description", "care")),
    "the longest lifespan exceeds the typical one": lambda p: (
        p["lifespan_months_max"] is not None and p["lifespan_months_max"] <= p["lifespan_months"]
    ),
}


@pytest.mark.parametrize("rule", COHERENCE_RULES)
def test_every_product_is_coherent(rule: str) -> None:
    frame = load_bundled_catalog().frame
    products = [product_record(frame, position) for position in range(len(frame))]
    breaking = [product["id"] for product in products if COHERENCE_RULES[rule](product)]
    assert not breaking, f"{rule}: {breaking}"


def test_ids_are_lowercase_slugs_and_a_few_prices_are_in_other_currencies() -> None:
    frame = load_bundled_catalog().frame
    assert frame["id"].str.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*").all()
    assert 2 <= int((frame["currency"] != "USD").sum()) <= 6
