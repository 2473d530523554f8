"""Issuing and printing a walk-in ticket for the reception screen, off the UI thread.

:class:`TicketDesk` writes the ticket through the operation layer (``tickets.issue``); the
first time, when the device has no number range yet, it fetches its prefix from the server
(``ctx.ops.net``) and issues again -- without a server, a German message says what is
missing and what to do. The A6 PDF (desktop.ticket_print, printed with Qt) is written on a
worker of the operation layer and opened with the system's viewer, which prints it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from casefile import catalogs, queue
from casefile.records import WalkInTicket
from desktop import reception, ticket_print
from desktop.settings import data_dir
from desktop.store import tickets
from desktop.sync import errors as sync_errors
from desktop.ui.context import AppContext


class TicketDesk(QObject):
    """``issued(ticket)`` or ``failed(message)`` after :meth:`issue`; ``busy_changed`` while
    it runs; ``print_state(text)`` as the PDF is written and opened."""

    issued = Signal(object)  # WalkInTicket
    failed = Signal(str)
    busy_changed = Signal(bool)
    print_state = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.connection: Any = None  # desktop.sync.connection.Connection, when there is a server
        self.busy = False
        self.open_pdf = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- issuing -------------------------------------------------------------------------------

    def issue(self, **fields: Any) -> None:
        """Issue a ticket with *fields* (``tickets.issue``'s keywords but store and staff)."""
        if self.busy:
            return
        self._issue(fields, retried=False)

    def _issue(self, fields: dict, *, retried: bool) -> None:
        self._set_busy(True)
        self.ctx.ops.write(
            tickets.issue,
            self.ctx.store,
            staff=self.ctx.settings.user_name,
            **fields,
            on_done=self._issued,
            on_error=lambda exc: self._issue_failed(exc, fields, retried),
        )

    def _issued(self, ticket: WalkInTicket) -> None:
        self._set_busy(False)
        self.issued.emit(ticket)

    def _issue_failed(self, exc: Exception, fields: dict, retried: bool) -> None:
        if isinstance(exc, tickets.NoPrefix) and not retried and self.connection is not None:
            # The first ticket of this device: its number range from the server, once.
            self.ctx.ops.net(
                reception.fetch_prefix,
                self.connection,
                self.ctx.store,
                on_done=lambda _p: self._issue(fields, retried=True),
                on_error=self._prefix_failed,
            )
            return
        if isinstance(exc, tickets.NoPrefix):
            self._prefix_failed(exc)
            return
        self._set_busy(False)
        self.failed.emit(
            self.tr("Die Wartemarke wurde nicht ausgegeben: {error}").format(error=exc)
        )

    def _prefix_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, sync_errors.AuthError):
            reason = self.tr("Dieses Gerät ist beim Server nicht angemeldet.")
        elif isinstance(exc, sync_errors.SyncError) and not isinstance(exc, sync_errors.Offline):
            reason = self.tr("Der Server hat die Anfrage abgelehnt ({error}).").format(error=exc)
        else:
            reason = self.tr("Der Server ist nicht erreichbar (offline).")
        self.failed.emit(
            self.tr(
                "Noch keine Wartemarke möglich. {reason} Dieses Gerät braucht einmal den "
                "Server, um seinen Nummernkreis zu erhalten; danach gibt es Wartemarken auch "
                "ohne Netz aus. Bitte die Verbindung prüfen und erneut ausgeben."
            ).format(reason=reason)
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    # --- the number range ----------------------------------------------------------------------

    def set_connection(self, connection: Any) -> None:
        """The laptop's server: the device's number range is fetched now if it has none."""
        self.connection = connection
        if connection is not None:
            self.ctx.ops.read(
                tickets.prefix, self.ctx.store, key="ticket_prefix", on_done=self._have_prefix
            )

    def _have_prefix(self, value: str | None) -> None:
        if value or self.connection is None:
            return
        self.ctx.ops.net(
            reception.fetch_prefix,
            self.connection,
            self.ctx.store,
            on_done=lambda _p: None,
            on_error=lambda _exc: None,  # asked again when the first ticket is issued
        )

    # --- printing ------------------------------------------------------------------------------

    def print_ticket(self, ticket: WalkInTicket) -> None:
        """*ticket* as an A6 PDF (written on a worker), opened for printing."""
        slip = ticket_print.Slip(
            number=ticket.number,
            unit=catalogs.load("unit").label(ticket.unit),
            room=queue.default_rules().room(ticket.location, ticket.unit),
            location=catalogs.load("location").label(ticket.location),
            arrived_at=ticket.arrived_at,
            language=ticket.language,
        )
        path = data_dir() / "tickets" / f"Wartemarke_{ticket.day.isoformat()}_{ticket.number}.pdf"
        self.print_state.emit(self.tr("PDF wird erstellt …"))
        self.ctx.ops.read(
            _write_slip,
            slip,
            path,
            self.ctx.today(),
            key="ticket_pdf",
            on_done=self._printed,
            on_error=lambda exc: self.print_state.emit(
                self.tr("PDF nicht erstellt: {error}").format(error=exc)
            ),
        )

    def _printed(self, path: Path) -> None:
        self.print_state.emit(self.tr("PDF geöffnet: {name}").format(name=path.name))
        self.open_pdf(path)


def _write_slip(slip, path: Path, today: dt.date) -> Path:
    """(worker) Yesterday's ticket files go, today's is written."""
    ticket_print.purge(path.parent, today)
    return ticket_print.write_pdf(slip, path)
