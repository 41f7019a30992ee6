"""The user's own files: the data folder, named profiles, atomic writes and the error log."""
