"""The shortlist store as it was before migrations: lists and their items (SQLite user_version 1).

Revision ID: 0001_shortlists
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_shortlists"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shortlist",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("profile", sa.Text),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "item",
        sa.Column("shortlist_id", sa.Integer, sa.ForeignKey("shortlist.id", ondelete="CASCADE"), nullable=False),
        sa.Column("product_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("added", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("brand", sa.Text, nullable=False),
        sa.Column("price", sa.Float),
        sa.Column("currency", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("shortlist_id", "product_id"),
    )
    op.create_index("item_order", "item", ["shortlist_id", "position"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 1")


def downgrade() -> None:
    op.drop_table("item")
    op.drop_table("shortlist")
