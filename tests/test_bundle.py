"""The one-folder bundle (PyInstaller) runs without an installed Python: the window opens offscreen and
`validate` checks the bundled catalog. Slow: building takes minutes, so an existing bundle can be named
with INSOLE_CATALOG_BUNDLE=dist/insole-catalog."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SIZE_LIMIT_MB = 450  # a guard against a dependency dragging in far more; the target is 300 MB (see README)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("INSOLE_CATALOG_BUNDLE")
    if given:
        return Path(given).resolve()
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed (pip install ".[bundle]")')
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    command = [sys.executable, str(ROOT / "scripts" / "build_bundle.py"), "--dist", str(dist), "--work", str(work)]
    subprocess.run(command, check=True, cwd=ROOT, timeout=1800)
    return dist / "insole-catalog"


def _program(bundle: Path) -> Path:
    return bundle / ("insole-catalog.exe" if sys.platform == "win32" else "insole-catalog")


def _clean_environment(tmp_path: Path) -> dict[str, str]:
    """No PYTHONPATH or venv: the bundle must bring everything it needs."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    environment.update(INSOLE_CATALOG_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    return environment


def test_the_bundle_validates_its_catalog_and_opens_the_window(bundle: Path, tmp_path: Path) -> None:
    program = _program(bundle)
    environment = _clean_environment(tmp_path)
    catalog = next(bundle.rglob("catalog_data/insoles.csv"))
    checked = subprocess.run(
        [str(program), "validate", str(catalog)], capture_output=True, text=True, env=environment, timeout=300
    )
    assert checked.returncode == 0, checked.stderr
    assert "76 products valid" in checked.stdout
    environment["INSOLE_CATALOG_SMOKE_TEST"] = "1"
    opened = subprocess.run([str(program)], capture_output=True, text=True, env=environment, timeout=300, cwd=tmp_path)
    assert opened.returncode == 0, opened.stderr
    assert "window shown: Insole Catalog, 76 products" in opened.stdout


def test_the_bundle_stays_within_its_size_guard(bundle: Path) -> None:
    size = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"bundle size: {size / 1e6:.0f} MB")
    assert size / 1e6 <= SIZE_LIMIT_MB
