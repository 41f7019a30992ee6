"""The shortlist store on a shared PostgreSQL server: several desks at once lose nothing, every
change is announced to listening desks, a role that may only read is told so in one sentence, and
the server's address is never shown with a password."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from catalog_app.shortlist.store import ShortlistError, ShortlistOfflineError, ShortlistStore
from catalog_app.storage.database import (
    DATABASE_ENV,
    ROLE_LACKS_RIGHT,
    database_problem,
    display_url,
    is_postgres,
    resolve_database_url,
    sqlalchemy_url,
)


def product(product_id: str) -> dict[str, object]:
    return {"id": product_id, "name": f"Insole {product_id}", "brand": "Desk", "price": 10.0, "currency": "EUR"}


@pytest.fixture
def shared(postgres_url: str) -> Iterator[ShortlistStore]:
    store = ShortlistStore(database_url=postgres_url)
    yield store
    store.close()


# ---- URLs and sentences --------------------------------------------------------------------------


def test_the_database_comes_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    assert resolve_database_url(None) is None
    monkeypatch.setenv(DATABASE_ENV, "postgresql://desk@dbhost/insoles")
    assert resolve_database_url(None) == "postgresql://desk@dbhost/insoles"
    assert resolve_database_url("postgresql://other@host/db") == "postgresql://other@host/db"
    assert is_postgres("postgresql://desk@dbhost/insoles") and is_postgres("postgres://h/db")
    assert not is_postgres("/home/me/lists.sqlite3") and not is_postgres("sqlite:///x.sqlite3")
    assert sqlalchemy_url("postgresql://desk@dbhost/insoles") == "postgresql+psycopg://desk@dbhost/insoles"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://desk:s3cret-pw@dbhost:5433/insoles?sslmode=require",
        "postgresql://desk@dbhost/insoles?password=s3cret-pw&sslmode=require",
        "postgresql+psycopg://desk:s3cret-pw@dbhost/insoles",
    ],
)
def test_the_address_is_shown_without_the_password(url: str) -> None:
    shown = display_url(url)
    assert "s3cret-pw" not in shown and "password" not in shown
    assert shown.startswith("postgresql://desk@dbhost") and "/insoles" in shown


def test_a_server_that_is_not_there_is_one_sentence() -> None:
    store = ShortlistStore(database_url="postgresql://desk:s3cret-pw@127.0.0.1:9/insoles")
    try:
        assert store.offline and store.read_only and store.shared
        assert store.message is not None and "cannot be reached" in store.message
        assert "s3cret-pw" not in store.message and "s3cret-pw" not in store.location
        assert store.message == (
            "The shortlist server at postgresql://desk@127.0.0.1:9/insoles cannot be reached, "
            "so shortlists are read-only for now."
        )
        with pytest.raises(ShortlistOfflineError) as refused:
            store.create("Client A")
        assert str(refused.value) == (
            "The change was not saved because the shortlist server at postgresql://desk@127.0.0.1:9/insoles "
            "cannot be reached."
        )
    finally:
        store.close()


def test_a_missing_database_is_one_sentence(postgres_url: str) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(psycopg.OperationalError) as error:
        psycopg.connect(missing)
    assert database_problem(error.value, missing) == (
        f"The database at {display_url(missing)} does not exist; ask whoever runs the server to create it."
    )


# ---- rights ----------------------------------------------------------------------------------------


@pytest.fixture
def reader_url(postgres_url: str, shared: ShortlistStore) -> Iterator[str]:
    """A login role that may read the store's tables but change nothing."""
    role = f"reader_{uuid.uuid4().hex[:8]}"
    database = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
        admin.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
    try:
        yield postgres_url.replace("://postgres@", f"://{role}@")
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'")
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')


def test_a_role_that_may_only_read_sees_the_lists_and_is_told_in_one_sentence(
    shared: ShortlistStore, reader_url: str
) -> None:
    shared.create("Client A")
    shared.add("Client A", product("p1"), note="keep me")
    reader = ShortlistStore(database_url=reader_url)
    try:
        assert reader.read_only and not reader.offline
        assert reader.message == ROLE_LACKS_RIGHT
        assert [item.note for item in reader.items("Client A")] == ["keep me"]
        with pytest.raises(ShortlistError) as refused:
            reader.add("Client A", product("p2"))
        assert str(refused.value) == ROLE_LACKS_RIGHT
        reader.read_only = False  # even past the check on open, the server's refusal is the same sentence
        with pytest.raises(ShortlistError) as refused_by_server:
            reader.set_note("Client A", "p1", "changed")
        assert str(refused_by_server.value) == ROLE_LACKS_RIGHT
    finally:
        reader.close()
    assert [item.note for item in shared.items("Client A")] == ["keep me"]


# ---- notifications -----------------------------------------------------------------------------------


