"""Several desks at once on one PostgreSQL store, and the server killed under them (benchmarks/desk_load.py).

The full run (20 desks x 500 operations) is the benchmark; here a smaller one checks the same
promises on every CI run: every acknowledged change is in the store, positions stay a permutation,
no product twice, zero errors, and a server killed mid-run loses nothing acknowledged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import desk_load

pytestmark = pytest.mark.slow

LISTS = ["Front desk", "Room 2"]


def test_desks_working_at_once_lose_nothing(postgres_url: str) -> None:
    result = desk_load.run(postgres_url, desks=4, ops=40, lists=LISTS, seed=7)

    assert result["errors"] == []
    assert result["problems"] == []
    assert result["duplicates"] == 0
    assert result["acknowledged"] == 4 * 40
    assert result["items_found"] == result["items_expected"] > 0


def test_a_server_killed_mid_run_loses_nothing_acknowledged() -> None:
    import tempfile

    from postgres_cluster import Cluster

    cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-kill-pg-")))
    try:
        cluster.start()
    except Exception as error:  # the same server the other tests use could be started: this one must be too
        pytest.fail(f"no PostgreSQL server for the kill test: {error}")
    try:
        result = desk_load.run(
            cluster.url(), desks=4, ops=40, lists=LISTS, seed=8, kill=desk_load.killer(cluster, outage_s=1.0)
        )
    finally:
        cluster.remove()

    assert result["outage_s"] >= 1.0
    assert result["errors"] == []
    assert result["problems"] == []
    assert result["acknowledged"] == 4 * 40
    assert result["retried"] >= 1  # the desks did notice the server go
