"""PySide6's look at every module imported after it keeps no source lines, and gives its own verdict."""

from __future__ import annotations

import inspect
import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import shibokensupport.feature as feature  # type: ignore[import-not-found]

from ui.import_scan import scan_imports_lightly

PROBES = {"scan_probe_with_qt": "from PySide6.QtCore import QObject\n", "scan_probe_plain": "VALUE = 2\n" * 1000}


@pytest.fixture
def probes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, text in PROBES.items():
        (tmp_path / f"{name}.py").write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)  # put back afterwards
    yield
    for name in PROBES:
        sys.modules.pop(name, None)
        feature.pyside_feature_dict.pop(name, None)
        linecache.cache.pop(str(tmp_path / f"{name}.py"), None)


def cached_files() -> set[str]:
    return {Path(name).name for name in linecache.cache}


def test_modules_imported_after_pyside_keep_no_source_lines_and_get_its_verdict(probes: None) -> None:
    """The app imports PySide6 first; pandas, pyarrow and the rest then went through PySide6's
    source scan, which kept 49 MB of their lines. With the app's scan they keep none, and PySide6
    still learns which modules use it (0: uses PySide6; -1: ignored), as its own test says."""
    assert scan_imports_lightly()
    modules = [__import__(name) for name in PROBES]  # through the import PySide6 replaced
    assert [feature.pyside_feature_dict[name] for name in PROBES] == [0, -1]
    assert not cached_files() & {f"{name}.py" for name in PROBES}
    # PySide6's own test, the module's source searched for "PySide6", caches the lines it reads.
    assert ["PySide6" in inspect.getsource(module) for module in modules] == [True, False]
    assert {f"{name}.py" for name in PROBES} <= cached_files()
