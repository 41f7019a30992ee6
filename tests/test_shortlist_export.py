"""Shortlist exports read back: CSV, XLSX, JSON and PDF carry the picks, notes, costs, fit and health line."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook

import catalog_app.storage.atomic_write as atomic_write
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, bundled_catalog_path, load_bundled_catalog, load_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.model.wording import FORBIDDEN_CLAIMS, HEALTH_NOTE
from catalog_app.shortlist.export import SPREADSHEET_FIELDS, ShortlistExportError, export_shortlist
from catalog_app.shortlist.export_data import NOT_IN_CATALOG
from catalog_app.shortlist.store import ShortlistStore

PROFILE = FootProfile(
    arch="flat",
    pronation="overpronation",
    concerns=("plantar-fasciitis", "lower-back-pain"),
    activities=("standing",),
    shoe_types=("work-boots",),
)
PICKS = (
    ("ironbark-shift-cushion", "try in work boots first"),
    ("tidewell-cloudrest-plus", "softest; check the heel"),
    ("larkmoor-functional-custom", "only if the others fail\nneeds a podiatrist"),
)
HOSTILE_NOTES = ('=HYPERLINK("http://x","click")', "+1+2", "-3", "@SUM(A1)", "\tTAB", "\rCR")
WHEN = dt.datetime(2025, 3, 14, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture
def store(tmp_path: Path, catalog: Catalog) -> ShortlistStore:
    opened = ShortlistStore(tmp_path / "shortlists.sqlite3")
    opened.create("Client A", PROFILE)
    for product_id, note in PICKS:
        position = catalog.position_of(product_id)
        assert position is not None
        opened.add("Client A", product_record(catalog.frame, position), note=note)
    yield opened
    opened.close()


def export(store: ShortlistStore, catalog: Catalog, path: Path, **options: int) -> Path:
    return export_shortlist(
        store, "Client A", catalog, path, options=CostOptions(**options), when=WHEN, render_pdf=_pdf_renderer()
    )


def _pdf_renderer():  # type: ignore[no-untyped-def]
    from ui.shortlist.print_document import write_pdf

    return write_pdf


def read_csv(path: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The table (up to the first empty row) and the labelled footer below it."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    blank = rows.index([])
    header, body, footer = rows[0], rows[1:blank], rows[blank + 1 :]
    return [dict(zip(header, row, strict=True)) for row in body], {row[0]: row[1] for row in footer}


def test_csv_round_trip_has_every_pick_note_cost_and_fit(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    path = export(store, catalog, tmp_path / "picks.csv", horizon_months=24, pairs=2)
    rows, footer = read_csv(path)
    assert [row["id"] for row in rows] == [product_id for product_id, _note in PICKS]
    assert [row["note"] for row in rows] == [note for _id, note in PICKS]
    assert list(rows[0]) == list(SPREADSHEET_FIELDS)
    first = rows[0]
    position = catalog.position_of(first["id"])
    assert position is not None
    assert float(first["price"]) == pytest.approx(float(catalog.frame["price"].iat[position]))
    assert first["currency"] == "USD" and first["position"] == "1"
    assert 0 <= float(first["fit_score"]) <= 100 and first["fit_reasons"]
    assert float(first["cost_over_horizon"]) > float(first["price"])
    assert "over 24 months" in first["cost_notes"]
    assert "podiatrist" in rows[2]["cost_notes"]
    assert footer["note"] == HEALTH_NOTE
    assert footer["exported"].startswith("2025-03-14")
    assert footer["costs"] == "over 24 months, for 2 pairs of shoes"
    assert "flat arch" in footer["profile"]


def test_horizon_and_pairs_change_the_costs(store: ShortlistStore, catalog: Catalog, tmp_path: Path) -> None:
    short, _ = read_csv(export(store, catalog, tmp_path / "short.csv", horizon_months=6, pairs=1))
    long, _ = read_csv(export(store, catalog, tmp_path / "long.csv", horizon_months=36, pairs=3))
    for few, many in zip(short, long, strict=True):
        assert float(many["cost_over_horizon"]) > float(few["cost_over_horizon"])


def test_xlsx_round_trip_keeps_numbers_as_numbers(store: ShortlistStore, catalog: Catalog, tmp_path: Path) -> None:
    path = export(store, catalog, tmp_path / "picks.xlsx")
    sheet = load_workbook(path, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert tuple(header) == SPREADSHEET_FIELDS
    body = [dict(zip(header, row, strict=True)) for row in rows[1 : 1 + len(PICKS)]]
    assert [row["id"] for row in body] == [product_id for product_id, _ in PICKS]
    assert [row["note"] for row in body] == [note for _id, note in PICKS]
    # Numbers stay numbers a spreadsheet can add up (a whole amount may read back as an int).
    assert all(isinstance(row[key], int | float) for row in body for key in ("price", "cost_over_horizon", "fit_score"))
    assert [row["price"] for row in body] == [34.99, 39.95, 450]
    assert isinstance(body[0]["position"], int)
    footer = {row[0]: row[1] for row in rows[1 + len(PICKS) :] if row and row[0]}
    assert footer["note"] == HEALTH_NOTE


def test_formula_like_notes_are_neutralized_in_spreadsheets_but_exact_in_json(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    for (product_id, _note), hostile in zip(PICKS, HOSTILE_NOTES, strict=False):
        store.set_note("Client A", product_id, hostile)
    expected = [HOSTILE_NOTES[0], HOSTILE_NOTES[1], HOSTILE_NOTES[2]]

    rows, _footer = read_csv(export(store, catalog, tmp_path / "picks.csv"))
    assert [row["note"] for row in rows] == ["'" + note for note in expected]

    sheet = load_workbook(export(store, catalog, tmp_path / "picks.xlsx")).active
    notes = [sheet.cell(row=row, column=SPREADSHEET_FIELDS.index("note") + 1) for row in range(2, 5)]
    assert [cell.value for cell in notes] == ["'" + note for note in expected]
    assert all(cell.data_type == "s" for cell in notes)  # text, never a formula

    document = json.loads(export(store, catalog, tmp_path / "picks.json").read_text(encoding="utf-8"))
    assert [item["note"] for item in document["items"]] == expected


@pytest.mark.parametrize("note", HOSTILE_NOTES)
def test_every_dangerous_first_character_is_neutralized(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path, note: str
) -> None:
    store.set_note("Client A", PICKS[0][0], note)
    rows, _footer = read_csv(export(store, catalog, tmp_path / "picks.csv"))
    assert rows[0]["note"] == "'" + note
    cell = load_workbook(export(store, catalog, tmp_path / "picks.xlsx")).active.cell(
        row=2, column=SPREADSHEET_FIELDS.index("note") + 1
    )
    # XLSX is XML, which cannot keep a bare carriage return: it becomes a line break, after the quote.
    assert cell.value == "'" + note.replace("\r", "\n") and cell.data_type == "s"


def test_json_keeps_the_exact_text_and_the_whole_picture(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    odd = 'quote " backslash \\ tab\t newline\n emoji 👟 and  two  spaces '
    store.set_note("Client A", PICKS[1][0], odd)
    document = json.loads(export(store, catalog, tmp_path / "picks.json", horizon_months=12).read_text("utf-8"))
    assert document["shortlist"] == "Client A"
    assert document["exported"] == "2025-03-14T10:30:00+01:00"
    assert document["health_note"] == HEALTH_NOTE
    assert document["costs"] == {"horizon_months": 12, "pairs": 1}
    assert document["profile"]["arch"] == "flat"
    items = document["items"]
    assert items[1]["note"] == odd
    assert [item["id"] for item in items] == [product_id for product_id, _ in PICKS]
    for item in items:
        assert item["in_catalog"] is True
        assert item["product"]["name"] == item["snapshot"]["name"]
        assert isinstance(item["product"]["shoe_types"], list)
        assert item["cost_notes"] and item["fit_reasons"] and 0 <= item["fit_score"] <= 100


def test_a_product_dropped_from_the_catalog_still_exports_from_its_snapshot(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    dropped_id = PICKS[0][0]
    frame = catalog.frame[catalog.frame["id"] != dropped_id].reset_index(drop=True)
    smaller = Catalog(frame=frame, source="shop.csv", report=catalog.report)
    rows, _footer = read_csv(export(store, smaller, tmp_path / "picks.csv"))
    assert rows[0]["id"] == dropped_id
    assert rows[0]["name"] == "Shift Cushion" and rows[0]["brand"] == "Ironbark Works"
    assert rows[0]["catalog_status"] == NOT_IN_CATALOG
    assert rows[0]["note"] == PICKS[0][1]
    assert rows[0]["cost_over_horizon"] == "" and rows[1]["cost_over_horizon"] != ""
    document = json.loads(export(store, smaller, tmp_path / "picks.json").read_text("utf-8"))
    assert document["items"][0]["in_catalog"] is False
    assert document["items"][0]["product"]["price"] == 34.99


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    # Ligatures (fi, fl) come out as single characters; NFKC turns them back into letters.
    return " ".join(unicodedata.normalize("NFKC", result.stdout).split())


def pdf_pages(path: Path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    result = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", result.stdout).group(1))  # type: ignore[union-attr]


def test_pdf_has_the_names_notes_costs_and_health_line(store: ShortlistStore, catalog: Catalog, tmp_path: Path) -> None:
    path = export(store, catalog, tmp_path / "picks.pdf", horizon_months=24, pairs=2)
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    for name in ("Shift Cushion", "Cloudrest Plus", "Functional Custom"):
        assert name in text
    assert "try in work boots first" in text
    assert "Shortlist: Client A" in text and "14 March 2025" in text
    assert "Costs are worked out over 24 months, for 2 pairs of shoes" in text
    assert "Comparison and costs" in text and "$239.70" in text  # Cloudrest Plus: 3 purchases x 2 pairs
    assert " ".join(HEALTH_NOTE.split()) in text
    assert 1 <= pdf_pages(path) <= 2


TREATMENT_WORDS = re.compile(r"\b(" + "|".join(FORBIDDEN_CLAIMS) + r")\b", re.IGNORECASE)


def test_no_csv_or_json_export_words_an_insole_as_a_treatment(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    # Checked whether or not pdftotext is installed: only the PDF's text needs it.
    texts = [
        export(store, catalog, tmp_path / "picks.csv").read_text("utf-8"),
        export(store, catalog, tmp_path / "picks.json").read_text("utf-8"),
    ]
    for text in texts:
        assert not TREATMENT_WORDS.search(text), TREATMENT_WORDS.search(text)
    assert "may help" in texts[1]  # back pain is weak evidence and is worded so


def test_no_pdf_export_words_an_insole_as_a_treatment(store: ShortlistStore, catalog: Catalog, tmp_path: Path) -> None:
    text = pdf_text(export(store, catalog, tmp_path / "picks.pdf"))
    assert not TREATMENT_WORDS.search(text), TREATMENT_WORDS.search(text)


def test_a_failure_mid_write_leaves_the_old_file_and_no_temp_file(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    old_files: list[str] = []
    for suffix in (".csv", ".xlsx", ".json", ".pdf"):
        target = folder / f"picks{suffix}"
        target.write_bytes(b"last week's export")
        old_files.append(target.name)

        def fail_after_writing(path: Path) -> None:
            assert path.stat().st_size > 0  # the new content was written to the temporary file
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(atomic_write, "_fsync_file", fail_after_writing)
        with pytest.raises(ShortlistExportError, match=r"^Cannot write picks\.\w+: No space left on device\.$"):
            export(store, catalog, target)
        monkeypatch.undo()
        assert target.read_bytes() == b"last week's export"
        assert sorted(path.name for path in folder.iterdir()) == sorted(old_files)  # no temporary file left
    export(store, catalog, folder / "picks.csv")
    assert (folder / "picks.csv").read_text("utf-8").startswith("position,id,name")


def test_exporting_onto_the_open_catalog_or_the_store_is_refused(store: ShortlistStore, tmp_path: Path) -> None:
    shop = tmp_path / "shop.csv"
    shutil.copyfile(bundled_catalog_path(), shop)
    catalog = load_catalog(shop)
    before = shop.read_bytes()
    with pytest.raises(ShortlistExportError, match=r"shop\.csv is the catalog file that is open"):
        export(store, catalog, tmp_path / "." / "shop.csv")
    assert shop.read_bytes() == before
    with ShortlistStore(tmp_path / "store.json") as odd_store:
        odd_store.create("Client A")
        with pytest.raises(ShortlistExportError, match="is the shortlist store"):
            export_shortlist(odd_store, "Client A", catalog, tmp_path / "store.json", options=CostOptions())


def test_unknown_suffix_and_missing_folder_are_one_sentence(
    store: ShortlistStore, catalog: Catalog, tmp_path: Path
) -> None:
    with pytest.raises(ShortlistExportError, match=r"^Cannot export to 'picks\.docx': choose .*\.pdf\.$"):
        export(store, catalog, tmp_path / "picks.docx")
    with pytest.raises(ShortlistExportError, match=r"^Cannot write picks\.csv: the folder .* does not exist\.$"):
        export(store, catalog, tmp_path / "missing" / "picks.csv")
