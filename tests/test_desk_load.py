"""The load and fault test, small: several desk processes at once on one server, killed and started
again midway; every acknowledged change is there, positions a permutation, zero errors.

The full run (20 desks x 500 operations on 5 lists) is `python benchmarks/desk_load.py`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_desks_at_once_with_the_server_killed_midway_lose_nothing() -> None:
    result = subprocess.run(
        [
            *(sys.executable, str(ROOT / "benchmarks" / "desk_load.py")),
            *("--desks", "5", "--operations", "80", "--lists", "3", "--kill-after", "4"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stdout and "missing: 0; wrong note: 0" in result.stdout
    assert "positions a permutation: True" in result.stdout
    assert "server killed at" in result.stdout
