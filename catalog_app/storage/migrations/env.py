"""Alembic's entry: migrations run on the connection the store hands over (`migrate_to_head`).

Run from a shell too: `alembic -x url=postgresql://... upgrade head` with
`script_location = catalog_app.storage:migrations`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from catalog_app.storage.database import make_engine

    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database with: alembic -x url=URL upgrade head")
    engine = make_engine(url)
    with engine.begin() as opened:
        _run(opened)
    engine.dispose()


if getattr(context, "config", None) is not None:  # run by Alembic (not merely imported)
    _main()
