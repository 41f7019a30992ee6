"""Write the hostile catalog corpus next to this script. Deterministic; re-run to regenerate.

Each file is paired with its expected outcome in expected.json:
  loads | loads-with-warnings | rows-rejected | refused
and a fragment of the message the user sees.

Run: python tests/data/hostile/make_corpus.py
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
BUNDLED = HERE.parents[2] / "catalog_data" / "insoles.csv"

SOURCE = list(csv.reader(BUNDLED.read_text(encoding="utf-8").splitlines()))
HEADER = SOURCE[0]
ROWS = [list(row) for row in SOURCE[1:5]]
EXPECTED: dict[str, dict[str, str]] = {}


def col(name: str) -> int:
    return HEADER.index(name)


def rows() -> list[list[str]]:
    return [list(row) for row in ROWS]


def csv_text(header: list[str], body: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue()


def expect(name: str, outcome: str, message: str = "", note: str = "") -> Path:
    EXPECTED[name] = {"outcome": outcome, "message": message, "note": note}
    return HERE / name


def write_csv_files() -> None:
    expect("bom_utf8.csv", "loads", note="UTF-8 with a byte-order mark").write_bytes(
        b"\xef\xbb\xbf" + csv_text(HEADER, rows()).encode()
    )
    body = rows()
    body[0][col("description")] = "Café insole for flats – costs under €30"
    expect("cp1252.csv", "loads", note="Windows-1252 text with é, – and €").write_bytes(
        csv_text(HEADER, body).encode("cp1252")
    )
    expect("utf16.csv", "loads", note="UTF-16 with a BOM, as Excel's 'Unicode text'").write_bytes(
        csv_text(HEADER, body).encode("utf-16")
    )
    body = rows()
    for row in body:
        row[col("price")] = row[col("price")].replace(".", ",")
        row[col("thickness_mm")] = "4,5"
    expect(
        "semicolon_decimal_comma.csv",
        "loads-with-warnings",
        "decimal commas",
        "semicolon-delimited with decimal commas (34,95)",
    ).write_text(csv_text(HEADER, body, ";"), encoding="utf-8")
    expect("tab_separated.csv", "loads", note="tab-separated with a .csv name").write_text(
        csv_text(HEADER, rows(), "\t"), encoding="utf-8"
    )
    expect("empty.csv", "refused", "is empty").write_bytes(b"")
    expect("header_only.csv", "refused", "no product rows").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    body = rows()
    body[1] = body[1][:7]
    body[2] = [*body[2], "surplus", "cells"]
    expect("ragged_rows.csv", "rows-rejected", "cells but the header has", "a short row and a long row").write_text(
        csv_text(HEADER, body), encoding="utf-8"
    )
    text = csv_text(HEADER, rows())
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].replace(",", ',"', 3)[:-1] + "\n"  # opens a quote that never closes
    expect("unterminated_quote.csv", "refused", "quote that is never closed").write_text(
        "".join(lines), encoding="utf-8"
    )
    body = rows()
    body[0][col("description")] = 'Line one\nline two with "quoted" words, and a comma'
    body[1][col("care")] = 'Say "hello"\r\nthen wash'
    expect("newlines_and_quotes.csv", "loads", note="newlines and quotes inside quoted fields").write_text(
        csv_text(HEADER, body), encoding="utf-8", newline=""
    )
    header = [*HEADER, "price"]
    expect("duplicate_headers.csv", "refused", "names the column 'price' twice").write_text(
        csv_text(header, [[*row, "1"] for row in rows()]), encoding="utf-8"
    )
    header = [*HEADER[:5], "", *HEADER[5:]]
    expect("blank_header.csv", "loads-with-warnings", "has no header").write_text(
        csv_text(header, [[*row[:5], "x", *row[5:]] for row in rows()]), encoding="utf-8"
    )
    body = rows()
    for number, row in enumerate(body):
        row[col("id")] = f"00{number + 7}"
    expect("leading_zero_ids.csv", "loads", note="ids 007, 008... stay text").write_text(
        csv_text(HEADER, body), encoding="utf-8"
    )
    body = rows()
    body[0][col("name")] = "NA"
    body[1][col("name")] = "None"
    body[2][col("brand")] = "null"
    body[3][col("description")] = "NaN"
    expect("na_none_null_text.csv", "loads", note='"NA", "None", "null" kept as text').write_text(
        csv_text(HEADER, body), encoding="utf-8"
    )
    body = rows()
    body[0][col("name")] = '=HYPERLINK("http://example.invalid","click")'
    body[1][col("description")] = "+1 insole"
    body[2][col("care")] = "-wash cold"
    body[3][col("brand")] = "@brand"
    expect("formula_prefixes.csv", "loads", note="cells beginning with =, +, -, @ kept as text").write_text(
        csv_text(HEADER, body), encoding="utf-8"
    )
    body = rows()
    body[1][col("description")] = "x" * 1_048_576
    expect("one_megabyte_cell.csv", "rows-rejected", "characters long").write_text(
        csv_text(HEADER, body), encoding="utf-8"
    )
    header = HEADER + [f"extra_{number}" for number in range(10_000 - len(HEADER))]
    expect("ten_thousand_columns.csv", "refused", "10,000 columns").write_text(
        csv_text(header, [row + [""] * (10_000 - len(HEADER)) for row in rows()]), encoding="utf-8"
    )
    body = rows()
    body[0][col("name")] = "Night\x00Rest"
    body[1][col("name")] = "Gel \u202eevil\u202c Arch"
    body[2][col("brand")] = "Zero\u200bWidth\u200d"
    expect(
        "nul_bidi_zero_width.csv",
        "loads-with-warnings",
        "invisible",
        "NUL bytes, a right-to-left override and zero-width characters",
    ).write_text(csv_text(HEADER, body), encoding="utf-8")
    body = rows()
    body[0][col("price")] = "-12.50"
    body[1][col("price")] = "1e309"
    body[2][col("price")] = "€1.234,56"
    expect("bad_prices.csv", "rows-rejected", "must be greater than 0", "negative, 1e309 and €1.234,56").write_text(
        csv_text(HEADER, body), encoding="utf-8"
    )
    body = rows()
    body[3][col("id")] = body[0][col("id")]
    expect("duplicate_ids.csv", "rows-rejected", "duplicate id").write_text(csv_text(HEADER, body), encoding="utf-8")
    text = csv_text(HEADER, rows())
    expect("half_downloaded.csv", "rows-rejected", "cells but the header has", "cut off mid-row").write_text(
        text[: len(text) - 120], encoding="utf-8"
    )
    expect("binary_garbage.csv", "refused", "none of the catalog's columns").write_bytes(bytes(range(256)) * 40)
    expect("not_a_catalog.csv", "refused", "none of the catalog's columns", "a table of something else").write_text(
        "date,amount,payee\n2026-01-01,12.00,Bakery\n", encoding="utf-8"
    )


def write_xlsx(name: str, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    first = True
    for title, body in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        for row in body:
            sheet.append(row)
        first = False
    path = HERE / name
    workbook.save(path)
    return path


def write_workbooks() -> None:
    expect("csv_renamed.xlsx", "refused", "not an Excel .xlsx workbook").write_text(
        csv_text(HEADER, rows()), encoding="utf-8"
    )
    expect("old_format.xls", "refused", "old Excel .xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504)
    expect("encrypted.xlsx", "refused", "not an Excel .xlsx workbook").write_bytes(
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + b"EncryptedPackage"
    )
    path = expect("zip_bomb.xlsx", "refused", "would expand to")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1 << 24)
            for _ in range(96):  # 1.5 GiB of zeros, about 1.5 MB compressed
                member.write(block)
    write_entity_expansion(expect("entity_expansion.xlsx", "refused", "not a readable .xlsx workbook"))
    path = expect("formulas_without_values.xlsx", "rows-rejected", "formulas", "openpyxl-written: no cached values")
    body: list[list[object]] = [list(HEADER)]
    for row in rows():
        row_values: list[object] = list(row)
        row_values[col("price")] = "=10+20"
        body.append(row_values)
    write_xlsx(path.name, {"Catalog": body})
    path = expect("several_sheets.xlsx", "loads-with-warnings", "other sheets ignored")
    write_xlsx(path.name, {"Products": [HEADER, *rows()], "Notes": [["internal notes"]], "Prices 2025": [["x"]]})


def write_entity_expansion(path: Path) -> None:
    """A workbook whose sheet XML defines nested entities (a "billion laughs" attack)."""
    source = io.BytesIO()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(ROWS[0])
    workbook.save(source)
    entities = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
            for level in range(1, 10)
        )
        + "]>"
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if text.startswith("<?xml"):
                    text = text.split("?>", 1)[1]
                text = '<?xml version="1.0" encoding="UTF-8"?>' + entities + text.replace("<v>", "<v>&lol9;", 1)
                data = text.encode()
            target.writestr(info, data)


def write_json_files() -> None:
    products = [dict(zip(HEADER, row, strict=True)) for row in rows()]
    expect("object_not_array.json", "refused", "not an object").write_text(
        json.dumps({"name": "not a list"}), encoding="utf-8"
    )
    expect("deeply_nested.json", "refused", "nested more than").write_text("[" * 100_000 + "]" * 100_000)
    text = json.dumps(products, indent=1)
    text = text.replace(f'"price": "{products[0]["price"]}"', '"price": NaN', 1)
    text = text.replace(f'"price": "{products[1]["price"]}"', '"price": Infinity', 1)
    expect("nan_infinity.json", "rows-rejected", "is not a number").write_text(text, encoding="utf-8")
    text = json.dumps(products[:1], indent=1).replace('"name":', '"name": "First name",\n  "name":', 1)
    expect("duplicate_keys.json", "loads-with-warnings", "appears twice").write_text(text, encoding="utf-8")
    expect("scalar.json", "refused", "not a number").write_text("42", encoding="utf-8")
    expect("not_json.json", "refused", "is not valid JSON").write_text("{this is not json", encoding="utf-8")


def main() -> None:
    write_csv_files()
    write_workbooks()
    write_json_files()
    (HERE / "expected.json").write_text(json.dumps(EXPECTED, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(EXPECTED)} files to {HERE}")


if __name__ == "__main__":
    main()
