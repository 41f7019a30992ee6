"""Which allocator pyarrow uses while large catalogs are read, and when it gives memory back.

Reading a million-row file allocates and frees hundreds of megabytes in blocks. With pyarrow's
default allocator on Linux (mimalloc), freed memory goes back to the system and is faulted in
again: measured here, up to a second of system time per million rows, and the load took 2.0 s
instead of 1.6 s. jemalloc keeps and reuses it, which is right while a file is parsed (the next
block reuses the last one's memory) and wrong afterwards: what it keeps stays resident beside the
catalog built from it (at a million rows, the peak was 60-150 MB higher). So while a file is
parsed jemalloc keeps freed pages for a second; otherwise it gives them back at once.

numpy's arrays are left to the C library's malloc as it is: giving every large array pages of its
own (M_MMAP_THRESHOLD) took 60 MB off the peak but faulted in every temporary afresh, and with the
warm-up beside the first answer the way to a usable table took a second longer. Instead, once a
large catalog's warm-up is over, the free pages left in malloc's heap are given back in one go
(`give_back_freed_memory`).

Where pyarrow has no jemalloc (Windows wheels) or the user chose a pool with
ARROW_DEFAULT_MEMORY_POOL, the defaults stand.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator

KEEP_WHILE_PARSING_MS = 1000  # how long jemalloc keeps freed pages while a file is parsed

_lock = threading.Lock()
_decided = False
_jemalloc = False
_parsing = 0  # how many parses are running (a cancelled load may still be parsing beside a new one)


def prefer_jemalloc() -> None:
    """Make jemalloc pyarrow's default memory pool, returning freed pages at once, once per
    process (later calls do nothing)."""
    global _decided, _jemalloc
    with _lock:
        if _decided:
            return
        _decided = True
        if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
            return
        import pyarrow as pa

        with contextlib.suppress(NotImplementedError, pa.ArrowNotImplementedError):
            pa.set_memory_pool(pa.jemalloc_memory_pool())
            pa.jemalloc_set_decay_ms(0)
            _jemalloc = True


@contextlib.contextmanager
def parsing() -> Iterator[None]:
    """While a file is parsed, jemalloc keeps the pages it frees for the next blocks; when the
    last parse ends, it gives back what it kept."""
    prefer_jemalloc()
    _set_parses(+1)
    try:
        yield
    finally:
        _set_parses(-1)


def _set_parses(change: int) -> None:
    global _parsing
    with _lock:
        before, _parsing = _parsing, _parsing + change
        if not _jemalloc or (before and _parsing):
            return
        import pyarrow as pa

        pa.jemalloc_set_decay_ms(KEEP_WHILE_PARSING_MS if _parsing else 0)


def give_back_freed_memory() -> None:
    """Give the pages free in the C library's heap back to the system (glibc's `malloc_trim`).

    The large temporaries of a load and its warm-up leave free pages in the heap, resident but
    unused: at a million products, 130 MB of them once the warm-up is over (818 MB resident
    before, 688 MB after; the call took 13 ms). Elsewhere (no glibc) it does nothing."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim
