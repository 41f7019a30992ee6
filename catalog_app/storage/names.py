"""Names as the stores keep them: the one normalised form of a shortlist name (shared by the store
and its migrations), and the tidied name of a saved profile or filter preset."""

from __future__ import annotations

import unicodedata

# Characters that show nothing: format characters (zero-width space, joiners, marks of direction),
# controls, unassigned and private code points, separators, and letters that render blank.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5\u034f")


def normalise_name(name: str) -> str:
    """The one form of a shortlist name, for creating, renaming and finding a list alike.

    NFKC (so a full-width or compatibility letter matches the plain one), control characters read
    as spaces, runs of white space collapsed to one space, and white space and invisible characters
    trimmed from both ends.
    """
    text = unicodedata.normalize("NFKC", str(name))
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    text = " ".join(text.split())
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or invisible(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or invisible(text[end - 1])):
        end -= 1
    return text[start:end]


def invisible(char: str) -> bool:
    return unicodedata.category(char) in INVISIBLE_CATEGORIES or char in BLANK_LOOKING


def clean_entry_name(name: str, word: str, limit: int, error: type[Exception]) -> str:
    """A saved profile's or preset's name (`word`: "profile", "preset") with runs of white space
    made one space; `error` says so in one sentence when it is empty or over `limit` characters."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise error(f"a {word} needs a name")
    if len(cleaned) > limit:
        raise error(f"a {word} name can be at most {limit} characters long")
    return cleaned
