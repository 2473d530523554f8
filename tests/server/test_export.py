"""Data subject access export (Art. 15 GDPR): everything about one client, JSON and PDF."""

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from casefile.ids import new_id
from tests.server.helpers import valid_fields


def test_the_export_holds_the_file_its_records_history_and_access_log(make_device, client):
    dev = make_device(units=["integration"])
    cid, note, task = new_id(), new_id(), new_id()
    pushed = dev.push(
        [
            dev.op(
                "client",
                cid,
                fields={
                    "id": cid,
                    **valid_fields(
                        "client", family_name="Haddad", given_names="Rami", sex="m", phone="0170 1"
                    ),
                },
            ),
            dev.op(
                "consultation",
                note,
                fields=valid_fields(
                    "consultation",
                    cid,
                    unit="integration",
                    started_at="2026-11-02T09:00:00+00:00",
                    note="Wohnungssuche in Zeitz",
                ),
            ),
            dev.op(
                "task",
                task,
                fields=valid_fields("task", cid, due_date="2026-12-01", text="Mietvertrag prüfen"),
            ),
        ]
    )
    assert {r["status"] for r in pushed.json()["results"]} == {"applied"}
    dev.pull_all()
    admin = make_device("dsb.admin", roles=["administrator"], units=[])
    r = client.get(f"/api/v1/clients/{cid}/export", headers=dev.headers)
    assert r.status_code == 403  # not an administrator
    r = client.get(f"/api/v1/clients/{cid}/export", headers=admin.headers)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["client"]["family_name"] == "Haddad"
    assert {k: [x["id"] for x in v] for k, v in data["records"].items()} == {
        "client": [cid],
        "consultation": [note],
        "task": [task],
    }
    actions = {(a["action"], a["user_name"]) for a in data["audit"]}
    assert ("create", "a.schneider") in actions and ("sent", "a.schneider") in actions
    again = client.get(f"/api/v1/clients/{cid}/export", headers=admin.headers).json()
    assert any(a["action"] == "export" for a in again["audit"])  # the export itself is logged
    assert (
        client.get(f"/api/v1/clients/{new_id()}/export", headers=admin.headers).status_code == 404
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (.ci/run installs it)")
def test_the_cli_writes_json_and_a_readable_pdf(make_device, settings, tmp_path):
    dev = make_device(units=["integration"])
    cid = new_id()
    pushed = dev.push(
        [
            dev.op(
                "client",
                cid,
                fields={
                    "id": cid,
                    **valid_fields("client", family_name="Шевченко", given_names="Олена"),
                },
            )
        ]
    )
    assert pushed.json()["results"][0]["status"] == "applied"
    from sync_server.cli import main

    out = tmp_path / "auskunft.json"
    assert (
        main(["export-client", cid, "--out", str(out), "--database-url", settings.database_url])
        == 0
    )
    text = unicodedata.normalize(
        "NFKC",
        subprocess.run(  # NFKC: ligatures such as ﬀ
            ["pdftotext", str(out.with_suffix(".pdf")), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout,
    )
    assert "Auskunft nach Art. 15 DSGVO" in text and "Шевченко" in text
    assert "Protokoll der Zugriffe" in text and "angelegt" in text
    assert cid in out.read_text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (.ci/run installs it)")
def test_the_pdf_is_written_without_qt_and_prints_names_in_any_script(tmp_path):
    cid = new_id()
    data = {
        "client_id": cid,
        "generated_at": "2026-11-02T10:00:00+00:00",
        "generated_by": "cli",
        "client_erased": True,
        "client": {"family_name": "Ševčenko-Müller", "given_names": "Zoë"},
        "records": {
            "client_alias": [
                {"id": new_id(), "deleted": False, "fields": {"family_name": "Шевченко"}},
                {"id": new_id(), "deleted": True, "fields": {"family_name": "محمدی"}},
            ]
        },
        "history": [
            {
                "created_at": "2026-10-01",
                "field": "phone",
                "value": "0170 1",
                "winner_value": "0170 2",
            }
        ],
        "merges": [
            {
                "merged_at": "2026-10-02",
                "merged_by": "dsb.admin",
                "reason": "AZR",
                "undone_at": None,
            }
        ],
        "audit": [
            {
                "at": "2026-10-01",
                "user_name": "a.schneider",
                "device_id": None,
                "action": "create",
                "kind": "client",
            }
        ],
    }
    script = (
        "import sys, orjson\n"
        "from sync_server.export_pdf import write_pdf\n"
        "write_pdf(orjson.loads(sys.argv[1]), sys.argv[2])\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was loaded'\n"
    )
    import orjson

    pdf = tmp_path / "auskunft.pdf"
    subprocess.run(
        [sys.executable, "-c", script, orjson.dumps(data).decode(), str(pdf)],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    text = unicodedata.normalize(
        "NFKC",
        subprocess.run(  # NFKC: Arabic presentation forms
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    for expected in (
        "Auskunft nach Art. 15 DSGVO",
        "Zoë Ševčenko-Müller",
        cid,
        "Die Akte ist gelöscht",
        "Andere Schreibweisen (2)",
        "Шевченко",
        "محمدی",
        "Frühere Werte",
        "0170 2",
        "Zusammenführungen",
        "dsb.admin",
        "Protokoll der Zugriffe (1)",
        "angelegt",
    ):
        assert expected in text, expected


def test_after_an_undone_merge_the_export_holds_no_history_of_the_other_persons_records(
    make_device, client
):
    """Found by the leak oracle: a conflict filed while B's file was merged into A went into
    A's export after the merge was undone (its client id was A's when it was filed)."""
    abh = make_device("w.abh", units=["abh"])
    second = make_device("w.abh")  # the same caseworker's second laptop
    koord = make_device("koord", roles=["coordination"], units=[])
    admin = make_device("dsb.admin", roles=["administrator"], units=[])
    a, b, status = new_id(), new_id(), new_id()
    abh.push(
        [
            abh.op("client", a, fields=valid_fields("client", family_name="Haddad")),
            abh.op("client", b, fields=valid_fields("client", family_name="Haddat")),
            abh.op("residence_status", status, fields=valid_fields("residence_status", b)),
        ]
    )
    merge = client.post(
        f"/api/v1/clients/{a}/merge", json={"merged_id": b}, headers=koord.headers
    ).json()
    for dev, value in ((abh, "A GEHEIM-B"), (second, "B GEHEIM-B")):  # a conflict in B's record
        dev.push([dev.op("residence_status", status, "update", fields={"paragraph": value})])
    assert (
        client.post(f"/api/v1/merges/{merge['id']}/undo", headers=koord.headers).status_code == 200
    )
    of_a = client.get(f"/api/v1/clients/{a}/export", headers=admin.headers).json()
    assert of_a["files"] == [a] and "GEHEIM-B" not in str(of_a)
    of_b = client.get(f"/api/v1/clients/{b}/export", headers=admin.headers).json()
    assert [h["record_id"] for h in of_b["history"]] == [status]  # B's own history stays
