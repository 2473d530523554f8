"""The report endpoints (issue 21, docs/reports.md "The HTTP API"): who sees which figures,
German refusals, files that are audited, and the drill-down through the read gate."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from casefile.ids import new_id
from sync_server import schema as t
from tests.server import report_oracle as oracle
from tests.server.helpers import assert_envelope, valid_fields

TODAY = dt.date.today()
SPAN = {"from": (TODAY - dt.timedelta(days=30)).isoformat(), "to": TODAY.isoformat()}
# A published table covers whole months: this month's.
MONTH = {
    "from": TODAY.replace(day=1).isoformat(),
    "to": (
        (TODAY.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    ).isoformat(),
}


def _file_of(make_device, user, unit, n=3, topics=("residence",)):
    """A client with *n* consultations of *unit*, pushed by a caseworker of that unit."""
    dev = make_device(user, units=[unit])
    cid = new_id()
    ops = [
        dev.op(
            "client",
            cid,
            fields=valid_fields("client", family_name="Haddad", given_names=f"Omar {user}"),
        )
    ]
    for _ in range(n):
        ops.append(
            dev.op(
                "consultation",
                new_id(),
                fields=valid_fields("consultation", cid, unit=unit, topics=list(topics)),
            )
        )
    r = dev.push(ops)
    assert r.status_code == 200 and all(x["status"] == "applied" for x in r.json()["results"]), (
        r.text
    )
    return cid


def _get(dev, path, **params):
    return dev.client.get(f"/api/v1{path}", params=params, headers=dev.headers)


def test_who_sees_which_figures(make_device):
    _file_of(make_device, "abh.one", "abh")
    _file_of(make_device, "int.one", "integration", n=2)
    caseworker = make_device("cw", units=["integration"])
    body = assert_envelope(_get(caseworker, "/reports"), 403, "report_scope")
    assert "Berichte" in body["message"]
    lead = make_device("lead", roles=["unit_lead"], units=["integration"])
    units = [u["code"] for u in _get(lead, "/reports").json()["units"]]
    assert units == ["integration"]
    table = _get(lead, "/reports/table", indicator="consultations", rows="unit", **SPAN).json()
    assert table["scope"] == ["integration"] and table["total"] == 2
    refused = assert_envelope(
        _get(lead, "/reports/table", indicator="consultations", rows="unit", unit="abh", **SPAN),
        403,
        "report_scope",
    )
    assert "Ausländerbehörde" in refused["message"]
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    table = _get(coord, "/reports/table", indicator="consultations", rows="unit", **SPAN).json()
    assert table["total"] == 5 and len(table["scope"]) == len(oracle.UNITS)


def test_bad_requests_get_a_german_reason(make_device):
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    cases = [
        ({"indicator": "secrets", "rows": "unit"}, "Kennzahl"),
        ({"indicator": "walk_ins", "rows": "nationality"}, "aufteilen"),
        ({"indicator": "consultations", "rows": "unit", "columns": "unit"}, "verschiedene"),
    ]
    for params, word in cases:
        body = assert_envelope(
            _get(coord, "/reports/table", **params, **SPAN), 422, "report_invalid"
        )
        assert word in body["message"], body
    backwards = {"from": SPAN["to"], "to": SPAN["from"]}
    body = assert_envelope(
        _get(coord, "/reports/table", indicator="consultations", rows="unit", **backwards), 422
    )
    assert "Ende" in body["message"]
    long = {"from": "2015-01-01", "to": TODAY.isoformat()}
    assert_envelope(
        _get(coord, "/reports/table", indicator="consultations", rows="unit", **long), 422
    )
    assert_envelope(_get(coord, "/reports/monthly", month="2026-13"), 422)
    assert_envelope(
        _get(coord, "/reports/table", indicator="consultations", rows="unit\x00", **SPAN), 422
    )


def test_every_export_is_a_file_and_written_into_the_audit_log(make_device, service):
    _file_of(make_device, "int.one", "integration", n=7)
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    q = {"indicator": "consultations", "rows": "unit", "mode": "publication", **MONTH}
    xlsx = _get(coord, "/reports/table/export", format="xlsx", **q)
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith(
        "application/vnd.openxml"
    )
    names = zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names), names
    csv = _get(coord, "/reports/table/export", format="csv", **q)
    assert csv.content.startswith("\ufeff".encode()) and b"Sachgebiet Integration" in csv.content
    pdf = _get(coord, "/reports/monthly", month=TODAY.strftime("%Y-%m"), format="pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    month = _get(coord, "/reports/monthly", month=TODAY.strftime("%Y-%m"), format="xlsx")
    assert month.status_code == 200
    viewed = _get(coord, "/reports/table", **q)
    assert viewed.status_code == 200
    with service.db.reader.connect() as conn:
        rows = conn.execute(
            select(t.audit_log.c.user_name, t.audit_log.c.detail).where(
                t.audit_log.c.action == "report_export"
            )
        ).all()
    assert [r.user_name for r in rows] == ["coord"] * 4
    assert all("Haddad" not in (r.detail or "") for r in rows)
    assert {'"format":"xlsx"' in r.detail for r in rows} == {True, False}


def test_the_files_behind_a_cell_are_only_those_the_read_gate_opens(make_device):
    abh_client = _file_of(make_device, "abh.one", "abh", n=2)
    int_client = _file_of(make_device, "int.one", "integration", n=2)
    lead = make_device("lead", roles=["unit_lead"], units=["abh"])
    got = _get(
        lead, "/reports/cell", indicator="consultations", rows="unit", row="abh", **SPAN
    ).json()
    assert [c["id"] for c in got["clients"]] == [abh_client] and got["hidden"] == 0
    # Coordination sees every unit's figures, but not the immigration office's consultations.
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    got = _get(
        coord, "/reports/cell", indicator="consultations", rows="unit", row="abh", **SPAN
    ).json()
    assert got["clients"] == [] and got["hidden"] == 1
    integration_lead = make_device("ilead", roles=["unit_lead"], units=["integration"])
    got = _get(
        integration_lead,
        "/reports/cell",
        indicator="persons",
        rows="month",
        row=TODAY.strftime("%Y-%m"),
        **SPAN,
    ).json()
    assert [c["id"] for c in got["clients"]] == [int_client]
    published = _get(
        coord,
        "/reports/cell",
        indicator="consultations",
        rows="unit",
        row="abh",
        mode="publication",
        **SPAN,
    )
    assert_envelope(published, 422, "report_invalid")
    assert_envelope(
        _get(
            integration_lead,
            "/reports/cell",
            indicator="consultations",
            rows="unit",
            row="abh",
            unit="abh",
            **SPAN,
        ),
        403,
    )


ROLES = sorted(oracle.POLICY["roles"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    roles=st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
    units=st.lists(st.sampled_from(oracle.UNITS), max_size=3, unique=True),
    wanted=st.lists(st.sampled_from(oracle.UNITS), max_size=2, unique=True),
)
def test_the_scope_of_every_user_is_what_the_policy_file_says(make_device, roles, units, wanted):
    """Random users and unit filters against [reports] read from policy.toml by the oracle."""
    user = f"u{abs(hash((tuple(roles), tuple(units)))) % 10**8}"
    dev = make_device(user, roles=roles, units=units)
    allowed = oracle.report_units(roles, units)
    r = _get(dev, "/reports/table", indicator="persons", rows="unit", unit=wanted, **SPAN)
    if not allowed or not set(wanted) <= allowed:
        assert_envelope(r, 403, "report_scope")
    else:
        assert r.status_code == 200, r.text
        assert set(r.json()["scope"]) == (set(wanted) or allowed)
        assert [i["code"] for i in r.json()["rows"]["items"]] == [
            u for u in oracle.UNITS if u in (set(wanted) or allowed)
        ]
