"""A small JSON file of named entries (saved profiles, filter presets) in the user's data folder.

`{"version": N, "<kind>": {name: entry}}`, written atomically. A file that cannot be read (not
UTF-8, not JSON, not this shape, or from a newer version) is moved aside with a timestamp and an
empty list starts, never overwritten in place; the error says so in one sentence.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, NoReturn

from catalog_app.storage.atomic_write import AtomicWriteError, write_text_atomically

FORMAT_VERSION = 1


class NamedJsonFile:
    def __init__(self, path: Path, kind: str, error: type[Exception]) -> None:
        self.path = path
        self.kind = kind  # "profiles", "presets": the key in the file and the word in messages
        self.error = error  # the store's own error type, raised with a plain sentence

    def read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise self.error(f"cannot read {self.path.name}: {error.strerror or error}") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self._move_aside("it is not UTF-8 text")
        except json.JSONDecodeError as error:
            self._move_aside(f"it is not valid JSON ({error})")
        if not isinstance(data, dict) or not isinstance(data.get(self.kind), dict):
            self._move_aside(f"it does not hold a list of {self.kind}")
        if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
            self._move_aside("it was written by a newer version of Insole Catalog")
        return dict(data[self.kind])

    def write(self, entries: dict[str, Any]) -> None:
        text = json.dumps({"version": FORMAT_VERSION, self.kind: entries}, indent=2, ensure_ascii=False)
        try:
            write_text_atomically(self.path, text + "\n")
        except AtomicWriteError as error:
            raise self.error(str(error)) from None

    def _move_aside(self, why: str) -> NoReturn:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        try:
            self.path.replace(aside)
        except OSError as error:
            raise self.error(
                f"the saved {self.kind} in {self.path} cannot be read because {why}, "
                f"and the file cannot be moved aside ({error.strerror or error})"
            ) from None
        raise self.error(
            f"the saved {self.kind} could not be read because {why}; the file was kept as {aside.name} "
            f"and a new, empty list of {self.kind} was started"
        )
