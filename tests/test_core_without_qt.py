"""The core never imports Qt: the command line and the tests of the core run without it."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "catalog_app",
    "catalog_app.io.catalog",
    "catalog_app.cli.main",
    "catalog_app.cli.validate",
    "catalog_app.validation.validate",
]


def test_importing_the_core_does_not_import_pyside6() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import catalog_app\n"
        "for info in pkgutil.walk_packages(catalog_app.__path__, 'catalog_app.'):\n"
        "    if info.name != 'catalog_app.__main__':\n"
        "        importlib.import_module(info.name)\n"
        "import catalog_app.cli.main\n"
        "catalog_app.cli.main.build_parser()\n"
        "bad = sorted(name for name in sys.modules if name.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "print(len([n for n in sys.modules if n.startswith('catalog_app')]))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= len(CORE_MODULES)
