"""Saved profiles on the shared server: the same behaviour as the file, seen by every desk, the desk's
own profiles.json copied in once, and every change announced."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from catalog_app.model.profile import FootProfile
from catalog_app.storage.profile_store import STORE_NAME, ProfileStore, ProfileStoreError

WORK = FootProfile(arch="flat", pronation="overpronation", concerns=("lower-back-pain",), shoe_types=("work-boots",))
RUNNING = FootProfile(arch="high", activities=("running",), budget=60, shoe_size="EU 44")


@pytest.fixture
def desk(postgres_url: str) -> Iterator[ProfileStore]:
    store = ProfileStore(database_url=postgres_url)
    yield store
    store.close()


def test_profiles_are_saved_renamed_and_deleted_on_the_server(desk: ProfileStore, postgres_url: str) -> None:
    assert desk.shared and desk.names() == []
    desk.save("Dad – work", WORK)
    assert desk.save("  anna   running ", RUNNING) == "anna running"
    assert desk.names() == ["anna running", "Dad – work"]
    assert desk.load("ANNA RUNNING") == RUNNING and desk.exists("dad – WORK")
    desk.save("dad – work", RUNNING)  # the same name in another case replaces it
    assert desk.names() == ["anna running", "dad – work"]
    with pytest.raises(ProfileStoreError, match="“anna running” already exists"):
        desk.rename("dad – work", "Anna Running")
    assert desk.rename("dad – work", "Dad") == "Dad"
    with pytest.raises(ProfileStoreError, match="no saved profile called “Gone”"):
        desk.rename("Gone", "Back")
    desk.delete("anna running")
    with pytest.raises(ProfileStoreError, match="no saved profile called “anna running”"):
        desk.delete("anna running")
    other = ProfileStore(database_url=postgres_url)  # another desk sees the same profiles
    try:
        assert other.names() == ["Dad"] and other.load("dad") == RUNNING
    finally:
        other.close()


def test_a_desks_own_profiles_file_is_copied_in_once(user_home: Path, postgres_url: str) -> None:
    first = ProfileStore(database_url=postgres_url)
    first.save("Anna", RUNNING)  # already on the server: the server's copy is kept
    first.close()
    own = user_home / STORE_NAME
    own.write_text(
        json.dumps(
            {"version": 1, "profiles": {"anna": WORK.model_dump(mode="json"), "Dad": WORK.model_dump(mode="json")}}
        ),
        encoding="utf-8",
    )
    desk = ProfileStore(database_url=postgres_url)
    try:
        assert desk.names() == ["Anna", "Dad"]
        assert desk.load("Anna") == RUNNING and desk.load("Dad") == WORK
        assert not own.exists() and (user_home / f"{STORE_NAME}.imported").is_file()
        desk.delete("Dad")
    finally:
        desk.close()
    again = ProfileStore(database_url=postgres_url)
    try:
        assert again.names() == ["Anna"]  # not copied in a second time
    finally:
        again.close()


def test_an_unreadable_profiles_file_is_not_copied_and_is_said(user_home: Path, postgres_url: str) -> None:
    (user_home / STORE_NAME).write_text("{ not json", encoding="utf-8")
    desk = ProfileStore(database_url=postgres_url)
    try:
        assert desk.names() == []
        assert desk.message is not None and "not valid JSON" in desk.message
    finally:
        desk.close()


def test_every_profile_change_is_announced(desk: ProfileStore, postgres_url: str) -> None:
    desk.names()
    with psycopg.connect(postgres_url, autocommit=True) as listener:
        listener.execute("LISTEN insole_catalog")
        desk.save("Anna", WORK)
        desk.rename("Anna", "Anna B")
        desk.delete("Anna B")
        payloads = [notice.payload for _, notice in zip(range(3), listener.notifies(timeout=2), strict=False)]
    assert payloads == ["profiles:"] * 3


def test_profiles_read_before_the_server_went_away_are_still_there(tmp_path: Path) -> None:
    import tempfile

    from postgres_cluster import Cluster

    cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-profiles-")))
    cluster.start()
    try:
        desk = ProfileStore(database_url=cluster.url())
        desk.save("Anna", WORK)
        assert desk.names() == ["Anna"] and desk.load("anna") == WORK
        cluster.stop()
        assert desk.names() == ["Anna"] and desk.load("anna") == WORK
        assert desk.offline
        with pytest.raises(ProfileStoreError, match=r"^the profile was not saved because the server at .* cannot be"):
            desk.save("Dad", RUNNING)
        cluster.start()
        assert desk.reconnect() and not desk.offline
        desk.save("Dad", RUNNING)
        assert desk.names() == ["Anna", "Dad"]
        desk.close()
    finally:
        cluster.remove()
