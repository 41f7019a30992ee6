"""The shop's catalog: numbered versions, one row per product in typed columns.

Revision ID: 0003_shop_catalog
Revises: 0002_desks

Only on PostgreSQL: the shop catalog is published to a shared server (an SQLite store refuses
to take one), so an SQLite store is left as it is. The product columns follow
`catalog_app.io.catalog_layout`: a choice is kept as its word and a multi-value cell as its words
joined by ';', so a stored catalog keeps its meaning when the vocabulary grows; a number the
catalog does not state is NULL. Rows of a version are read in `position` order (the primary key).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003_shop_catalog"
down_revision: str | None = "0002_desks"
branch_labels = None
depends_on = None

# The catalog's columns when this revision was written (catalog_app.model.schema.COLUMNS): a later
# column comes with a later revision, never by changing this one.
PRODUCT_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("id", "text", False),
    ("name", "text", False),
    ("brand", "text", False),
    ("category", "text", False),
    ("price", "number", True),
    ("currency", "text", False),
    ("lifespan_months", "number", True),
    ("arch_support", "text", False),
    ("cushioning", "text", False),
    ("length", "text", False),
    ("shoe_types", "text", False),
    ("rigidity", "text", False),
    ("volume", "text", False),
    ("heel_cup", "text", False),
    ("thickness_mm", "number", True),
    ("weight_g", "number", True),
    ("metatarsal_pad", "flag", False),
    ("trim_to_fit", "flag", False),
    ("transferable", "flag", False),
    ("washable", "flag", False),
    ("suited_arches", "text", False),
    ("suited_pronation", "text", False),
    ("concerns", "text", False),
    ("activities", "text", False),
    ("sizes", "text", False),
    ("lifespan_months_max", "number", True),
    ("break_in_days", "number", True),
    ("warranty_months", "number", True),
    ("assessment_fee", "number", True),
    ("care", "text", False),
    ("description", "text", False),
    ("url", "text", False),
)
_TYPES = {"text": sa.Text, "number": postgresql.DOUBLE_PRECISION, "flag": sa.Boolean}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "catalog_version",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("published_by", sa.Text, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("product_count", sa.Integer, nullable=False),
        sa.Column("source_name", sa.Text, nullable=False),
    )
    op.create_table(
        "catalog_product",
        sa.Column("version", sa.Integer, sa.ForeignKey("catalog_version.number", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        *(sa.Column(name, _TYPES[kind](), nullable=nullable) for name, kind, nullable in PRODUCT_COLUMNS),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table("catalog_product")
    op.drop_table("catalog_version")
