"""The first screen's snapshot: what the results table shows on start, kept as JSON so that the window
can be painted, filled, before the finder's libraries (pandas, pyarrow, pydantic) are imported.

A snapshot holds the table's columns (key, header text, width, alignment), the columns shown, the sort,
the status bar's product count and every row's cell texts, all as plain text. It is keyed by what the
start depends on: the catalog file (its name, size and SHA-256), the saved foot profile and the app's
version. A snapshot whose key differs from this start is never shown, and a file that cannot be read
or is not exactly this shape counts as no snapshot: the caller falls back to the plain first frame.

Two places: one shipped beside the bundled catalog (`catalog_data/first_screen.json`, written by
`scripts/write_first_screen.py` from the real window and checked against it by the tests), and one in
the user's data folder, written after the real table first paints when the shipped one did not match
(a saved profile, another version).

Standard library only (the first screen reads it before anything heavy is imported).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_app.model.bundled_files import BUNDLED_CATALOG, BUNDLED_FIRST_SCREEN, bundled_file
from catalog_app.storage.atomic_write import AtomicWriteError, write_text_atomically
from catalog_app.storage.user_data import user_data_dir

FORMAT = "insole-catalog first screen"
FORMAT_VERSION = 1
USER_FILE = "first-screen.json"
BUNDLED_NAME = "(bundled)"  # the bundled catalog's name in a key: the same wherever the app is installed
MAX_CATALOG_BYTES = 8 * 1024 * 1024  # larger catalogs are not hashed on start, so they get no snapshot
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_ROWS = 2_000  # a snapshot is for a small catalog; a screenful is a few dozen rows
MAX_COLUMNS = 64
MAX_TEXT = 1_000  # characters in one header or cell
ALIGNMENTS = ("left", "right")
ORDERS = ("ascending", "descending")


@dataclass(frozen=True)
class CatalogIdentity:
    """Which catalog file, exactly: a changed byte changes the hash."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class StartKey:
    """What this start's first table depends on (besides the column layout, read from the settings)."""

    catalog: CatalogIdentity
    profile: str  # the saved profile as `profile_key_text` gives it
    app_version: str


@dataclass(frozen=True)
class ScreenColumn:
    key: str
    header: str
    width: int
    align: str  # "left" or "right"


@dataclass(frozen=True)
class FirstScreen:
    """The results table as the window first shows it; every text is plain text."""

    columns: tuple[ScreenColumn, ...]  # every column of the table, in the model's order
    shown: tuple[str, ...]  # the keys of the columns shown, left to right
    sort_key: str
    sort_descending: bool
    count: str  # the status bar's "76 of 76 products"
    rows: tuple[tuple[str, ...], ...]  # per row in table order, one text per column in `columns`

    def same_content(self, other: FirstScreen) -> bool:
        """The same texts, columns, alignment and order: the widths and shown columns are the layout's."""
        mine = [(column.key, column.header, column.align) for column in self.columns]
        theirs = [(column.key, column.header, column.align) for column in other.columns]
        return (mine, self.sort_key, self.sort_descending, self.count, self.rows) == (
            theirs,
            other.sort_key,
            other.sort_descending,
            other.count,
            other.rows,
        )


# ---- keys --------------------------------------------------------------------------------------


def catalog_identity(path: Path, *, name: str | None = None) -> CatalogIdentity | None:
    """The catalog's identity, or None when it cannot be read or is too large to hash on start."""
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return CatalogIdentity(name or str(path), size, digest)


def bundled_catalog_identity() -> CatalogIdentity | None:
    return catalog_identity(bundled_file(BUNDLED_CATALOG), name=BUNDLED_NAME)


