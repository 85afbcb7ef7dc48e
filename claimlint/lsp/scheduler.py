"""When documents are linted: a while after the last change (debounced), one at a time on a thread of their own,
the latest version winning.

The message loop never waits for spaCy: it schedules and returns, so hovers, code actions and edits are answered
while a page is linted. Lints run on one thread, in order, because a spaCy pipeline is not made to be shared
between threads. Each document's latest request holds a ticket; a lint whose ticket is no longer its document's
latest is skipped before it starts, and its result is dropped if a newer request came while it ran.
"""
from __future__ import annotations

import asyncio
import itertools
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

from .linting import Outcome, Snapshot


class Scheduler:
    def __init__(self, lint: Callable[[Snapshot], Outcome], done: Callable[[Outcome], None],
                 failed: Callable[[Snapshot, BaseException], None], delay: float) -> None:
        """``lint`` runs on the lint thread; ``done`` and ``failed`` on the message loop, for current results only."""
        self._lint, self._done, self._failed, self.delay = lint, done, failed, delay
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="claimlint-lint")
        self._tickets = itertools.count(1)
        self._latest: dict[str, int] = {}  # uri -> ticket of its latest request
        self._timers: dict[str, asyncio.TimerHandle] = {}

    def request(self, snapshot: Snapshot, delay: float | None = None) -> None:
        """Lint ``snapshot`` after the delay, unless another request for its document comes first."""
        ticket = next(self._tickets)
        self._latest[snapshot.uri] = ticket
        if (timer := self._timers.pop(snapshot.uri, None)) is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        wait = self.delay if delay is None else delay
        self._timers[snapshot.uri] = loop.call_later(wait, self._start, loop, snapshot, ticket)

    def submit(self, job: Callable[[], object]) -> None:
        """Run ``job`` on the lint thread, after whatever was handed to it before (its errors are dropped)."""
        self._executor.submit(job)

    def forget(self, uri: str) -> None:
        """The document was closed: nothing of it runs or is published any more."""
        self._latest.pop(uri, None)
        if (timer := self._timers.pop(uri, None)) is not None:
            timer.cancel()

    def current(self, snapshot: Snapshot, ticket: int) -> bool:
        return self._latest.get(snapshot.uri) == ticket

    def _start(self, loop: asyncio.AbstractEventLoop, snapshot: Snapshot, ticket: int) -> None:
        self._timers.pop(snapshot.uri, None)
        future = self._executor.submit(self._run, snapshot, ticket)
        future.add_done_callback(lambda f: loop.call_soon_threadsafe(self._finish, snapshot, ticket, f))

    def _run(self, snapshot: Snapshot, ticket: int) -> Outcome | None:
        if not self.current(snapshot, ticket):  # superseded while it waited for the thread
            return None
        return self._lint(snapshot)

    def _finish(self, snapshot: Snapshot, ticket: int, future: Future) -> None:
        if not self.current(snapshot, ticket):
            return
        error = future.exception()
        if error is not None:
            self._failed(snapshot, error)
        elif (outcome := future.result()) is not None:
            self._done(outcome)

    def shutdown(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)
