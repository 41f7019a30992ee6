"""Each warning sign ticked in a profile shows its own "see a professional" note: in `search`
output (every format) and in every shortlist export format. The results stay listed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from catalog_app.cli.main import main
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.model.red_flags import (
    NO_IMPROVEMENT_NOTE,
    SEVERE_PAIN_NOTE,
    advice_notes,
    red_flag_note,
    red_flag_notes,
)
from catalog_app.model.vocabulary import RedFlag
from catalog_app.model.wording import HEALTH_NOTE
from catalog_app.shortlist.export import document_html, export_shortlist
from catalog_app.shortlist.store import ShortlistStore

URGENT = RedFlag.BACK_PAIN_LEG_WEAKNESS_BLADDER
WHEN = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def note_text(flag: RedFlag) -> str:
    return red_flag_note(flag).text


def test_every_flag_has_a_plain_note_and_only_cauda_equina_signs_are_urgent() -> None:
    for flag in RedFlag:
        note = red_flag_note(flag)
        assert note.urgent is (flag is URGENT)
        assert ("get medical help today" in note.text) is (flag is URGENT)
        assert any(words in note.text for words in ("see a doctor", "podiatrist", "medical help"))
    assert "check your feet every day" in note_text(RedFlag.DIABETES_NEUROPATHY)
    assert "Sever's disease" in note_text(RedFlag.CHILD_HEEL_PAIN)


def test_the_urgent_note_comes_first() -> None:
    profile = FootProfile(red_flags=(RedFlag.NUMBNESS_TINGLING, URGENT))
    assert [note.flag for note in red_flag_notes(profile)] == [URGENT, RedFlag.NUMBNESS_TINGLING]


@pytest.mark.parametrize("flag", list(RedFlag))
def test_search_shows_each_flags_note_in_every_format_and_still_lists_products(
    capsys: pytest.CaptureFixture[str], flag: RedFlag
) -> None:
    base = ["search", "--arch", "flat", "--red-flag", flag.value, "--limit", "3"]
    assert main([*base, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["warnings"][0] == note_text(flag)
    assert document["red_flags"] == [{"flag": flag.value, "text": note_text(flag), "urgent": flag is URGENT}]
    assert document["profile"]["red_flags"] == [flag.value]
    assert len(document["results"]) == 3

    assert main(base) == 0
    table = capsys.readouterr().out
    assert table.startswith(f"! {note_text(flag)}\n")
    assert table.rstrip().endswith(HEALTH_NOTE)

    assert main([*base, "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert len(list(csv.DictReader(io.StringIO(captured.out)))) == 3
    assert note_text(flag) in captured.err and HEALTH_NOTE in captured.err


def test_an_unknown_flag_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--red-flag", "headache"]) == 2
    err = capsys.readouterr().err
    assert "'headache' is not a valid --red-flag; use one of: back-pain-leg-weakness-bladder" in err


# ---- exports ------------------------------------------------------------------------------------

ALL_FLAGS = FootProfile(arch="flat", shoe_types=("work-boots",), red_flags=tuple(RedFlag))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture
def store(tmp_path: Path, catalog: Catalog) -> ShortlistStore:
    opened = ShortlistStore(tmp_path / "shortlists.sqlite3")
    opened.create("Flags", ALL_FLAGS)
    for product_id in ("ironbark-shift-cushion", "ottervale-work-custom"):
        position = catalog.position_of(product_id)
        assert position is not None
        opened.add("Flags", product_record(catalog.frame, position))
    yield opened
    opened.close()


def export(store: ShortlistStore, catalog: Catalog, path: Path) -> Path:
    from ui.shortlist.print_document import write_pdf

    return export_shortlist(store, "Flags", catalog, path, options=CostOptions(), when=WHEN, render_pdf=write_pdf)


def test_csv_export_carries_each_note_and_the_confidence(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    text = export(store, catalog, tmp_path / "flags.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    footer = {row[0]: row[1] for row in rows if len(row) == 2}
    notes = [note.text for note in red_flag_notes(ALL_FLAGS)]
    assert [footer[f"warning {number}"] for number in range(1, len(notes) + 1)] == notes
    blank = next(number for number, row in enumerate(rows) if not any(row))
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:blank]]
    assert len(table) == 2
    assert [row["fit_confidence"] for row in table] and all(
        row["fit_confidence"] in ("high", "medium", "low") for row in table
    )
    assert all(float(row["monthly_over_horizon"]) > 0 for row in table)


def test_xlsx_export_carries_each_note_and_the_confidence(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    sheet = load_workbook(export(store, catalog, tmp_path / "flags.xlsx")).active
    assert sheet is not None
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    for flag in RedFlag:
        assert note_text(flag) in cells
    header = [cell.value for cell in sheet[1]]
    confidence = header.index("fit_confidence") + 1
    assert sheet.cell(row=2, column=confidence).value in ("high", "medium", "low")


def test_json_export_carries_each_note_and_the_confidence(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    document = json.loads(export(store, catalog, tmp_path / "flags.json").read_text("utf-8"))
    assert document["warnings"] == [note.text for note in red_flag_notes(ALL_FLAGS)]
    assert document["warnings"][0] == note_text(URGENT)
    assert all(item["fit_confidence"] in ("high", "medium", "low") for item in document["items"])
    assert all(item["monthly_over_horizon"] > 0 for item in document["items"])


def test_the_printable_document_and_pdf_carry_each_note(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    from tests.test_shortlist_export import pdf_text

    html = document_html(store, "Flags", catalog, options=CostOptions(), when=WHEN)
    for flag in RedFlag:
        assert note_text(flag).replace("'", "&#x27;") in html
    assert "confidence" in html
    text = pdf_text(export(store, catalog, tmp_path / "flags.pdf"))
    for flag in RedFlag:
        assert " ".join(note_text(flag).split()) in text


def test_severe_pain_and_insoles_that_have_not_helped_also_say_see_a_professional(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["search", "--severity", "severe", "--tried-off-the-shelf", "--format", "json", "--limit", "1"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert warnings == [SEVERE_PAIN_NOTE, NO_IMPROVEMENT_NOTE]
    ticked = FootProfile(severity="severe", red_flags=(RedFlag.SEVERE_WORSENING_NIGHT_PAIN,))
    assert advice_notes(ticked) == [note_text(RedFlag.SEVERE_WORSENING_NIGHT_PAIN)]  # said once
