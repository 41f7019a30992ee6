"""What the command line does to its process when it runs as the program (not when a test calls it).

- Ctrl-C ends it within a fraction of a second, with status 130 and no traceback, at any moment:
  while Python imports pandas, and while pyarrow parses a large file in C (a Python signal
  handler only runs between bytecodes, so a parse could hold it back for seconds). The main
  thread gets KeyboardInterrupt and a short grace to tidy up (temporary files, the store);
  a watcher thread, woken by the signal itself through `signal.set_wakeup_fd`, ends the
  process when the grace is over. A second Ctrl-C ends it at once.
- Output survives any terminal encoding: a character the encoding cannot hold is written as
  '?' instead of stopping the command halfway (PYTHONIOENCODING=cp1252, a C locale).

Only the standard library: this runs before the core is imported.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import NoReturn

INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C (as main says)
GRACE_SECONDS = 0.3


def take_over_the_process() -> None:
    end_promptly_on_interrupt()
    keep_output_in_any_encoding()
    sys.unraisablehook = _quiet_about_interrupts


def let_interrupts_through_libraries() -> None:
    """pyarrow catches Ctrl-C itself during a long read, to cancel it at its next block: that
    holds the interrupt back for a second or more. Our watcher ends the process anyway."""
    import pyarrow

    pyarrow.enable_signal_handlers(False)


def keep_output_in_any_encoding() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a stream that cannot change (closed, or not text)
            continue


def end_promptly_on_interrupt() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGINT, _first_interrupt)
    try:
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except (OSError, ValueError):  # no pipes for signals here (Windows): KeyboardInterrupt alone
        return
    threading.Thread(target=_end_after_grace, args=(read_end,), name="ctrl-c-watch", daemon=True).start()


def end_interrupted() -> NoReturn:
    """End now, after Ctrl-C: the commands have tidied up while the interrupt unwound them; the
    interpreter's own teardown of a large catalog (seconds of freeing memory) is not waited for."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed, or gone with the terminal
            continue
    os._exit(INTERRUPTED)


def _first_interrupt(_signum: int, _frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, _interrupt_again)
    raise KeyboardInterrupt


def _interrupt_again(_signum: int, _frame: FrameType | None) -> None:
    os._exit(INTERRUPTED)


def _quiet_about_interrupts(unraisable: sys.UnraisableHookArgs) -> None:
    """Ctrl-C that lands in a callback Python cannot raise from (an import lock's, a finalizer)
    is "ignored" with a traceback; the process ends within the grace anyway, so say nothing."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)


def _end_after_grace(read_end: int) -> None:
    while signal.SIGINT not in os.read(read_end, 64):
        pass
    time.sleep(GRACE_SECONDS)
    os._exit(INTERRUPTED)  # the main thread did not finish in time; what it left is not worth waiting for


__all__ = ["INTERRUPTED", "end_interrupted", "let_interrupts_through_libraries", "take_over_the_process"]