def test_every_change_is_announced_to_listening_desks(shared: ShortlistStore, postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as listener:
        listener.execute("LISTEN insole_catalog")
        shared.create("Client A")
        shared.add("Client A", product("p1"))
        shared.set_note("Client A", "p1", "a note")
        shared.rename("Client A", "Client B")
        payloads = []
        for notice in listener.notifies(timeout=2):
            payloads.append(notice.payload)
            if len(payloads) == 5:
                break
    assert payloads == ["shortlist:Client A"] * 3 + ["shortlist:Client A", "shortlist:Client B"]


def test_a_failed_change_announces_nothing(shared: ShortlistStore, postgres_url: str) -> None:
    shared.create("Client A")
    with psycopg.connect(postgres_url, autocommit=True) as listener:
        listener.execute("LISTEN insole_catalog")
        with pytest.raises(ShortlistError):
            shared.create("Client A")
        assert list(listener.notifies(timeout=0.3)) == []


# ---- several desks at once ---------------------------------------------------------------------------


def test_desks_changing_one_list_at_once_lose_nothing(postgres_url: str) -> None:
    """Six desks add, move and remove on one list at once: every acknowledged change is there,
    positions stay a permutation, no product twice."""
    ShortlistStore(database_url=postgres_url).close()
    with ShortlistStore(database_url=postgres_url) as setup:
        setup.create("Shared")
    desks, operations = 6, 40
    present: list[set[str]] = [set() for _ in range(desks)]
    errors: list[BaseException] = []
    start = threading.Barrier(desks)

    def desk(number: int) -> None:
        rng = random.Random(number)
        try:
            with ShortlistStore(database_url=postgres_url) as store:
                start.wait(timeout=30)
                for step in range(operations):
                    choice = rng.random()
                    mine = sorted(present[number])
                    if choice < 0.55 or not mine:
                        product_id = f"d{number}-{step}"
                        store.add("Shared", product(product_id))
                        present[number].add(product_id)
                    elif choice < 0.8:
                        store.move("Shared", rng.choice(mine), rng.randint(0, 30))
                    else:
                        removed = rng.choice(mine)
                        store.remove("Shared", removed)
                        present[number].discard(removed)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=desk, args=(number,)) for number in range(desks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with ShortlistStore(database_url=postgres_url) as store:
        items = store.items("Shared")
    ids = [item.product_id for item in items]
    assert len(ids) == len(set(ids))
    assert set(ids) == set().union(*present)
    with psycopg.connect(postgres_url) as check:
        positions = [row[0] for row in check.execute("SELECT position FROM item ORDER BY position")]
    assert positions == list(range(len(ids)))


def test_two_desks_creating_the_same_list_at_once_make_one(postgres_url: str) -> None:
    ShortlistStore(database_url=postgres_url).close()
    results: list[str] = []
    start = threading.Barrier(4)

    def desk() -> None:
        with ShortlistStore(database_url=postgres_url) as store:
            start.wait(timeout=30)
            try:
                store.create(" Client  A ")
                results.append("made")
            except ShortlistError as error:
                results.append(str(error))

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["There is already a shortlist called 'Client A'."] * 3 + ["made"]
    with ShortlistStore(database_url=postgres_url) as store:
        assert store.list_names() == ["Client A"]


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (
            psycopg.OperationalError('connection failed: FATAL:  password authentication failed for user "desk"'),
            "The database server at postgresql://desk@dbhost/insoles refused the login; give the password through "
            "~/.pgpass, the file PGPASSFILE names, or a service in pg_service.conf, not in the address.",
        ),
        (
            psycopg.OperationalError("connection failed: fe_sendauth: no password supplied"),
            "The database server at postgresql://desk@dbhost/insoles refused the login; give the password through "
            "~/.pgpass, the file PGPASSFILE names, or a service in pg_service.conf, not in the address.",
        ),
        (
            psycopg.OperationalError('connection failed: could not translate host name "dbhost" to address'),
            "The database server at postgresql://desk@dbhost/insoles cannot be reached; check the address and "
            "that the server is running.",
        ),
    ],
)
def test_connection_problems_are_one_sentence_a_person_can_act_on(error: Exception, sentence: str) -> None:
    assert database_problem(error, "postgresql://desk:pw@dbhost/insoles") == sentence


def test_an_address_that_cannot_be_understood_is_one_sentence_without_the_password() -> None:
    store = ShortlistStore(database_url="postgresql://desk:s3cret-pw@dbhost:notaport/insoles")
    try:
        assert store.read_only and not store.available
        assert store.message == (
            "The database address postgresql://desk@dbhost:notaport/insoles could not be understood; "
            "write it as postgresql://user@host:port/database."
        )
        with pytest.raises(ShortlistError, match="could not be understood"):
            store.list_names()
    finally:
        store.close()


@pytest.mark.parametrize(
    "typed", ["  Client   A ", "Client\tA", "Ｃｌｉｅｎｔ Ａ", "Client\u00a0A", "\u200bClient A\u200b", "Client\u3000A"]
)
def test_every_spelling_of_a_name_finds_the_same_list_on_the_server(shared: ShortlistStore, typed: str) -> None:
    assert shared.create("Client A") == "Client A"
    assert shared.exists(typed)
    with pytest.raises(ShortlistError, match="There is already a shortlist called 'Client A'"):
        shared.create(typed)
    shared.add(typed, product("x"))
    assert [item.product_id for item in shared.items(typed)] == ["x"]
    assert shared.created(typed) and shared.profile(typed) is None
    assert shared.rename(typed, " Client  B ") == "Client B"
    assert shared.list_names() == ["Client B"] and shared.exists("Client\u00a0B") and not shared.exists(typed)
