"""When the shared server goes away, a desk keeps showing the lists it read (read-only), a change
is refused in one sentence and nothing is half-saved; when the server is back, reconnect() brings
the desk online and everything acknowledged before is still there."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_cluster import Cluster

from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.store import ShortlistOfflineError, ShortlistStore


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A server of this test's own, to stop and start."""
    own = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-offline-")))
    own.start()
    try:
        yield own
    finally:
        own.remove()


def product(product_id: str) -> dict[str, object]:
    return {"id": product_id, "name": f"Insole {product_id}", "brand": "Desk", "price": 10.0, "currency": "EUR"}


def test_lists_read_before_the_server_went_away_are_still_shown_and_changes_wait(cluster: Cluster) -> None:
    url = cluster.url()
    profile = FootProfile(arch="flat")
    with ShortlistStore(database_url=url) as store:
        store.create("Client A", profile)
        store.add("Client A", product("p1"), note="try in work boots first")
        store.add("Client A", product("p2"))
        store.create("Client B")
        shown = (store.list_names(), store.items("Client A"), store.profile("Client A"), store.created("Client A"))
        assert store.exists("Client A")

        cluster.stop()
        assert store.list_names() == shown[0]  # the first read finds the server gone, and answers from what it read
        assert store.offline and store.read_only
        assert store.message == (
            f"The shortlist server at {store.location} cannot be reached, so shortlists are read-only for now."
        )
        assert (store.items("Client A"), store.profile("Client A"), store.created("Client A")) == shown[1:]
        assert store.exists("Client A") and store.exists("Client B") and not store.exists("Client C")
        with pytest.raises(ShortlistOfflineError) as refused:
            store.set_note("Client A", "p1", "typed while the server was away")
        assert str(refused.value) == (
            f"The change was not saved because the shortlist server at {store.location} cannot be reached."
        )
        with pytest.raises(ShortlistOfflineError):
            store.items("Client B")  # never read here: nothing to show, said in a sentence
        began = time.perf_counter()
        assert not store.reconnect()
        assert time.perf_counter() - began < 4  # one try, within the connect timeout

        cluster.start()
        assert store.reconnect()
        assert not store.offline and not store.read_only and store.message is None
        saved = store.set_note("Client A", "p1", "typed while the server was away", expected_version=1)
        assert saved.version == 2
        store.add("Client B", product("p3"))
    with ShortlistStore(database_url=url) as later:
        assert [item.note for item in later.items("Client A")] == ["typed while the server was away", ""]
        assert [item.product_id for item in later.items("Client B")] == ["p3"]


def test_a_change_when_the_server_has_just_gone_is_refused_and_the_store_goes_offline(cluster: Cluster) -> None:
    url = cluster.url()
    with ShortlistStore(database_url=url) as store:
        store.create("Client A")
        assert [item.product_id for item in store.items("Client A")] == []
        cluster.kill()
        with pytest.raises(ShortlistOfflineError):
            store.add("Client A", product("p1"))
        assert store.offline and store.items("Client A") == []
        cluster.start()
        assert store.reconnect()
        store.add("Client A", product("p1"))
        assert [item.product_id for item in store.items("Client A")] == ["p1"]


def test_a_desk_opened_while_the_server_is_away_comes_online_later(cluster: Cluster) -> None:
    url = cluster.url()
    ShortlistStore(database_url=url).close()
    cluster.stop()
    with ShortlistStore(database_url=url) as store:
        assert store.offline and store.read_only and not store.available
        with pytest.raises(ShortlistOfflineError):
            store.list_names()
        cluster.start()
        assert store.reconnect() and store.available
        assert store.list_names() == []
        store.create("Client A")
