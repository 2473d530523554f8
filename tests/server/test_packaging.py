"""The server's packaging samples agree with the code: the env file configures a server that
listens where the unit and the reverse proxy expect it, and the units run real commands."""

import re
from pathlib import Path

from sync_server.cli import build_parser
from sync_server.config import Settings

SERVER = Path(__file__).resolve().parents[2] / "installer" / "server"


def env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def test_the_sample_environment_is_valid_and_matches_the_proxy():
    env = env_file(SERVER / "server.env.sample")
    known = {s.env for s in Settings.ENV.values()}
    assert set(env) <= known, set(env) - known  # no variable the server ignores
    settings = Settings.load(environ=env)
    assert settings.host == "127.0.0.1" and settings.database_url.startswith("sqlite:////var/lib/")
    nginx = (SERVER / "nginx-mia-sync.conf").read_text()
    assert f"server {settings.host}:{settings.port};" in nginx
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert body_mb * 2**20 > settings.max_body_bytes  # the proxy lets every valid push through


def test_the_units_run_commands_the_cli_has():
    parser = build_parser()
    for unit in ("mia-sync-server.service", "mia-sync-backup.service"):
        text = (SERVER / unit).read_text()
        command = re.search(r"^ExecStart=\S+/mia-sync-server (.+)$", text, re.M).group(1).split()
        args = parser.parse_args(command)  # exits (fails the test) if unknown
        assert args.func.__name__ in ("cmd_serve", "cmd_backup")
        assert "EnvironmentFile=/etc/mia-sync-server/server.env" in text
