"""Text for a terminal: what the command line prints is shown there, never acted on.

Only the standard library: the option parser uses it before the core is imported.
"""

from __future__ import annotations

import re

# Characters a terminal acts on instead of showing: C0 controls (escape sequences start with ESC),
# DEL, C1 controls (0x9b is a one-byte CSI), line and paragraph separators, and text-direction
# overrides and isolates, which make a terminal show text in an order it was not written in.
_NOT_FOR_TERMINALS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_text(text: str) -> str:
    """Text from a catalog, a note, a name or a file name, safe to print as one line: every
    character a terminal would act on is shown as a visible escape instead (ESC as \\x1b)."""
    return _NOT_FOR_TERMINALS.sub(_visible_escape, text)


def _visible_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"


__all__ = ["terminal_text"]
