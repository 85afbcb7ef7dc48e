"""One line on stderr per partition linted: the driver watches its job's last stage through Spark's status
tracker and the workers' counters (accumulators), so no task has to write anywhere but its own output."""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

POLL_SECONDS = 0.5


class PartitionProgress:
    """Watches the jobs of one job group; ``say`` gets a line for each partition of the last stage that finishes."""

    def __init__(self, context: Any, group: str, counters: tuple, say: Callable[[str], None]) -> None:
        self.context, self.group, self.counters, self.say = context, group, counters, say
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
            try:
                self._poll()
            except Exception:  # noqa: BLE001 - progress is a courtesy; the job's own errors surface in the action
                return

    def _poll(self) -> None:
        tracker = self.context.statusTracker()
        stages = []
        for job_id in tracker.getJobIdsForGroup(self.group):
            info = tracker.getJobInfo(job_id)
            if info is not None:
                stages.extend(info.stageIds)
        if not stages:
            return
        stage = tracker.getStageInfo(max(stages))  # the stage that lints (and writes), after any read or shuffle
        if stage is None:
            return
        while self.done < stage.numCompletedTasks:
            self.done += 1
            self.say(self._line(stage.numTasks))

    def _line(self, total: int) -> str:
        pages, words, findings, problems = (c.value for c in self.counters)
        seconds = time.monotonic() - self.started
        not_linted = f", {problems:,} not linted" if problems else ""
        return (f"partition {self.done} of {total} done: {pages:,} pages{not_linted}, {words:,} words, "
                f"{findings:,} findings so far ({seconds:.0f} s)")
