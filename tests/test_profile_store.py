"""Named foot profiles: saved, loaded, renamed and deleted, kept across restarts, never lost to a bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_app.model.profile import FootProfile
from catalog_app.storage.profile_store import STORE_NAME, ProfileStore, ProfileStoreError

WORK = FootProfile(arch="flat", pronation="overpronation", concerns=("lower-back-pain",), shoe_types=("work-boots",))
RUNNING = FootProfile(arch="high", activities=("running",), budget=60, shoe_size="EU 44")


def test_a_saved_profile_loads_back_the_same(user_home: Path) -> None:
    store = ProfileStore()
    assert store.path == user_home / STORE_NAME
    assert store.names() == []
    store.save("Dad – work", WORK)
    store.save("anna running", RUNNING)
    assert store.names() == ["anna running", "Dad – work"]
    assert store.load("Dad – work") == WORK
    assert store.load("ANNA RUNNING") == RUNNING


def test_profiles_survive_a_restart() -> None:
    ProfileStore().save("Clinic client 12", WORK)
    reopened = ProfileStore()  # a new app run reads the same file
    assert reopened.names() == ["Clinic client 12"]
    assert reopened.load("Clinic client 12") == WORK


def test_saving_under_an_existing_name_replaces_it() -> None:
    store = ProfileStore()
    store.save("Me", WORK)
    store.save("me", RUNNING)
    assert store.names() == ["me"]
    assert store.load("Me") == RUNNING


def test_rename_keeps_the_profile_and_refuses_a_taken_name() -> None:
    store = ProfileStore()
    store.save("Old", WORK)
    store.save("Other", RUNNING)
    assert store.rename("Old", "  New   name ") == "New name"
    assert store.names() == ["New name", "Other"]
    assert store.load("New name") == WORK
    with pytest.raises(ProfileStoreError, match="“Other” already exists"):
        store.rename("New name", "other")
    with pytest.raises(ProfileStoreError, match="no saved profile called “Gone”"):
        store.rename("Gone", "Back")


def test_delete_removes_only_that_profile() -> None:
    store = ProfileStore()
    store.save("A", WORK)
    store.save("B", RUNNING)
    store.delete("a")
    assert store.names() == ["B"]
    with pytest.raises(ProfileStoreError, match="no saved profile called “A”"):
        store.load("A")
    with pytest.raises(ProfileStoreError):
        store.delete("A")


@pytest.mark.parametrize(("name", "message"), [("   ", "needs a name"), ("x" * 81, "at most 80 characters")])
def test_names_must_be_usable(name: str, message: str) -> None:
    with pytest.raises(ProfileStoreError, match=message):
        ProfileStore().save(name, WORK)


def test_the_file_is_replaced_atomically_and_leaves_no_temporary_files(user_home: Path) -> None:
    store = ProfileStore()
    store.save("A", WORK)
    store.save("B", RUNNING)
    assert sorted(path.name for path in user_home.iterdir() if path.is_file()) == [STORE_NAME]
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["profiles"]["A"]["arch"] == "flat"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "does not hold a list of profiles"),
        ('{"version": 99, "profiles": {}}', "newer version"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
    ],
)
def test_an_unreadable_file_is_moved_aside_with_a_clear_message(
    user_home: Path, content: str | bytes, why: str
) -> None:
    path = user_home / STORE_NAME
    raw = content if isinstance(content, bytes) else content.encode()
    path.write_bytes(raw)
    store = ProfileStore()
    with pytest.raises(ProfileStoreError, match=why) as caught:
        store.names()
    assert "was kept as profiles.unreadable-" in str(caught.value)
    kept = [item for item in user_home.iterdir() if item.name.startswith("profiles.unreadable-")]
    assert len(kept) == 1 and kept[0].read_bytes() == raw
    assert store.names() == []  # a fresh list, and saving works again
    store.save("Fresh", WORK)
    assert ProfileStore().load("Fresh") == WORK


def test_a_damaged_profile_entry_is_reported_not_crashed_on(user_home: Path) -> None:
    path = user_home / STORE_NAME
    path.write_text(json.dumps({"version": 1, "profiles": {"Bad": {"arch": "very flat"}, "Good": {}}}), "utf-8")
    store = ProfileStore()
    assert store.names() == ["Bad", "Good"]
    assert store.load("Good") == FootProfile()
    with pytest.raises(ProfileStoreError, match=r"“Bad” cannot be used .*arch"):
        store.load("Bad")


def test_a_folder_that_cannot_be_written_gives_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(ProfileStoreError, match=r"(?i)cannot write profiles.json: the folder .* does not exist"):
        ProfileStore(tmp_path / "gone" / STORE_NAME).save("A", WORK)
