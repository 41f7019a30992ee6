"""Byte-level views of pyarrow text columns, for checks that must not create a Python string per cell.

A pyarrow string array is one buffer of UTF-8 bytes plus an offsets array; numpy can look at both
without copying, so questions such as "which cells start or end with whitespace" or "which cells
hold a byte outside a set" cost a few array operations over the whole column.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa


def offsets_of(values: pa.Array) -> np.ndarray:
    """Where each cell starts in the data buffer, plus where the last one ends (len + 1 entries)."""
    buffer = values.buffers()[1]
    width = 8 if pa.types.is_large_string(values.type) else 4
    dtype = np.int64 if width == 8 else np.int32
    if buffer is None or len(values) == 0:
        return np.zeros(len(values) + 1, dtype=dtype)
    return np.frombuffer(buffer, dtype=dtype, count=len(values) + 1, offset=values.offset * width)


def data_of(values: pa.Array) -> np.ndarray:
    """The whole data buffer as bytes (index it with `offsets_of`)."""
    buffer = values.buffers()[2]
    return np.zeros(0, dtype=np.uint8) if buffer is None else np.frombuffer(buffer, dtype=np.uint8)


def string_bytes(values: pa.Array) -> np.ndarray:
    """The UTF-8 bytes of the cells, end to end, without a copy."""
    offsets = offsets_of(values)
    return data_of(values)[offsets[0] : offsets[-1]] if len(values) else np.zeros(0, dtype=np.uint8)


def byte_table(allowed: bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(allowed, dtype=np.uint8)] = True
    return table


# Python's str.strip() removes the characters for which str.isspace() is true (a test checks this
# list against every code point). Their UTF-8 forms start and end with these bytes, so a cell whose
# first and last bytes are outside these sets is certainly unchanged by strip(); the few others are
# stripped in Python, with its exact rules.
PYTHON_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
STRIP_FIRST_BYTES = byte_table(bytes({char.encode("utf-8")[0] for char in PYTHON_SPACES}))
STRIP_LAST_BYTES = byte_table(bytes({char.encode("utf-8")[-1] for char in PYTHON_SPACES}))


def may_strip(values: pa.Array) -> np.ndarray:
    """Per cell: whether Python's strip() might change it (exactly: whether it could)."""
    offsets = offsets_of(values)
    data = data_of(values)
    if len(data) == 0:
        return np.zeros(len(values), dtype=bool)
    # Empty cells read a neighbour's byte here (clipped at the ends); the length test drops them.
    first = np.take(data, offsets[:-1], mode="clip")
    last = np.take(data, offsets[1:] - 1, mode="clip")
    return np.asarray((STRIP_FIRST_BYTES[first] | STRIP_LAST_BYTES[last]) & (offsets[1:] > offsets[:-1]))


def longest_cell_bytes(values: pa.Array) -> int:
    offsets = offsets_of(values)
    return int(np.diff(offsets).max()) if len(values) else 0


def rows_with_bytes_outside(values: pa.Array, allowed: bytes) -> np.ndarray:
    """Per cell: whether it holds any byte not in `allowed`."""
    text = string_bytes(values)
    result = np.zeros(len(values), dtype=bool)
    if not text.tobytes().translate(None, allowed):
        return result  # every byte is allowed: the common case, answered by one pass in C
    outside = ~byte_table(allowed)
    offsets = offsets_of(values)
    positions = np.flatnonzero(outside[text]) + offsets[0]
    result[np.searchsorted(offsets, positions, side="right") - 1] = True
    return result


@cache
def _invisible_codes() -> np.ndarray:
    """The characters `text_hygiene` removes (other than NUL), as their 3-byte UTF-8 forms packed
    into integers. All lie in U+0800..U+FFFF, which UTF-8 writes in 3 bytes."""
    from catalog_app.validation.text_hygiene import INVISIBLE

    codes = [code for code in range(0x800, 0x10000) if INVISIBLE.match(chr(code))]
    forms = [chr(code).encode("utf-8") for code in codes]
    assert all(len(form) == 3 for form in forms) and INVISIBLE.match("\x00")
    return np.array(sorted(form[0] << 16 | form[1] << 8 | form[2] for form in forms), dtype=np.int64)


def has_invisible(values: pa.Array) -> bool:
    """Whether any cell holds a character `text_hygiene` removes (NUL, bidi overrides, zero-width).

    Each is NUL or a 3-byte character starting with 0xE2 or more. Most text has no such byte and
    is answered by one min/max pass; otherwise the 3-byte forms starting at those bytes are checked.
    """
    text = string_bytes(values)
    if not len(text):
        return False
    if text.min() == 0:
        return True
    if text.max() < 0xE2:
        return False
    starts = np.flatnonzero(text >= 0xE2)
    middle = np.take(text, starts + 1, mode="clip").astype(np.int64)
    last = np.take(text, starts + 2, mode="clip").astype(np.int64)
    packed = text[starts].astype(np.int64) << 16 | middle << 8 | last
    return bool(np.isin(packed, _invisible_codes()).any())


def invisible_per_cell(values: pa.Array) -> pa.Array:
    """Per cell: how many characters `text_hygiene` removes it holds (pyarrow's regex kernel)."""
    import pyarrow.compute as pc

    from catalog_app.validation.text_hygiene import INVISIBLE_RE2

    return pc.count_substring_regex(values, INVISIBLE_RE2)


def without_invisible(values: pa.Array) -> pa.Array:
    """The cells with the characters `text_hygiene` removes taken out."""
    import pyarrow.compute as pc

    from catalog_app.validation.text_hygiene import INVISIBLE_RE2

    return pc.replace_substring_regex(values, INVISIBLE_RE2, "")
