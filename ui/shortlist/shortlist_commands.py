"""Undoable shortlist edits: each command writes the store on redo and puts it back on undo.

The pane makes each change first (so that a change the store refuses is never pushed) and then
pushes the command, whose first redo therefore only shows the result. Every later undo or redo
writes the store again, in its own transaction like any other change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtGui import QUndoCommand

from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.store import (
    NoteConflictError,
    ShortlistError,
    ShortlistItem,
    ShortlistOfflineError,
    ShortlistStore,
)
from ui.widgets.plain_text import menu_text


@dataclass(frozen=True)
class CommandHooks:
    """How a command reaches the pane: the store, what to show after a step, where errors go."""

    store: ShortlistStore
    # The list to show (None: keep the current one) and the product to select after each undo or redo.
    show: Callable[[str | None, str | None], None]
    report: Callable[[str], None]
    # The server of a shared store could not be reached (one sentence): the pane goes read-only.
    offline: Callable[[str], None] = lambda sentence: None


class ShortlistCommand(QUndoCommand):
    def __init__(self, text: str, hooks: CommandHooks) -> None:
        # The text names products and lists; it becomes the Edit menu's "Undo …" entry, where "&" marks a key.
        super().__init__(menu_text(text))
        self.store = hooks.store
        self._show = hooks.show
        self._report = hooks.report
        self._offline = hooks.offline
        self._applied = True  # the pane already made the change

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def apply(self) -> tuple[str | None, str | None]:
        raise NotImplementedError

    def revert(self) -> tuple[str | None, str | None]:
        raise NotImplementedError

    def _run(self, step: Callable[[], tuple[str | None, str | None]]) -> None:
        try:
            list_name, product_id = step()
        except ShortlistOfflineError as error:
            # The server is away: this step cannot be made; the list stays as it is, read-only.
            self.setObsolete(True)
            self._offline(str(error))
            return
        except ShortlistError as error:
            # The store changed under us (another window, the command line): drop this step, say why.
            self.setObsolete(True)
            self._show(None, None)
            self._report(f"Could not {self.text()[0].lower()}{self.text()[1:]}: {error}")
            return
        self._show(list_name, product_id)


class AddItemCommand(ShortlistCommand):
    def __init__(self, hooks: CommandHooks, list_name: str, item: ShortlistItem) -> None:
        super().__init__(f"Add {item.name}", hooks)
        self.list_name = list_name
        self.item = item

    def apply(self) -> tuple[str | None, str | None]:
        self.store.insert(self.list_name, self.item)
        return self.list_name, self.item.product_id

    def revert(self) -> tuple[str | None, str | None]:
        self.store.remove(self.list_name, self.item.product_id)
        return self.list_name, None


class RemoveItemCommand(ShortlistCommand):
    def __init__(self, hooks: CommandHooks, list_name: str, item: ShortlistItem) -> None:
        super().__init__(f"Remove {item.name}", hooks)
        self.list_name = list_name
        self.item = item  # as it was: note, date and position come back on undo

    def apply(self) -> tuple[str | None, str | None]:
        self.store.remove(self.list_name, self.item.product_id)
        return self.list_name, None

    def revert(self) -> tuple[str | None, str | None]:
        self.store.insert(self.list_name, self.item)
        return self.list_name, self.item.product_id


class EditNoteCommand(ShortlistCommand):
    """A note change. Undo and redo only write over the text this desk left there: when another
    desk has changed the note since, the step is dropped and the user told, nothing overwritten."""

    def __init__(
        self, hooks: CommandHooks, list_name: str, product_id: str, product_name: str, *, old_note: str, new_note: str
    ) -> None:
        super().__init__(f"Edit the note on {product_name}", hooks)
        self.list_name = list_name
        self.product_id = product_id
        self.old_note = old_note
        self.new_note = new_note

    def apply(self) -> tuple[str | None, str | None]:
        self._replace(self.old_note, self.new_note)
        return self.list_name, self.product_id

    def revert(self) -> tuple[str | None, str | None]:
        self._replace(self.new_note, self.old_note)
        return self.list_name, self.product_id

    def _replace(self, expected: str, note: str) -> None:
        stored = next((item for item in self.store.items(self.list_name) if item.product_id == self.product_id), None)
        if stored is None:
            self.store.set_note(self.list_name, self.product_id, note)  # raises: the product is gone
            return
        if stored.note != expected:
            raise NoteConflictError(
                "Another desk has changed this note since; it is left as they wrote it.", theirs=stored
            )
        self.store.set_note(self.list_name, self.product_id, note, expected_version=stored.version)


class MoveItemCommand(ShortlistCommand):
    def __init__(self, hooks: CommandHooks, list_name: str, item: ShortlistItem, new_position: int) -> None:
        super().__init__(f"Move {item.name}", hooks)
        self.list_name = list_name
        self.product_id = item.product_id
        self.old_position = item.position
        self.new_position = new_position

    def apply(self) -> tuple[str | None, str | None]:
        self.store.move(self.list_name, self.product_id, self.new_position)
        return self.list_name, self.product_id

    def revert(self) -> tuple[str | None, str | None]:
        self.store.move(self.list_name, self.product_id, self.old_position)
        return self.list_name, self.product_id


class CreateListCommand(ShortlistCommand):
    def __init__(self, hooks: CommandHooks, list_name: str, profile: FootProfile | None) -> None:
        super().__init__(f"Create the shortlist '{list_name}'", hooks)
        self.list_name = list_name
        self.profile = profile

    def apply(self) -> tuple[str | None, str | None]:
        self.store.create(self.list_name, self.profile)
        return self.list_name, None

    def revert(self) -> tuple[str | None, str | None]:
        self.store.delete(self.list_name)
        return None, None


class RenameListCommand(ShortlistCommand):
    def __init__(self, hooks: CommandHooks, old: str, new: str) -> None:
        super().__init__(f"Rename '{old}' to '{new}'", hooks)
        self.old = old
        self.new = new

    def apply(self) -> tuple[str | None, str | None]:
        self.store.rename(self.old, self.new)
        return self.new, None

    def revert(self) -> tuple[str | None, str | None]:
        self.store.rename(self.new, self.old)
        return self.old, None


class DeleteListCommand(ShortlistCommand):
    def __init__(
        self,
        hooks: CommandHooks,
        list_name: str,
        profile: FootProfile | None,
        items: list[ShortlistItem],
        created: str,
    ) -> None:
        super().__init__(f"Delete the shortlist '{list_name}'", hooks)
        self.list_name = list_name
        self.profile = profile
        self.items = [replace(item) for item in items]
        self.created = created

    def apply(self) -> tuple[str | None, str | None]:
        self.store.delete(self.list_name)
        return None, None

    def revert(self) -> tuple[str | None, str | None]:
        self.store.restore_list(self.list_name, self.profile, self.items, created=self.created)
        return self.list_name, None


class SetProfileCommand(ShortlistCommand):
    def __init__(self, hooks: CommandHooks, list_name: str, old: FootProfile | None, new: FootProfile | None) -> None:
        super().__init__(f"Set the profile of '{list_name}'", hooks)
        self.list_name = list_name
        self.old = old
        self.new = new

    def apply(self) -> tuple[str | None, str | None]:
        self.store.set_profile(self.list_name, self.new)
        return self.list_name, None

    def revert(self) -> tuple[str | None, str | None]:
        self.store.set_profile(self.list_name, self.old)
        return self.list_name, None