def profile_key_text(saved: object) -> str:
    """The saved profile's settings text in one canonical spelling ("" for none), so that the same
    profile written with its keys in another order still matches."""
    if not isinstance(saved, str) or not saved.strip():
        return ""
    try:
        return json.dumps(json.loads(saved), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (ValueError, RecursionError):
        return saved  # not JSON: the window starts without it; the same text gives the same start


# ---- where --------------------------------------------------------------------------------------


def shipped_first_screen_path() -> Path:
    return bundled_file(BUNDLED_FIRST_SCREEN)


def user_first_screen_path(*, create: bool = False) -> Path:
    return user_data_dir(create=create) / USER_FILE


# ---- writing ------------------------------------------------------------------------------------


def first_screen_json(screen: FirstScreen, key: StartKey, *, profiles: Sequence[str] | None = None) -> str:
    """The snapshot file's text; `profiles`: every saved-profile text the screen is right for
    (default: the key's own)."""
    data = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "key": {
            "app_version": key.app_version,
            "catalog": {"name": key.catalog.name, "size": key.catalog.size, "sha256": key.catalog.sha256},
            "profiles": list(profiles if profiles is not None else [key.profile]),
        },
        "columns": [
            {"key": column.key, "header": column.header, "width": column.width, "align": column.align}
            for column in screen.columns
        ],
        "shown": list(screen.shown),
        "sort": {"column": screen.sort_key, "order": ORDERS[screen.sort_descending]},
        "count": screen.count,
        "rows": [list(row) for row in screen.rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_first_screen(
    path: Path, screen: FirstScreen, key: StartKey, *, profiles: Sequence[str] | None = None
) -> bool:
    """Write the snapshot atomically; False when it cannot be (a snapshot is only a head start)."""
    if len(screen.rows) > MAX_ROWS:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, first_screen_json(screen, key, profiles=profiles))
    except (OSError, AtomicWriteError):
        return False
    return True


# ---- reading ------------------------------------------------------------------------------------


class _NotASnapshotError(Exception):
    """The file is not a snapshot of exactly this shape."""


def read_first_screen(path: Path, key: StartKey) -> FirstScreen | None:
    """The snapshot at `path` if it is for this start (`key`), else None: missing, unreadable,
    malformed, hostile or stale files all give None, never an exception."""
    try:
        data = json.loads(_small_file_bytes(path).decode("utf-8"))
        if not _key_matches(data, key):
            return None
        return _screen_of(data)
    except (OSError, ValueError, RecursionError, _NotASnapshotError):
        return None


def _small_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_FILE_BYTES`: a pipe or a device (which could block
    the start or never end) and a larger file are not snapshots."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
        raise _NotASnapshotError
    # Non-blocking, should a pipe have taken the file's place since: the read then finds nothing.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _NotASnapshotError
    return data


def first_screen_for(key: StartKey, places: Sequence[Path]) -> FirstScreen | None:
    """The first snapshot among `places` that is for this start."""
    for place in places:
        screen = read_first_screen(place, key)
        if screen is not None:
            return screen
    return None


def _key_matches(data: Any, key: StartKey) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise _NotASnapshotError
    saved = data.get("key")
    if not isinstance(saved, dict) or not isinstance(saved.get("catalog"), dict):
        raise _NotASnapshotError
    catalog = saved["catalog"]
    profiles = saved.get("profiles")
    return (
        saved.get("app_version") == key.app_version
        and catalog.get("name") == key.catalog.name
        and catalog.get("size") == key.catalog.size
        and catalog.get("sha256") == key.catalog.sha256
        and isinstance(profiles, list)
        and key.profile in profiles
    )


def _screen_of(data: dict[str, Any]) -> FirstScreen:
    columns = tuple(_column(item) for item in _list(data.get("columns"), MAX_COLUMNS))
    keys = [column.key for column in columns]
    if not columns or len(set(keys)) != len(keys):
        raise _NotASnapshotError
    shown = tuple(_text(key) for key in _list(data.get("shown"), MAX_COLUMNS))
    sort = data.get("sort")
    if not shown or not set(shown) <= set(keys) or not isinstance(sort, dict):
        raise _NotASnapshotError
    if sort.get("column") not in keys or sort.get("order") not in ORDERS:
        raise _NotASnapshotError
    rows = tuple(_row(row, len(columns)) for row in _list(data.get("rows"), MAX_ROWS))
    return FirstScreen(
        columns=columns,
        shown=shown,
        sort_key=str(sort["column"]),
        sort_descending=sort["order"] == "descending",
        count=_text(data.get("count")),
        rows=rows,
    )


def _column(item: Any) -> ScreenColumn:
    if not isinstance(item, dict):
        raise _NotASnapshotError
    width = item.get("width")
    align = item.get("align")
    if not isinstance(width, int) or isinstance(width, bool) or not 0 <= width <= 5_000 or align not in ALIGNMENTS:
        raise _NotASnapshotError
    return ScreenColumn(_text(item.get("key")), _text(item.get("header")), width, str(align))


def _row(row: Any, columns: int) -> tuple[str, ...]:
    if not isinstance(row, list) or len(row) != columns:
        raise _NotASnapshotError
    return tuple(_text(cell) for cell in row)


def _list(value: Any, most: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > most:
        raise _NotASnapshotError
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise _NotASnapshotError
    return value
