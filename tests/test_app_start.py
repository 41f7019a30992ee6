"""Starting the app: a first screen filled with the bundled catalog is on screen before the core's
heavy libraries are imported, and the real window then takes its place, filled with the bundled
catalog before the shortlist store and the charts are loaded (through `insole-catalog` with no command)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

FIRST_PAINT = Path(__file__).resolve().parent.parent / "benchmarks" / "first_paint.py"
BUNDLED_PRODUCTS = 76


def test_a_filled_first_screen_paints_before_pandas_and_the_real_window_then_fills_before_the_store_and_charts() -> (
    None
):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # conftest's home folders are in the environment
    result = subprocess.run(
        [sys.executable, str(FIRST_PAINT)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    first_frame, filled, rows, heavy, _store_when_filled, usable, heavy_when_filled, store_when_usable = (
        result.stdout.split()
    )
    assert heavy == "-", f"imported before the first frame: {heavy}"
    # The first painted window already lists the bundled catalog (the first screen), with none of
    # pandas, pyarrow, pydantic or the main window imported by then.
    assert heavy_when_filled == "-", f"imported before the window showed the catalog: {heavy_when_filled}"
    assert int(rows) == BUNDLED_PRODUCTS
    assert float(first_frame) <= float(filled) < float(usable)
    # The shortlist store (SQLAlchemy, Alembic) opens after the real window shows the catalog; charts when asked for.
    assert store_when_usable == "-", f"imported before the real window showed the catalog: {store_when_usable}"


def test_a_window_that_cannot_be_built_fails_the_start_instead_of_leaving_the_frame(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.app

    def broken(*_args: object) -> None:
        raise RuntimeError("no window today")

    monkeypatch.setattr(ui.app, "_main_window", broken)
    with pytest.raises(RuntimeError, match="no window today"):
        ui.app.run_app()
    assert not [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]


def test_a_store_that_cannot_be_opened_fails_the_start_with_its_own_message(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store opens just after the window's first paint; if it cannot, the start fails as it did
    when it was opened before the window: with the same error, and no window left on screen."""
    import ui.app
    import ui.main_window

    def broken(*_args: object) -> None:
        raise RuntimeError("no store today")

    monkeypatch.setattr(ui.main_window, "first_stores", broken)
    with pytest.raises(RuntimeError, match="no store today"):
        ui.app.run_app()
    assert not [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
