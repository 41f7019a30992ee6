"""The one error type for a file that cannot be read as a catalog at all, and the words for why.

The parsers' own messages speak of their internals ("do you need to open the file in
universal-newline mode?"); a user gets these sentences instead, and the original goes to the
error log where it helps.
"""

from __future__ import annotations

from catalog_app.model.limits import MAX_CELL_CHARS


class CatalogReadError(Exception):
    """The file cannot be read as a catalog at all. The message is one sentence for the user."""


# What Python's csv module says (a fragment of it), and what that means for the file.
_CSV_REASONS = (
    (
        "new-line character seen in unquoted field",
        "a line ends in a carriage return alone, as old Mac files do; save it again with ordinary "
        "line endings (Windows or Unix) and open that",
    ),
    (
        "field larger than field limit",
        f"a cell is far longer than a catalog cell may be ({MAX_CELL_CHARS:,} characters)",
    ),
    ("line contains nul", "a line holds a NUL character, which text files do not have"),
    ("unexpected end of data", "a quote is never closed before the file ends"),
    ("expected after", "a quote is closed in the middle of a cell; put the whole cell in quotes"),
)
# What Python's json module says (the start of it), and what that means for the file.
_JSON_REASONS = (
    ("Expecting property name", "a name in an object is not in double quotes, or a comma is left over"),
    ("Expecting value", "a value is missing or is not JSON (text goes in double quotes)"),
    ("Expecting ',' delimiter", "a comma is missing between two values"),
    ("Expecting ':' delimiter", "a colon is missing after a name"),
    ("Unterminated string", "a quote is never closed"),
    ("Invalid control character", "a text value holds a line break or tab; write it as \\n or \\t"),
    ("Invalid \\escape", "a backslash starts an escape JSON does not know; write \\\\ for a backslash"),
    ("Extra data", "there is more after the end of the list of products"),
)


def csv_reason(error: Exception) -> str:
    """Why the csv module could not split the file into cells, in our words."""
    message = str(error).lower()
    for fragment, reason in _CSV_REASONS:
        if fragment in message:
            return reason
    return "its rows cannot be split into cells"


def json_reason(message: str) -> str:
    """What is wrong at the place the json module points to, in our words."""
    for start, reason in _JSON_REASONS:
        if message.startswith(start):
            return reason
    return "it does not follow the JSON rules there"


__all__ = ["CatalogReadError", "csv_reason", "json_reason"]
