"""The shortlist pane, its table model, undoable edits and printing."""
