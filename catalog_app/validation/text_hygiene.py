"""Invisible characters that have no place in a catalog and can hide or disguise text.

NUL bytes break other programs; bidirectional overrides (U+202E) make "evil.exe" display as
"exe.live"; zero-width characters make two identical-looking names differ. They are removed on
import, and the report says how many.

The same set is written three ways: a Python pattern for text, a bytes pattern for UTF-8 that has
not been decoded (a large file is cleaned block by block, never held as one Python string), and
an RE2 pattern for pyarrow's string kernels (a parsed column is cleaned where it lies).
"""

from __future__ import annotations

import re

INVISIBLE = re.compile("[\x00\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

INVISIBLE_CODES = tuple(code for code in range(0x10000) if INVISIBLE.match(chr(code)))
# Each is NUL or 3 bytes in UTF-8, so a UTF-8 byte string holds one exactly where the decoded text does.
INVISIBLE_UTF8 = re.compile(b"|".join(re.escape(chr(code).encode("utf-8")) for code in INVISIBLE_CODES))
# The bytes that can start one: a block without any of them needs no cleaning.
INVISIBLE_UTF8_LEADS = frozenset(chr(code).encode("utf-8")[:1] for code in INVISIBLE_CODES)
INVISIBLE_RE2 = "[" + "".join(f"\\x{{{code:x}}}" for code in INVISIBLE_CODES) + "]"


def clean_cell(text: str) -> str:
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def clean_text(text: str) -> tuple[str, int]:
    """The text without invisible characters, and how many there were."""
    if not INVISIBLE.search(text):
        return text, 0
    cleaned, count = INVISIBLE.subn("", text)
    return cleaned, count


def clean_utf8(data: bytes) -> tuple[bytes, int]:
    """UTF-8 bytes without invisible characters, and how many there were (the bytes unchanged,
    not copied, when there are none)."""
    if not any(lead in data for lead in INVISIBLE_UTF8_LEADS):
        return data, 0
    return INVISIBLE_UTF8.subn(b"", data)


def removed_warning(count: int) -> str:
    return (
        f"removed {count} invisible characters (NUL bytes, text-direction overrides or zero-width "
        "characters) that could hide or disguise text"
    )
