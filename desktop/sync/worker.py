"""Background sync: the engine runs in its own QThread, never on the UI thread.

:class:`SyncWorker` lives in the sync thread and runs one round when triggered.
:class:`SyncController` lives on the UI thread and decides *when*: at start, every three
minutes, two seconds after the last local save (debounced), and on demand (status-bar button,
F5). A request during a running round is remembered and runs right after it, so saves made
while syncing are never left waiting for the next timer. The controller turns the outcome
into a :class:`SyncStatus` for the status bar and announces, through the operation layer
(``ctx.ops.announce``), exactly which records and client files the round changed: an open
client file reloads only when a pull brought something of its own.

Rounds run apart from the operation layer's pools (``desktop.ui.ops``): a slow server never
delays a search or a save, and SQLite's busy timeout serialises the writes of both.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from desktop import permissions
from desktop.permissions import Permissions
from desktop.store import changes as changelog
from desktop.store.changes import Changes
from desktop.sync import state
from desktop.sync.errors import (
    QT_TRANSLATE_NOOP,
    AuthError,
    DeviceRevoked,
    Offline,
    PasswordChangeRequired,
    SyncError,
    TokenExpired,
    UserLocked,
)

if TYPE_CHECKING:
    from desktop.sync.engine import SyncEngine, SyncReport

log = logging.getLogger(__name__)

INTERVAL_MS = 3 * 60 * 1000
DEBOUNCE_MS = 2000

# The status kinds the status bar knows.
LOCAL, CONNECTING, SYNCING, SYNCED, PENDING, OFFLINE, ERROR, AUTH = (
    "local",
    "connecting",
    "syncing",
    "synced",
    "pending",
    "offline",
    "error",
    "auth",
)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows; ``message`` is the German reason of an error."""

    kind: str = LOCAL
    pending: int = 0
    conflicts: int = 0
    rejected: int = 0
    message: str = ""
    last_success: dt.datetime | None = None
    phase: str = ""
    done: int = 0
    total: int = 0
    code: str = ""  # the server's error code (e.g. ``password_change_required``)


@dataclass
class RoundResult:
    report: object | None
    error: BaseException | None
    pending: int
    rejected: int
    last_success: dt.datetime | None
    conflicts: int
    changes: Changes = field(default_factory=lambda: Changes(origin="sync"))  # written locally
    permissions: Permissions | None = None  # as the store holds them after the round


class SyncWorker(QObject):
    """Runs sync rounds in the thread it was moved to.

    *connect* builds the :class:`~desktop.sync.engine.SyncEngine` on first use (in this thread:
    it may register, read the keyring or start the embedded demo server).
    """

    progress = Signal(str, int, int)
    finished = Signal(object)  # RoundResult

    def __init__(self, connect: Callable[[], SyncEngine], store):
        super().__init__()
        self._connect = connect
        self.store = store
        self.engine: SyncEngine | None = None
        self.stop_event = threading.Event()  # set by the controller (another thread) at exit

    @Slot()
    def run(self) -> None:
        report: SyncReport | None = None
        error: Exception | None = None
        with changelog.recording() as written:
            try:
                if self.engine is None:
                    self.engine = self._connect()
                    self.engine.stop_event = self.stop_event
                    client = getattr(self.engine, "client", None)
                    if client is not None:
                        # Waiting before a retry ends at once when the app closes.
                        client.sleep = self.stop_event.wait
                report = self.engine.sync_once(progress=self.progress.emit)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a status
                if not isinstance(exc, SyncError):
                    log.exception("sync round failed")
                error = exc
        # Pages applied before a failure stay applied: announce them either way. A new server
        # epoch or access scope may have changed anything.
        changes = replace(
            written.changes("sync"),
            everything=bool(report is not None and (report.epoch_reset or report.scope_reset)),
        )
        try:
            current = state.load(self.store.engine)
            result = RoundResult(
                report,
                error,
                self.store.outbox_count(),
                state.open_rejection_count(self.store.engine),
                current.last_success_at,
                current.open_conflicts,
                changes,
                permissions.load(self.store.engine),
            )
        except Exception as exc:  # noqa: BLE001 - the store itself failed: report that
            log.exception("sync bookkeeping unreadable")
            result = RoundResult(report, error or exc, 0, 0, None, 0, changes)
        self.finished.emit(result)

    @Slot()
    def forget_engine(self) -> None:
        """Build the engine again on the next round (after a new login)."""
        if self.engine is not None and hasattr(self.engine, "client"):
            self.engine.client.close()
        self.engine = None


