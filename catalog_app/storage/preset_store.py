"""Named filter presets ("work boots under $60"), kept as one JSON file in the user's data folder.

A shop assistant names the filters and search text once and applies them for every client. The store
keeps each preset as plain JSON (the finder turns it into filters: `catalog_app.finder.filter_presets`).
As with the profiles, every change rewrites the whole file atomically, and a file that cannot be read
is renamed aside, never written over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalog_app.storage.named_json_file import NamedJsonFile
from catalog_app.storage.names import clean_entry_name
from catalog_app.storage.user_data import user_data_dir

STORE_NAME = "filter-presets.json"
MAX_NAME_LENGTH = 80


class PresetStoreError(Exception):
    """A preset operation that cannot be done; the message is one plain sentence."""


class PresetStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else user_data_dir() / STORE_NAME
        self._file = NamedJsonFile(self.path, "presets", PresetStoreError)

    def names(self) -> list[str]:
        """Saved preset names, in alphabetical order (case-insensitive)."""
        return sorted(self._read(), key=str.casefold)

    def load(self, name: str) -> tuple[str, dict[str, Any]]:
        """The preset's name as stored and its filters as saved."""
        presets = self._read()
        key = self._key_or_error(presets, name)
        value = presets[key]
        if not isinstance(value, dict):
            raise PresetStoreError(f"the saved preset “{key}” cannot be used; save it again")
        return key, dict(value)

    def exists(self, name: str) -> bool:
        return _existing_key(self._read(), name) is not None

    def save(self, name: str, filters: dict[str, Any]) -> str:
        """Save (or overwrite) a preset; returns the name as stored."""
        name = clean_name(name)
        presets = self._read()
        existing = _existing_key(presets, name)
        if existing is not None and existing != name:
            del presets[existing]  # the same name in another case: the newest spelling wins
        presets[name] = filters
        self._write(presets)
        return name

    def rename(self, old: str, new: str) -> str:
        new = clean_name(new)
        presets = self._read()
        key = self._key_or_error(presets, old)
        clash = _existing_key(presets, new)
        if clash is not None and clash != key:
            raise PresetStoreError(f"a preset called “{clash}” already exists; choose another name")
        self._write({(new if existing == key else existing): value for existing, value in presets.items()})
        return new

    def delete(self, name: str) -> str:
        presets = self._read()
        key = self._key_or_error(presets, name)
        del presets[key]
        self._write(presets)
        return key

    # ---- the file -----------------------------------------------------------------------------

    @staticmethod
    def _key_or_error(presets: dict[str, Any], name: str) -> str:
        key = _existing_key(presets, name)
        if key is None:
            raise PresetStoreError(f"there is no saved preset called “{name.strip()}”")
        return key

    def _read(self) -> dict[str, Any]:
        return self._file.read()

    def _write(self, presets: dict[str, Any]) -> None:
        self._file.write(presets)


def _existing_key(presets: dict[str, Any], name: str) -> str | None:
    wanted = " ".join(name.split()).casefold()
    return next((key for key in presets if key.casefold() == wanted), None)


def clean_name(name: str) -> str:
    return clean_entry_name(name, "preset", MAX_NAME_LENGTH, PresetStoreError)
