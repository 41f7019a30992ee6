"""A desk hears of another desk's change within a second: LISTEN/NOTIFY on PostgreSQL, PRAGMA
data_version on an SQLite file; a server that goes away and comes back is reported both times;
stopping the watcher leaves no thread behind."""

from __future__ import annotations

import contextlib
import queue
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from postgres_cluster import Cluster

from catalog_app.shortlist.store import STORE_NAME, ShortlistStore
from catalog_app.storage.change_watch import ChangeWatcher

WITHIN_S = 1.0


class Events:
    """What the watcher reported, to wait on (never a sleep)."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, str, float]] = queue.Queue()

    def __call__(self, kind: str, detail: str) -> None:
        self.queue.put((kind, detail, time.perf_counter()))

    def next(self, timeout: float) -> tuple[str, str, float]:
        return self.queue.get(timeout=timeout)

    def wait_for(self, kind: str, timeout: float) -> tuple[str, str, float]:
        deadline = time.monotonic() + timeout
        while True:
            event = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            if event[0] == kind:
                return event


def watcher_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "insole-catalog-change-watch"]


@pytest.fixture
def events() -> Events:
    return Events()


@contextlib.contextmanager
def watching(database_url: str | None, path: Path | None, events: Events, **options: float) -> Iterator[ChangeWatcher]:
    watcher = ChangeWatcher(database_url, path, events, **options)
    watcher.start()
    try:
        yield watcher
    finally:
        watcher.stop()
    assert not watcher.running and watcher_threads() == []


def test_a_change_on_another_desk_arrives_within_a_second_on_postgresql(postgres_url: str, events: Events) -> None:
    with ShortlistStore(database_url=postgres_url) as other_desk, watching(postgres_url, None, events):
        _wait_listening(postgres_url)
        began = time.perf_counter()
        other_desk.create("Client A")
        kind, detail, arrived = events.next(timeout=WITHIN_S)
        assert (kind, detail) == ("shortlist", "Client A")
        print(f"\nPostgreSQL change seen after {1000 * (arrived - began):.0f} ms")
        other_desk.add("Client A", {"id": "p1", "name": "P1", "price": 1.0, "currency": "EUR"})
        assert events.next(timeout=WITHIN_S)[:2] == ("shortlist", "Client A")


def test_profile_and_catalog_announcements_are_told_apart(postgres_url: str, events: Events) -> None:
    with watching(postgres_url, None, events):
        _wait_listening(postgres_url)
        with psycopg.connect(postgres_url, autocommit=True) as publisher:
            publisher.execute("SELECT pg_notify('insole_catalog', 'catalog:3')")
            publisher.execute("SELECT pg_notify('insole_catalog', 'profiles:')")
        assert events.next(timeout=WITHIN_S)[:2] == ("catalog", "3")
        assert events.next(timeout=WITHIN_S)[:2] == ("profiles", "")


def test_a_change_from_another_window_arrives_within_a_second_on_sqlite(tmp_path: Path, events: Events) -> None:
    path = tmp_path / STORE_NAME
    with ShortlistStore(path) as this_window, ShortlistStore(path) as other_window:
        this_window.create("Mine")
        with watching(None, path, events):
            _wait_a_poll(events)
            began = time.perf_counter()
            other_window.create("Client A")
            kind, detail, arrived = events.next(timeout=WITHIN_S)
            assert (kind, detail) == ("shortlist", "")
            print(f"\nSQLite change seen after {1000 * (arrived - began):.0f} ms")


def test_a_server_that_goes_away_and_comes_back_is_reported_both_times(events: Events) -> None:
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-watch-")))
    cluster.start()
    try:
        url = cluster.url()
        with watching(url, None, events, max_backoff_s=1.0):
            _wait_listening(url)
            cluster.stop()
            _kind, sentence, _ = events.wait_for("offline", timeout=10)
            assert "cannot be reached" in sentence and sentence.endswith(".")
            cluster.start()
            events.wait_for("online", timeout=10)
            with psycopg.connect(url, autocommit=True) as desk:
                desk.execute("SELECT pg_notify('insole_catalog', 'shortlist:Client A')")
            assert events.wait_for("shortlist", timeout=WITHIN_S + 1)[:2] == ("shortlist", "Client A")
    finally:
        cluster.remove()


def _wait_listening(url: str, timeout: float = 10) -> None:
    """Until the watcher's connection has said LISTEN (pg_stat_activity shows it)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as probe:
        while time.monotonic() < deadline:
            row = probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN insole_catalog%' "
                "AND datname = current_database()"
            ).fetchone()
            if row and row[0]:
                return
            threading.Event().wait(0.02)
    raise AssertionError("the watcher never started listening")


def _wait_a_poll(events: Events) -> None:
    """Give the SQLite watcher one poll to read its starting data_version (nothing may arrive)."""
    with pytest.raises(queue.Empty):
        events.next(timeout=0.5)


def test_a_store_file_made_or_replaced_after_the_watch_began_is_noticed(tmp_path: Path, events: Events) -> None:
    path = tmp_path / STORE_NAME
    with watching(None, path, events):
        _wait_a_poll(events)
        with ShortlistStore(path) as first_window:  # the file is made by another window
            first_window.create("Client A")
        assert events.next(timeout=WITHIN_S)[:2] == ("shortlist", "")
        _drain(events)
        aside = path.with_name("set-aside.sqlite3")
        path.replace(aside)  # as a damaged file is moved aside, and a new store started
        with ShortlistStore(path) as second_window:
            second_window.create("Fresh")
        assert events.next(timeout=WITHIN_S)[:2] == ("shortlist", "")


def _drain(events: Events) -> None:
    with contextlib.suppress(queue.Empty):
        while True:
            events.next(timeout=0.5)
