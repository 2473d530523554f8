"""The one way off the UI thread: named pools, one writer, and announced changes.

Every piece of work a screen starts that may take longer than a frame goes through
:class:`Ops`, in one of three pools:

``read``
    local store reads (search, a client file, lists): two threads, so a long list never
    holds up a keystroke's search.
``write``
    local store writes: one thread (SQLite has one writer). :meth:`Ops.write` records what
    the write touched (``desktop.store.changes``) and, once it committed, announces exactly
    that on ``ctx.bus.changed`` -- the widget that saved never announces anything itself.
``net``
    calls to the sync server (conflicts, duplicates, audit, login, password change): their own
    threads, so a slow server never delays a search or a save.

``on_done(result)`` and ``on_error(exc)`` run on the UI thread; a callback whose widget was
deleted meanwhile is dropped. A ``key`` makes a job supersede the previous one with the same
key (a search per keystroke delivers only the newest result). Sync rounds run on their own
thread (``desktop.sync.worker``) and announce what they pulled through :meth:`Ops.announce`.

:func:`guard_store` makes a store statement run on the UI thread from UI code an error (in
tests, ``MIA_STRICT_UI_THREAD=1``, an exception; in the app, a logged error naming the line).

Tests may use ``Ops(bus, synchronous=True)``, which runs every job inline (still recording
and announcing changes the same way).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from sqlalchemy import event

from desktop.store import changes as changelog
from desktop.store.changes import Changes

log = logging.getLogger(__name__)

READ, WRITE, NET = "read", "write", "net"
POOL_THREADS = {READ: 2, WRITE: 1, NET: 2}


class _Relay(QObject):
    """Lives on the UI thread; a queued signal carries results from workers to it."""

    delivered = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.delivered.connect(self._deliver)

    @Slot(object)
    def _deliver(self, packet) -> None:
        finish, value = packet
        finish(value)


def _owners(callback: Any) -> list[QObject]:
    """The Qt objects a callback acts on: the object of a bound method, the Qt objects a
    lambda or nested function closes over (``self`` of the widget that asked), and those of
    a ``functools.partial``."""
    if isinstance(callback, functools.partial):
        return [
            o
            for part in (callback.func, *callback.args, *callback.keywords.values())
            for o in ([part] if isinstance(part, QObject) else _owners(part))
        ]
    owner = getattr(callback, "__self__", None)
    if owner is not None:
        return [owner] if isinstance(owner, QObject) else []
    cells = getattr(callback, "__closure__", None) or ()
    found = []
    for cell in cells:
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, QObject):
            found.append(value)
    return found


def _alive(callback: Callable | None) -> bool:
    """False when a Qt object the callback acts on was deleted in the meantime (the widget
    that asked was closed): its answer is dropped, the callback is not called."""
    return all(shiboken6.isValid(owner) for owner in _owners(callback))


class _Job(QRunnable):
    def __init__(self, ops: Ops, pool: str, fn, args, kwargs, on_done, on_error, key, generation):
        super().__init__()
        self.ops, self.pool, self.fn, self.args, self.kwargs = ops, pool, fn, args, kwargs
        self.on_done, self.on_error, self.key, self.generation = on_done, on_error, key, generation

    def run(self) -> None:
        if self.key is not None and not self.ops._current(self.key, self.generation):
            self.ops._relay.delivered.emit((self.ops._settle(self, None, None, None), None))
            return  # superseded before it started
        outcome = self.ops._execute(self.fn, self.args, self.kwargs)
        self.ops._relay.delivered.emit((self.ops._settle(self, *outcome), None))


class Ops(QObject):
    """Runs work off the UI thread and reports back on it (see the module docstring)."""

    busy_changed = Signal(int)

    def __init__(
        self,
        bus,
        store=None,
        parent: QObject | None = None,
        *,
        synchronous: bool = False,
        default_error: Callable[[Exception], None] | None = None,
    ):
        super().__init__(parent)
        self.bus = bus
        self.synchronous = synchronous
        self.default_error = default_error or (lambda exc: None)
        self._relay = _Relay(self)
        self._generations: dict[str, int] = {}
        self._pending = 0
        self.pools: dict[str, QThreadPool] = {}
        for name, threads in POOL_THREADS.items():
            pool = QThreadPool(self)
            pool.setObjectName(f"mia-{name}")
            pool.setMaxThreadCount(threads)
            self.pools[name] = pool
        if store is not None:
            guard_store(store.engine)
            guard_store(getattr(store, "search_engine", store.engine))  # the search's own

    # --- the three ways in ---------------------------------------------------------------

    def read(
        self,
        fn: Callable[..., Any],
        *args,
        on_done=None,
        on_error=None,
        key: str | None = None,
        **kwargs,
    ) -> None:
        """A local read (search, lists, a client file)."""
        self._start(READ, fn, args, kwargs, on_done, on_error, key)

    def write(
        self,
        fn: Callable[..., Any],
        *args,
        on_done=None,
        on_error=None,
        key: str | None = None,
        **kwargs,
    ) -> None:
        """A local write on the one writer thread; what it changed is announced after
        ``on_done`` ran."""
        self._start(WRITE, fn, args, kwargs, on_done, on_error, key)

    def net(
        self,
        fn: Callable[..., Any],
        *args,
        on_done=None,
        on_error=None,
        key: str | None = None,
        **kwargs,
    ) -> None:
        """A call to the sync server (it may also write what the server answered)."""
        self._start(NET, fn, args, kwargs, on_done, on_error, key)

    def announce(self, changes: Changes) -> None:
        """Tell every view what changed (UI thread): after a sync round, or a write above."""
        if changes and self.bus is not None:
            self.bus.changed.emit(changes)

    def attach(self, bus, store) -> Ops:
        """The app's context takes this layer over: its bus, its store (guarded)."""
        self.bus = bus
        guard_store(store.engine)
        return self

    # --- machinery -------------------------------------------------------------------------

    def _start(self, pool, fn, args, kwargs, on_done, on_error, key) -> None:
        generation = 0
        if key is not None:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation
        self._pending += 1
        self.busy_changed.emit(self._pending)
        job = _Job(self, pool, fn, args, kwargs, on_done, on_error, key, generation)
        if self.synchronous:
            self._settle(job, *self._execute(fn, args, kwargs))()
            return
        self.pools[pool].start(job)

    def _execute(self, fn, args, kwargs) -> tuple[Any, Exception | None, Changes]:
        """Runs on a worker thread (inline when synchronous): the result or the error, and
        what the job wrote."""
        with changelog.recording() as written:
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:  # delivered to on_error on the UI thread
                log.error(
                    "background task %s failed:\n%s",
                    getattr(fn, "__name__", fn),
                    traceback.format_exc(),
                )
                return None, exc, written.changes()
        return result, None, written.changes()

    def _settle(self, job: _Job, result, error, changed: Changes | None):
        """The UI-thread part of a finished job, as a callable for the relay."""

        def finish(_value=None) -> None:
            self._pending -= 1
            self.busy_changed.emit(self._pending)
            superseded = job.key is not None and not self._current(job.key, job.generation)
            if not superseded:
                if error is not None:
                    callback = job.on_error or self.default_error
                    if _alive(callback):
                        callback(error)
                elif job.on_done is not None and _alive(job.on_done):
                    job.on_done(result)
            # What was written is announced even if the widget that asked is gone.
            if changed:
                self.announce(changed)

        return finish

    def _current(self, key: str, generation: int) -> bool:
        return self._generations.get(key) == generation

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until all started jobs ran (for shutdown and tests)."""
        return all(pool.waitForDone(msecs) for pool in self.pools.values())

    @property
    def pending(self) -> int:
        return self._pending


_shared: Ops | None = None


def shared() -> Ops:
    """The process's operation layer: the app's context uses it, and so do the dialogs shown
    before there is one (unlock, first login)."""
    global _shared
    if _shared is None or not shiboken6.isValid(_shared):
        _shared = Ops(None)
    return _shared


# --- the UI-thread guard ------------------------------------------------------------------


class UIThreadStoreAccess(AssertionError):
    """A store statement ran on the UI thread, called from UI code."""


_UI_DIR = str(Path(__file__).resolve().parent) + os.sep
_BRIDGE = str(Path(__file__).resolve().parent.parent / "sync" / "worker.py")
_OPS = str(Path(__file__).resolve())
_reported: set[tuple[str, int]] = set()


def _ui_caller() -> tuple[str, int] | None:
    """The innermost UI frame that (directly or through helpers) ran this statement, unless
    the operation layer runs it (inline, in tests)."""
    frame, caller = sys._getframe(2), None
    while frame is not None:
        name = frame.f_code.co_filename
        if name == _OPS and frame.f_code.co_name == "_execute":
            return None
        if caller is None and (name.startswith(_UI_DIR) or name == _BRIDGE):
            caller = name, frame.f_lineno
        frame = frame.f_back
    return caller


def guard_store(engine) -> None:
    """Watch *engine*: a statement on the UI thread from UI code is an error."""
    if getattr(engine, "_mia_guarded", False):
        return
    engine._mia_guarded = True
    main = threading.main_thread()

    @event.listens_for(engine, "before_cursor_execute")
    def _check(conn, cursor, statement, parameters, context, executemany):
        if threading.current_thread() is not main:
            return
        caller = _ui_caller()
        if caller is None:
            return
        where = f"{caller[0]}:{caller[1]}"
        if os.environ.get("MIA_STRICT_UI_THREAD") == "1":
            raise UIThreadStoreAccess(
                f"store statement on the UI thread from {where}: {statement[:80]}"
            )
        if caller not in _reported:
            _reported.add(caller)
            log.error("store statement on the UI thread from %s (use ctx.ops)", where)
