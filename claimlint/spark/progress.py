"""One line on stderr per partition linted. Each task adds to counters (Spark accumulators: partitions done, pages,
words, findings, pages not linted) that reach the driver as the task finishes; the driver watches them, so no task
writes anywhere but its own output, and stages that only read or shuffle the pages say nothing."""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

POLL_SECONDS = 0.5
COUNTERS = 5  # partitions, pages, words, findings, pages not linted


def make_counters(context: Any) -> tuple:
    """The accumulators a ``Job`` adds to, created on the driver."""
    return tuple(context.accumulator(0) for _ in range(COUNTERS))


class PartitionProgress:
    """``say`` gets a line for each partition of ``total`` as its task finishes (retries may count twice)."""

    def __init__(self, counters: tuple, total: int, say: Callable[[str], None]) -> None:
        self.counters, self.total, self.say = counters, total, say
        self.started = time.monotonic()
        self.done = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="claimlint-progress", daemon=True)

    def __enter__(self) -> PartitionProgress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if exc[0] is None:
            self._poll()  # the last partitions may finish between two polls

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._poll()

    def _poll(self) -> None:
        partitions, pages, words, findings, problems = (c.value for c in self.counters)
        while self.done < partitions:
            self.done += 1
            not_linted = f", {problems:,} not linted" if problems else ""
            self.say(f"partition {self.done} of {max(self.total, self.done)} done: {pages:,} pages{not_linted}, "
                     f"{words:,} words, {findings:,} findings so far ({time.monotonic() - self.started:.0f} s)")
