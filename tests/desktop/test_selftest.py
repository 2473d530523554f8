"""``mia-desk --self-test``: passes on a complete installation and names what is missing."""

import subprocess
import sys
from pathlib import Path

from desktop import selftest

ROOT = Path(__file__).resolve().parents[2]


def test_the_self_test_passes_here_as_a_process():
    done = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--self-test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "Verschlüsselter lokaler Speicher" in done.stdout and "Selbsttest bestanden." in done.stdout
    )


def test_a_missing_translation_fails_the_self_test_and_is_named(monkeypatch, tmp_path, qapp):
    import resources

    real = resources.path

    def without_english(*parts):
        if parts and parts[0] == "translations":
            return tmp_path.joinpath(*parts)  # not there
        return real(*parts)

    monkeypatch.setattr(resources, "path", without_english)
    lines = []
    assert selftest.run(lines.append) == 1
    [failed] = [line for line in lines if line.startswith("FEHLER")]
    assert "Übersetzungen" in failed and "mia_desk_en.qm" in failed
    assert lines[-1].startswith("Selbsttest fehlgeschlagen: 1 Prüfung")


def test_the_self_test_reaches_the_configured_server_or_says_why_not(
    tmp_path, monkeypatch, qapp, demo_server
):
    from desktop import machine_config

    config = tmp_path / "config.toml"
    monkeypatch.setenv(machine_config.ENV, str(config))
    config.write_text(f'[sync]\nserver_url = "{demo_server.url}"\n')
    lines = []
    assert selftest.run(lines.append) == 0, [x for x in lines if not x.startswith("ok")]
    assert any(line.startswith("ok      Sync-Server") and "erreichbar" in line for line in lines)
    config.write_text('[sync]\nserver_url = "http://127.0.0.1:9"\n')  # nothing listens there
    lines = []
    assert selftest.run(lines.append) == 1
    [failed] = [line for line in lines if line.startswith("FEHLER")]
    assert "Sync-Server" in failed and "nicht erreichbar" in failed


def test_the_self_test_says_whether_a_keyring_protects_the_store_key(qapp):
    """Without a protected keyring the store key hangs on the password alone: said plainly,
    not a failure. With one, the store check uses it and removes its test secret again."""
    import keyring
    from keyring.backends import fail

    from tests.keyrings import MemoryKeyring, PlaintextKeyring

    before = keyring.get_keyring()
    try:
        for backend in (fail.Keyring(), PlaintextKeyring()):
            keyring.set_keyring(backend)
            lines = []
            assert selftest.run(lines.append) == 0, [x for x in lines if not x.startswith("ok")]
            [note] = [line for line in lines if "Schlüsselbund" in line]
            assert note.startswith("HINWEIS") and "nur durch das Passwort geschützt" in note
            assert any("Schlüsseldatei (nur Passwort)" in line for line in lines)
        ring = MemoryKeyring()
        keyring.set_keyring(ring)
        lines = []
        assert selftest.run(lines.append) == 0, [x for x in lines if not x.startswith("ok")]
        [note] = [line for line in lines if line.startswith("ok      Schlüsselbund")]
        assert "Geräte-Geheimnis" in note
        assert any("Schlüsseldatei (Passwort und Geräte-Geheimnis)" in line for line in lines)
        assert not ring.items  # nothing left behind
    finally:
        keyring.set_keyring(before)
