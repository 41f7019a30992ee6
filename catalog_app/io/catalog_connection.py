"""The Arrow connection to the shared store for the shop catalog, and its problems in one sentence.

The catalog travels as Arrow through the ADBC PostgreSQL driver (binary COPY both ways). The
driver takes a libpq URL: the app's `postgresql+psycopg://` spelling is turned back into it, and
a short connect timeout is added, so an unreachable server is said within seconds. Passwords are
libpq's business (~/.pgpass, PGPASSFILE, a service file); nothing here stores or prints one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from catalog_app.io.read_errors import CatalogReadError
from catalog_app.storage.database import CONNECT_TIMEOUT_S, display_url, is_postgres, libpq_url

if TYPE_CHECKING:
    from adbc_driver_manager.dbapi import Connection

NEEDS_POSTGRES = (
    "The shop catalog needs a shared PostgreSQL store; give --database postgresql://... or set INSOLE_CATALOG_DATABASE."
)


class CatalogDatabaseError(CatalogReadError):
    """The shop catalog could not be published or read from the database; the message is one
    sentence for the user. A kind of `CatalogReadError`, so whatever reports a catalog that cannot
    be read reports this too."""


class NoPublishedCatalogError(CatalogDatabaseError):
    """The store is reachable but holds no published catalog (or not the version asked for)."""


def adbc_url(url: str) -> str:
    """The URL as libpq takes it: `postgresql://`, with a connect timeout unless one is given."""
    if not is_postgres(url):
        raise CatalogDatabaseError(NEEDS_POSTGRES)
    parts = urlsplit(libpq_url(url))
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    return urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(query), parts.fragment))


def connect(url: str) -> Connection:
    """An ADBC connection in a transaction of its own (autocommit off)."""
    import adbc_driver_postgresql.dbapi as dbapi
    from adbc_driver_manager import Error as DriverError

    target = adbc_url(url)
    try:
        connection: Connection = dbapi.connect(target)
    except DriverError as error:
        raise CatalogDatabaseError(problem_sentence(error, url)) from None
    return connection


# What the server or libpq said, and the sentence a user can act on.
_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"connection refused|could not translate host|timeout expired|no route|network is unreachable", re.I
        ),
        "The shared store at {where} cannot be reached; check the address and that the server is running.",
    ),
    (
        re.compile(r"password authentication failed|no password supplied|authentication failed|pg_hba", re.I),
        "The shared store at {where} refused the login; give the password in ~/.pgpass, PGPASSFILE or a "
        "service file (the app never stores it).",
    ),
    (re.compile(r'role ".*" does not exist', re.I), "The shared store at {where} does not know this database role."),
    (re.compile(r'database ".*" does not exist', re.I), "The database {where} does not exist."),
    (
        re.compile(r"permission denied|must be owner|42501", re.I),
        "Your database role may not {action} at {where}; ask whoever runs the database to grant it.",
    ),
    (
        re.compile(r"server closed the connection|terminating connection|connection.*lost|57P0", re.I),
        "The connection to the shared store at {where} was lost; try again when the server is back.",
    ),
)


def problem_sentence(error: BaseException, url: str, action: str = "do this") -> str:
    """One sentence for a database error met while publishing or reading the shop catalog."""
    text = f"{error} {getattr(error, 'sqlstate', '') or ''}"
    for pattern, sentence in _PROBLEMS:
        if pattern.search(text):
            return sentence.format(where=display_url(url), action=action)
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"The shared store at {display_url(url)} reported a problem: {first_line}"


__all__ = [
    "NEEDS_POSTGRES",
    "CatalogDatabaseError",
    "NoPublishedCatalogError",
    "adbc_url",
    "connect",
    "problem_sentence",
]
