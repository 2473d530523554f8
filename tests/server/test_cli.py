"""The command line, and a real ``serve`` process spoken to over HTTP with ``requests``."""

import json

import pytest
import requests

from casefile.hlc import Clock
from casefile.ids import new_id
from tests.server.helpers import cli, running_server, valid_fields


@pytest.fixture
def server(db_url, tmp_path):
    """A real ``mia-sync-server serve`` (2 worker processes on PostgreSQL) on a free port."""
    cli(
        "create-user",
        "a.schneider",
        "--unit",
        "integration",
        url=db_url,
        stdin="Brückenbau-Abendrot-42\n",
    )
    workers = 1 if db_url.startswith("sqlite") else 2
    with running_server(db_url, tmp_path / "server.log", workers, wait_s=30) as (base, _proc):
        yield base, db_url


def test_register_push_pull_over_real_http(server):
    base, url = server
    with requests.Session() as http:
        reg = http.post(
            f"{base}/api/v1/devices/register",
            timeout=10,
            json={"user": "a.schneider", "password": "Brückenbau-Abendrot-42", "device_name": "L1"},
        )
        assert reg.status_code == 200, reg.text
        reg = reg.json()
        auth = {"Authorization": f"Bearer {reg['token']}"}
        clock = Clock("laptop-1")
        cid = new_id()
        ops = [
            {
                "op_id": new_id(),
                "kind": "client",
                "record_id": cid,
                "op": "create",
                "hlc": clock.now().encode(),
                "fields": valid_fields("client"),
            }
        ]
        ops += [
            {
                "op_id": new_id(),
                "kind": "consultation",
                "record_id": new_id(),
                "op": "create",
                "hlc": clock.now().encode(),
                "fields": valid_fields("consultation", cid, note="x" * 200),
            }
            for _ in range(20)
        ]
        body = {
            "protocol": 1,
            "schema": 1,
            "epoch": reg["epoch"],
            "device_id": reg["device_id"],
            "ops": ops,
        }
        pushed = http.post(f"{base}/api/v1/sync/push", json=body, headers=auth, timeout=10)
        assert pushed.status_code == 200, pushed.text
        assert {r["status"] for r in pushed.json()["results"]} == {"applied"}
        again = http.post(f"{base}/api/v1/sync/push", json=body, headers=auth, timeout=10)
        assert again.json() == pushed.json()
        pulled = http.get(
            f"{base}/api/v1/sync/pull", params={"cursor": 0}, headers=auth, timeout=10
        )
        # requests asks for what urllib3 unpacks, zstd included (backports.zstd), as the desktop
        assert pulled.headers.get("Content-Encoding") == "zstd"
        gz = http.get(
            f"{base}/api/v1/sync/pull",
            params={"cursor": 0},
            headers={**auth, "Accept-Encoding": "gzip"},
            timeout=10,
        )
        assert gz.headers.get("Content-Encoding") == "gzip"
        assert gz.json()["changes"] == pulled.json()["changes"]
        changes = pulled.json()["changes"]
        assert [c["id"] for c in changes] == [o["record_id"] for o in ops]
        bad = http.post(f"{base}/api/v1/sync/push", data=b"{", headers=auth, timeout=10)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "malformed_json"
        # The API map only where enabled (MIA_API_DOCS); /metrics from the loopback address.
        assert http.get(f"{base}/openapi.json", timeout=10).status_code == 404
        assert http.get(f"{base}/docs", timeout=10).status_code == 404
        assert "mia_last_seq" in http.get(f"{base}/metrics", timeout=10).text

        # IT revokes the laptop from the command line: the next request is refused.
        cli("revoke-device", reg["device_id"], url=url)
        refused = http.get(f"{base}/api/v1/sync/pull", headers=auth, timeout=10)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "device_revoked"


def test_admin_commands(db_url):
    from sync_server.db import head_revision

    out = cli("migrate", url=db_url).stdout
    assert out.strip() == f"schema None -> {head_revision()}"
    weak = cli("create-user", "m.mueller", url=db_url, stdin="aus-stdin\n", check=False)
    assert weak.returncode == 2 and "mindestens 12 Zeichen" in weak.stderr
    # Never on the command line, where other users of the machine could read it.
    assert (
        cli(
            "create-user", "x.y", "--password", "Abendrot-über-der-Saale-9", url=db_url, check=False
        ).returncode
        == 2
    )
    cli(
        "create-user",
        "m.mueller",
        "--role",
        "caseworker",
        "--unit",
        "abh",
        url=db_url,
        stdin="Abendrot-über-der-Saale-9\n",
    )
    assert (
        cli(
            "create-user", "m.mueller", url=db_url, stdin="Abendrot-über-der-Saale-9\n", check=False
        ).returncode
        == 1
    )
    created = cli("create-device", "m.mueller", "Empfang", url=db_url).stdout
    token = next(line.split()[1] for line in created.splitlines() if line.startswith("token:"))
    assert len(token) >= 40
    assert cli("create-device", "niemand", "X", url=db_url, check=False).returncode == 1
    status = json.loads(cli("status", "--json", url=db_url).stdout)
    assert status["users"] == 1 and status["devices"] == 1 and status["last_seq"] == 0
    epoch = status["epoch"]
    cli("seed-demo", "--clients", "20", url=db_url)
    seeded = json.loads(cli("status", "--json", url=db_url).stdout)
    assert seeded["records_by_kind"]["client"] == 20
    assert seeded["last_seq"] == seeded["records"] > 20
    new = cli("new-epoch", url=db_url).stdout.split()[-1]
    assert new != epoch and json.loads(cli("status", "--json", url=db_url).stdout)["epoch"] == new
    device_id = next(
        line.split()[1] for line in created.splitlines() if line.startswith("device_id:")
    )
    listed = cli("devices", "--user", "m.mueller", url=db_url).stdout
    assert device_id in listed and "Empfang" in listed and "active" in listed
    assert cli("revoke-device", device_id, url=db_url).returncode == 0
    assert cli("revoke-device", device_id, url=db_url, check=False).returncode == 1
    assert "revoked" in cli("devices", url=db_url).stdout
