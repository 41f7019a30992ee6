"""The one error type for a file that cannot be read as a catalog at all."""

from __future__ import annotations


class CatalogReadError(Exception):
    """The file cannot be read as a catalog at all. The message is one sentence for the user."""
