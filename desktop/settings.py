"""User settings, declared once with types and defaults, stored with QSettings (INI file).

Window geometry lives apart from these choices. IT's machine-wide configuration (issue 6) will be
read before the user's own values.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass, fields
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

SETTINGS_VERSION = 1


def data_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".mia-desk")


@dataclass
class Settings:
    language: str = "de"          # de | en
    user_name: str = ""           # login name, e.g. "a.schneider"
    unit: str = "integration"     # catalog unit: "my unit", the default of new consultations
    location: str = "lra_naumburg"  # catalog location: "my current location"
    autosave_seconds: int = 3
    store_path: str = ""
    lock_minutes: int = 15          # lock after this long without input (0: never)

    @classmethod
    def load(cls, qs: QSettings | None = None) -> "Settings":
        qs = qs or _qsettings()
        s = cls()
        for f in fields(cls):
            if qs.contains(f.name):
                value = qs.value(f.name)
                try:
                    setattr(s, f.name, int(value) if f.type in ("int", int) else str(value))
                except (TypeError, ValueError):
                    pass  # keep the default for a malformed value
        if not s.user_name:
            s.user_name = _login_name()
        return s

    def save(self, qs: QSettings | None = None) -> None:
        qs = qs or _qsettings()
        qs.setValue("settings_version", SETTINGS_VERSION)
        for f in fields(self):
            qs.setValue(f.name, getattr(self, f.name))
        qs.sync()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"


def _qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "MiA", "MiA Desk")
