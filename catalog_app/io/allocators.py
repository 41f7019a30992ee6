"""How memory is allocated, and given back, while large catalogs are read.

Reading a million-row file allocates and frees hundreds of megabytes in blocks.
- pyarrow: with its default allocator on Linux (mimalloc), freed memory goes back to the system and
  is faulted in again: measured here, up to a second of system time per million rows, and the load
  took 2.0 s instead of 1.6 s. jemalloc keeps and reuses it, which is right while a file is parsed
  (the next block reuses the last one's memory) and wrong afterwards: what it keeps stays resident
  beside the catalog built from it. So while a file is parsed jemalloc keeps freed pages for a
  second; otherwise it gives them back at once.
- numpy and pandas (the C library's malloc): a large array freed during the checks is kept for the
  next one, and what is kept grows with the largest array freed, so the checks' temporaries stayed
  resident too. Arrays of 128 KiB and more are given their own pages, returned when freed.
Where pyarrow has no jemalloc (Windows wheels), the user chose a pool with
ARROW_DEFAULT_MEMORY_POOL, or the C library is not glibc, the defaults stand.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import threading
from collections.abc import Iterator

KEEP_WHILE_PARSING_MS = 1000  # how long jemalloc keeps freed pages while a file is parsed
OWN_PAGES_FROM_BYTES = 128 * 1024  # glibc's M_MMAP_THRESHOLD: larger blocks get their own pages
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h); setting it also stops the threshold from growing

_lock = threading.Lock()
_decided = False
_jemalloc = False
_parsing = 0  # how many parses are running (a cancelled load may still be parsing beside a new one)


def prefer_jemalloc() -> None:
    """Decide the allocators once per process (later calls do nothing): jemalloc for pyarrow,
    returning freed pages at once, and own pages for large numpy arrays."""
    global _decided, _jemalloc
    with _lock:
        if _decided:
            return
        _decided = True
        _large_blocks_own_pages()
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


def _large_blocks_own_pages() -> None:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, OWN_PAGES_FROM_BYTES)
