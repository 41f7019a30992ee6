"""The shortlist store's statements, written once in SQLAlchemy Core for SQLite and PostgreSQL.

Every function takes the connection of the transaction it runs in. A change first locks its list's
row (`lock_list`: `SELECT ... FOR UPDATE` on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already holds
the one write lock), so two desks changing one list take turns: positions stay a permutation and
no product is added twice. Parameters are always bound, never spliced into the SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, literal, select

from catalog_app.shortlist.item import ShortlistItem
from catalog_app.storage.database import NOTIFY_CHANNEL
from catalog_app.storage.names import normalise_name
from catalog_app.storage.tables import item, shortlist


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def name_match(connection: Connection, name: str) -> ColumnElement[bool]:
    """The list's name matches `name` once both are normalised.

    SQLite computes the key in SQL (`name_key()` is registered on its connection), so a name an
    older version wrote, or a file this version opens read-only before migrating, is still found;
    PostgreSQL uses the stored, indexed `name_key` column.
    """
    key = normalise_name(name)
    if is_postgres(connection):
        return shortlist.c.name_key == key
    return func.name_key(shortlist.c.name) == key


def lock_list(connection: Connection, name: str) -> tuple[int, str] | None:
    """(id, stored name) of the list called `name`, its row locked until the transaction ends."""
    query = (
        select(shortlist.c.id, shortlist.c.name)
        .where(name_match(connection, name))
        .order_by((shortlist.c.name == name).desc(), shortlist.c.id)
        .limit(1)
        .with_for_update()
    )
    row = connection.execute(query).first()
    return None if row is None else (int(row[0]), str(row[1]))


def list_id(connection: Connection, name: str, *, lock: bool = False) -> int | None:
    # The exact spelling first: a store written before names were normalised may hold two that now match.
    query = (
        select(shortlist.c.id)
        .where(name_match(connection, name))
        .order_by((shortlist.c.name == name).desc(), shortlist.c.id)
        .limit(1)
    )
    if lock:
        query = query.with_for_update()
    value = connection.execute(query).scalar()
    return None if value is None else int(value)


def list_names(connection: Connection) -> list[str]:
    rows = connection.execute(select(shortlist.c.name).order_by(shortlist.c.created, shortlist.c.id))
    return [str(row[0]) for row in rows]


def list_field(connection: Connection, name: str, field: str) -> tuple[bool, Any]:
    """(found, value) of one column of the list called `name`."""
    column = shortlist.c[field]
    query = (
        select(column)
        .where(name_match(connection, name))
        .order_by((shortlist.c.name == name).desc(), shortlist.c.id)
        .limit(1)
    )
    row = connection.execute(query).first()
    return (False, None) if row is None else (True, row[0])


def insert_list(connection: Connection, name: str, profile: str | None, created: str) -> int:
    result = connection.execute(
        shortlist.insert().values(name=name, name_key=normalise_name(name), profile=profile, created=created)
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def rename_list(connection: Connection, list_id_: int, new: str) -> None:
    connection.execute(
        shortlist.update().where(shortlist.c.id == list_id_).values(name=new, name_key=normalise_name(new))
    )


def delete_list(connection: Connection, list_id_: int) -> None:
    connection.execute(item.delete().where(item.c.shortlist_id == list_id_))
    connection.execute(shortlist.delete().where(shortlist.c.id == list_id_))


def set_list_profile(connection: Connection, list_id_: int, profile: str | None) -> None:
    connection.execute(shortlist.update().where(shortlist.c.id == list_id_).values(profile=profile))


# ---- items ---------------------------------------------------------------------------------------


def _item_columns(versioned: bool) -> list[ColumnElement[Any]]:
    version = item.c.version if versioned else literal(1).label("version")
    return [
        item.c.product_id,
        item.c.name,
        item.c.brand,
        item.c.price,
        item.c.currency,
        item.c.note,
        item.c.added,
        version,
    ]


def _item_of(row: Sequence[Any], position: int) -> ShortlistItem:
    return ShortlistItem(
        product_id=str(row[0]),
        name=str(row[1]),
        brand=str(row[2]),
        price=None if row[3] is None else float(row[3]),
        currency=str(row[4]),
        note=str(row[5]),
        added=str(row[6]),
        position=position,
        version=int(row[7]),
    )


def read_items(connection: Connection, list_id_: int, *, versioned: bool = True) -> list[ShortlistItem]:
    """The list's items in order; `versioned=False` for a store from before item versions (read-only)."""
    rows = connection.execute(
        select(*_item_columns(versioned)).where(item.c.shortlist_id == list_id_).order_by(item.c.position, item.c.added)
    ).all()
    return [_item_of(row, index) for index, row in enumerate(rows)]


def item_exists(connection: Connection, list_id_: int, product_id: str) -> bool:
    query = select(literal(1)).where(item.c.shortlist_id == list_id_, item.c.product_id == product_id)
    return connection.execute(query).first() is not None


def count_and_has(connection: Connection, list_id_: int, product_id: str) -> tuple[int, bool]:
    """How many items the list has, and whether `product_id` is one of them (one query)."""
    has = func.coalesce(func.max(case((item.c.product_id == product_id, 1), else_=0)), 0)
    row = connection.execute(select(func.count(), has).where(item.c.shortlist_id == list_id_)).one()
    return int(row[0]), bool(row[1])


def ordered_ids(connection: Connection, list_id_: int) -> list[str]:
    rows = connection.execute(
        select(item.c.product_id).where(item.c.shortlist_id == list_id_).order_by(item.c.position, item.c.added)
    )
    return [str(row[0]) for row in rows]


def renumber(connection: Connection, list_id_: int, old: Sequence[str], new: Sequence[str]) -> None:
    """Give each item in `new` its index as position; only rows whose place changed are written."""
    before = {product_id: position for position, product_id in enumerate(old)}
    changed = [
        {"list_id": list_id_, "moved_id": product_id, "new_position": position}
        for position, product_id in enumerate(new)
        if before.get(product_id) != position
    ]
    if not changed:
        return
    from sqlalchemy import bindparam

    statement = (
        item.update()
        .where(item.c.shortlist_id == bindparam("list_id"), item.c.product_id == bindparam("moved_id"))
        .values(position=bindparam("new_position"))
    )
    connection.execute(statement, changed)


def contiguous_count(connection: Connection, list_id_: int) -> int | None:
    """How many items the list holds when their positions are exactly 0..n-1 (as every change
    keeps them); None otherwise (a store from before that was kept), for a full renumber."""
    row = connection.execute(
        select(
            func.count(), func.min(item.c.position), func.max(item.c.position), func.count(item.c.position.distinct())
        ).where(item.c.shortlist_id == list_id_)
    ).one()
    count, lowest, highest, distinct = int(row[0]), row[1], row[2], int(row[3])
    if count == 0 or (lowest == 0 and highest == count - 1 and distinct == count):
        return count
    return None


def shift_positions(connection: Connection, list_id_: int, start: int, stop: int, by: int) -> None:
    """Move every item at a position in [start, stop) by `by` places, in one statement: a removal,
    a move or an undo writes the rows between the two places, not the whole list."""
    if start >= stop:
        return
    connection.execute(
        item.update()
        .where(item.c.shortlist_id == list_id_, item.c.position >= start, item.c.position < stop)
        .values(position=item.c.position + by)
    )


def set_position(connection: Connection, list_id_: int, product_id: str, position: int) -> None:
    connection.execute(
        item.update().where(item.c.shortlist_id == list_id_, item.c.product_id == product_id).values(position=position)
    )


def insert_items(connection: Connection, list_id_: int, items: Sequence[ShortlistItem]) -> None:
    if not items:
        return
    connection.execute(
        item.insert(),
        [
            {
                "shortlist_id": list_id_,
                "product_id": each.product_id,
                "position": each.position,
                "note": each.note,
                "added": each.added or now(),
                "name": each.name,
                "brand": each.brand,
                "price": each.price,
                "currency": each.currency,
                "version": max(1, each.version),
            }
            for each in items
        ],
    )


def delete_item(connection: Connection, list_id_: int, product_id: str) -> None:
    connection.execute(item.delete().where(item.c.shortlist_id == list_id_, item.c.product_id == product_id))


def read_item(connection: Connection, list_id_: int, product_id: str) -> ShortlistItem | None:
    row = connection.execute(
        select(*_item_columns(True), item.c.position).where(
            item.c.shortlist_id == list_id_, item.c.product_id == product_id
        )
    ).first()
    return None if row is None else _item_of(row, int(row[8]))


def write_note(connection: Connection, list_id_: int, product_id: str, note: str) -> None:
    connection.execute(
        item.update()
        .where(item.c.shortlist_id == list_id_, item.c.product_id == product_id)
        .values(note=note, version=item.c.version + 1)
    )


def notify(connection: Connection, kind: str, detail: str) -> None:
    """Tell listening desks what changed, when this transaction commits (PostgreSQL only)."""
    if is_postgres(connection):
        connection.execute(select(func.pg_notify(NOTIFY_CHANNEL, f"{kind}:{detail}")))
