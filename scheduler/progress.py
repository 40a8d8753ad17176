"""Solving out of the calling process: progress events on a queue, cancel, best roster so far.

A Streamlit page must not block on a solve, and CP-SAT must not share the page's process. The
solve runs in a `spawn` process (safe with threads in the parent); the page polls `events()`.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import sys
import threading
import types
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event

from scheduler.schema import RosterProblem
from scheduler.solve import ProgressEvent, SolveOptions, SolveResult, solve

# What the worker sends back: progress, then the result or the error that ended it.
_Message = ProgressEvent | SolveResult | BaseException


def _worker(
    problem: RosterProblem, options: SolveOptions, events: Queue[_Message], cancel: Event
) -> None:
    stop = threading.Event()

    def watch() -> None:
        cancel.wait()
        stop.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        result = solve(problem, options, on_progress=events.put, stop=stop)
        events.put(result)
    except Exception as error:  # the parent must hear of it, not wait forever
        events.put(error)


@dataclass
class SolveHandle:
    """A running solve. Poll `events()`, call `cancel()`, then `result()` for the best roster."""

    process: BaseProcess
    _events: Queue[_Message]
    _cancel: Event
    _result: SolveResult | None = None
    _error: BaseException | None = None
    _seen: list[ProgressEvent] = field(default_factory=list)

    def events(self) -> list[ProgressEvent]:
        """Progress events that arrived since the last call (never blocks)."""
        fresh: list[ProgressEvent] = []
        while True:
            try:
                item = self._events.get_nowait()
            except queue.Empty:
                break
            self._take(item, fresh)
        return fresh

    def _take(self, item: _Message, fresh: list[ProgressEvent]) -> None:
        if isinstance(item, ProgressEvent):
            fresh.append(item)
            self._seen.append(item)
        elif isinstance(item, SolveResult):
            self._result = item
        elif isinstance(item, BaseException):
            self._error = item

    def cancel(self) -> None:
        """Stop searching; the result will hold the best roster found so far."""
        self._cancel.set()

    @property
    def done(self) -> bool:
        self.events()
        return self._result is not None or self._error is not None

    def result(self, timeout: float | None = None) -> SolveResult:
        """Wait for the solve to end and return its result (raises the worker's error)."""
        fresh: list[ProgressEvent] = []
        while self._result is None and self._error is None:
            try:
                item = self._events.get(timeout=timeout)
            except queue.Empty as error:
                raise TimeoutError("solve still running") from error
            self._take(item, fresh)
        self.process.join(timeout=10)
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def start_solve(problem: RosterProblem, options: SolveOptions | None = None) -> SolveHandle:
    """Start solving `problem` in a separate process and return a handle to follow it."""
    options = options or SolveOptions()
    context = mp.get_context("spawn")
    events, cancel = context.Queue(), context.Event()
    process = context.Process(target=_worker, args=(problem, options, events, cancel), daemon=True)
    # A spawned child re-runs the parent's __main__ first. Under Streamlit (and AppTest) that is
    # the page script, which must not run again in a solver process: hand it a blank one.
    parent_main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        process.start()
    finally:
        sys.modules["__main__"] = parent_main
    return SolveHandle(process, events, cancel)
