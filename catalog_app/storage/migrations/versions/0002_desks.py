"""Several desks: a version per item (optimistic note edits), a stored name key, saved profiles.

Revision ID: 0002_desks
Revises: 0001_shortlists

SQLite's user_version goes to 2, so that an older Insole Catalog opens the file read-only. On
SQLite the name key is not unique: a store written before names were normalised may hold two
names that now match (the store then finds the exact spelling first). On PostgreSQL it is
unique, so two desks creating the same list at once cannot both succeed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from catalog_app.storage.names import normalise_name

revision = "0002_desks"
down_revision: str | None = "0001_shortlists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column("item", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("shortlist", sa.Column("name_key", sa.Text))
    shortlist = sa.table("shortlist", sa.column("id", sa.Integer), sa.column("name", sa.Text), sa.column("name_key"))
    for list_id, name in bind.execute(sa.select(shortlist.c.id, shortlist.c.name)).all():
        bind.execute(shortlist.update().where(shortlist.c.id == list_id).values(name_key=normalise_name(name)))
    op.create_index("shortlist_by_name_key", "shortlist", ["name_key"], unique=not sqlite)
    op.create_table(
        "profile",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("name_key", sa.Text, nullable=False, unique=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("saved", sa.Text, nullable=False),
    )
    if sqlite:
        op.execute("PRAGMA user_version = 2")


def downgrade() -> None:
    op.drop_table("profile")
    op.drop_index("shortlist_by_name_key", "shortlist")
    op.drop_column("shortlist", "name_key")
    op.drop_column("item", "version")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 1")