class SyncController(QObject):
    """Schedules sync rounds and publishes their state (UI thread)."""

    status_changed = Signal(object)  # SyncStatus
    synced = Signal(object)  # the SyncReport of a successful round
    revoked = Signal()  # the server revoked this device: wipe it
    # The user has to act (a SyncError): TokenExpired -> log in again, PasswordChangeRequired ->
    # a new password, UserLocked -> told once. Emitted when the reason first appears, not on
    # every round that meets it again.
    attention = Signal(object)
    _run = Signal()
    _forget = Signal()
    _hinted = Signal()  # the live channel's thread: "pull now"
    _channel_up = Signal(bool)  # the live channel's thread: open or broken

    def __init__(
        self,
        ctx,
        connect: Callable[[], SyncEngine],
        *,
        interval_ms: int = INTERVAL_MS,
        debounce_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.status = SyncStatus(CONNECTING)
        self._running = False
        self._again = False
        self._attention = ""  # the reason last announced
        self.at_stop: list[Callable[[], None]] = []  # run after the thread ended (demo server)
        self.sync_thread = QThread()  # ("thread" would hide QObject.thread())
        self.sync_thread.setObjectName("mia-sync")
        self.worker = SyncWorker(connect, ctx.store)
        self.worker.moveToThread(self.sync_thread)
        self._run.connect(self.worker.run)  # queued: the worker lives in the thread
        self._forget.connect(self.worker.forget_engine)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.live = None  # the live channel, if attached
        self.interval_ms = interval_ms
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.request_sync)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(debounce_ms)
        self.debounce.timeout.connect(self.request_sync)
        ctx.bus.changed.connect(self._on_local_change)

    # --- control ---------------------------------------------------------------------------

    def attach_live(self, channel) -> None:
        """Sync at once when the server hints (desktop.sync.live.LiveChannel, whose thread
        calls back; the signals carry that to this thread); while the channel is down, the
        timer polls more often."""
        self.live = channel
        channel.on_hint = self._hinted.emit
        channel.on_up = self._channel_up.emit
        self._hinted.connect(self.request_sync)
        self._channel_up.connect(self._live_up)
        self._live_up(False)

    @Slot(bool)
    def _live_up(self, up: bool) -> None:
        from desktop.sync.live import POLL_MS

        self.timer.setInterval(self.interval_ms if up else min(self.interval_ms, POLL_MS))

    def start(self) -> None:
        self.sync_thread.start()
        self.timer.start()
        if self.live is not None:
            self.live.start()
        self.request_sync()

    def stop(self, wait_ms: int = 15_000) -> None:
        """Stop scheduling and end the thread once a running round is done.

        A round stops between two pages or batches, and a wait before a retry ends at once;
        a request already in flight still runs to its answer (a page, normally well under the
        wait here). Nothing is lost either way: a page commits with its cursor or not at all.
        """
        self.timer.stop()
        self.debounce.stop()
        if self.live is not None:
            self.live.stop()
        self.worker.stop_event.set()
        self.sync_thread.quit()
        if not self.sync_thread.wait(wait_ms):
            log.warning("sync thread still busy at exit; its transaction rolls back")
        for stop in self.at_stop:
            stop()
        self.at_stop.clear()

    @property
    def running(self) -> bool:
        return self._running

    @Slot()
    def request_sync(self) -> None:
        if self._running:
            self._again = True
            return
        if not self.sync_thread.isRunning():
            return
        self._running = True
        self._publish(replace(self.status, kind=SYNCING, phase="", done=0, total=0))
        self._run.emit()

    def reconnect(self) -> None:
        """Use new credentials from the next round on, and start one."""
        self._forget.emit()
        if not self.timer.isActive() and self.sync_thread.isRunning():
            self.timer.start()
        self.request_sync()

    # --- signals from the worker and the bus ------------------------------------------------

    def _on_local_change(self, changes) -> None:
        if changes.origin != "local" or not changes.without("draft"):
            return  # a pulled change, or only a draft (drafts are not sent)
        self.debounce.start()  # restarts: two seconds after the *last* save
        if not self._running:
            self.ctx.ops.read(
                self.ctx.store.outbox_count, key="sync_pending", on_done=self._on_pending
            )

    def _on_pending(self, pending: int) -> None:
        if self._running:
            return
        kind = self.status.kind
        if kind in (SYNCED, PENDING):
            kind = PENDING if pending else SYNCED
        self._publish(replace(self.status, kind=kind, pending=pending))

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        self._publish(replace(self.status, kind=SYNCING, phase=phase, done=done, total=total))

    def _on_finished(self, result: RoundResult) -> None:
        self._running = False
        error = result.error
        status = SyncStatus(
            PENDING if result.pending else SYNCED,
            result.pending,
            result.conflicts,
            result.rejected,
            "",
            result.last_success,
        )
        if isinstance(error, Offline):
            status = replace(status, kind=OFFLINE, message=error.message)
        elif isinstance(error, (AuthError, PasswordChangeRequired)):
            status = replace(status, kind=AUTH, message=error.message, code=error.code)
        elif isinstance(error, SyncError):
            status = replace(status, kind=ERROR, message=error.message)
            if isinstance(error, DeviceRevoked):
                self.timer.stop()  # asking again every three minutes changes nothing
                self.revoked.emit()
        elif error is not None:
            status = replace(
                status,
                kind=ERROR,
                message=QT_TRANSLATE_NOOP(
                    "sync", "Unerwarteter Fehler bei der Synchronisation (Details im Protokoll)."
                ),
            )
        self._publish(status)
        self._announce(error)
        if result.report is not None:
            self.synced.emit(result.report)
        changes = result.changes
        if result.permissions is not None and result.permissions.key != self.ctx.permissions.key:
            # Other rules, units or roles: every view and form asks again what it may show.
            self.ctx.permissions = result.permissions
            user = result.permissions.user
            self.ctx.settings.adopt(user.name, user.units)  # "my unit" is one of them
            changes = replace(changes, everything=True)
        self.ctx.ops.announce(changes)
        if self._again:
            self._again = False
            self.request_sync()

    def _announce(self, error: BaseException | None) -> None:
        """``attention`` once per reason the user must act on; a round without it (success,
        or only offline) lets the same reason be announced again later."""
        if isinstance(error, (TokenExpired, PasswordChangeRequired, UserLocked)):
            reason = type(error).__name__
            if reason != self._attention:
                self._attention = reason
                self.attention.emit(error)
        elif not isinstance(error, Offline):
            self._attention = ""

    def _publish(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)
