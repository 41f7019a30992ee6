"""PySide6's scan of every module imported after it, done without keeping every source file.

Once PySide6 is imported, it looks at each module imported after it to learn whether the module
uses PySide6 (for its optional `from __feature__ import snake_case`, which this app does not use):
it reads the module's source with `inspect.getsource` and searches it for "PySide6". That leaves
every imported module's source in `linecache`, a line at a time, for the life of the process. The
app imports PySide6 first (the first screen paints before the core is imported), so pandas,
pyarrow, SQLAlchemy and the rest all went through it: measured in the bare window, 920 source
files, 21 million characters, 49 MB of Python strings; importing the main window took 0.72-0.85 s
instead of 0.63-0.66 s.

`scan_imports_lightly` gives PySide6 the same answer from the module's file bytes, which are read
and let go. Where PySide6 has no such scan (another version), nothing is changed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

PYSIDE_NAME = b"PySide6"


def uses_pyside(module: ModuleType) -> bool:
    """Whether a module's source file mentions PySide6: PySide6's own test, without `linecache`.
    A module without a source file (built in, compiled, inside an archive) does not, as there."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        return PYSIDE_NAME in Path(path).read_bytes()
    except OSError:
        return False


def scan_imports_lightly() -> bool:
    """Make PySide6's scan of imported modules read their files without caching their lines;
    whether PySide6 has that scan (and it was replaced). Call once PySide6 is imported."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
