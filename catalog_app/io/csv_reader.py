"""Read CSV text into a RawTable: encodings, delimiters, a fast parser and an exact one.

The fast path hands the file straight to pyarrow (batch by batch, no Python string per cell):
numbers arrive as numbers, low-cardinality columns dictionary-encoded (validation parses each
distinct value once), text as text. Invisible characters are removed where they lie: from the
few parsed cells that hold them, or, where one could change how a row splits (beside a quote, in
the header), from the bytes as pyarrow reads them. Anything else unusual (not UTF-8, NUL bytes
near the start, ragged rows, blank lines, repeated or blank headers, broken quoting) goes to the
exact path: decode in Python, then pyarrow again or Python's csv module, which says exactly which
row is ragged or unterminated. Every path stops as soon as the rows pass the limit.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.compute as pc

from catalog_app.io.allocators import parsing
from catalog_app.io.read_errors import CatalogReadError, csv_reason
from catalog_app.io.table_rows import header_and_records, table_from_rows
from catalog_app.model import limits
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import COLUMN_BY_NAME, Kind
from catalog_app.model.validation_report import HEADER_ROW, Problem
from catalog_app.validation.arrow_text import has_invisible, invisible_per_cell, without_invisible
from catalog_app.validation.column_parsing import number_fails
from catalog_app.validation.text_hygiene import INVISIBLE, clean_text, clean_utf8, removed_warning

DELIMITERS = (",", ";", "\t")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
BLOCK_BYTES = 1 << 22  # pyarrow parses blocks of this size in parallel (4 MB: less CPU than 8 MB, measured)
HEADER_PROBE_BYTES = 1 << 16


class _SplitMayChangeError(Exception):
    """An invisible character sits in a cell beside a quote: removed first, as the exact reader
    does, it could change where the row's cells split, so removing it from the cell is not enough."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252, else Latin-1."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CatalogReadError("the file starts like UTF-16 text but cannot be decoded as UTF-16.") from None
    if data.startswith(UTF8_BOM):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header best (a header has no quoted delimiters in practice)."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_csv(path: Path) -> RawTable:
    with parsing():
        return _read_csv(path)


def _read_csv(path: Path) -> RawTable:
    table = _csv_fast_from_file(path)
    if table is not None:
        return table
    text, removed = clean_text(decode_text(path.read_bytes()))
    if not text.strip():
        raise CatalogReadError(f"{path.name} has no text in it.")
    header_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(header_line)
    data = text.encode("utf-8")
    table = _csv_fast(lambda: io.BytesIO(data), _header(header_line, delimiter), delimiter, path.name)
    if table is None:
        table = _csv_exact(text, delimiter, path.name)
    _read_decimal_commas(table, delimiter)
    if removed:
        table.warnings.insert(0, Problem(HEADER_ROW, "", "", removed_warning(removed)))
    return table


def _csv_fast_from_file(path: Path) -> RawTable | None:
    """The file as it is, when it is UTF-8 (pyarrow checks) and its header line is plain."""
    with path.open("rb") as handle:
        probe = handle.read(HEADER_PROBE_BYTES)
    if probe.startswith(UTF16_BOMS) or b"\x00" in probe:
        return None
    first_line, newline, _ = probe.removeprefix(UTF8_BOM).partition(b"\n")
    if not newline:
        return None  # a header longer than the probe, or a file of one line: the exact path decides
    try:
        header_line = first_line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = sniff_delimiter(header_line)
    if INVISIBLE.search(header_line):
        table = _csv_fast_without_invisible(path, clean_text(header_line)[0], delimiter)
    else:
        try:
            table = _csv_fast(lambda: str(path), _header(header_line, delimiter), delimiter, path.name)
        except _SplitMayChangeError:
            table = _csv_fast_without_invisible(path, header_line, delimiter)
        else:
            if table is None and _holds_invisible(path):  # rows that split once a character is gone
                table = _csv_fast_without_invisible(path, header_line, delimiter)
    if table is not None:
        _read_decimal_commas(table, delimiter)
    return table


def _csv_fast_without_invisible(path: Path, header_line: str, delimiter: str) -> RawTable | None:
    """pyarrow reads the file with its invisible characters removed from the bytes as they are
    read: what the exact reader would parse, without the file ever being one Python string."""
    streams: list[_InvisibleFreeFile] = []

    def source() -> _InvisibleFreeFile:
        streams.append(_InvisibleFreeFile(path))
        return streams[-1]

    try:
        table = _csv_fast(source, _header(header_line, delimiter), delimiter, path.name)
    finally:
        for stream in streams:
            stream.close()
    if table is not None and streams[-1].removed:
        table.warnings.insert(0, Problem(HEADER_ROW, "", "", removed_warning(streams[-1].removed)))
    return table


