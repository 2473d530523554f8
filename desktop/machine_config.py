"""The per-machine configuration county IT sets once for every laptop (TOML).

Where it is read from (the first that exists):

* the file named by the environment variable ``MIA_DESK_CONFIG``;
* Windows: ``%ProgramData%\\MiA Desk\\config.toml`` (the installer writes it, see
  installer/windows/mia-desk.iss);
* Linux and others: ``/etc/mia-desk/config.toml`` (the .deb ships a commented sample).

What it holds (every key optional; see installer/config.sample.toml)::

    [sync]
    server_url = "https://mia.landkreis.example"   # preset for the first login
    ca_certificate = "/etc/mia-desk/county-ca.pem" # a county-internal TLS root (PEM)
    proxy = "http://proxy.landkreis.local:3128"    # "" = direct; "system" or unset = the OS/env proxy

    [defaults]                                     # any user setting (desktop.settings)
    location = "lra_naumburg"
    unit = "integration"
    lock_minutes = 10

    [locked]
    settings = ["lock_minutes", "server_url"]      # users cannot change these

Precedence: built-in defaults < ``[defaults]`` here < the user's own settings < anything named
in ``[locked]``, which always has this file's value. A malformed file is reported in German,
naming the file and the line; the app then starts with its built-in defaults (nothing of a
half-read file is applied).
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlparse

ENV = "MIA_DESK_CONFIG"
SECTIONS = {
    "sync": {"server_url", "ca_certificate", "proxy"},
    "defaults": None,
    "locked": {"settings"},
}


class ConfigError(Exception):
    """The machine configuration cannot be used; ``str()`` is the German message for the user."""

    def __init__(self, path: Path, line: int | None, detail: str):
        self.path, self.line, self.detail = path, line, detail
        where = f"{path}, Zeile {line}" if line else str(path)
        super().__init__(
            f"Die Konfigurationsdatei {where} ist fehlerhaft: {detail} "
            "MiA Desk startet mit den Standardeinstellungen; bitte wenden Sie sich "
            "an die IT."
        )


@dataclass
class MachineConfig:
    path: Path | None = None
    server_url: str = ""
    ca_certificate: str = ""
    proxy: str | None = None  # None (not set) or "system": environment/OS; "" direct; a URL
    defaults: dict[str, object] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()

    def is_locked(self, name: str) -> bool:
        return name in self.locked

    def configure_session(self, session) -> None:
        """Apply TLS root and proxy to a ``requests.Session`` for the sync server."""
        if self.ca_certificate:
            session.verify = self.ca_certificate
        if self.proxy is None or self.proxy == "system":
            session.trust_env = True  # as without a machine configuration
        elif self.proxy:
            session.trust_env = False
            session.proxies = {"http": self.proxy, "https": self.proxy}
        else:
            session.trust_env = False  # direct: no proxy from the environment either
            session.proxies = {}


def machine_session(settings):
    """A factory of sessions for the sync server with IT's TLS root and proxy, for the
    configuration in ``settings.machine``; None when it sets neither (plain sessions do)."""
    machine = getattr(settings, "machine", None)
    if machine is None or not (machine.ca_certificate or machine.proxy is not None):
        return None

    def make():
        import requests

        session = requests.Session()
        machine.configure_session(session)
        return session

    return make


def default_path() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if sys.platform == "win32":
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "MiA Desk" / "config.toml"
    return Path("/etc/mia-desk/config.toml")


def load(path: Path | str | None = None) -> MachineConfig:
    """The configuration at *path* (default: :func:`default_path`); an empty one if there is
    no file. Raises :class:`ConfigError` for a file that exists but cannot be used."""
    path = Path(path) if path is not None else default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return MachineConfig()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"Sie kann nicht gelesen werden ({exc}).") from exc
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            path, int(m.group(1)) if m else None, f"Kein gültiges TOML ({exc})."
        ) from exc
    return _validate(path, text, doc)


def _line_of(text: str, key: str) -> int | None:
    """The line on which *key* is set (for messages; TOML parsers do not keep positions)."""
    pattern = re.compile(rf"^\s*(\[{re.escape(key)}\]|{re.escape(key)}\s*=)")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def _validate(path: Path, text: str, doc: dict) -> MachineConfig:
    from casefile import catalogs
    from desktop.settings import Settings  # the user settings a default may be given for

    def fail(key: str, detail: str):
        return ConfigError(path, _line_of(text, key), detail)

    for name, value in doc.items():
        if name not in SECTIONS:
            raise fail(
                name,
                f"Unbekannter Abschnitt [{name}] (erlaubt: "
                f"{', '.join('[' + s + ']' for s in SECTIONS)}).",
            )
        if not isinstance(value, dict):
            raise fail(name, f"{name} muss ein Abschnitt [{name}] sein.")
        allowed = SECTIONS[name]
        for key in value:
            if allowed is not None and key not in allowed:
                raise fail(
                    key,
                    f"Unbekannter Eintrag {key!r} in [{name}] (erlaubt: "
                    f"{', '.join(sorted(allowed))}).",
                )
    config = MachineConfig(path=path)
    sync = doc.get("sync", {})
    for key in ("server_url", "ca_certificate", "proxy"):
        if key in sync and not isinstance(sync[key], str):
            raise fail(key, f"{key} muss ein Text in Anführungszeichen sein.")
    config.server_url = sync.get("server_url", "").strip()
    if config.server_url:
        url = urlparse(config.server_url)
        if url.scheme not in ("http", "https") or not url.netloc:
            raise fail(
                "server_url",
                f"server_url {config.server_url!r} ist keine Adresse der Form https://server.",
            )
    config.ca_certificate = sync.get("ca_certificate", "").strip()
    if config.ca_certificate and not Path(config.ca_certificate).is_file():
        raise fail("ca_certificate", f"Das Zertifikat {config.ca_certificate} gibt es nicht.")
    config.proxy = sync["proxy"].strip() if "proxy" in sync else None
    if config.proxy and config.proxy != "system":
        url = urlparse(config.proxy)
        if url.scheme not in ("http", "https", "socks5", "socks5h") or not url.netloc:
            raise fail(
                "proxy",
                f"proxy {config.proxy!r} ist keine Adresse der Form "
                'http://proxy:3128 (oder "system").',
            )

    types = {f.name: f.type for f in fields(Settings)}
    for key, value in doc.get("defaults", {}).items():
        if key not in types:
            raise fail(
                key,
                f"Unbekannte Einstellung {key!r} in [defaults] (bekannt: "
                f"{', '.join(sorted(types))}).",
            )
        want_int = types[key] in ("int", int)
        if want_int and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise fail(key, f"{key} muss eine ganze Zahl ab 0 sein.")
        if not want_int and not isinstance(value, str):
            raise fail(key, f"{key} muss ein Text in Anführungszeichen sein.")
        if key == "unit" and value not in catalogs.load("unit").codes:
            raise fail(key, f"Unbekannte Einheit {value!r}.")
        if key == "location" and value not in catalogs.load("location").codes:
            raise fail(key, f"Unbekannter Standort {value!r}.")
        if key == "language" and value not in ("de", "en"):
            raise fail(key, 'language muss "de" oder "en" sein.')
        config.defaults[key] = value

    locked = doc.get("locked", {}).get("settings", [])
    if not isinstance(locked, list) or not all(isinstance(x, str) for x in locked):
        raise fail("settings", "settings in [locked] muss eine Liste von Namen sein.")
    unknown = [x for x in locked if x not in types and x not in ("server_url",)]
    if unknown:
        raise fail("settings", f"Unbekannte Einstellung {unknown[0]!r} in [locked].")
    missing = [x for x in locked if x != "server_url" and x not in config.defaults]
    if missing:
        raise fail("settings", f"{missing[0]!r} ist gesperrt, hat aber keinen Wert in [defaults].")
    if "server_url" in locked and not config.server_url:
        raise fail("settings", "server_url ist gesperrt, aber in [sync] nicht gesetzt.")
    config.locked = frozenset(locked)
    return config
