"""The shop catalog's tables: made by the store's migrations (0003_shop_catalog).

Until this branch runs on the store's Alembic setup, the same tables are made here with
CREATE TABLE IF NOT EXISTS, in the layout of `catalog_layout`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog_app.io.catalog_layout import PRODUCT_TABLE, VERSION_TABLE, product_columns

if TYPE_CHECKING:
    from adbc_driver_manager.dbapi import Connection


def catalog_tables_sql() -> list[str]:
    columns = ",\n    ".join(
        f"{name} {sql_type}{'' if nullable else ' NOT NULL'}" for name, sql_type, nullable in product_columns()
    )
    return [
        f"""CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    number integer PRIMARY KEY,
    published_by text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    product_count integer NOT NULL,
    source_name text NOT NULL
)""",
        f"""CREATE TABLE IF NOT EXISTS {PRODUCT_TABLE} (
    version integer NOT NULL REFERENCES {VERSION_TABLE} (number) ON DELETE CASCADE,
    position integer NOT NULL,
    {columns},
    PRIMARY KEY (version, position)
)""",
    ]


def prepare_catalog_tables(conn: Connection, url: str) -> None:
    """Make sure the catalog tables exist before a publish (committed on their own)."""
    del url
    with conn.cursor() as cursor:
        for statement in catalog_tables_sql():
            cursor.execute(statement)
    conn.commit()
