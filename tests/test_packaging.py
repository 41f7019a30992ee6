"""The installed distribution carries every module and the bundled catalog (not just the source tree)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def installed_files() -> set[str]:
    """The files of the distribution installed in this environment's site-packages (not the
    egg-info a build leaves in the source tree, which sits first on sys.path in a checkout)."""
    site_packages = sysconfig.get_paths()["purelib"]
    found = list(metadata.distributions(name="insole-catalog", path=[site_packages]))
    if not found:
        pytest.skip("insole-catalog is not installed in this environment")
    distribution = found[0]
    direct_url = distribution.read_text("direct_url.json") or "{}"
    files = {str(path).replace(os.sep, "/") for path in distribution.files or []}
    editable = json.loads(direct_url).get("dir_info", {}).get("editable") or any("__editable__" in f for f in files)
    if editable:
        pytest.skip("an editable install serves the source tree itself")
    return files


def test_every_source_module_and_the_catalog_are_installed() -> None:
    files = installed_files()
    wanted = {
        str(path.relative_to(ROOT)).replace(os.sep, "/")
        for package in ("catalog_app", "catalog_data", "ui")
        for path in (ROOT / package).rglob("*")
        if path.suffix in (".py", ".csv", ".svg") and "__pycache__" not in path.parts
    }
    assert wanted - files == set()


def test_the_installed_command_runs_outside_the_source_tree(tmp_path: Path) -> None:
    installed_files()  # skips for an editable install
    script = Path(sys.executable).with_name("insole-catalog")
    result = subprocess.run(
        [str(script), "search", "--arch", "flat", "--limit", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "of 76 products match" in result.stdout
