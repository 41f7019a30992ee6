"""Opening the stores where lists and profiles are kept, and testing a connection, for the window and the dialog.

Each function here may block (a server that does not answer holds a connection up to its connect
timeout), so the window and the dialog call them through `BackgroundCall`, never from a slot
directly. Failures come back as one sentence from the core's `database_problem`, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalog_app.storage.database import database_problem, display_url, is_postgres, make_engine
from catalog_app.storage.error_log import log_exception
from catalog_app.storage.profile_store import ProfileStore, ProfileStoreError

if TYPE_CHECKING:  # the store module imports SQLAlchemy: the window imports it only when it opens the store
    from catalog_app.shortlist.store import ShortlistStore

STORE_OPEN_WAIT_MS = 1000  # a local store locked for longer than this opens read-only and is retried


@dataclass(frozen=True)
class OpenedStores:
    """The shortlist and profile stores on one database (url None: this computer's files)."""

    url: str | None
    shortlists: ShortlistStore
    profiles: ProfileStore

    def close(self) -> None:
        self.shortlists.close()
        self.profiles.close()


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    sentence: str


def open_stores(url: str | None) -> OpenedStores:
    """Both stores on `url`, or this computer's when None; raises with the cause when they cannot be opened."""
    from catalog_app.shortlist.store import ShortlistStore

    if not url:
        return OpenedStores(None, ShortlistStore(open_wait_ms=STORE_OPEN_WAIT_MS), ProfileStore())
    shortlists = ShortlistStore(database_url=url)
    try:
        profiles = ProfileStore(database_url=url)
    except BaseException:
        shortlists.close()
        raise
    return OpenedStores(url, shortlists, profiles)


def try_open_stores(url: str | None, *, online: bool = False) -> OpenedStores | str:
    """`open_stores`, or the one sentence that says why it could not (for a background call).

    With `online`, a shared store whose server cannot be reached now is refused too (a desk that
    chooses a store should hear at once that it is not there); at start it opens offline instead.
    """
    from catalog_app.shortlist.store import ShortlistError

    if online and url and is_postgres(url):
        probe = probe_store(url)
        if not probe.ok:
            return probe.sentence
    try:
        stores = open_stores(url)
    except (ShortlistError, ProfileStoreError) as error:
        return str(error)
    except Exception as error:  # a driver or server error: the core says it in one sentence, and it is logged
        log_exception(error)
        return database_problem(error, url)
    if online and stores.shortlists.offline:
        sentence = stores.shortlists.message or database_problem(ConnectionError(), url)
        stores.close()
        return sentence
    return stores


def probe_store(url: str) -> ProbeResult:
    """Connect once (short timeout) and ask the server one trivial question; never changes anything."""
    from sqlalchemy import text  # here: only the dialog's test needs SQLAlchemy at once

    try:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as error:  # any failure is one sentence for the dialog
        return ProbeResult(False, database_problem(error, url))
    return ProbeResult(True, f"Connected to {display_url(url)}.")


def is_shared(url: str | None) -> bool:
    return bool(url) and is_postgres(url)


def first_stores(given: ShortlistStore | None, url: str | None) -> tuple[OpenedStores, str]:
    """The stores a new window starts with, and a sentence when the chosen shared store could not be opened.

    `given` (a test's store) is used as it is. A shared store that cannot be opened at start does
    not stop the app: lists are kept on this computer meanwhile, and the sentence says why.
    """
    if given is not None:
        given_url = given.database_url if given.shared else None
        return OpenedStores(given_url, given, ProfileStore(database_url=given_url)), ""
    opened = try_open_stores(url)
    if isinstance(opened, OpenedStores):
        return opened, ""
    return open_stores(None), f"{opened} Lists are kept on this computer until the shared store can be opened."
