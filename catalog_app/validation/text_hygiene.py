"""Invisible characters that have no place in a catalog and can hide or disguise text.

NUL bytes break other programs; bidirectional overrides (U+202E) make "evil.exe" display as
"exe.live"; zero-width characters make two identical-looking names differ. They are removed on
import, and the report says how many.
"""

from __future__ import annotations

import re

INVISIBLE = re.compile("[\x00\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_cell(text: str) -> str:
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def clean_text(text: str) -> tuple[str, int]:
    """The text without invisible characters, and how many there were."""
    if not INVISIBLE.search(text):
        return text, 0
    cleaned, count = INVISIBLE.subn("", text)
    return cleaned, count


def removed_warning(count: int) -> str:
    return (
        f"removed {count} invisible characters (NUL bytes, text-direction overrides or zero-width "
        "characters) that could hide or disguise text"
    )
