"""Schema migrations (Alembic) for the store, run on open on SQLite and PostgreSQL alike.

`migrate_to_head(connection)` is fast when the store is already at the newest revision: it reads
the revision with one query and imports Alembic only when there is something to do. The newest
revision is the last file name in `versions/` (each file is named after its revision id, and each
revision follows the one before: `0001_shortlists`, `0002_desks`, `0003_shop_catalog`, ...).
An SQLite store from before migrations (user_version 1, no alembic_version table) is stamped
`0001_shortlists` first, then upgraded.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import Connection, text

FOLDER = Path(__file__).parent
VERSIONS = FOLDER / "versions"
FIRST_REVISION = "0001_shortlists"
# Any fixed 64-bit number: desks that open a new server at once migrate one after another.
MIGRATION_LOCK = 0x1501E_CA7A


@functools.cache
def revisions() -> tuple[str, ...]:
    """Every revision this version knows, oldest first."""
    return tuple(sorted(path.stem for path in VERSIONS.glob("[0-9]*.py")))


def head_revision() -> str:
    return revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    """The store's revision; None when it has none yet (new, or from before migrations)."""
    if connection.dialect.name == "postgresql":
        exists = connection.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
    else:
        exists = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).scalar()
    if not exists:
        return None
    value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def is_behind(connection: Connection) -> bool:
    """Whether the store needs migrating: behind the head, never a revision this version does not know."""
    current = current_revision(connection)
    if current is None:
        return True
    return current in revisions() and current != head_revision()


def migrate_to_head(connection: Connection) -> bool:
    """Bring the store to the newest schema inside the caller's transaction; True when anything ran.

    A store at a revision this version does not know is left alone (a newer Insole Catalog wrote it;
    on SQLite its user_version decides whether this version may change it).
    """
    if not is_behind(connection):
        return False
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        if not is_behind(connection):  # another desk migrated while this one waited
            return False
    _upgrade(connection)
    return True


def _upgrade(connection: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = connection
    if current_revision(connection) is None and _has_v1_tables(connection):
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")


def _has_v1_tables(connection: Connection) -> bool:
    if connection.dialect.name == "postgresql":
        return bool(connection.execute(text("SELECT to_regclass('shortlist') IS NOT NULL")).scalar())
    return bool(
        connection.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shortlist'")).scalar()
    )
