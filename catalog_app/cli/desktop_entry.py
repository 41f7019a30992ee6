"""`insole-catalog desktop-entry install|remove`: put the app in (or take it out of) the desktop's menu."""

from __future__ import annotations

import argparse
import sys

from catalog_app.cli.common import CommandError
from catalog_app.desktop.desktop_entry import DesktopEntryError, install_desktop_entry, remove_desktop_entry

NAME = "desktop-entry"
HELP = "add the app to the desktop's menu with its icon (Linux: a .desktop file in your XDG folders), or remove it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=("install", "remove"),
        help="install: write the .desktop file and the icon; remove: delete them",
    )


def run(args: argparse.Namespace) -> int:
    if sys.platform in ("win32", "darwin"):
        raise CommandError(
            "desktop entries are for Linux and other freedesktop desktops; on Windows and macOS "
            "use the bundle built by scripts/build_bundle.py"
        )
    try:
        if args.action == "install":
            paths = install_desktop_entry()
            print(f"Installed {paths.entry}")
            print(f"Installed {paths.icon}")
            return 0
        removed = remove_desktop_entry()
    except DesktopEntryError as error:
        raise CommandError(str(error)) from None
    for path in removed:
        print(f"Removed {path}")
    if not removed:
        print("No desktop entry was installed; nothing to remove.")
    return 0
