"""User settings, declared once with types and defaults, stored with QSettings (INI file).

Window geometry lives apart from these choices. IT's per-machine configuration
(:mod:`desktop.machine_config`) is read first: its ``[defaults]`` replace the built-in ones,
the user's own values come on top, and settings IT has locked always keep IT's value (and are
not saved from here).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths

if TYPE_CHECKING:
    from desktop.machine_config import MachineConfig

SETTINGS_VERSION = 1


def data_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".mia-desk")


@dataclass
class Settings:
    language: str = "de"  # de | en
    user_name: str = ""  # login name, e.g. "a.schneider"
    unit: str = "integration"  # catalog unit: "my unit", the default of new consultations
    location: str = "lra_naumburg"  # catalog location: "my current location"
    autosave_seconds: int = 3
    store_path: str = ""
    lock_minutes: int = 15  # lock after this long without input (0: never)
    if TYPE_CHECKING:
        # Set by load() only, so not a dataclass field at run time (not saved, not compared);
        # declared here for the type checker. A Settings() made directly has no such attribute.
        machine: MachineConfig | None = None

    @classmethod
    def load(cls, qs: QSettings | None = None, machine: MachineConfig | None = None) -> Settings:
        """Built-in defaults < *machine* defaults < the user's values < *machine* locks."""
        qs = qs or _qsettings()
        s = cls()
        s.machine = machine
        for name, value in machine.defaults.items() if machine is not None else ():
            setattr(s, name, value)
        for f in fields(cls):
            if s.is_locked(f.name):
                continue
            if qs.contains(f.name):
                value = qs.value(f.name)
                try:
                    setattr(s, f.name, int(value) if f.type in ("int", int) else str(value))
                except (TypeError, ValueError):
                    pass  # keep the default for a malformed value
        if not s.user_name:
            s.user_name = _login_name()
        return s

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


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"


def _qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "MiA", "MiA Desk")
