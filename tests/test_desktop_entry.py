"""The desktop install: a valid .desktop entry and the icon in the user's XDG folders, and the About box."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from catalog_app.cli.main import main
from catalog_app.desktop.desktop_entry import (
    bundled_icon_path,
    desktop_entry_text,
    desktop_paths,
    exec_argument,
)
from catalog_app.model.version import app_version
from catalog_app.model.wording import HEALTH_NOTE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def xdg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data home"  # a space, as a user's folder may have
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def validate(path: Path) -> None:
    """desktop-file-validate says nothing about a good file; without the tool only this check is skipped."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        return
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_install_writes_a_valid_entry_and_the_icon_and_remove_takes_them_away(
    xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["desktop-entry", "install"]) == 0
    entry = xdg_home / "applications" / "insole-catalog.desktop"
    icon = xdg_home / "icons" / "hicolor" / "scalable" / "apps" / "insole-catalog.svg"
    assert str(entry) in capsys.readouterr().out
    assert icon.read_bytes() == bundled_icon_path().read_bytes()
    text = entry.read_text(encoding="utf-8")
    assert "Name=Insole Catalog\n" in text and "Icon=insole-catalog\n" in text and "Terminal=false\n" in text
    validate(entry)
    assert main(["desktop-entry", "install"]) == 0  # again: replaces, no error
    assert main(["desktop-entry", "remove"]) == 0
    assert not entry.exists() and not icon.exists()
    assert main(["desktop-entry", "remove"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_a_program_path_with_spaces_and_dollars_is_quoted_so_the_menu_can_start_it(xdg_home: Path) -> None:
    odd = "/opt/My Apps/$HOME/100%/insole-catalog"
    assert exec_argument(odd) == '"/opt/My Apps/\\\\$HOME/100%%/insole-catalog"'
    assert exec_argument("/usr/bin/insole-catalog") == "/usr/bin/insole-catalog"
    entry = desktop_paths().entry
    entry.parent.mkdir(parents=True)
    entry.write_text(desktop_entry_text([odd, "gui"]), encoding="utf-8")
    validate(entry)


def test_a_relative_xdg_data_home_is_ignored_as_the_specification_says(tmp_path: Path) -> None:
    paths = desktop_paths({"XDG_DATA_HOME": "relative/share", "HOME": str(tmp_path)})
    assert paths.entry == tmp_path / ".local" / "share" / "applications" / "insole-catalog.desktop"


def test_an_unwritable_data_home_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert main(["desktop-entry", "install"]) == 2


def test_the_version_comes_from_pyproject_through_the_installed_metadata() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    try:
        installed = metadata.version("insole-catalog")
    except metadata.PackageNotFoundError:
        pytest.skip("insole-catalog is not installed in this environment")
    assert app_version() == installed == declared


def test_the_window_and_the_about_box_show_the_icon_version_and_health_line(qtbot: QtBot) -> None:
    from ui.about_box import about_box, app_icon

    assert not app_icon().isNull()
    box = about_box()
    qtbot.addWidget(box)
    assert "Insole Catalog" in box.text() and app_version() in box.text()
    assert HEALTH_NOTE in box.informativeText()
    assert not box.iconPixmap().isNull()
    box.show()
    box.grab().save("/tmp/about-box.png")
