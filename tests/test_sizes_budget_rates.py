"""Sizes, the first outlay against the budget, exchange rates, health claims and old profiles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import catalog_app.costs.exchange_rates as exchange_rates
from catalog_app.cli.main import main
from catalog_app.costs.exchange_rates import ExchangeRates, current_exchange_rates
from catalog_app.finder.catalog_index import index_of
from catalog_app.finder.fit_score import score_products
from catalog_app.io.catalog import Catalog, load_catalog
from catalog_app.model.profile import FootProfile
from catalog_app.model.sizes import SizeFit, parse_shoe_size, parse_sizes_cell, size_fit

HEADER = "id,name,brand,category,price,currency,lifespan_months,arch_support,cushioning,length,shoe_types,sizes"
RATES = ExchangeRates(per_euro={"EUR": 1.0, "USD": 1.08, "GBP": 0.85}, date=dt.date(2026, 11, 30))


def write_catalog(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def loaded(path: Path) -> Catalog:
    return load_catalog(path, invalid_rows="reject-file")


def search_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    status = main(["search", *args, "--format", "json", "--limit", "0"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return json.loads(captured.out)  # type: ignore[no-any-return]


# ---- sizes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["EU 43", "UK 9", "US M10", "US W11.5", "us 10", "eu43"])
def test_the_same_foot_in_every_size_system(text: str) -> None:
    size = parse_shoe_size(text)
    assert size is not None and size.uk == pytest.approx(9.0)


@pytest.mark.parametrize(
    ("cell", "size", "expected"),
    [
        ("EU 36-42", "EU 43", SizeFit.NOT_MADE),
        ("EU 36-42", "EU 42.5", SizeFit.MADE_IN_SIZE),  # within half a size
        ("UK 5-12", "US W11.5", SizeFit.MADE_IN_SIZE),
        ("US W5-M13", "EU 43", SizeFit.MADE_IN_SIZE),
        ("US W5-10", "US M10", SizeFit.NOT_MADE),
        ("M (M7-10), L (M10-13)", "US M12", SizeFit.MADE_IN_SIZE),
        ("trim to fit, EU 36-46", "EU 43", SizeFit.TRIM_TO_FIT),
        ("trim to fit", "EU 48", SizeFit.TRIM_TO_FIT),
        ("one size", "UK 3", SizeFit.ONE_SIZE),
        ("made to order", "UK 13", SizeFit.MADE_TO_ORDER),
        ("S/M/L", "EU 43", SizeFit.NOT_STATED),
        ("", "EU 43", SizeFit.NOT_STATED),
    ],
)
def test_a_sizes_cell_against_a_size(cell: str, size: str, expected: SizeFit) -> None:
    shoe = parse_shoe_size(size)
    assert shoe is not None
    assert size_fit(parse_sizes_cell(cell), shoe) is expected


def test_products_not_made_in_the_size_are_excluded_with_the_reason(tmp_path: Path) -> None:
    catalog = loaded(
        write_catalog(
            tmp_path,
            [
                "small,Small,A,gel,20,USD,6,medium,medium,full,casual,EU 35-42",
                'trim,Trim,A,gel,20,USD,6,medium,medium,full,casual,"trim to fit, EU 36-46"',
                "unread,Unread,A,gel,20,USD,6,medium,medium,full,casual,S/M/L",
                "none,None,A,gel,20,USD,6,medium,medium,full,casual,",
            ],
        )
    )
    fit = score_products(catalog, FootProfile(shoe_size="EU 43"))
    by_id = {str(catalog.frame["id"].iat[position]): position for position in range(len(catalog))}
    assert fit.excluded.tolist() == [True, False, False, False]
    assert fit.exclusion_reason(by_id["small"]) == "not made in EU 43"
    assert fit.size_note(by_id["trim"]) == "trim to fit"
    assert fit.size_note(by_id["unread"]) == "sizes not stated"
    assert fit.size_note(by_id["none"]) == "sizes not stated"


def test_search_size_excludes_and_an_unreadable_size_is_one_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_catalog(
        tmp_path,
        [
            "small,Small,A,gel,20,USD,6,medium,medium,full,casual,EU 35-42",
            "big,Big,A,gel,20,USD,6,medium,medium,full,casual,EU 40-47",
        ],
    )
    document = search_json(capsys, "--catalog", str(path), "--size", "US M10")
    assert [row["id"] for row in document["results"]] == ["big"]  # type: ignore[index]
    assert document["results"][0]["size"] == "made in US M10"  # type: ignore[index]
    document = search_json(capsys, "--catalog", str(path), "--size", "XL")
    assert len(document["results"]) == 2  # type: ignore[arg-type]
    assert any("The shoe size 'XL' was not understood" in warning for warning in document["warnings"])  # type: ignore[attr-defined]


# ---- the first outlay against the budget ---------------------------------------------------------


def test_the_budget_counts_the_clinic_fee(tmp_path: Path) -> None:
    header = HEADER + ",assessment_fee"
    catalog = loaded(
        write_catalog(
            tmp_path,
            [
                "custom,Custom,A,custom-orthotic,380,USD,36,high,medium,full,casual,made to order,150",
                "plain,Plain,A,carbon-fiber,380,USD,36,high,medium,full,casual,,",
            ],
            header,
        )
    )
    fit = score_products(catalog, FootProfile(budget=400), rates=RATES)
    custom, plain = catalog.position_of("custom"), catalog.position_of("plain")
    assert custom is not None and plain is not None
    assert fit.excluded[custom] and not fit.excluded[plain]
    assert fit.exclusion_reason(custom) == "costs $380.00 plus a $150.00 clinic visit, over your budget of $400.00"


def test_a_price_in_another_currency_is_converted_for_the_budget(tmp_path: Path) -> None:
    catalog = loaded(
        write_catalog(
            tmp_path,
            [
                "euros,Euros,A,gel,45,EUR,6,medium,medium,full,casual,",  # ≈ $48.60
                "pounds,Pounds,A,gel,38,GBP,6,medium,medium,full,casual,",  # ≈ $48.28
                "yen,Yen,A,gel,9000,JPY,6,medium,medium,full,casual,",  # no rate: not held to the budget
            ],
        )
    )
    fit = score_products(catalog, FootProfile(budget=48.5), rates=RATES)
    assert fit.excluded.tolist() == [True, False, False]
    assert fit.exclusion_reason(0) == "costs €45.00 (≈ $48.60 at rates of 30 November 2026), over your budget of $48.50"


# ---- exchange rates ------------------------------------------------------------------------------


def test_the_bundled_rates_are_dated_and_convert() -> None:
    loaded_rates = current_exchange_rates()
    assert loaded_rates.problem is None and loaded_rates.rates is not None
    assert loaded_rates.rates.approx_text(31.95, "EUR", "USD") == (
        f"≈ $34.51 at rates of {loaded_rates.rates.date_text}"
    )
    assert loaded_rates.rates.approx_text(10, "USD", "USD") is None


def test_a_users_rates_file_replaces_the_bundled_one(user_home: Path) -> None:
    (user_home / "exchange_rates.csv").write_text("currency,per_euro,date\nUSD,2,2027-01-05\n", encoding="utf-8")
    rates = current_exchange_rates().rates
    assert rates is not None and rates.date_text == "5 January 2027"
    assert rates.convert(10, "EUR", "USD") == pytest.approx(20)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("price,rate\n1,2\n", "needs the columns currency, per_euro and date"),
        ("currency,per_euro,date\nUSD,lots,2026-11-30\n", "Row 2 of the exchange rates file"),
        ("currency,per_euro,date\nUSD,-1,2026-11-30\n", "no valid currency code or positive rate"),
        ("currency,per_euro,date\n", "holds no rates"),
    ],
)
def test_a_malformed_rates_file_is_one_sentence_and_search_still_runs(
    capsys: pytest.CaptureFixture[str], user_home: Path, text: str, words: str
) -> None:
    (user_home / "exchange_rates.csv").write_text(text, encoding="utf-8")
    loaded_rates = current_exchange_rates()
    assert loaded_rates.rates is None
    assert loaded_rates.problem is not None and words in loaded_rates.problem
    assert loaded_rates.problem.endswith("so prices in other currencies are not converted.")
    document = search_json(capsys, "--arch", "flat", "--budget", "50")
    assert loaded_rates.problem in document["warnings"]  # type: ignore[operator]
    assert document["results"]
    for row in document["results"]:  # type: ignore[attr-defined]
        assert row["currency"] != "USD" or row["price"] <= 50


def test_a_missing_rates_file_is_one_sentence_and_search_still_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(exchange_rates, "bundled_rates_path", lambda: tmp_path / "gone.csv")
    loaded_rates = current_exchange_rates()
    assert loaded_rates.rates is None
    assert loaded_rates.problem == (
        f"The exchange rates file {tmp_path / 'gone.csv'} is missing, so prices in other currencies are not converted."
    )
    status = main(["search", "--arch", "flat", "--limit", "2"])
    out = capsys.readouterr().out
    assert status == 0
    assert f"! {loaded_rates.problem}" in out


# ---- claims --------------------------------------------------------------------------------------

CLAIMS_HEADER = HEADER + ",description"
CLAIMING = [
    "miracle,Miracle Insole,A,gel,20,USD,6,medium,medium,full,casual,,Cures back pain and is clinically proven",
    "fixer,Pain Fixer,A,gel,20,USD,6,medium,medium,full,casual,,Soft gel",
    "honest,Honest Gel,A,gel,20,USD,6,medium,medium,full,casual,,Antimicrobial-treated cover; fixed heel post",
]


def test_validate_warns_about_claims_but_loads_the_products(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CLAIMING, CLAIMS_HEADER)
    status = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert status == 0
    assert (
        "warning: row 2, column description: the description claims an effect (cures, clinically proven); "
        'the app does not check such claims, loads the product and marks it "claims not checked"'
    ) in out
    assert "warning: row 3, column name: the name claims an effect (fixer" not in out  # "Fixer" is not "fix"
    assert "row 4" not in out
    assert "3 products valid, 0 rows rejected" in out
    catalog = loaded(path)
    assert index_of(catalog).claims_not_checked.tolist() == [True, False, False]
    assert [problem.row for problem in catalog.report.warnings] == [2]


def test_search_marks_products_whose_claims_are_not_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CLAIMING, CLAIMS_HEADER)
    document = search_json(capsys, "--catalog", str(path))
    flags = {row["id"]: row["claims_not_checked"] for row in document["results"]}  # type: ignore[union-attr, index]
    assert flags == {"miracle": True, "fixer": False, "honest": False}


# ---- old profiles --------------------------------------------------------------------------------


def test_a_profile_saved_before_the_new_questions_still_loads() -> None:
    saved = (
        '{"arch":"flat","pronation":"overpronation","concerns":["lower-back-pain"],"activities":["standing"],'
        '"shoe_types":["work-boots"],"budget":80.0,"currency":"USD","shoe_size":"EU 43"}'
    )
    profile = FootProfile.from_json(saved)
    assert profile.arch == "flat" and profile.shoe_size == "EU 43"
    assert profile.red_flags == () and profile.severity is None
    assert not profile.tried_off_the_shelf and not profile.unusual_foot_shape
    assert FootProfile.from_json(profile.to_json()) == profile


def test_the_summary_mentions_the_new_answers() -> None:
    profile = FootProfile(
        concerns=("balance",), severity="severe", tried_off_the_shelf=True, red_flags=("numbness-tingling",)
    )
    summary = profile.summary()
    assert "balance / steadiness" in summary and "severe pain" in summary
    assert "off-the-shelf insoles have not helped" in summary
    assert "warning signs: numbness, tingling or burning in the feet" in summary


def test_details_show_the_price_in_its_own_currency_with_the_converted_amount_beside_it() -> None:
    from catalog_app.costs.product_facts import product_facts
    from catalog_app.io.catalog import load_bundled_catalog
    from catalog_app.model.catalog_frame import product_record

    catalog = load_bundled_catalog()
    position = catalog.position_of("ravensholm-gel-stand")  # €29.90, 6 months
    assert position is not None
    facts = dict(product_facts(product_record(catalog.frame, position), rates=RATES, currency="USD"))
    assert facts["Price"] == "€29.90 (≈ $32.29 at rates of 30 November 2026)"
    assert facts["Cost per month of wear"] == "€4.98"
    assert facts["Per month over 24 months"] == "€4.98, fee and replacements included"
    custom = catalog.position_of("ottervale-work-custom")  # $560 plus a $180 visit, 36 months
    assert custom is not None
    facts = dict(product_facts(product_record(catalog.frame, custom)))
    assert facts["Price"] == "$560.00"
    assert facts["Per month over 24 months"] == "$30.83, fee and replacements included"
