"""Random sequences of shortlist edits and restarts agree with a plain Python model of the lists."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from catalog_app.io.catalog import load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.shortlist.store import ShortlistError, ShortlistStore

CATALOG = load_bundled_catalog()
PRODUCTS = [product_record(CATALOG.frame, position) for position in range(6)]
PRODUCT_IDS = [str(product["id"]) for product in PRODUCTS]
# A few names, so that duplicates and unknown names come up often.
NAMES = st.sampled_from(["Client A", "Client B", "Running club", "Ünïcode ✓"])
PRODUCT_INDEXES = st.integers(min_value=0, max_value=len(PRODUCTS) - 1)
NOTES = st.text(max_size=30)


class ShortlistMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="shortlist-machine-"))
        self.store = self.open_store()
        # The model: list name -> [(product id, note)] in order; list names in creation order.
        self.model: dict[str, list[tuple[str, str]]] = {}

    def open_store(self) -> ShortlistStore:
        return ShortlistStore(self.folder / "shortlists.sqlite3")

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _expect_error(self, action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except ShortlistError as error:
            message = str(error)
            assert message and message[0].isupper() and message.endswith("."), message
        else:
            raise AssertionError("the store accepted a change the model says is impossible")

    @rule(name=NAMES)
    def create(self, name: str) -> None:
        if name in self.model:
            self._expect_error(lambda: self.store.create(name))
        else:
            assert self.store.create(name) == name
            self.model[name] = []

    @rule(old=NAMES, new=NAMES)
    def rename(self, old: str, new: str) -> None:
        if old not in self.model or (new in self.model and new != old):
            self._expect_error(lambda: self.store.rename(old, new))
            return
        self.store.rename(old, new)
        # A renamed list keeps its place among the others.
        self.model = {(new if key == old else key): value for key, value in self.model.items()}

    @rule(name=NAMES)
    def delete(self, name: str) -> None:
        if name not in self.model:
            self._expect_error(lambda: self.store.delete(name))
        else:
            self.store.delete(name)
            del self.model[name]

    @rule(name=NAMES, index=PRODUCT_INDEXES, note=NOTES)
    def add(self, name: str, index: int, note: str) -> None:
        product_id = PRODUCT_IDS[index]
        if name not in self.model or any(pid == product_id for pid, _ in self.model[name]):
            self._expect_error(lambda: self.store.add(name, PRODUCTS[index], note=note))
        else:
            self.store.add(name, PRODUCTS[index], note=note)
            self.model[name].append((product_id, note))

    @rule(name=NAMES, index=PRODUCT_INDEXES)
    def remove(self, name: str, index: int) -> None:
        product_id = PRODUCT_IDS[index]
        items = self.model.get(name)
        if items is None or all(pid != product_id for pid, _ in items):
            self._expect_error(lambda: self.store.remove(name, product_id))
        else:
            self.store.remove(name, product_id)
            self.model[name] = [entry for entry in items if entry[0] != product_id]

    @rule(name=NAMES, index=PRODUCT_INDEXES, note=NOTES)
    def set_note(self, name: str, index: int, note: str) -> None:
        product_id = PRODUCT_IDS[index]
        items = self.model.get(name)
        if items is None or all(pid != product_id for pid, _ in items):
            self._expect_error(lambda: self.store.set_note(name, product_id, note))
        else:
            self.store.set_note(name, product_id, note)
            self.model[name] = [(pid, note if pid == product_id else old) for pid, old in items]

    @rule(name=NAMES, index=PRODUCT_INDEXES, position=st.integers(min_value=-2, max_value=8))
    def move(self, name: str, index: int, position: int) -> None:
        product_id = PRODUCT_IDS[index]
        items = self.model.get(name)
        if items is None or all(pid != product_id for pid, _ in items):
            self._expect_error(lambda: self.store.move(name, product_id, position))
            return
        entry = next(entry for entry in items if entry[0] == product_id)
        rest = [other for other in items if other[0] != product_id]
        rest.insert(max(0, min(position, len(rest))), entry)
        self.model[name] = rest
        self.store.move(name, product_id, position)

    @rule()
    def reopen(self) -> None:
        """Close the app and start it again: everything committed is still there."""
        self.store.close()
        self.store = self.open_store()
        assert self.store.message is None

    @invariant()
    def store_matches_model(self) -> None:
        assert self.store.list_names() == list(self.model)
        for name, expected in self.model.items():
            items = self.store.items(name)
            assert [(item.product_id, item.note) for item in items] == expected
            assert [item.position for item in items] == list(range(len(expected)))


ShortlistMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestShortlistStoreAgainstModel = ShortlistMachine.TestCase


def test_the_postgresql_store_agrees_with_the_model(postgres_url: str) -> None:
    """The same random edits and restarts on a PostgreSQL store (emptied before each example)."""

    class PostgresMachine(ShortlistMachine):
        def open_store(self) -> ShortlistStore:
            store = ShortlistStore(database_url=postgres_url)
            if not hasattr(self, "model"):  # a new example: start from no lists
                with psycopg.connect(postgres_url, autocommit=True) as connection:
                    connection.execute("TRUNCATE shortlist, item")
            return store

    run_state_machine_as_test(
        PostgresMachine,
        settings=settings(
            max_examples=15, stateful_step_count=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )
