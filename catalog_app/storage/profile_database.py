"""Saved profiles on a shared PostgreSQL server (table `profile`), for `ProfileStore(database_url=...)`.

Each change is one transaction and tells listening desks with `pg_notify('insole_catalog', 'profiles:')`.
A name is matched without regard to case or runs of spaces (`name_key`), as in the JSON file.
The first time a desk opens the server, the profiles it kept in its own profiles.json are copied in
(a profile of the same name already on the server is kept) and the file is renamed
profiles.json.imported, so this happens once. While the server cannot be reached, the names and
profiles read so far are still answered; a change is refused in one sentence.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError

from catalog_app.storage.database import (
    NOTIFY_CHANNEL,
    connection_lost,
    database_problem,
    display_url,
    make_engine,
)
from catalog_app.storage.migrations import migrate_to_head
from catalog_app.storage.tables import profile as profile_table

IMPORTED_SUFFIX = ".imported"
RETRY_S = 10.0
T = TypeVar("T")


def profile_key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


class DatabaseProfiles:
    """Named profiles as JSON text in the server's `profile` table; `error` is the store's error type."""

    def __init__(self, database_url: str, error: type[Exception]) -> None:
        self.database_url = database_url
        self.location = display_url(database_url)
        self.error = error
        self.offline = False
        self.import_message: str | None = None
        self._cache: dict[tuple[str, ...], Any] = {}
        self._engine: Engine = make_engine(database_url)
        self._ready = False
        self._next_try = 0.0

    # ---- reading ------------------------------------------------------------------------------

    def entries(self) -> dict[str, Any]:
        """name -> the stored profile (a dict), every one."""

        def read(db: Connection) -> dict[str, Any]:
            rows = db.execute(select(profile_table.c.name, profile_table.c.data)).all()
            return {str(name): json.loads(data) for name, data in rows}

        return self._reading(("all",), read)

    def entry(self, name: str) -> tuple[str, Any] | None:
        """(stored name, profile dict) of the profile called `name`, or None."""

        def read(db: Connection) -> tuple[str, Any] | None:
            row = db.execute(
                select(profile_table.c.name, profile_table.c.data).where(profile_table.c.name_key == profile_key(name))
            ).first()
            return None if row is None else (str(row[0]), json.loads(row[1]))

        return self._reading(("one", profile_key(name)), read)

    # ---- changing -----------------------------------------------------------------------------

    def put(self, name: str, data: dict[str, Any]) -> None:
        """Save under `name`, replacing a profile whose name differs only in case or spaces."""
        statement = insert(profile_table).values(
            name=name, name_key=profile_key(name), data=json.dumps(data, ensure_ascii=False), saved=_now()
        )
        statement = statement.on_conflict_do_update(
            index_elements=[profile_table.c.name_key],
            set_={"name": statement.excluded.name, "data": statement.excluded.data, "saved": statement.excluded.saved},
        )
        self._change(lambda db: db.execute(statement))

    def rename(self, old: str, new: str) -> str | None:
        """Rename; returns the clash's name when another profile already has `new`, else None."""

        def change(db: Connection) -> str | None:
            rows = db.execute(
                select(profile_table.c.name, profile_table.c.name_key)
                .where(profile_table.c.name_key.in_([profile_key(old), profile_key(new)]))
                .with_for_update()
            ).all()
            keys = {str(row[1]): str(row[0]) for row in rows}
            if profile_key(old) not in keys:
                raise self.error(f"there is no saved profile called “{old}”")
            clash = keys.get(profile_key(new))
            if clash is not None and profile_key(new) != profile_key(old):
                return clash
            db.execute(
                profile_table.update()
                .where(profile_table.c.name_key == profile_key(old))
                .values(name=new, name_key=profile_key(new))
            )
            return None

        return self._change(change)

    def remove(self, name: str) -> bool:
        def change(db: Connection) -> bool:
            result = db.execute(profile_table.delete().where(profile_table.c.name_key == profile_key(name)))
            return bool(result.rowcount)

        return self._change(change)

    def import_file(self, path: Path, read: Callable[[], dict[str, Any]]) -> None:
        """Copy the profiles of a desk's own file in, once; the file is then kept as NAME.imported."""
        if not path.is_file() or self.offline:
            return
        try:
            entries = read()
        except Exception as error:  # an unreadable file was moved aside by the reader: say so, go on
            self.import_message = str(error)
            return
        if entries:
            rows = [
                {"name": name, "name_key": profile_key(name), "data": json.dumps(data, ensure_ascii=False)}
                for name, data in entries.items()
            ]

            def change(db: Connection) -> None:
                for row in rows:
                    db.execute(insert(profile_table).values(**row, saved=_now()).on_conflict_do_nothing())

            self._change(change)
        path.replace(path.with_name(path.name + IMPORTED_SUFFIX))

    def close(self) -> None:
        self._engine.dispose()

    # ---- internals ----------------------------------------------------------------------------

    def _ensure_schema(self, db: Connection) -> None:
        if not self._ready:
            migrate_to_head(db)
            self._ready = True

    def _reading(self, key: tuple[str, ...], query: Callable[[Connection], T]) -> T:
        if not self.offline or self._try_online():
            try:
                with self._engine.begin() as db:
                    self._ensure_schema(db)
                    value = query(db)
            except DBAPIError as error:
                if not connection_lost(error):
                    raise self.error(database_problem(error, self.database_url)) from None
                self.offline, self._next_try = True, time.monotonic() + RETRY_S
            else:
                self._cache[key] = value
                return value
        if key in self._cache:
            return self._cache[key]  # type: ignore[no-any-return]
        raise self.error(f"the profile server at {self.location} cannot be reached")

    def _change(self, change: Callable[[Connection], T]) -> T:
        if self.offline and not self._try_online():
            raise self.error(self._not_saved())
        try:
            with self._engine.begin() as db:
                self._ensure_schema(db)
                value = change(db)
                db.execute(select(func.pg_notify(NOTIFY_CHANNEL, "profiles:")))
        except DBAPIError as error:
            if connection_lost(error):
                self.offline, self._next_try = True, time.monotonic() + RETRY_S
                raise self.error(self._not_saved()) from None
            raise self.error(database_problem(error, self.database_url)) from None
        return value

    def reconnect(self) -> bool:
        """Try the server once now; True when it answers."""
        self._next_try = 0.0
        return not self.offline or self._try_online()

    def _try_online(self) -> bool:
        """Try the server again, at most every RETRY_S seconds (a read never waits on it each time)."""
        if time.monotonic() < self._next_try:
            return False
        self._next_try = time.monotonic() + RETRY_S
        try:
            with self._engine.connect() as db:
                db.execute(select(1))
        except DBAPIError:
            return False
        self.offline = False
        return True

    def _not_saved(self) -> str:
        return f"the profile was not saved because the server at {self.location} cannot be reached"


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
