"""A guard against a Qt binding that drops references to None, which would abort the app mid-session.

PySide6 6.12.0 on Python 3.11 takes a reference to None with every call of a Qt method that returns
nothing. None's count then reaches zero after some tens of thousands of calls (a few hundred filter
changes) and Python aborts: "Fatal Python error: none_dealloc", the user's work gone with it.
pyproject.toml excludes that version, but a copy installed otherwise (a distribution's package,
`--no-deps`) would still be used. So the app checks the binding once at start and, where it drops
references, gives None more than any session can take: what Python 3.12 does for every program
(None is immortal there, its count never changes).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

PROBE_CALLS = 64
# References given to None where the binding drops them: at a hundred per filter change, enough for
# ten billion filter changes.
NONE_RESERVE = 1 << 40


def drops_none_references(call: Callable[[], object] | None = None) -> bool:
    """Whether `call` (by default a Qt method that returns nothing) takes a reference to None with it."""
    if sys.version_info >= (3, 12):
        return False  # None is immortal: nothing can take its last reference
    if call is None:
        from PySide6.QtCore import QTimer

        call = QTimer().stop
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        call()
    return sys.getrefcount(None) <= before - PROBE_CALLS // 2


def keep_none_alive() -> bool:
    """Give None `NONE_RESERVE` more references; whether it could. The count is the first field of
    an object, except in a debug build of Python (which has `sys.gettotalrefcount`)."""
    if hasattr(sys, "gettotalrefcount"):
        return False
    count = ctypes.c_ssize_t.from_address(id(None))
    count.value += NONE_RESERVE
    return True


def guard_the_binding() -> bool:
    """Check the Qt binding; where it drops references to None, keep None alive and say so on
    standard error. Whether None was kept alive."""
    if not drops_none_references():
        return False
    import PySide6

    kept = keep_none_alive()
    print(
        f"Insole Catalog: PySide6 {PySide6.__version__} drops a reference to None on every Qt call that "
        "returns nothing, which would stop the app after a while; "
        + ("the app works around it. " if kept else "this build of Python cannot be helped. ")
        + "To remove the cause: pip install 'pyside6-essentials!=6.12.0'",
        file=sys.stderr,
    )
    return kept
