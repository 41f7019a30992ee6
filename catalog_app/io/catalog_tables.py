"""The shop catalog's tables come from the store's migrations (revision 0003_shop_catalog).

Every desk that opens the shared store brings it to the newest revision; publishing does too, so
the first catalog can be published to a new, empty database.
"""

from __future__ import annotations

from catalog_app.storage.database import make_engine
from catalog_app.storage.migrations import migrate_to_head


def prepare_catalog_tables(url: str) -> None:
    """Bring the store at `url` to the newest schema (one quick query when it is already there)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            migrate_to_head(connection)
    finally:
        engine.dispose()
