"""Build a one-folder bundle that runs without an installed Python: `python scripts/build_bundle.py`.

Needs PyInstaller in the same environment as the app (`pip install ".[bundle]"`). The bundle is built
for the platform it runs on: build on Windows for Windows, on macOS for macOS. It lands in
`dist/insole-catalog/`; the script prints its size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "insole-catalog.spec"


def _disk_bytes(status: os.stat_result) -> int:
    blocks = getattr(status, "st_blocks", None)  # whole 512-byte blocks, as `du` counts; none on Windows
    return status.st_size if blocks is None else blocks * 512


def folder_size(folder: Path) -> int:
    """Bytes the folder takes on disk, as `du -s` counts them."""
    return sum(_disk_bytes(path.stat()) for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


# Shared libraries whose symbol tables are worth removing (about 85 MB): Qt, Arrow and Python, and the
# extension modules of kiwisolver (5 MB of symbols), matplotlib, contourpy and Pillow's core. Not numpy's
# vendored OpenBLAS: stripping it breaks numpy ("ELF load command address/offset not page-aligned").
# tests/test_bundle.py draws a chart and writes a PDF through the bundle, so a library broken by strip fails it.
STRIPPED = (
    "_internal/PySide6/Qt/lib/",
    "_internal/pyarrow/",
    "_internal/libpython",
    "_internal/python3.",
    "_internal/kiwisolver/",
    "_internal/matplotlib/",
    "_internal/contourpy/",
    "_internal/PIL/_imaging.",
    # The shared store's drivers: ADBC's driver manager and PostgreSQL driver (13 MB of symbols), SQLAlchemy's
    # compiled extensions.
    "_internal/adbc_driver_manager/",
    "_internal/adbc_driver_postgresql/",
    "_internal/sqlalchemy/",
)


def strip_libraries(folder: Path) -> int:
    """Strip the libraries named in STRIPPED where `strip` exists (Linux); returns how many were stripped."""
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
    print(f"built {folder} ({folder_size(folder) / 2**20:.0f} MB as `du -sh` counts, MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
