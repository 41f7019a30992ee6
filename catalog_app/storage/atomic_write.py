"""Writing a file so that it is either complete or not there: never half-written.

The content goes to a temporary file in the target's own folder (so that the final rename stays
on one file system), is flushed and fsynced, and then replaces the target with `os.replace`,
which is atomic on POSIX and Windows. If anything fails on the way, the temporary file is
removed and an existing target is left exactly as it was.

What is there already decides, as a shell redirection would: a read-only file (no write
permission bits, even for an administrator), a named pipe, a device, a socket or a folder is
refused with a sentence and left alone. A symbolic link is followed: the file it points to is
replaced atomically and the link stays, so a link to a shared folder keeps working.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


class AtomicWriteError(Exception):
    """The file could not be written; the message is one plain sentence."""


def same_file(first: Path, second: Path | None) -> bool:
    """True when both paths name the same file (after resolving links and `..`)."""
    if second is None:
        return False
    try:
        if first.exists() and second.exists():
            return first.samefile(second)
        return first.resolve() == second.resolve()
    except OSError:
        return False


def refuse_to_overwrite(target: Path, protected: Path | None, what: str) -> None:
    """Raise when `target` is the `protected` file (e.g. the open catalog)."""
    if same_file(target, protected):
        raise AtomicWriteError(f"{target.name} is the {what}; choose another file name so that it is not overwritten.")


NOT_REGULAR = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def writable_target(target: Path) -> Path:
    """The file to replace for `target` (a link's own target), or `AtomicWriteError` if it must be left alone."""
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target  # a new file
    except OSError as error:
        raise AtomicWriteError(f"Cannot write {target.name}: {error.strerror or error}.") from None
    kind = NOT_REGULAR.get(stat.S_IFMT(mode))
    if kind is not None:
        raise AtomicWriteError(f"{target.name} is {kind}, not a file; choose another file name.")
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise AtomicWriteError(f"{target.name} is read-only, so it was not replaced; choose another file name.")
    return target


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target` atomically.

    The caller writes the whole file to the yielded path (any library that takes a file name
    works: openpyxl, QPdfWriter). Raises `AtomicWriteError` when the folder cannot be written.
    """
    target = writable_target(Path(target))
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise AtomicWriteError(f"Cannot write {target.name}: the folder {folder} does not exist.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise AtomicWriteError(f"Cannot write {target.name} in {folder}: {error.strerror or error}.") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        _fsync_file(temp)
        if target.exists():
            # mkstemp creates the file 0600; an export is a normal document, readable like any other.
            _copy_mode(target, temp)
        else:
            _apply_umask(temp)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(folder)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    with atomic_output(target) as temp:
        try:
            temp.write_bytes(data)
        except OSError as error:
            raise AtomicWriteError(f"Cannot write {Path(target).name}: {error.strerror or error}.") from None


def write_text_atomically(target: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    with atomic_output(target) as temp:
        try:
            with temp.open("w", encoding=encoding, newline=newline) as stream:
                stream.write(text)
        except OSError as error:
            raise AtomicWriteError(f"Cannot write {Path(target).name}: {error.strerror or error}.") from None


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as stream:
        stream.flush()
        os.fsync(stream.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, so best effort."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _copy_mode(source: Path, destination: Path) -> None:
    with contextlib.suppress(OSError):
        destination.chmod(source.stat().st_mode & 0o7777)


def _apply_umask(path: Path) -> None:
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        path.chmod(0o666 & ~mask)
