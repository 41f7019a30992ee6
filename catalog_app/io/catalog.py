"""A loaded catalog: the typed product frame, where it came from, and how it was checked."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import pandas as pd

from catalog_app.io.reader import CatalogReadError, read_catalog_file
from catalog_app.model.bundled_files import BUNDLED_CATALOG, bundled_file
from catalog_app.model.validation_report import ValidationReport
from catalog_app.validation.validate import validate_table

DerivedT = TypeVar("DerivedT")

ID_DICT_LIMIT = 50_000  # above this many products, ids are looked up by scanning, not a dict

InvalidRows = Literal["reject-file", "load-valid"]
# progress(fraction 0..1, what is happening now); cancelled() -> True stops the load.
Progress = Callable[[float, str], None]
READ_SHARE = 0.6  # about how much of a load is reading the file; the rest is checking it


class LoadCancelled(Exception):  # noqa: N818 - not an error: the caller asked for it
    """Loading stopped because the caller's `cancelled()` said so."""


class CatalogRejectedError(Exception):
    """The file has invalid rows and the caller chose to reject the whole file."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{report.source}: {report.summary()}")
        self.report = report


@dataclass
class Catalog:
    frame: pd.DataFrame
    source: str
    report: ValidationReport
    path: Path | None = None
    # The shop catalog's version number when it was loaded from the shared store (None: a file).
    published_version: int | None = None
    _id_positions: dict[str, int] | None = field(default=None, repr=False)
    _derived: dict[type[Any], tuple[pd.DataFrame, Any]] = field(default_factory=dict, repr=False, compare=False)
    _building: dict[type[Any], threading.Lock] = field(default_factory=dict, init=False, repr=False, compare=False)
    _locks_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    def derived(self, kind: type[DerivedT], build: Callable[[pd.DataFrame], DerivedT]) -> DerivedT:
        """What a higher layer derives from this catalog's frame (the finder's index, sort ranks):
        built once by `build(frame)` and kept with the catalog, so it lives and dies with it; built
        again if the frame is replaced. One per kind.

        Safe from several threads (the loader prepares the first answer while its warm-up builds
        what later searches read): a second caller waits for the first one's build and gets the
        same object, rather than building its own and replacing the first's, whose warm-up would
        then have been for nothing."""
        kept = self._derived.get(kind)
        if kept is None or kept[0] is not self.frame:
            with self._lock_of(kind):
                kept = self._derived.get(kind)
                if kept is None or kept[0] is not self.frame:
                    kept = (self.frame, build(self.frame))
                    self._derived[kind] = kept
        item: DerivedT = kept[1]
        return item

    def _lock_of(self, kind: type[Any]) -> threading.Lock:
        """One lock per kind: building one kind may derive another (an index reads the ranks)."""
        with self._locks_lock:
            return self._building.setdefault(kind, threading.Lock())

    @classmethod
    def empty(cls) -> Catalog:
        from catalog_app.model.catalog_frame import typed_frame

        return cls(frame=typed_frame({}, 0), source="(no catalog)", report=ValidationReport(source="(no catalog)"))

    def __len__(self) -> int:
        return len(self.frame)

    def position_of(self, product_id: str) -> int | None:
        if len(self.frame) > ID_DICT_LIMIT:
            # A dict of a million ids costs half a second and ~100 MB; a scan of the Arrow column
            # takes a few milliseconds, and lookups are one per user action.
            import pyarrow as pa
            import pyarrow.compute as pc

            found = pc.index(pa.array(self.frame["id"].array), product_id).as_py()
            return None if found < 0 else int(found)
        if self._id_positions is None:
            ids = self.frame["id"].to_numpy(dtype=object)
            self._id_positions = dict(zip(ids, np.arange(len(ids)).tolist(), strict=True))
        return self._id_positions.get(product_id)

    def has(self, product_id: str) -> bool:
        return self.position_of(product_id) is not None


def load_catalog(
    path: Path | str,
    *,
    invalid_rows: InvalidRows = "load-valid",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    frame_built: Callable[[pd.DataFrame], None] | None = None,
) -> Catalog:
    """Read and validate a catalog file.

    Raises `CatalogReadError` when the file is not a table at all, and `CatalogRejectedError`
    when it has invalid rows and `invalid_rows` is "reject-file". `progress` hears of each stage
    and `cancelled` is asked between stages and columns; when it answers True, `LoadCancelled`
    is raised. `frame_built` hears of the typed frame as soon as it exists (see `validate_table`).
    """
    path = Path(path)

    def step(fraction: float, stage: str) -> None:
        if cancelled is not None and cancelled():
            raise LoadCancelled(path.name)
        if progress is not None:
            progress(fraction, stage)

    step(0.0, f"Reading {path.name}")
    raw = read_catalog_file(path)
    step(READ_SHARE, "Checking products")
    frame, report = validate_table(
        raw,
        checkpoint=lambda done: step(READ_SHARE + (1 - READ_SHARE) * done, "Checking products"),
        drop_cells=True,
        frame_built=frame_built,
    )
    step(1.0, "Done")
    if invalid_rows == "reject-file" and not report.is_clean:
        raise CatalogRejectedError(report)
    return Catalog(frame=frame, source=path.name, report=report, path=path)


def bundled_catalog_path() -> Path:
    return bundled_file(BUNDLED_CATALOG)


def load_bundled_catalog() -> Catalog:
    return load_catalog(bundled_catalog_path(), invalid_rows="reject-file")


__all__ = [
    "BUNDLED_CATALOG",
    "Catalog",
    "CatalogReadError",
    "CatalogRejectedError",
    "LoadCancelled",
    "load_bundled_catalog",
    "load_catalog",
]
