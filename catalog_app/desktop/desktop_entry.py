"""A freedesktop `.desktop` entry and the app's icon in the user's XDG folders, so that the app is in the menu.

Written to `$XDG_DATA_HOME/applications/insole-catalog.desktop` and
`$XDG_DATA_HOME/icons/hicolor/scalable/apps/insole-catalog.svg` (`~/.local/share` when XDG_DATA_HOME is
not set), as the Desktop Entry and Icon Theme specifications say. Nothing needs root.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from catalog_app.model.wording import APP_TITLE
from catalog_app.storage.atomic_write import AtomicWriteError, write_bytes_atomically, write_text_atomically

APP_ID = "insole-catalog"  # the .desktop file's name, the icon's name and the window's desktop file name
ICON_FILE = "insole-catalog.svg"
COMMAND = "insole-catalog"
COMMENT = "Choose shoe insoles for your feet: compare what they cost and keep a shortlist"
KEYWORDS = ("insoles", "orthotics", "shoes", "arch support", "shortlist")
# Characters that make an Exec argument need double quotes (Desktop Entry Specification, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopEntryError(Exception):
    """The entry could not be written or removed; the message is one plain sentence."""


@dataclass(frozen=True)
class DesktopPaths:
    entry: Path
    icon: Path


def bundled_icon_path() -> Path:
    """The app's SVG icon, shipped as package data beside the bundled catalog."""
    with resources.as_file(resources.files("catalog_data") / ICON_FILE) as path:
        return Path(path)


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the specification ignores a relative one), else ~/.local/share."""
    environ = os.environ if environ is None else environ
    value = environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(environ.get("HOME") or Path.home()) / ".local" / "share"


def desktop_paths(environ: Mapping[str, str] | None = None) -> DesktopPaths:
    home = data_home(environ)
    return DesktopPaths(
        entry=home / "applications" / f"{APP_ID}.desktop",
        icon=home / "icons" / "hicolor" / "scalable" / "apps" / ICON_FILE,
    )


def exec_argument(argument: str) -> str:
    """One argument of the Exec key, quoted and escaped as the specification asks."""
    argument = argument.replace("%", "%%")
    if not any(character in _RESERVED for character in argument):
        return argument
    quoted = "".join("\\" + character if character in '"`$\\' else character for character in argument)
    # The string-level escape of a backslash applies before the quoting rule: each backslash is doubled again.
    return '"' + quoted.replace("\\", "\\\\") + '"'


def launch_command() -> list[str]:
    """How the menu starts the app: the bundle's executable, the installed script, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "gui"]
    script = Path(sys.executable).with_name(COMMAND)
    if script.is_file():
        return [str(script), "gui"]
    return [sys.executable, "-m", "catalog_app", "gui"]


def desktop_entry_text(command: Sequence[str]) -> str:
    """The `.desktop` file for `command` (a list of arguments, the program first)."""
    exec_line = " ".join(exec_argument(argument) for argument in command)
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",  # the newest version desktop-file-validate (0.26) knows
        f"Name={APP_TITLE}",
        "GenericName=Insole finder",
        f"Comment={COMMENT}",
        f"Exec={exec_line}",
        f"TryExec={exec_argument(command[0])}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Office;Viewer;",
        "Keywords=" + "".join(f"{keyword};" for keyword in KEYWORDS),
        f"StartupWMClass={APP_ID}",
    ]
    return "\n".join(lines) + "\n"


def install_desktop_entry(
    environ: Mapping[str, str] | None = None, command: Sequence[str] | None = None
) -> DesktopPaths:
    """Write the entry and the icon (replacing older ones); returns where they went."""
    paths = desktop_paths(environ)
    text = desktop_entry_text(command or launch_command())
    try:
        for folder in (paths.entry.parent, paths.icon.parent):
            folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(paths.icon, bundled_icon_path().read_bytes())
        write_text_atomically(paths.entry, text)
    except (AtomicWriteError, OSError) as error:
        raise DesktopEntryError(f"Cannot write the desktop entry: {_reason(error)}.") from None
    return paths


def remove_desktop_entry(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Delete the entry and the icon; returns the files that were there and are now gone."""
    removed = []
    for path in (desktop_paths(environ).entry, desktop_paths(environ).icon):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise DesktopEntryError(f"Cannot remove {path}: {_reason(error)}.") from None
        removed.append(path)
    return removed


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror} ({error.filename})" if error.filename else error.strerror
    return str(error).rstrip(".")
