"""Where the store lives: the default SQLite file in the data folder, or a PostgreSQL server.

A database URL comes from `--database URL`, else `INSOLE_CATALOG_DATABASE`, else nothing (the
SQLite file). `postgresql://desk@dbhost/insoles` is a shared server; a plain path or
`sqlite:///path` is an SQLite file. Passwords are never kept by the app: libpq's own means
(`~/.pgpass`, `PGPASSFILE`, a service in `pg_service.conf`) supply them, and `display_url` never
shows one. `database_problem` turns a driver's error into one sentence for people.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DATABASE_ENV = "INSOLE_CATALOG_DATABASE"
SQLITE_STORE_NAME = "shortlists.sqlite3"
CONNECT_TIMEOUT_S = 3
NOTIFY_CHANNEL = "insole_catalog"
_POSTGRES_SCHEMES = ("postgresql", "postgres")

ROLE_LACKS_RIGHT = "Your database role may read but not change shortlists; ask whoever runs the database to grant it."


def resolve_database_url(explicit: str | None = None) -> str | None:
    """The database to use: `explicit` (from --database) first, then the environment; None for the SQLite file."""
    for candidate in (explicit, os.environ.get(DATABASE_ENV)):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    return None


def is_postgres(url: str | None) -> bool:
    if not url:
        return False
    scheme = url.split(":", 1)[0].lower() if "://" in url else ""
    return scheme.split("+", 1)[0] in _POSTGRES_SCHEMES


def sqlalchemy_url(url: str) -> str:
    """The URL as SQLAlchemy wants it: psycopg 3 for PostgreSQL, `sqlite:///` for a file."""
    if is_postgres(url):
        scheme, rest = url.split("://", 1)
        return f"postgresql+psycopg://{rest}" if "+" not in scheme else url
    path = sqlite_path(url)
    return f"sqlite:///{path}" if path is not None else "sqlite://"


def sqlite_path(url: str | None) -> Path | None:
    """The SQLite file a URL or plain path names (None: not an SQLite file, or the default file)."""
    if not url or is_postgres(url):
        return None
    if url.lower().startswith("sqlite:"):
        rest = url.split(":", 1)[1]
        if rest.startswith("///"):
            return Path(urllib.parse.unquote(rest[3:]))
        return None
    return Path(url).expanduser()


def libpq_url(url: str) -> str:
    """The URL as libpq (psycopg, LISTEN) wants it: no `+driver` in the scheme."""
    if "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def display_url(url: str | None) -> str:
    """Where the store is, for people: the file, or the server and database; never a password."""
    if url is None:
        from catalog_app.storage.user_data import user_data_dir

        return str(user_data_dir(create=False) / SQLITE_STORE_NAME)
    if not is_postgres(url):
        path = sqlite_path(url)
        return str(path) if path is not None else url
    parts = urllib.parse.urlsplit(libpq_url(url))
    user = urllib.parse.unquote(parts.username) + "@" if parts.username else ""
    host_and_port = parts.netloc.rsplit("@", 1)[-1]  # as typed, without the user and password
    query = [
        (key, value)
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in {"password", "passfile", "sslpassword"}
    ]
    shown = f"postgresql://{user}{host_and_port}{parts.path}"
    return shown + (f"?{urllib.parse.urlencode(query)}" if query else "")


def database_problem(error: BaseException, url: str | None = None) -> str:
    """One sentence for a database error a person can act on (no traceback, no password)."""
    original = getattr(error, "orig", None) or error
    state = str(getattr(original, "sqlstate", "") or "")
    text = str(original).lower()
    where = f" at {display_url(url)}" if url else ""
    if state == "42501" or "permission denied" in text:
        return ROLE_LACKS_RIGHT
    if state in {"28P01", "28000"} or "password" in text or "authentication" in text:
        return (
            f"The database server{where} refused the login; give the password through ~/.pgpass, the file "
            "PGPASSFILE names, or a service in pg_service.conf, not in the address."
        )
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return f"The database{where} does not exist; ask whoever runs the server to create it."
    if state.startswith(("08", "57P")) or not state:
        return f"The database server{where} cannot be reached; check the address and that the server is running."
    first_line = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    return f"The database{where} could not be used ({first_line})."


def connection_lost(error: BaseException) -> bool:
    """Whether an error means the server cannot be reached (rather than a refused or wrong statement)."""
    if getattr(error, "connection_invalidated", False):
        return True
    original = getattr(error, "orig", None) or error
    state = str(getattr(original, "sqlstate", "") or "")
    if state:
        return state.startswith(("08", "57P"))
    import psycopg

    return isinstance(original, psycopg.OperationalError | psycopg.InterfaceError)


def make_engine(url: str, **options: Any) -> Engine:
    """A SQLAlchemy 2 engine: connections checked before use, and a short connect timeout."""
    from sqlalchemy import create_engine

    if is_postgres(url):
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "insole-catalog"}
        settings: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 2, "max_overflow": 4}
        return create_engine(sqlalchemy_url(url), connect_args=connect_args, **settings, **options)
    return create_engine(sqlalchemy_url(url), pool_pre_ping=True, **options)
