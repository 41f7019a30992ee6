"""The error log: tracebacks go to a file in the data folder, which rotates and never raises."""

from __future__ import annotations

from pathlib import Path

import pytest

import catalog_app.storage.error_log as error_log


def _raise_and_log() -> Path | None:
    try:
        raise ValueError("a broken row")
    except ValueError as error:
        return error_log.log_exception(error)


def test_a_traceback_is_appended_with_its_time(user_home: Path) -> None:
    path = _raise_and_log()
    assert path == user_home / "errors.log"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("--- ")
    assert "ValueError: a broken row" in text


def test_the_log_rotates_and_keeps_one_old_file(user_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(error_log, "MAX_LOG_BYTES", 400)
    for _ in range(6):
        _raise_and_log()
    assert sorted(p.name for p in user_home.iterdir() if p.name.startswith("errors")) == [
        "errors.log",
        "errors.log.1",
    ]
    assert (user_home / "errors.log").stat().st_size <= 800


def test_an_unwritable_folder_gives_none_and_prints_nothing(
    user_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_home / "errors.log").mkdir()  # a folder where the file should be: every write fails
    assert _raise_and_log() is None
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
