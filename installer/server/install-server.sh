#!/usr/bin/env bash
# Install or upgrade the MiA Desk sync server on a Debian/Ubuntu machine (run as root):
#
#   sudo installer/server/install-server.sh [path/to/mia_desk-*.whl | source checkout]
#
# Creates the user mia-sync, a virtualenv in /opt/mia-sync-server/venv, the state directory
# /var/lib/mia-sync-server, /etc/mia-sync-server/server.env (from the sample, only if absent),
# and the systemd units (service + daily backup timer). An upgrade stops the service, installs
# the new version and starts it again: `serve` migrates the schema with a backup first.
set -euo pipefail
SOURCE="${1:-$(cd "$(dirname "$0")/../.." && pwd)}"
HERE="$(cd "$(dirname "$0")" && pwd)"
[ "$(id -u)" = 0 ] || { echo "bitte als root ausführen (sudo)" >&2; exit 1; }

apt-get install -y -qq python3 python3-venv postgresql-client >/dev/null
id mia-sync >/dev/null 2>&1 || useradd --system --home-dir /var/lib/mia-sync-server --shell /usr/sbin/nologin mia-sync
install -d -o mia-sync -g mia-sync -m 0750 /var/lib/mia-sync-server /var/lib/mia-sync-server/backups
install -d -m 0755 /etc/mia-sync-server /opt/mia-sync-server

systemctl stop mia-sync-server 2>/dev/null || true
[ -d /opt/mia-sync-server/venv ] || python3 -m venv /opt/mia-sync-server/venv
/opt/mia-sync-server/venv/bin/pip install -q --upgrade pip
/opt/mia-sync-server/venv/bin/pip install -q --upgrade "$SOURCE"
if [ -d "$SOURCE/docs" ]; then cp -r "$SOURCE/docs" /opt/mia-sync-server/; fi

if [ ! -f /etc/mia-sync-server/server.env ]; then
    install -m 0640 -g mia-sync "$HERE/server.env.sample" /etc/mia-sync-server/server.env
    echo "new configuration: /etc/mia-sync-server/server.env -- please check it"
fi
install -m 0644 "$HERE/mia-sync-server.service" "$HERE/mia-sync-backup.service" \
    "$HERE/mia-sync-backup.timer" /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now mia-sync-server mia-sync-backup.timer
sleep 2
systemctl --no-pager --lines 5 status mia-sync-server || true
echo "health: curl http://127.0.0.1:8765/health"
