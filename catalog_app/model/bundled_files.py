"""The files shipped in the `catalog_data` package: the bundled catalog and its first screen.

Standard library only: the app's first screen finds both before pandas is imported.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED_CATALOG = "insoles.csv"
BUNDLED_FIRST_SCREEN = "first_screen.json"  # what the window shows of the bundled catalog on start


def bundled_file(name: str) -> Path:
    """The path of a shipped file (in a source tree, an installed package or the one-folder bundle)."""
    with resources.as_file(resources.files("catalog_data") / name) as path:
        return Path(path)
