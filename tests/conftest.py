"""Test set-up: offscreen Qt, and every test's user data and settings in a temporary folder."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def user_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Profiles, shortlists, logs and QSettings go to a fresh folder: never the user's real data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INSOLE_CATALOG_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    try:
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    except ImportError:  # the core tests run without Qt too
        pass
    return home


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """A test that leaves a worker thread running fails."""
    before = set(threading.enumerate())
    yield
    leftover = [
        thread for thread in threading.enumerate() if thread not in before and thread.is_alive() and not thread.daemon
    ]
    for thread in leftover:
        thread.join(timeout=5)
    still = [thread.name for thread in leftover if thread.is_alive()]
    assert not still, f"threads left running: {still}"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def window(qtbot: Any) -> Iterator[Any]:
    """The main window on the bundled catalog, shown offscreen, closed after the test."""
    from ui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    main.open_initial_catalog(None)
    yield main
    main.close()


# ---- PostgreSQL: a real server for the shared-store tests --------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database, as its superuser.

    CI starts a throwaway cluster and says where in INSOLE_CATALOG_TEST_DATABASE; without it the
    session starts its own. A server that cannot be had fails the tests under CI (never a silent
    skip there) and skips them on a developer's machine without PostgreSQL.
    """
    given = os.environ.get("INSOLE_CATALOG_TEST_DATABASE")
    if given:
        yield given
        return
    import tempfile

    from postgres_cluster import Cluster, ClusterError

    # Not under pytest's own temp folder: that is private to this user, and the server runs as postgres.
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-pg-")))
    try:
        cluster.start()
    except (ClusterError, OSError, KeyError) as error:
        if os.environ.get("CI"):
            pytest.fail(f"no PostgreSQL server for the shared-store tests: {error}")
        pytest.skip(f"no PostgreSQL server: {error}")
    try:
        yield cluster.url()
    finally:
        cluster.remove()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the test server for one test; dropped after it."""
    import uuid

    import psycopg

    name = f"insoles_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
