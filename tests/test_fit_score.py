"""The fit score on small hand-made catalogs: who ranks first, why, and what never fits."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from catalog_app.finder.filters import FilterState
from catalog_app.finder.finder import find_products
from catalog_app.finder.fit_score import NEUTRAL_SCORE, score_products
from catalog_app.io.catalog import Catalog, load_bundled_catalog, load_catalog
from catalog_app.model.profile import FootProfile
from catalog_app.model.vocabulary import Activity, Concern, ShoeType
from catalog_app.model.wording import FORBIDDEN_CLAIMS

HEADER = (
    "id,name,brand,category,price,currency,lifespan_months,arch_support,cushioning,rigidity,"
    "volume,heel_cup,length,shoe_types,metatarsal_pad,concerns,description"
)
# A firm, deep-cupped shell; a soft flat foam; a gel in between; a metatarsal pad.
SUPPORT_CATALOG = """\
firm-shell,Firm Shell,A,carbon-fiber,90,USD,24,high,medium,rigid,medium,deep,full,athletic;work-boots,0,lower-back-pain,
soft-foam,Soft Foam,B,memory-foam,20,USD,6,none,high,soft,medium,none,full,athletic;casual,false,general-comfort,
medium-gel,Medium Gel,Gamma,gel,35,USD,9,medium,medium,semi-rigid,medium,shallow,full,athletic,false,,Gel with arch
met-pad,Met Pad,Delta,metatarsal-pad,15,USD,6,low,low,soft,low,none,forefoot,dress;casual,true,metatarsalgia,Pad
"""


def write_catalog(tmp_path: Path, rows: str, name: str = "catalog.csv") -> Catalog:
    path = tmp_path / name
    path.write_text(HEADER + "\n" + rows, encoding="utf-8")
    catalog = load_catalog(path, invalid_rows="reject-file")
    assert catalog.report.is_clean
    return catalog


def ranked_ids(catalog: Catalog, profile: FootProfile) -> list[str]:
    result = find_products(catalog, profile, FilterState(), include_excluded=True, with_facets=False)
    return [str(catalog.frame["id"].iat[position]) for position in result.positions]


def test_flat_overpronating_feet_rank_firm_deep_cupped_support_above_soft_foam(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, SUPPORT_CATALOG)
    profile = FootProfile(arch="flat", pronation="overpronation")
    ids = ranked_ids(catalog, profile)
    assert ids.index("firm-shell") < ids.index("medium-gel") < ids.index("soft-foam")
    fit = score_products(catalog, profile)
    firm = catalog.position_of("firm-shell")
    soft = catalog.position_of("soft-foam")
    assert firm is not None and soft is not None
    assert fit.scores[firm] > fit.scores[soft] + 40
    assert "firm arch support suits a flat or low arch and overpronation" in fit.reasons(firm)
    assert "deep heel cup steadies the heel against overpronation" in fit.reasons(firm)
    lowered = [reason.text for reason in fit.reason_items(soft) if reason.effect == "-"]
    assert "no arch support for a flat or low arch or overpronation" in lowered


def test_high_arch_and_supination_prefer_cushioned_soft_insoles(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, SUPPORT_CATALOG)
    ids = ranked_ids(catalog, FootProfile(arch="high", pronation="supination"))
    assert ids.index("soft-foam") < ids.index("firm-shell")


def test_metatarsalgia_favours_a_metatarsal_pad(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, SUPPORT_CATALOG)
    profile = FootProfile(concerns=(Concern.METATARSALGIA,))
    assert ranked_ids(catalog, profile)[0] == "met-pad"
    fit = score_products(catalog, profile)
    pad = catalog.position_of("met-pad")
    foam = catalog.position_of("soft-foam")
    assert pad is not None and foam is not None
    assert "metatarsal pad takes pressure off the ball of the foot" in fit.reasons(pad)
    assert "no metatarsal pad for metatarsalgia" in fit.reasons(foam)


def test_back_pain_reasons_are_weak_and_say_may_help(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, SUPPORT_CATALOG)
    fit = score_products(catalog, FootProfile(concerns=(Concern.LOWER_BACK_PAIN,)))
    firm = catalog.position_of("firm-shell")
    assert firm is not None
    weak = [reason for reason in fit.reason_items(firm) if reason.evidence in ("weak", "maker-claim")]
    assert len(weak) == 3, "the two rules and what the maker lists"
    assert all("may help" in reason.text for reason in weak)
    assert "its maker lists lower back pain; it may help, but evidence is weak" in fit.reasons(firm)


def test_no_reason_ever_claims_to_treat_cure_or_heal() -> None:
    catalog = load_bundled_catalog()
    profile = FootProfile(
        arch="flat",
        pronation="overpronation",
        concerns=tuple(Concern),
        activities=tuple(Activity),
        shoe_types=tuple(ShoeType),
    )
    fit = score_products(catalog, profile)
    forbidden = re.compile(r"\b(" + "|".join(FORBIDDEN_CLAIMS) + r")\b", re.IGNORECASE)
    for position in range(len(catalog)):
        for reason in fit.reasons(position):
            assert not forbidden.search(reason), reason


def test_a_product_for_other_shoes_or_over_budget_is_excluded_with_the_reason(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, SUPPORT_CATALOG)
    profile = FootProfile(shoe_types=(ShoeType.WORK_BOOTS,), budget=50)
    fit = score_products(catalog, profile)
    firm = catalog.position_of("firm-shell")  # fits work boots but costs $90
    pad = catalog.position_of("met-pad")  # $15 but for dress and casual shoes
    assert firm is not None and pad is not None
    assert fit.excluded[firm] and fit.excluded[pad]
    assert fit.exclusion_reason(firm) == "costs $90.00, over your budget of $50.00"
    assert fit.exclusion_reason(pad) == "made for dress (smart shoes), casual, not for work boots"
    result = find_products(catalog, profile, FilterState())
    assert result.count == 0
    assert result.hints[0].field == "profile"
    assert "Widen the shoe types or budget" in result.hints[0].sentence()


def test_an_empty_profile_ranks_nothing_up_or_down(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, SUPPORT_CATALOG)
    fit = score_products(catalog, FootProfile())
    assert np.all(fit.scores == NEUTRAL_SCORE)
    assert not fit.excluded.any()
    assert all(fit.reasons(position) == [] for position in range(len(catalog)))


@pytest.mark.parametrize("position", range(4))
def test_scores_stay_between_0_and_100(tmp_path: Path, position: int) -> None:
    catalog = write_catalog(tmp_path, SUPPORT_CATALOG)
    profile = FootProfile(
        arch="high", pronation="neutral", concerns=(Concern.HEEL_PAIN,), activities=(Activity.STANDING,)
    )
    score = score_products(catalog, profile).scores[position]
    assert 0 <= score <= 100
