"""The one way off the UI thread.

``Runner.run(fn, ...)`` executes ``fn`` on a worker thread and calls ``on_done(result)`` or
``on_error(exc)`` back **on the UI thread**. Writes to the local store go through one
single-threaded pool (SQLite has one writer); reads use a small parallel pool. A ``key`` makes a
task supersede its predecessor with the same key: a search started on every keystroke delivers
only the newest result. Widgets are never touched from a worker.

Tests may use ``Runner(synchronous=True)``, which runs everything inline.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; a queued signal carries results from workers to it."""
    delivered = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.delivered.connect(self._deliver)

    @Slot(object)
    def _deliver(self, packet) -> None:
        callback, value = packet
        if callback is not None:
            callback(value)


class _Job(QRunnable):
    def __init__(self, runner: "Runner", fn, args, kwargs, on_done, on_error, key, generation):
        super().__init__()
        self.runner, self.fn, self.args, self.kwargs = runner, fn, args, kwargs
        self.on_done, self.on_error, self.key, self.generation = on_done, on_error, key, generation

    def run(self) -> None:
        if self.key is not None and not self.runner._current(self.key, self.generation):
            return  # superseded before it started
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # delivered to on_error on the UI thread
            log.error("background task %s failed:\n%s", getattr(self.fn, "__name__", self.fn),
                      traceback.format_exc())
            self.runner._finish(self.on_error or self.runner.default_error, exc, self.key, self.generation)
            return
        self.runner._finish(self.on_done, result, self.key, self.generation)


class Runner(QObject):
    """Runs callables off the UI thread and reports back on it."""
    busy_changed = Signal(int)

    def __init__(self, parent=None, *, synchronous: bool = False,
                 default_error: Callable[[Exception], None] | None = None):
        super().__init__(parent)
        self.synchronous = synchronous
        self.default_error = default_error or (lambda exc: None)
        self._relay = _Relay(self)
        self._generations: dict[str, int] = {}
        self._pending = 0
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(2)

    def _current(self, key: str, generation: int) -> bool:
        return self._generations.get(key) == generation

    def _finish(self, callback, value, key, generation) -> None:
        if key is not None and not self._current(key, generation):
            callback = None  # a newer task with this key owns the result
        self._relay.delivered.emit((self._done_wrapper(callback), value))

    def _done_wrapper(self, callback):
        def done(value):
            self._pending -= 1
            self.busy_changed.emit(self._pending)
            if callback is not None:
                callback(value)
        return done

    def run(self, fn: Callable[..., Any], *args, on_done=None, on_error=None,
            key: str | None = None, write: bool = False, **kwargs) -> None:
        """Run ``fn(*args, **kwargs)`` off the UI thread (``write=True``: on the writer)."""
        generation = 0
        if key is not None:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation
        self._pending += 1
        self.busy_changed.emit(self._pending)
        if self.synchronous:
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:
                self._pending -= 1
                (on_error or self.default_error)(exc)
                return
            self._pending -= 1
            if on_done:
                on_done(result)
            return
        job = _Job(self, fn, args, kwargs, on_done, on_error, key, generation)
        (self.write_pool if write else self.read_pool).start(job)

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until all started jobs ran (for shutdown and tests)."""
        return self.write_pool.waitForDone(msecs) and self.read_pool.waitForDone(msecs)

    @property
    def pending(self) -> int:
        return self._pending
