"""The app's version, read from the installed distribution's metadata; pyproject.toml is the one place it is set."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "insole-catalog"
UNKNOWN_VERSION = "unknown (not installed)"


def app_version() -> str:
    """The installed version, e.g. "0.1.0"; says so when running from a source tree that was never installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION
