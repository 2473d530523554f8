"""Keyring backends for the tests: set explicitly, never the one installed on the machine."""

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring (a trusted backend: not from keyrings.alt)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.items = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's PlaintextKeyring: a file backend, never trusted."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


class FileKeyring(MemoryKeyring):
    """The same, kept in a JSON file: a keyring that a second process sees too."""

    def __init__(self, path=None):
        super().__init__()
        self._path = path  # (keyring's own detection makes one without a path)

    @property
    def path(self) -> Path:
        return Path(self._path or os.environ.get("MIA_TEST_KEYRING", "/nonexistent"))

    @property
    def items(self):
        if not self.path.exists():
            return {}
        return {tuple(k.split("\x00")): v for k, v in json.loads(self.path.read_text()).items()}

    @items.setter
    def items(self, value):
        pass

    def set_password(self, service, username, password):
        data = self.items
        data[(service, username)] = password
        self.path.write_text(json.dumps({"\x00".join(k): v for k, v in data.items()}))

    def delete_password(self, service, username):
        data = self.items
        data.pop((service, username), None)
        self.path.write_text(json.dumps({"\x00".join(k): v for k, v in data.items()}))
