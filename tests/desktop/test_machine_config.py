"""IT's per-machine configuration: precedence, locks, TLS/proxy, and clear errors."""

import pytest
import requests
from PySide6.QtCore import QSettings

from desktop import machine_config
from desktop.machine_config import ConfigError, MachineConfig
from desktop.settings import Settings

SAMPLE = """\
# written by the county's software distribution
[sync]
server_url = "https://mia.landkreis.example"
proxy = "http://proxy.landkreis.local:3128"

[defaults]
location = "lra_naumburg"
unit = "jobcenter"
lock_minutes = 10
language = "de"

[locked]
settings = ["lock_minutes", "server_url"]
"""


@pytest.fixture
def user_settings(tmp_path):
    return QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_an_empty_configuration(tmp_path):
    config = machine_config.load(tmp_path / "missing.toml")
    assert config == MachineConfig() and not config.locked


def test_precedence_defaults_then_machine_then_user_then_locks(tmp_path, user_settings):
    machine = machine_config.load(write(tmp_path, SAMPLE))
    # Nothing of the user's yet: the machine's defaults replace the built-in ones.
    s = Settings.load(user_settings, machine)
    assert (s.unit, s.location, s.lock_minutes) == ("jobcenter", "lra_naumburg", 10)
    assert Settings().unit == "integration" and Settings().lock_minutes == 15
    # The user's own choice wins over a default, but not over a locked setting.
    user_settings.setValue("unit", "housing")
    user_settings.setValue("lock_minutes", 0)
    s = Settings.load(user_settings, machine)
    assert s.unit == "housing" and s.lock_minutes == 10
    assert s.is_locked("lock_minutes") and not s.is_locked("unit")
    # Saving never writes a locked value: IT's value stays the only one.
    s.unit = "abh"
    s.save(user_settings)
    assert user_settings.value("unit") == "abh" and int(user_settings.value("lock_minutes")) == 0
    assert Settings.load(user_settings, machine).lock_minutes == 10


def test_tls_root_and_proxy_reach_the_sync_session(tmp_path):
    ca = tmp_path / "county-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n")
    config = machine_config.load(
        write(tmp_path, f'[sync]\nca_certificate = "{ca}"\nproxy = "http://proxy.lk.local:3128"\n')
    )
    session = requests.Session()
    config.configure_session(session)
    assert session.verify == str(ca)
    assert session.proxies == {
        "http": "http://proxy.lk.local:3128",
        "https": "http://proxy.lk.local:3128",
    }
    assert session.trust_env is False
    system = MachineConfig(proxy="system")
    session = requests.Session()
    system.configure_session(session)
    assert session.trust_env is True
    # No proxy entry: the environment's proxy, as without a machine configuration; "" is direct.
    unset = machine_config.load(write(tmp_path, '[sync]\nserver_url = "https://x.example"\n'))
    session = requests.Session()
    unset.configure_session(session)
    assert unset.proxy is None and session.trust_env is True
    direct = machine_config.load(write(tmp_path, '[sync]\nproxy = ""\n'))
    session = requests.Session()
    direct.configure_session(session)
    assert session.trust_env is False and session.proxies == {}


@pytest.mark.parametrize(
    "text, line, words",
    [
        (
            '[sync]\nserver_url = "https://x.example"\nproxy = http://no-quotes\n',
            3,
            "Kein gültiges TOML",
        ),
        (
            '[sync]\nserver_url = "https://x.example"\n\n[defaults]\nlocation = "mond"\n',
            5,
            "Unbekannter Standort",
        ),
        ('[defaults]\nlock_minutes = "zehn"\n', 2, "ganze Zahl"),
        ('[defaults]\nfarbe = "blau"\n', 2, "Unbekannte Einstellung"),
        ('[sync]\nserver_url = "ftp://x"\n', 2, "keine Adresse"),
        ('[sync]\nserver = "https://x.example"\n', 2, "Unbekannter Eintrag"),
        ('[locked]\nsettings = ["unit"]\n', 2, "hat aber keinen Wert"),
        ('[proxy]\nurl = "http://p:3128"\n', 1, "Unbekannter Abschnitt"),
    ],
)
def test_a_malformed_file_is_reported_with_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        machine_config.load(path)
    message = str(err.value)
    assert err.value.line == line and f"{path}, Zeile {line}" in message and words in message
    assert "Standardeinstellungen" in message  # and what happens now


def test_a_missing_certificate_is_named(tmp_path):
    with pytest.raises(ConfigError, match="Das Zertifikat .*county.pem gibt es nicht"):
        machine_config.load(write(tmp_path, '[sync]\nca_certificate = "/nowhere/county.pem"\n'))


def test_the_environment_names_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, SAMPLE)
    monkeypatch.setenv(machine_config.ENV, str(path))
    assert machine_config.default_path() == path
    assert machine_config.load().server_url == "https://mia.landkreis.example"


def test_the_app_starts_with_a_message_when_the_file_is_broken(tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop import app as app_module

    monkeypatch.setattr(app_module, "setup_logging", lambda directory: directory / "log")
    monkeypatch.setattr(app_module, "install_crash_handler", lambda logfile: None)
    monkeypatch.setattr("desktop.ui.style.apply_style", lambda app: None)
    monkeypatch.setenv(machine_config.ENV, str(write(tmp_path, "[sync\nserver_url = 1\n")))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    app, window, ctx = app_module.start(
        app_module.parse_args(
            ["--demo", "--offline", "--demo-clients", "20", "--store", str(tmp_path / "d.sqlite")]
        )
    )
    qtbot.addWidget(window)
    try:
        assert window.isVisible()
        assert shown and "config.toml, Zeile 1" in shown[0]
        assert ctx.settings.unit == Settings().unit  # built-in defaults, nothing half-read
    finally:
        ctx.ops.wait(5000)
        ctx.store.close()


def test_locked_language_and_server_cannot_be_changed_in_the_ui(
    tmp_path, qtbot, user_settings, store
):
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.main_window import MainWindow
    from desktop.ui.ops import Ops
    from desktop.ui.sync_status import LoginDialog

    text = SAMPLE.replace(
        'settings = ["lock_minutes", "server_url"]', 'settings = ["language", "server_url"]'
    )
    settings = Settings.load(user_settings, machine_config.load(write(tmp_path, text)))
    bus = ChangeBus()
    ctx = AppContext(store=store, ops=Ops(bus, store), bus=bus, settings=settings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not any(a.isEnabled() for a in window.lang_actions.values())
    login = LoginDialog(ctx, lambda *a: None, "https://other.example", "a.schneider", window)
    assert login.server.text() == "https://mia.landkreis.example" and login.server.isReadOnly()
    assert not login.server.isEnabled() and login.server.toolTip()
    ctx.ops.wait(2000)
