"""Notes typed while the shared store could not be reached, and notes two desks wrote at once.

Plain data, no Qt: the controller keeps a `PendingNotes` queue (saved, in the order typed, when
the server returns) and hands each `NoteConflict` to the pane, which asks the user.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from catalog_app.shortlist.store import ShortlistItem


@dataclass(frozen=True)
class PendingNote:
    """A note to save: the text, the item's version it was written against, and the text it replaces."""

    list_name: str
    product_id: str
    product_name: str
    note: str
    base_version: int
    old_note: str  # the stored note the user started from: what undo brings back

    @property
    def key(self) -> tuple[str, str]:
        return self.list_name, self.product_id


@dataclass(frozen=True)
class NoteConflict:
    """This desk's note could not be saved because another desk saved a different one first."""

    mine: PendingNote
    theirs: ShortlistItem


class PendingNotes:
    def __init__(self) -> None:
        self._notes: dict[tuple[str, str], PendingNote] = {}

    def __len__(self) -> int:
        return len(self._notes)

    def put(self, note: PendingNote) -> None:
        """Queue a note; typing again on the same item keeps the version and text it started from."""
        earlier = self._notes.get(note.key)
        if earlier is not None:
            note = replace(earlier, note=note.note)
        if note.note == note.old_note:
            self._notes.pop(note.key, None)  # typed back to what is stored: nothing to save
        else:
            self._notes[note.key] = note

    def get(self, list_name: str, product_id: str) -> PendingNote | None:
        return self._notes.get((list_name, product_id))

    def drop(self, note: PendingNote) -> None:
        self._notes.pop(note.key, None)

    def all(self) -> list[PendingNote]:
        return list(self._notes.values())

    def for_list(self, list_name: str | None) -> dict[str, str]:
        """product id -> unsaved text, for the list shown."""
        return {note.product_id: note.note for note in self._notes.values() if note.list_name == list_name}
