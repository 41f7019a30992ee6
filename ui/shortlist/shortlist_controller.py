"""What the shortlist pane's buttons do: list admin, picks, notes, order, undo/redo and messages.

The controller owns the store, the undo stack, the table model and the current list; it never
lays out a widget. The pane (`shortlist_pane.py`) shows what it reports through signals:

    listsChanged(names, current)   the lists to offer and the one shown (None: no list yet)
    profileTextChanged(text)       the "Made for: …" line
    messagesChanged(text)          the banner: store notice, catalog changes, the last error ("" hides it)
    statusChanged(text)            the quiet status line (news that is not an error)
    productSelected(product_id)    select this row after a change (or its undo/redo)
    stateChanged()                 the list or its items changed: the pane updates its buttons
    noteConflict(NoteConflict)     another desk saved this note first: the pane asks which to keep
                                   and calls `resolve_conflict`
    storeEvent(kind, detail)       every change the store's watcher saw, on the UI thread
                                   ("shortlist", "profiles", "catalog", "offline", "online")
    connectionChanged(sentence)    the shared store was lost (one sentence) or is back ("")

Several desks: the controller owns a watcher on its store (`start()` starts it, `stop()` stops
it): another desk's change reloads the list in place and says so in the status line. When the
server cannot be reached the lists stay shown read-only as last read, notes typed meanwhile wait
in a queue (shown "not saved"), and `Reconnect` tries again with backoff; on return the queue is
saved, each note against the version it was written on, so a clash shows the conflict dialog.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.export import ShortlistExportError, document_html, export_shortlist
from catalog_app.shortlist.store import (
    NoteConflictError,
    ShortlistError,
    ShortlistItem,
    ShortlistOfflineError,
    ShortlistStore,
    item_changes,
)
from ui.shortlist.pending_notes import NoteConflict, PendingNote, PendingNotes
from ui.shortlist.shortlist_commands import (
    AddItemCommand,
    CommandHooks,
    CreateListCommand,
    DeleteListCommand,
    EditNoteCommand,
    MoveItemCommand,
    RemoveItemCommand,
    RenameListCommand,
    SetProfileCommand,
)
from ui.shortlist.shortlist_model import ShortlistModel
from ui.shortlist.store_events import StoreEvents, WatcherFactory
from ui.shortlist.store_retry import Reconnect
from ui.window_settings import WindowSettings

DEFAULT_LIST_NAME = "My shortlist"
NO_LIST_TEXT = "No shortlist yet: “New…” starts one, or add a product with Ctrl+D."
NO_PROFILE_TEXT = "Made for: no foot profile (List → Use the current foot profile)"
OFFLINE_TEXT = "The shared store cannot be reached; shortlists are shown as last read and cannot be changed."


class ShortlistController(QObject):
    listsChanged = Signal(list, object)
    profileTextChanged = Signal(str)
    messagesChanged = Signal(str)
    statusChanged = Signal(str)
    productSelected = Signal(str)
    stateChanged = Signal()
    noteConflict = Signal(object)  # NoteConflict
    storeEvent = Signal(str, str)  # kind, detail
    connectionChanged = Signal(str)  # one sentence while the shared store cannot be reached, "" once it can

    def __init__(
        self,
        store: ShortlistStore,
        settings: WindowSettings,
        parent: QObject | None = None,
        *,
        watcher_factory: WatcherFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._catalog = Catalog.empty()
        self._profile: FootProfile | None = None
        self._current: str | None = None
        self._store_notice = store.message or ""
        self._changes: dict[str, str] = {}
        self._error = ""
        self._shown_names: list[str] = []
        self.undo_stack = QUndoStack(self)
        self._hooks = CommandHooks(store=store, show=self._show_change, report=self.report, offline=self._went_offline)
        self.model = ShortlistModel(self)
        self.model.noteEdited.connect(self.set_note)
        self.model.moveRequested.connect(self.move_item)
        self._init_desks(watcher_factory)

    def _init_desks(self, watcher_factory: WatcherFactory | None) -> None:
        self._watcher_factory = watcher_factory
        self._events = StoreEvents(self)
        self._events.received.connect(self.on_store_event)
        self._reconnect = Reconnect(self._try_reconnect, self)
        self._reconnect.online.connect(self._back_online)
        self._offline_notice = ""
        self._watch_offline: str | None = None  # what the watcher said when it lost the server
        self._pending = PendingNotes()
        self._conflicts: list[NoteConflict] = []

    def start(self) -> None:
        """Show the list shown last time (call once the pane listens to the signals), and watch the store."""
        self._reload_lists(self.settings.current_list())
        self._events.watch(self.store, self._watcher_factory)
        if self.store_offline():
            self._went_offline(self.store.message or OFFLINE_TEXT)

    def stop(self) -> None:
        """Stop watching and reconnecting (before the store closes); waits for the watcher's thread."""
        self._events.stop()
        self._reconnect.stop()

    def replace_store(self, store: ShortlistStore) -> None:
        """Show another store's lists (File → Connect to shared store…); the caller closes the old one.

        Undo starts afresh (a step of the old store must not run on the new one); notes still
        waiting for the old store's server are dropped with it, and the user is told how many.
        """
        self.stop()
        dropped = len(self._pending)
        self.undo_stack.clear()
        self.store = store
        self._hooks = dataclasses.replace(self._hooks, store=store)
        self._store_notice = store.message or ""
        self._offline_notice = ""
        self._watch_offline = None
        self._pending = PendingNotes()
        self._conflicts.clear()
        self._current = None
        self.start()
        if dropped:
            self.report(f"{dropped} note(s) typed while the old store was out of reach were not saved.")

    # ---- what the pane asks -------------------------------------------------------------------

    def current_list(self) -> str | None:
        return self._current

    def catalog(self) -> Catalog:
        return self._catalog

    def has_profile(self) -> bool:
        return self._profile is not None

    def is_read_only(self) -> bool:
        return bool(self.store.read_only) or self.is_offline()

    def is_offline(self) -> bool:
        """The shared store's server cannot be reached (by the store or by the watcher)."""
        return self.store_offline() or self._watch_offline is not None or bool(self._offline_notice)

    def store_offline(self) -> bool:
        return bool(getattr(self.store, "offline", False))

    def pending_notes(self) -> list[PendingNote]:
        return self._pending.all()

    def reconnect(self) -> Reconnect:
        return self._reconnect

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._refresh_items()

    def set_profile(self, profile: FootProfile | None) -> None:
        """The profile new lists are made for (the finder's current one)."""
        self._profile = None if profile is None or profile.is_empty else profile
        self._update_profile_text()
        self.stateChanged.emit()

    # ---- picks --------------------------------------------------------------------------------

    def add_product(self, product_id: str, note: str = "") -> bool:
        """Add a catalog product to the current list (creating a first list if there is none)."""
        position = self._catalog.position_of(product_id)
        if position is None:
            self.report(f"There is no product with id '{product_id}' in the open catalog.")
            return False
        record = product_record(self._catalog.frame, position)
        creating = self._current is None
        if creating:
            # One undo step takes back both the new list and the product.
            self.undo_stack.beginMacro(f"Add {record['name']}")
        try:
            item = self._add_record(record, note, creating)
        finally:
            if creating:
                self.undo_stack.endMacro()
        if item is None or self._current is None:
            return False
        self._show_change(self._current, product_id)
        self.report(f"Added {item.name} to '{self._current}'.", error=False)
        return True

    def _add_record(self, record: dict[str, object], note: str, creating: bool) -> ShortlistItem | None:
        if creating and not self.create_list(DEFAULT_LIST_NAME):
            return None
        assert self._current is not None
        try:
            item = self.store.add(self._current, record, note=note)
        except ShortlistError as error:
            self._failed(error)
            return None
        self.undo_stack.push(AddItemCommand(self._hooks, self._current, item))
        return item

    def remove_product(self, product_id: str) -> bool:
        item = self.item(product_id)
        if item is None or self._current is None:
            return False
        try:
            removed = self.store.remove(self._current, product_id)
        except ShortlistError as error:
            self._failed(error)
            return False
        self.undo_stack.push(RemoveItemCommand(self._hooks, self._current, removed))
        self._show_change(self._current, None)
        return True

    def set_note(self, product_id: str, note: str, expected_version: int = 0) -> bool:
        """Save a note written against `expected_version` of the item (0: the version shown now).

        Offline, the note is queued and shown "not saved"; another desk's newer note raises the
        conflict (`noteConflict`). True when the note is saved now.
        """
        item = self.item(product_id)
        if item is None or self._current is None:
            return False
        waiting = self._pending.get(self._current, product_id)
        if note == (waiting.note if waiting else item.note):
            return False
        pending = PendingNote(self._current, product_id, item.name, note, expected_version or item.version, item.note)
        if self.is_offline():
            self._pending.put(pending)
            self._refresh_items()
            self.report(f"The note on {item.name} is kept here and saved when the connection returns.", error=False)
            return False
        saved = self._save_note(pending)
        if saved:
            self._show_change(self._current, product_id)
        else:
            self._refresh_items()
        return saved

    def move_item(self, product_id: str, new_position: int) -> bool:
        item = self.item(product_id)
        if item is None or self._current is None:
            return False
        try:
            position = self.store.move(self._current, product_id, new_position)
        except ShortlistError as error:
            self._failed(error)
            return False
        if position == item.position:
            return False
        self.undo_stack.push(MoveItemCommand(self._hooks, self._current, item, position))
        self._show_change(self._current, product_id)
        return True

    def move_by(self, product_id: str, step: int) -> bool:
        item = self.item(product_id)
        return item is not None and self.move_item(item.product_id, max(0, item.position + step))

    def compare_ids(self) -> list[str]:
        """The listed products the open catalog still has (the others are reported)."""
        listed = self.model.product_ids()
        ids = [product_id for product_id in listed if self._catalog.position_of(product_id) is not None]
        if len(listed) > len(ids):
            self.report(
                f"{len(listed) - len(ids)} of these products are no longer in the catalog and cannot be compared."
            )
        return ids

    def item(self, product_id: str) -> ShortlistItem | None:
        row = self.model.row_of(product_id)
        return None if row is None else self.model.item(row)

    # ---- lists --------------------------------------------------------------------------------

    def switch_to(self, name: str) -> None:
        if name != self._current and name in self.store.list_names():
            self._error = ""  # an old error was about the other list
            self.statusChanged.emit("")
            self._reload_lists(name)

    def create_list(self, name: str) -> bool:
        try:
            created = self.store.create(name, self._profile)
        except ShortlistError as error:
            self._failed(error)
            return False
        self.undo_stack.push(CreateListCommand(self._hooks, created, self._profile))
        self._reload_lists(created)
        return True

    def rename_current(self, new_name: str) -> bool:
        if self._current is None:
            return False
        old = self._current
        try:
            new = self.store.rename(old, new_name)
        except ShortlistError as error:
            self._failed(error)
            return False
        if new == old:
            return False
        self.undo_stack.push(RenameListCommand(self._hooks, old, new))
        self._show_change(new, None)
        return True

    def delete_current(self) -> bool:
        if self._current is None:
            return False
        name = self._current
        try:
            items = self.store.items(name)
            profile = self.store.profile(name)
            created = self.store.created(name)
            self.store.delete(name)
        except ShortlistError as error:
            self._failed(error)
            return False
        self.undo_stack.push(DeleteListCommand(self._hooks, name, profile, items, created))
        self._reload_lists(None)
        self.report(f"Deleted the shortlist '{name}'. Undo brings it back.", error=False)
        return True

    def use_current_profile(self) -> bool:
        """Make the current list remember the finder's current profile (for fit scores in exports)."""
        if self._current is None:
            return False
        try:
            old = self.store.profile(self._current)
            self.store.set_profile(self._current, self._profile)
        except ShortlistError as error:
            self._failed(error)
            return False
        self.undo_stack.push(SetProfileCommand(self._hooks, self._current, old, self._profile))
        self._update_profile_text()
        return True

    # ---- several desks: conflicts, offline, live refresh ---------------------------------------

    def resolve_conflict(self, conflict: NoteConflict, *, keep_mine: bool, text: str = "") -> bool:
        """The user chose: keep their own note (`text`, maybe edited) over the other desk's, or use theirs."""
        if conflict in self._conflicts:
            self._conflicts.remove(conflict)
        mine, theirs = conflict.mine, conflict.theirs
        saved = False
        if keep_mine:
            again = PendingNote(mine.list_name, mine.product_id, mine.product_name, text, theirs.version, theirs.note)
            saved = text != theirs.note and self._save_note(again)
            if saved:
                self.report(f"Saved your note on {mine.product_name} over the other desk's.", error=False)
        else:
            self.report(f"Kept the other desk's note on {mine.product_name}.", error=False)
        self._show_change(mine.list_name if mine.list_name == self._current else None, mine.product_id)
        if self._conflicts:
            self.noteConflict.emit(self._conflicts[0])
        return saved

    def _save_note(self, pending: PendingNote) -> bool:
        """Write one note with its version check; a clash becomes a conflict, a lost server a queued note."""
        try:
            self.store.set_note(
                pending.list_name, pending.product_id, pending.note, expected_version=pending.base_version
            )
        except NoteConflictError as conflict:
            self._pending.drop(pending)
            self._add_conflict(NoteConflict(pending, conflict.theirs))
            return False
        except ShortlistOfflineError as error:
            self._pending.put(pending)
            self._went_offline(str(error))
            return False
        except ShortlistError as error:
            self._pending.drop(pending)
            self.report(str(error))
            return False
        self._pending.drop(pending)
        self.undo_stack.push(
            EditNoteCommand(
                self._hooks,
                pending.list_name,
                pending.product_id,
                pending.product_name,
                old_note=pending.old_note,
                new_note=pending.note,
            )
        )
        return True

    def _add_conflict(self, conflict: NoteConflict) -> None:
        self._conflicts.append(conflict)
        if len(self._conflicts) == 1:
            self.noteConflict.emit(conflict)

    def _failed(self, error: ShortlistError) -> None:
        if isinstance(error, ShortlistOfflineError):
            self._went_offline(str(error))
        else:
            self.report(str(error))

    def _went_offline(self, sentence: str) -> None:
        """Lists stay shown read-only as last read; reconnection starts (1, 2, 4, … 30 s)."""
        # The store's own sentence says where and what ("… read-only for now"); a failed change's says less.
        sentence = (self.store.message if self.store_offline() else None) or sentence or OFFLINE_TEXT
        if sentence != self._offline_notice:
            self._offline_notice = sentence
            self.connectionChanged.emit(sentence)
        self._reconnect.start()
        self._show_messages()
        self.stateChanged.emit()

    def _try_reconnect(self) -> bool:
        """One try. While the watcher says the server is away, its own thread keeps trying and says
        "online" when it is back: the UI thread does not wait on a connect timeout meanwhile."""
        if self._watch_offline is not None:
            return False
        return not self.store_offline() or self.store.reconnect()

    def _back_online(self) -> None:
        """Save everything typed meanwhile (against its version), then read what other desks changed."""
        self._offline_notice = ""
        self.connectionChanged.emit("")
        self._store_notice = self.store.message or ""
        waiting = len(self._pending)
        for pending in self._pending.all():
            if self.is_offline():
                break
            self._save_note(pending)
        if self.is_offline():
            return
        self._reload_lists(self._current)
        saved = waiting - len(self._pending) - len(self._conflicts)
        notes = f"; saved {saved} note{'s' if saved != 1 else ''} written meanwhile" if saved > 0 else ""
        self.report(f"Connected to the shared store again{notes}.", error=False)
        self.stateChanged.emit()

    def on_store_event(self, kind: str, detail: str) -> None:
        """A watcher event, on the UI thread."""
        if kind == "shortlist":
            self._refresh_from_other_desk(detail)
        elif kind == "offline":
            self._watch_offline = detail or OFFLINE_TEXT
            self._went_offline(detail)
        elif kind == "online":
            self._watch_offline = None
            if self._offline_notice:
                self._reconnect.try_now()
        self.storeEvent.emit(kind, detail)

    def _refresh_from_other_desk(self, list_name: str) -> None:
        """Reload the names and the shown list in place; say so when something changed."""
        if self.is_offline():
            return
        before = (list(self._shown_names), self.model.items())
        try:
            names = self.store.list_names()
        except ShortlistError as error:
            self._failed(error)
            return
        if self._current not in names or names != self._shown_names:
            self._reload_lists(self._current)  # keeps the list shown unless it is gone
        else:
            self._refresh_items()
        if (self._shown_names, self.model.items()) != before:
            what = f"'{list_name}'" if list_name else "the shortlists"
            self.statusChanged.emit(f"Changed at another desk at {dt.datetime.now():%H:%M}: {what}.")

    # ---- export and print ---------------------------------------------------------------------

    def export_current(self, path: Path, options: CostOptions) -> Path:
        """Export the current list; the format follows the suffix. Raises ShortlistExportError."""
        if self._current is None:
            raise ShortlistExportError("There is no shortlist to export yet.")
        from ui.shortlist.print_document import write_pdf

        return export_shortlist(
            self.store, self._current, self._catalog, Path(path), options=options, render_pdf=write_pdf
        )

    def document_html(self, options: CostOptions) -> str:
        if self._current is None:
            raise ShortlistExportError("There is no shortlist to print yet.")
        return document_html(self.store, self._current, self._catalog, options=options)

    # ---- messages -----------------------------------------------------------------------------

    def store_reopened(self) -> None:
        """The store can be written again: drop the read-only notice, reload, and say so."""
        self._store_notice = self.store.message or ""
        self._reload_lists(self._current)
        self.report("Shortlists can be changed again.", error=False)
        self.stateChanged.emit()

    def report(self, text: str, *, error: bool = True) -> None:
        """Errors stay in the message banner until the next change; other news goes to the status line."""
        if error:
            self._error = text
            self.statusChanged.emit("")
        else:
            self._error = ""
            self.statusChanged.emit(text)
        self._show_messages()

    def _show_messages(self) -> None:
        notice = self._offline_notice or self._store_notice
        lines = [notice] if notice else []
        lines += list(self._changes.values())
        if self._error:
            lines.append(self._error)
        self.messagesChanged.emit("\n".join(lines))

    def _update_profile_text(self) -> None:
        profile = None
        if self._current is not None:
            try:
                profile = self.store.profile(self._current)
            except ShortlistError:
                profile = None
        if self._current is None:
            text = NO_LIST_TEXT
        elif profile is None:
            text = NO_PROFILE_TEXT
        else:
            text = f"Made for: {profile.summary()}"
        self.profileTextChanged.emit(text)

    # ---- internals ----------------------------------------------------------------------------

    def _show_change(self, list_name: str | None, product_id: str | None) -> None:
        """After a change (or its undo/redo): show the list it touched and select the product."""
        self._error = ""
        self.statusChanged.emit("")
        names = self.store.list_names()
        if list_name is not None and list_name in names and list_name != self._current:
            self._reload_lists(list_name)
        elif self._current not in names or self._shown_names != names:
            self._reload_lists(self._current)
        else:
            self._refresh_items()
        if product_id is not None and self.model.row_of(product_id) is not None:
            self.productSelected.emit(product_id)

    def _reload_lists(self, preferred: str | None) -> None:
        try:
            names = self.store.list_names()
        except ShortlistError as error:
            names = []
            self._failed(error)
        if preferred not in names:
            preferred = self._current if self._current in names else (names[0] if names else None)
        self._current = preferred
        self._shown_names = list(names)
        self.listsChanged.emit(names, preferred)
        if preferred is not None:
            self.settings.save_current_list(preferred)
        self._refresh_items()

    def _refresh_items(self) -> None:
        items: list[ShortlistItem] = []
        if self._current is not None:
            try:
                items = self.store.items(self._current)
            except ShortlistError as error:
                self._failed(error)
        self._changes = item_changes(items, self._catalog) if len(self._catalog) else {}
        self.model.set_items(items, self._changes)
        self.model.set_pending(self._pending.for_list(self._current))
        self._update_profile_text()
        self._show_messages()
        self.stateChanged.emit()
