"""Data subject access export (Art. 15 GDPR): everything about one client, JSON and PDF."""
import shutil
import subprocess
import unicodedata

import pytest

from casefile.ids import new_id

from tests.server.conftest import valid_fields


def test_the_export_holds_the_file_its_records_history_and_access_log(make_device, client):
    dev = make_device(units=["integration"])
    cid, note, task = new_id(), new_id(), new_id()
    pushed = dev.push([
        dev.op("client", cid, fields={"id": cid, **valid_fields(
            "client", family_name="Haddad", given_names="Rami", sex="m", phone="0170 1")}),
        dev.op("consultation", note, fields=valid_fields(
            "consultation", cid, unit="integration", started_at="2026-11-02T09:00:00+00:00",
            note="Wohnungssuche in Zeitz")),
        dev.op("task", task, fields=valid_fields("task", cid, due_date="2026-12-01",
                                                 text="Mietvertrag prüfen"))])
    assert {r["status"] for r in pushed.json()["results"]} == {"applied"}
    dev.pull_all()
    admin = make_device("dsb.admin", roles=["administrator"], units=[])
    r = client.get(f"/api/v1/clients/{cid}/export", headers=dev.headers)
    assert r.status_code == 403                              # not an administrator
    r = client.get(f"/api/v1/clients/{cid}/export", headers=admin.headers)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["client"]["family_name"] == "Haddad"
    assert {k: [x["id"] for x in v] for k, v in data["records"].items()} == {
        "client": [cid], "consultation": [note], "task": [task]}
    actions = {(a["action"], a["user_name"]) for a in data["audit"]}
    assert ("create", "a.schneider") in actions and ("sent", "a.schneider") in actions
    again = client.get(f"/api/v1/clients/{cid}/export", headers=admin.headers).json()
    assert any(a["action"] == "export" for a in again["audit"])   # the export itself is logged
    assert client.get(f"/api/v1/clients/{new_id()}/export", headers=admin.headers).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (.ci/run installs it)")
def test_the_cli_writes_json_and_a_readable_pdf(make_device, settings, tmp_path):
    dev = make_device(units=["integration"])
    cid = new_id()
    pushed = dev.push([dev.op("client", cid, fields={"id": cid, **valid_fields(
        "client", family_name="Шевченко", given_names="Олена")})])
    assert pushed.json()["results"][0]["status"] == "applied"
    from sync_server.cli import main
    out = tmp_path / "auskunft.json"
    assert main(["export-client", cid, "--out", str(out), "--database-url",
                 settings.database_url]) == 0
    text = unicodedata.normalize("NFKC", subprocess.run(      # NFKC: ligatures such as ﬀ
        ["pdftotext", str(out.with_suffix(".pdf")), "-"], capture_output=True, text=True,
        check=True).stdout)
    assert "Auskunft nach Art. 15 DSGVO" in text and "Шевченко" in text
    assert "Protokoll der Zugriffe" in text and "angelegt" in text
    assert cid in out.read_text()
