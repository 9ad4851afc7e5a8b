"""A time budget for one page: a page that takes longer than it is left unread, with a note.

The budget is checked between the reader's stages; where the reader runs on a process's main
thread, an interval timer also interrupts it inside a stage (the recogniser returns to Python
between batches of lines), so one page cannot hold a worker much past its budget.
"""

import signal
import threading
import time
from contextlib import contextmanager

# A clean table page takes 5-10 s at 200 dpi on one busy core; a page taking this long is not one.
PAGE_SECONDS = 120.0


class PageTimeout(Exception):
    """The page was not read within its time budget."""


class Deadline:
    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.end = time.monotonic() + seconds if seconds else None

    def check(self) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise PageTimeout(f"over {self.seconds:g} s")

    @contextmanager
    def interrupting(self):
        """Inside the block, the page's time running out raises PageTimeout wherever Python is running."""
        if self.end is None or not _timer_free():
            yield
            return

        def expire(signum, frame):
            raise PageTimeout(f"over {self.seconds:g} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, max(self.end - time.monotonic(), 0.001))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _timer_free() -> bool:
    """Only the main thread receives signals, and a timer someone else set is left alone."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return False
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) in (
        signal.SIG_DFL,
        signal.SIG_IGN,
        None,
    )
