"""Build a one-folder bundle that runs without an installed Python: `python scripts/build_bundle.py`.

Needs PyInstaller in the same environment as the app (`pip install ".[bundle]"`). The bundle is built
for the platform it runs on: build on Windows for Windows, on macOS for macOS. It lands in
`dist/insole-catalog/`; the script prints its size.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "insole-catalog.spec"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


# Shared libraries whose debug symbols are worth removing (about 60 MB). Not numpy's or Pillow's vendored
# libraries: stripping those breaks them ("ELF load command address/offset not page-aligned").
STRIPPED = ("_internal/PySide6/Qt/lib/", "_internal/pyarrow/", "_internal/libpython", "_internal/python3.")


def strip_libraries(folder: Path) -> int:
    """Strip the Qt and Arrow libraries where `strip` exists (Linux); returns how many were stripped."""
    strip = shutil.which("strip")
    if strip is None or sys.platform != "linux":
        return 0
    count = 0
    for path in folder.rglob("*.so*"):
        where = path.relative_to(folder).as_posix()
        if path.is_file() and not path.is_symlink() and where.startswith(STRIPPED):
            subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
            count += 1
    return count


def build(dist: Path, work: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    folder = dist / "insole-catalog"
    strip_libraries(folder)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle folder goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    args = parser.parse_args()
    try:
        import PyInstaller  # noqa: F401
    except ModuleNotFoundError:
        print('PyInstaller is not installed: pip install ".[bundle]"', file=sys.stderr)
        return 2
    folder = build(args.dist, args.work)
    print(f"built {folder} ({folder_size(folder) / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
