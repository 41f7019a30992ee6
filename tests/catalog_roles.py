"""A database role that may read every table and change none: a desk that may not publish."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg


@contextmanager
def read_only_role(superuser_url: str) -> Iterator[str]:
    """The database at `superuser_url` as a new role with only pg_read_all_data; dropped after."""
    role = f"desk_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(superuser_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'GRANT pg_read_all_data TO "{role}"')
    parts = urlsplit(superuser_url)
    try:
        yield urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port}"))
    finally:
        with psycopg.connect(superuser_url, autocommit=True) as admin:
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')
