"""The store's tables, as SQLAlchemy Core sees them at the newest schema (the migrations build them).

The same tables on SQLite and PostgreSQL. Times are ISO 8601 text with the offset, as the SQLite
store always kept them, so that both backends give the same values back.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Integer, MetaData, Table, Text

metadata = MetaData()

shortlist = Table(
    "shortlist",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("profile", Text),
    Column("created", Text, nullable=False),
    Column("name_key", Text),  # normalise_name(name), kept by the store (0002)
)

item = Table(
    "item",
    metadata,
    Column("shortlist_id", Integer, ForeignKey("shortlist.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("added", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("brand", Text, nullable=False),
    Column("price", Float),
    Column("currency", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # +1 on each note change (0002)
)

profile = Table(
    "profile",
    metadata,
    Column("name", Text, primary_key=True),
    Column("name_key", Text, nullable=False, unique=True),  # casefolded, so "Anna" and "anna" are one
    Column("data", Text, nullable=False),  # FootProfile as JSON
    Column("saved", Text, nullable=False),
)
