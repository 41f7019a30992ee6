"""Named foot profiles (a family, or a clinic's clients), kept as one JSON file in the user's data folder,
or on the shared PostgreSQL server when a database URL is given (see `storage.profile_database`:
the desk's own profiles.json is copied in once, and every change is announced to other desks).

Every change rewrites the whole file atomically (temporary file, fsync, `os.replace`), so a crash
leaves either the old list or the new one, never half a file. A file that cannot be read (not
JSON, or not a profile list) is never written over: it is renamed aside with a timestamp, a fresh
list is started, and the error that reports it says where the old file went.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from catalog_app.model.profile import FootProfile
from catalog_app.storage.database import is_postgres
from catalog_app.storage.named_json_file import NamedJsonFile
from catalog_app.storage.names import clean_entry_name
from catalog_app.storage.user_data import user_data_dir

if TYPE_CHECKING:
    from catalog_app.storage.profile_database import DatabaseProfiles

STORE_NAME = "profiles.json"
MAX_NAME_LENGTH = 80


class ProfileStoreError(Exception):
    """A profile operation that cannot be done; the message is one plain sentence."""


class ProfileStore:
    def __init__(self, path: Path | None = None, *, database_url: str | None = None) -> None:
        self.path = path if path is not None else user_data_dir() / STORE_NAME
        self._file = NamedJsonFile(self.path, "profiles", ProfileStoreError)
        self._server: DatabaseProfiles | None = None
        self.shared = is_postgres(database_url)
        if self.shared:
            from catalog_app.storage.profile_database import DatabaseProfiles

            self._server = DatabaseProfiles(str(database_url), ProfileStoreError)
            with contextlib.suppress(ProfileStoreError):  # a server away now: the file is copied in next time
                self._server.import_file(self.path, self._file.read)

    @property
    def offline(self) -> bool:
        """The shared server cannot be reached: names and profiles read so far are still answered."""
        return self._server is not None and self._server.offline

    @property
    def message(self) -> str | None:
        """What the user should be told about the store (an unreadable profiles.json not copied in)."""
        return None if self._server is None else self._server.import_message

    def reconnect(self) -> bool:
        return self._server is None or self._server.reconnect()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()

    # ---- reading ------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Saved profile names, in alphabetical order (case-insensitive)."""
        return sorted(self._read(), key=str.casefold)

    def load(self, name: str) -> FootProfile:
        if self._server is not None:
            found = self._server.entry(name)
            if found is None:
                raise ProfileStoreError(f"there is no saved profile called “{name}”")
            key, data = found
        else:
            profiles = self._read()
            existing = self._existing_key(profiles, name)
            if existing is None:
                raise ProfileStoreError(f"there is no saved profile called “{name}”")
            key, data = existing, profiles[existing]
        try:
            return FootProfile.model_validate(data)
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or "profile"
            raise ProfileStoreError(
                f"the saved profile “{key}” cannot be used ({where}: {problem['msg']}); save it again"
            ) from None

    # ---- changing -----------------------------------------------------------------------------

    def save(self, name: str, profile: FootProfile) -> str:
        """Save (or overwrite) a profile; returns the name as stored."""
        name = _clean_name(name)
        if self._server is not None:
            self._server.put(name, profile.model_dump(mode="json"))
            return name
        profiles = self._read()
        existing = self._existing_key(profiles, name)
        if existing is not None and existing != name:
            del profiles[existing]  # same name in another case: the newest spelling wins
        profiles[name] = profile.model_dump(mode="json")
        self._write(profiles)
        return name

    def rename(self, old: str, new: str) -> str:
        new = _clean_name(new)
        if self._server is not None:
            clash_name = self._server.rename(old, new)
            if clash_name is not None:
                raise ProfileStoreError(f"a profile called “{clash_name}” already exists; choose another name")
            return new
        profiles = self._read()
        key = self._existing_key(profiles, old)
        if key is None:
            raise ProfileStoreError(f"there is no saved profile called “{old}”")
        clash = self._existing_key(profiles, new)
        if clash is not None and clash != key:
            raise ProfileStoreError(f"a profile called “{clash}” already exists; choose another name")
        profiles = {(new if existing == key else existing): value for existing, value in profiles.items()}
        self._write(profiles)
        return new

    def delete(self, name: str) -> None:
        if self._server is not None:
            if not self._server.remove(name):
                raise ProfileStoreError(f"there is no saved profile called “{name}”")
            return
        profiles = self._read()
        key = self._existing_key(profiles, name)
        if key is None:
            raise ProfileStoreError(f"there is no saved profile called “{name}”")
        del profiles[key]
        self._write(profiles)

    def exists(self, name: str) -> bool:
        if self._server is not None:
            return self._server.entry(name) is not None
        return self._existing_key(self._read(), name) is not None

    # ---- the file -----------------------------------------------------------------------------

    @staticmethod
    def _existing_key(profiles: dict[str, Any], name: str) -> str | None:
        wanted = name.strip().casefold()
        return next((key for key in profiles if key.casefold() == wanted), None)

    def _read(self) -> dict[str, Any]:
        if self._server is not None:
            return self._server.entries()
        return self._file.read()

    def _write(self, profiles: dict[str, Any]) -> None:
        self._file.write(profiles)


def _clean_name(name: str) -> str:
    return clean_entry_name(name, "profile", MAX_NAME_LENGTH, ProfileStoreError)