def _holds_invisible(path: Path) -> bool:
    """Whether the file's bytes hold any character `clean_utf8` removes (read block by block)."""
    with path.open("rb") as handle:
        tail = b""
        while block := handle.read(BLOCK_BYTES):
            if clean_utf8(tail + block)[1]:
                return True
            tail = block[-2:]
    return False


class _InvisibleFreeFile:
    """A UTF-8 file read block by block with invisible characters removed (and counted); a leading
    byte-order mark is skipped, as the exact reader skips it."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self._held = b""
        self.removed = 0
        self.closed = False
        if self._file.read(len(UTF8_BOM)) != UTF8_BOM:
            self._file.seek(0)

    def read(self, size: int = -1) -> bytes:
        size = size if size and size > 0 else BLOCK_BYTES
        while True:
            block = self._file.read(size)
            data, self._held = self._held + block, b""
            if block:
                # A character cut at the end of the block is finished by the next one.
                cut = next((back for back in (1, 2) if data[-back:][:1] in (b"\xe2", b"\xef")), 0)
                data, self._held = (data[:-cut], data[-cut:]) if cut else (data, b"")
            cleaned, count = clean_utf8(data)
            self.removed += count
            if cleaned or not block:
                return cleaned

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._file.close()
        self.closed = True


def _header(header_line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(header_line), delimiter=delimiter), [])


def _csv_fast(source: Callable[[], Any], header: list[str], delimiter: str, name: str) -> RawTable | None:
    """pyarrow's parser for well-formed UTF-8 files; None when the file needs the exact reader.

    The first read is the cheapest that is usually right, and a failure says which guess was
    wrong; each guess is then given up once:
    - Numbers are read as numbers, inside pyarrow's parallel parse. That is faithful only when
      every number is fine: a failing cell is reported with its text as typed ("-5", not "-5.0"),
      and pyarrow reads a few spellings ("nan", "inf") that a catalog refuses. So a file with a
      number pyarrow cannot read, or one that fails, is read again with numbers as text.
    - Line breaks are taken to end rows, which lets pyarrow split the file without scanning
      quotes first; a file with line breaks inside quoted cells is read again with that scan.
    """
    if len(set(header)) != len(header) or any(not column.strip() for column in header):
        return None
    typed_numbers, quoted_newlines = True, False
    while True:
        table, problem = _pyarrow_read(
            source, header, delimiter, name, typed_numbers=typed_numbers, quoted_newlines=quoted_newlines
        )
        if table is not None and typed_numbers and not _numbers_read_faithfully(table):
            table, problem = None, "conversion"
        if table is not None:
            break
        if problem == "conversion" and typed_numbers:
            typed_numbers = False
        elif problem == "parse" and not quoted_newlines:
            quoted_newlines = True
        else:
            return None
    names = [str(column) for column in table.column_names]
    if names != header or _last_row_spans_lines(table):
        return None
    table, removed = _without_invisible(table)
    table = table.rename_columns([column.strip() for column in names])
    raw = RawTable(None, np.arange(2, 2 + table.num_rows, dtype=np.int64), name, arrow=table)
    if removed:
        raw.warnings.insert(0, Problem(HEADER_ROW, "", "", removed_warning(removed)))
    return raw


def _pyarrow_read(
    source: Callable[[], Any],
    header: list[str],
    delimiter: str,
    name: str,
    *,
    typed_numbers: bool,
    quoted_newlines: bool,
) -> tuple[Any, str]:
    """The table, or None and what went wrong: "conversion" (a cell is not of its column's type),
    "parse" (rows do not split as the options said) or "other".

    pyarrow's parallel reader gets the file through a counter of line breaks: a file with more
    lines than a catalog may have rows is read again by the streaming reader, which counts rows
    exactly (a quoted cell may hold line breaks) and refuses the file as soon as they pass the
    limit, holding no more than that many (tiny rows would otherwise take several times the
    file's size before the count could be checked)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    options = {
        "read_options": pa_csv.ReadOptions(block_size=BLOCK_BYTES),
        "parse_options": pa_csv.ParseOptions(
            delimiter=delimiter, newlines_in_values=quoted_newlines, ignore_empty_lines=False
        ),
        "convert_options": pa_csv.ConvertOptions(
            column_types={column: _arrow_type(column, typed_numbers=typed_numbers) for column in header},
            # An empty cell is "no number" (null) in a number column and "" in a text column.
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[""],
        ),
    }
    try:
        with _LineCountingFile(source()) as counted:
            table = pa_csv.read_csv(counted, **options)
    except _TooManyLinesError:
        try:
            table = _read_up_to_the_limit(source(), options, name)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
            return None, _problem(error)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
        return None, _problem(error)
    return table, ""


def _problem(error: Exception) -> str:
    message = str(error)
    if "conversion error" in message:
        return "conversion"
    if "parse error" in message or "out of sync" in message:
        return "parse"
    return "other"


class _TooManyLinesError(Exception):
    """The file has more lines than a catalog may have rows (plus its header)."""


class _LineCountingFile:
    """A file (a path or a readable object) as pyarrow reads it, counting its line breaks."""

    def __init__(self, source: Any) -> None:
        self._file = Path(source).open("rb") if isinstance(source, str) else source  # noqa: SIM115 - see close()
        self.lines = 0
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        block: bytes = self._file.read(size)
        self.lines += int(np.count_nonzero(np.frombuffer(block, dtype=np.uint8) == ord("\n")))
        if self.lines > limits.MAX_ROWS + 1:
            raise _TooManyLinesError
        return block

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._file.close()
        self.closed = True

    def __enter__(self) -> _LineCountingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_up_to_the_limit(source: Any, options: dict[str, Any], name: str) -> Any:
    """Batch by batch (single-threaded), refusing the file once its rows pass the limit."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    reader = pa_csv.open_csv(source, **options)
    batches, rows = [], 0
    for batch in reader:
        rows += batch.num_rows
        if rows > limits.MAX_ROWS:
            raise CatalogReadError(limits.too_many_rows(name))
        batches.append(batch)
    return pa.Table.from_batches(batches, schema=reader.schema)


def _arrow_type(column: str, *, typed_numbers: bool) -> Any:
    """Text columns of mostly distinct cells (ids, names) go into the catalog as they are, so
    pyarrow builds them once, in parallel; numbers are read as numbers where that is faithful;
    every other column (choices, lists, and text that repeats: brands, descriptions, care notes)
    is read as a dictionary of distinct cells, parsed once each and kept so in the catalog, which
    holds a million products' repeated text in a fraction of the memory. Unknown columns are
    never read: text is the cheapest way to hold them."""
    import pyarrow as pa

    spec = COLUMN_BY_NAME.get(column.strip())
    if spec is None or (spec.kind in (Kind.TEXT, Kind.ID) and not spec.repeats):
        return pa.large_string()  # what pandas keeps text in: the catalog takes it without a copy
    if spec.kind is Kind.NUMBER and typed_numbers:
        return pa.float64()
    return pa.dictionary(pa.int32(), pa.string())


def _numbers_read_faithfully(table: Any) -> bool:
    """No number column holds a value the catalog refuses (it would be reported by its text)."""
    columns: dict[str, Any] = {}
    for name in table.column_names:
        spec = COLUMN_BY_NAME.get(str(name).strip())
        if spec is None or spec.kind is not Kind.NUMBER:
            continue
        column = columns[spec.name] = table.column(name)
        for chunk in column.chunks:  # chunk by chunk: no copy of the whole column
            numbers = chunk.to_numpy(zero_copy_only=False)
            failing = number_fails(spec, numbers)
            if chunk.null_count:
                failing &= ~chunk.is_null().to_numpy(zero_copy_only=False)
            if failing.any():
                return False
    low, high = columns.get("lifespan_months"), columns.get("lifespan_months_max")
    if low is not None and high is not None:
        inverted = pc.less(high, low)  # null where either is missing
        if pc.any(inverted).as_py():
            return False
    return True


def _last_row_spans_lines(table: Any) -> bool:
    """pyarrow reads a quote left open at the end of the file as a cell running to the end. Such a
    cell holds a line break; when the last row has one, the exact reader decides."""
    if table.num_rows == 0:
        return False
    for column in table.columns:
        value = column[len(column) - 1].as_py()
        if isinstance(value, str) and ("\n" in value or "\r" in value):
            return True
    return False


def _without_invisible(table: Any) -> tuple[Any, int]:
    """The table without NUL bytes, text-direction overrides and zero-width characters, and how
    many were removed. Only the chunks that hold one are rebuilt (usually none: one pass over the
    bytes says so); raises _SplitMayChangeError where removing them from the cell is not enough."""
    import pyarrow as pa

    removed = 0
    for index, name in enumerate(table.column_names):
        column = table.column(index)
        chunks, changed = [], False
        for chunk in column.chunks:
            cleaned, count = _chunk_without_invisible(chunk)
            chunks.append(cleaned)
            changed, removed = changed or count > 0, removed + count
        if changed:
            table = table.set_column(index, name, pa.chunked_array(chunks, type=column.type))
    return table, removed


def _chunk_without_invisible(chunk: Any) -> tuple[Any, int]:
    import pyarrow as pa

    encoded = pa.types.is_dictionary(chunk.type)
    values = chunk.dictionary if encoded else chunk
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)) or not has_invisible(values):
        return chunk, 0
    counts = invisible_per_cell(values)
    holders = values.filter(pc.greater(counts, 0))
    if pc.any(pc.match_substring(holders, '"')).as_py():
        raise _SplitMayChangeError
    cleaned = without_invisible(values)
    if not encoded:
        return cleaned, int(pc.sum(counts).as_py() or 0)
    removed = int(pc.sum(pc.take(counts, chunk.indices)).as_py() or 0)
    # Two values may now be the same: encode again so the dictionary stays one entry per value.
    decoded = pa.DictionaryArray.from_arrays(chunk.indices, cleaned).dictionary_decode()
    return decoded.dictionary_encode(), removed


# A number written with a decimal comma, as spreadsheets save them where ";" separates cells.
DECIMAL_COMMA = r"^\s*[+-]?[0-9]+,[0-9]+\s*$"


def _read_decimal_commas(table: RawTable, delimiter: str) -> None:
    """In a file whose cells are separated by ";" or tabs, "24,95" in a number column means
    24.95: read it so, and say so once. (With "," as the separator such a cell would have been
    split in two, so there it is left for validation to report.)"""
    if delimiter == ",":
        return
    columns = [name for name in table.column_names if _is_number_column(name)]
    changed = [name for name in columns if _decimal_commas_in(table, name)]
    if changed:
        table.warnings.append(
            Problem(
                HEADER_ROW,
                "",
                "",
                f"read decimal commas as decimal points in {', '.join(changed)} (24,95 as 24.95)",
            )
        )


def _is_number_column(name: str) -> bool:
    spec = COLUMN_BY_NAME.get(name)
    return spec is not None and spec.kind is Kind.NUMBER


def _decimal_commas_in(table: RawTable, name: str) -> bool:
    """Rewrite the column's decimal-comma cells; whether there were any."""
    import pyarrow as pa

    if table.frame_is_source:
        cells = table.frame[name].astype(str)
        comma = cells.str.fullmatch(DECIMAL_COMMA).fillna(False).to_numpy(dtype=bool)
        if comma.any():
            table.frame.loc[comma, name] = cells[comma].str.replace(",", ".", regex=False)
        return bool(comma.any())
    column = table.arrow.column(name)
    if not pa.types.is_dictionary(column.type):
        return False  # numbers read as numbers: no comma anywhere
    found = False
    chunks = []
    for chunk in column.chunks:
        comma = pc.match_substring_regex(chunk.dictionary, DECIMAL_COMMA)
        if pc.any(comma).as_py():
            found = True
            dictionary = pc.if_else(comma, pc.replace_substring(chunk.dictionary, ",", "."), chunk.dictionary)
            chunk = pa.DictionaryArray.from_arrays(chunk.indices, dictionary)
        chunks.append(chunk)
    if found:
        index = table.arrow.column_names.index(name)
        table.replace_arrow(table.arrow.set_column(index, name, pa.chunked_array(chunks, type=column.type)))
    return found


def _csv_exact(text: str, delimiter: str, name: str) -> RawTable:
    """Python's csv module: slower, but says exactly which row is ragged or unterminated."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        rows = list(itertools.islice(reader, limits.MAX_ROWS + 1))  # the header and the most rows allowed
        if next(reader, None) is not None:
            raise CatalogReadError(limits.too_many_rows(name))
    except csv.Error as error:
        raise CatalogReadError(
            f"{name} is not a readable CSV table near line {reader.line_num}: {csv_reason(error)}."
        ) from None
    if not rows:
        raise CatalogReadError(f"{name} has no header row.")
    if '"' in text:
        _refuse_broken_quotes(text, delimiter, name, rows)
    header, records = header_and_records(rows, name)
    return table_from_rows(header, records, name)


def _refuse_broken_quotes(text: str, delimiter: str, name: str, rows: list[list[str]]) -> None:
    """A quote that is never closed, or closed in the middle of a cell, shifts every later cell
    (or swallows every later line): refuse the file and say where, rather than report rows of
    shifted cells. A stray quote that shifts nothing is left alone."""
    width = len(rows[0])
    shifted = any(len(row) != width and any(cell.strip() for cell in row) for row in rows[1:])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = previous_end = 0
    try:
        for _row in reader:
            previous_end = reader.line_num
    except csv.Error as error:
        start = previous_end + 1
        if "unexpected end of data" in str(error) or shifted:
            raise CatalogReadError(
                f"{name} has a quote that is never closed where its cell ends, in the row starting on line "
                f"{start}; put the whole cell in quotes or remove the quote."
            ) from None


__all__ = ["decode_text", "read_csv", "sniff_delimiter"]
