"""User settings, declared once with types and defaults, stored with QSettings (INI file).

Window geometry lives apart from these choices. IT's per-machine configuration
(:mod:`desktop.machine_config`) is read first: its ``[defaults]`` replace the built-in ones,
the user's own values come on top, and settings IT has locked always keep IT's value (and are
not saved from here).

Who works here is not a setting: it is the user this laptop was registered to, kept in the
store (:mod:`desktop.sync.state`). ``user_name`` is only a copy of it -- for the display and to
pre-fill the next first login -- and never the computer's own login (``getpass``): on a shared
or IT-prepared laptop that is "root" or a service account, not the caseworker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

if TYPE_CHECKING:
    from desktop.machine_config import MachineConfig

SETTINGS_VERSION = 1


def data_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".mia-desk")


@dataclass
class Settings:
    language: str = "de"  # de | en
    user_name: str = ""  # the registered MiA user, e.g. "a.schneider" (a copy, see above)
    unit: str = "integration"  # catalog unit: "my unit", the default of new consultations
    location: str = "lra_naumburg"  # catalog location: where I usually work
    # "mein heutiger Standort": the location of my last consultation and its day (ISO date); a
    # new day starts from ``location`` again (see location_for)
    location_today: str = ""
    location_day: str = ""
    # Where walk-ins are called to ("Raum 1.02"): the queue panel's desk, remembered; IT may
    # set it per PC in the machine configuration's [defaults].
    desk: str = ""
    autosave_seconds: int = 3
    store_path: str = ""
    lock_minutes: int = 15  # lock after this long without input (0: never)
    if TYPE_CHECKING:
        # Set by load() only, so not a dataclass field at run time (not saved, not compared);
        # declared here for the type checker. A Settings() made directly has no such attribute.
        machine: MachineConfig | None = None
        given: frozenset[str] = frozenset()  # names set by the machine or the user's file

    @classmethod
    def load(cls, qs: QSettings | None = None, machine: MachineConfig | None = None) -> Settings:
        """Built-in defaults < *machine* defaults < the user's values < *machine* locks."""
        qs = qs or _qsettings()
        s = cls()
        s.machine = machine
        given = set()
        for name, value in machine.defaults.items() if machine is not None else ():
            setattr(s, name, value)
            given.add(name)
        for f in fields(cls):
            if s.is_locked(f.name):
                continue
            if qs.contains(f.name):
                value = qs.value(f.name)
                try:
                    setattr(s, f.name, int(value) if f.type in ("int", int) else str(value))
                    given.add(f.name)
                except (TypeError, ValueError):
                    pass  # keep the default for a malformed value
        s.given = frozenset(given)
        return s

    def adopt(self, user_name: str, units: Sequence[str] = ()) -> None:
        """Work as the registered user *user_name* with their *units* (from the server): "my
        unit" stays the one chosen before (by the user or IT) if it is one of *units*, else it
        is the first of them. No *units* (an older server, no registration): unchanged."""
        if user_name:
            self.user_name = user_name
        units = [u for u in units if u]
        if not units or self.is_locked("unit"):
            return
        chosen = "unit" in getattr(self, "given", ())
        if not (chosen and self.unit in units):
            self.unit = units[0]

    def location_for(self, today: dt.date, scheduled: str | None = None) -> str:
        """The default location of a new consultation: the one chosen last *today*, else
        *scheduled* (where one of the user's units holds consulting hours today: see
        desktop.store.consulting_hours.today_location), else ``location``. An outreach worker
        picks the shelter once a day, not every time."""
        if self.chose_location_today(today):
            return self.location_today
        return scheduled or self.location

    def chose_location_today(self, today: dt.date) -> bool:
        """Whether the user chose a location *today* (it wins over the consulting hours)."""
        return bool(self.location_today) and self.location_day == today.isoformat()

    def remember_location(self, code: str, today: dt.date, qs: QSettings | None = None) -> None:
        """Keep *code* as today's location (only it: the user's other settings stay as saved)."""
        self.location_today, self.location_day = code, today.isoformat()
        if self.is_locked("location"):
            return  # IT fixed the location of this machine
        qs = qs or _qsettings()
        qs.setValue("location_today", self.location_today)
        qs.setValue("location_day", self.location_day)
        qs.sync()

    def remember_desk(self, desk: str, qs: QSettings | None = None) -> None:
        """Keep *desk* (only it), as the queue panel's field says it."""
        if desk == self.desk or self.is_locked("desk"):
            return
        self.desk = desk
        qs = qs or _qsettings()
        qs.setValue("desk", desk)
        qs.sync()

    def is_locked(self, name: str) -> bool:
        """Whether IT has fixed this setting for the machine (users cannot change it)."""
        machine = getattr(self, "machine", None)
        return machine is not None and machine.is_locked(name)

    def save(self, qs: QSettings | None = None) -> None:
        qs = qs or _qsettings()
        qs.setValue("settings_version", SETTINGS_VERSION)
        for f in fields(self):
            if not self.is_locked(f.name):
                qs.setValue(f.name, getattr(self, f.name))
        qs.sync()

    def remember_user(self, qs: QSettings | None = None) -> None:
        """Keep the registered user's name (only it) for the next first-login dialog."""
        if self.user_name and not self.is_locked("user_name"):
            qs = qs or _qsettings()
            qs.setValue("user_name", self.user_name)
            qs.sync()


def load_window_geometry(qs: QSettings | None = None) -> bytes:
    """The main window's geometry as it was last closed (b"" if never)."""
    value = (qs or _qsettings()).value("window/geometry")
    if isinstance(value, QByteArray):
        return bytes(value.data())
    return bytes(value) if isinstance(value, (bytes, bytearray)) else b""


def save_window_geometry(geometry: bytes, qs: QSettings | None = None) -> None:
    qs = qs or _qsettings()
    qs.setValue("window/geometry", QByteArray(geometry))
    qs.sync()


def _qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "MiA", "MiA Desk")
