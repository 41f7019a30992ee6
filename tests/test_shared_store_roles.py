"""docs/shared-store.md, run as written: its SQL makes a desk that may change lists but not publish,
and a publisher that may do both; a right a role lacks is one sentence, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from catalog_app.io.catalog import bundled_catalog_path
from catalog_app.io.catalog_connection import CatalogDatabaseError
from catalog_app.io.catalog_database import catalog_versions, publish_catalog
from catalog_app.shortlist.store import ShortlistStore

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "shared-store.md"
ROLES = ("insoles_owner", "insoles_desk", "insoles_publisher", "frontdesk", "room2", "headoffice")


def guide_block(label: str) -> str:
    """The ```sql block of the guide that starts with `-- shared-store: <label>`."""
    blocks = re.findall(r"```sql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    return next(block for block in blocks if block.startswith(f"-- shared-store: {label}\n"))


def with_names(sql: str, database: str, suffix: str) -> str:
    """The guide's SQL with this test's database, and role names no other test run uses."""
    for role in ROLES:
        sql = re.sub(rf"\b{role}\b", f"{role}_{suffix}", sql)
    return re.sub(r"\binsoles\b", database, sql)


def run_sql(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in (part.strip() for part in sql.split(";")):
            if statement and not all(line.startswith("--") for line in statement.splitlines()):
                connection.execute(statement)


def as_role(url: str, role: str) -> str:
    return re.sub(r"://[^@/]+@", f"://{role}@", url, count=1)


@pytest.fixture
def roles(postgres_url: str, postgres_server: str) -> dict[str, str]:
    """The guide's steps 1 to 3 on a fresh database: owner, tables, roles, people; role -> URL."""
    database = postgres_url.rsplit("/", 1)[1]
    suffix = uuid.uuid4().hex[:8]
    named = {role: f"{role}_{suffix}" for role in ROLES}
    setup = with_names(guide_block("setup"), database, suffix)
    run_sql(postgres_server, setup.replace(f"CREATE DATABASE {database} OWNER", f"ALTER DATABASE {database} OWNER TO"))
    run_sql(postgres_url, f"ALTER SCHEMA public OWNER TO {named['insoles_owner']}")
    owner = as_role(postgres_url, named["insoles_owner"])
    # Step 2: the owner's first open creates the tables (the guide's command, as the guide gives it).
    created = subprocess.run(
        [sys.executable, "-m", "catalog_app.cli.main", "--database", owner, "shortlist", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    run_sql(postgres_url, with_names(guide_block("roles"), database, suffix))
    run_sql(postgres_server, with_names(guide_block("people"), database, suffix))
    try:
        yield {role: as_role(postgres_url, name) for role, name in named.items()}
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for role in reversed(named.values()):
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_a_desk_changes_lists_and_reads_the_catalog_but_may_not_publish(roles: dict[str, str]) -> None:
    publish_catalog(roles["headoffice"], bundled_catalog_path())
    with ShortlistStore(database_url=roles["frontdesk"]) as store:
        assert not store.read_only, store.message
        store.create("Mrs Okafor")
        store.add("Mrs Okafor", {"id": "p1", "name": "Cloudrest Plus", "brand": "Tidewell", "currency": "EUR"})
        store.set_note("Mrs Okafor", "p1", "try in work boots first")
    with ShortlistStore(database_url=roles["room2"]) as store:
        assert [item.note for item in store.items("Mrs Okafor")] == ["try in work boots first"]
    assert [version.number for version in catalog_versions(roles["frontdesk"])] == [1]

    with pytest.raises(CatalogDatabaseError) as refused:
        publish_catalog(roles["frontdesk"], bundled_catalog_path())
    sentence = str(refused.value)
    assert "publish" in sentence.lower() and "Traceback" not in sentence and "\n" not in sentence


def test_the_publisher_publishes_new_versions(roles: dict[str, str]) -> None:
    first = publish_catalog(roles["headoffice"], bundled_catalog_path())
    second = publish_catalog(roles["headoffice"], bundled_catalog_path())
    assert (first.number, second.number) == (1, 2)
    assert {version.published_by for version in catalog_versions(roles["room2"])} == {
        roles["headoffice"].split("://", 1)[1].split("@", 1)[0]
    }
