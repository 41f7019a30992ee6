"""Which allocator pyarrow uses while reading large catalogs.

Reading a million-row file allocates and frees hundreds of megabytes in blocks. With pyarrow's
default allocator on Linux (mimalloc), freed memory goes back to the system and is faulted in
again: measured here, up to a second of system time per million rows, and the load took 2.0 s
instead of 1.6 s. jemalloc keeps and reuses it. Where pyarrow has no jemalloc (Windows wheels),
or the user chose a pool with ARROW_DEFAULT_MEMORY_POOL, nothing changes.
"""

from __future__ import annotations

import contextlib
import os
import threading

_lock = threading.Lock()
_decided = False


def prefer_jemalloc() -> None:
    """Make jemalloc pyarrow's default memory pool, once per process (later calls do nothing)."""
    global _decided
    with _lock:
        if _decided:
            return
        _decided = True
        if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
            return
        import pyarrow as pa

        with contextlib.suppress(NotImplementedError, pa.ArrowNotImplementedError):
            pa.set_memory_pool(pa.jemalloc_memory_pool())
