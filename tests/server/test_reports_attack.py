"""Attacks on the reports (issue 21, docs/reports.md): forged codes and filters, published
tables combined across requests, and the figures after merges, unmerges and erasures.

A test marked ``xfail(strict=True)`` shows a defect not yet fixed: it fails today and turns
the suite red once the defect is fixed (then drop the mark)."""

from __future__ import annotations

import datetime as dt
import itertools
import string

import pytest

from casefile.ids import new_id
from tests.server.helpers import assert_envelope, codes, valid_fields, wire_time

TODAY = dt.date.today()
SPAN = {"from": (TODAY - dt.timedelta(days=30)).isoformat(), "to": TODAY.isoformat()}
_names = itertools.count()


def _given() -> str:
    """A fresh given name of letters only (names with digits are refused)."""
    i = next(_names)
    return "Omar " + "".join(string.ascii_lowercase[(i // 26**k) % 26] for k in range(3)).title()


def _get(dev, path, **params):
    return dev.client.get(f"/api/v1{path}", params=params, headers=dev.headers)


def _people(dev, unit, persons, nationality="UKR", hours_ago=1.0):
    """*persons* clients of *nationality*, one consultation of *unit* each; their ids."""
    ops, ids = [], []
    for _ in range(persons):
        cid = new_id()
        ids.append(cid)
        fields = valid_fields(
            "client", given_names=_given(), nationalities=codes("nationality", nationality)
        )
        ops.append(dev.op("client", cid, fields=fields))
        ops.append(
            dev.op(
                "consultation",
                new_id(),
                fields=valid_fields(
                    "consultation", cid, unit=unit, started_at=wire_time(hours_ago)
                ),
            )
        )
    r = dev.push(ops)
    assert r.status_code == 200 and all(x["status"] == "applied" for x in r.json()["results"]), (
        r.text
    )
    return ids


def _by_code(table, dimension_items="rows"):
    """{row code: shown value} of a one-column table."""
    items = table[dimension_items]["items"]
    return {item["code"]: row[0] for item, row in zip(items, table["cells"])}


# --- forged drill-down codes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "row"),
    [
        ("month", "abc"),
        ("month", "2026-13"),
        ("month", "2026"),
        ("quarter", "2026-Qx"),
        ("quarter", "2026-Q"),
        ("year", "abc"),
        ("year", "20261"),
    ],
)
def test_a_forged_period_code_in_the_drill_down_is_refused_not_a_server_error(
    make_device, rows, row
):
    """Found: ``/reports/cell`` answered 500 (ValueError in ``_value``) for a month, quarter
    or year code not of its form."""
    dev = make_device("int.one", units=["integration"])
    _people(dev, "integration", 1)
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    body = assert_envelope(
        _get(coord, "/reports/cell", indicator="consultations", rows=rows, row=row, **SPAN),
        422,
        "report_invalid",
    )
    assert row[:20] in body["message"]
    # The column of a two-dimensional table: missing or forged, the same refusal.
    for column in ({}, {"column": "abc"}):
        assert_envelope(
            _get(
                coord,
                "/reports/cell",
                indicator="consultations",
                rows="unit",
                columns=rows,
                row="integration",
                **column,
                **SPAN,
            ),
            422,
            "report_invalid",
        )
    # A well-formed code of the span still opens the files behind it.
    ok = _get(
        coord,
        "/reports/cell",
        indicator="consultations",
        rows="month",
        row=TODAY.strftime("%Y-%m"),
        **SPAN,
    )
    assert ok.status_code == 200, ok.text
    assert len(ok.json()["clients"]) + ok.json()["hidden"] == 1, ok.text


def test_a_refused_empty_unit_filter_names_what_was_refused(make_device):
    """Found: ``unit=`` (the "no unit" bucket, or a hurried empty field) is refused with the
    message "Die Zahlen von  sind …": an empty name where the unit should stand."""
    lead = make_device("lead", roles=["unit_lead"], units=["abh"])
    for units in ("", ["abh", ""]):
        body = assert_envelope(
            _get(lead, "/reports/table", indicator="referrals", rows="unit", unit=units, **SPAN),
            403,
            "report_scope",
        )
        assert "von  " not in body["message"] and "ohne Angabe" in body["message"], body


# --- published tables combined across requests ("linked tables") -----------------------------


def test_a_published_table_covers_all_units_of_the_role(make_device):
    """Differencing "all units" and "all but integration" would give integration's hidden
    small counts away: a published table with a unit filter is refused (docs/reports.md)."""
    integration = make_device("int.one", units=["integration"])
    _people(integration, "integration", 2, "SYR")
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    month = {"from": TODAY.replace(day=1).isoformat(), "to": _month_end(TODAY).isoformat()}
    q = {"indicator": "persons", "rows": "nationality", "mode": "publication", **month}
    others = [u["code"] for u in _get(coord, "/reports").json()["units"]]
    others.remove("integration")
    body = assert_envelope(_get(coord, "/reports/table", unit=others, **q), 422, "report_invalid")
    assert "alle Ihre Sachgebiete" in body["message"]
    assert _get(coord, "/reports/table", **q).status_code == 200
    intern = {**q, "mode": "intern", **SPAN}
    assert _get(coord, "/reports/table", unit=others, **intern).status_code == 200


def test_a_published_table_covers_whole_months(make_device):
    """Two published tables over overlapping spans of days would differ by a hidden small
    count: publication takes whole months (quarters, years) only."""
    integration = make_device("int.one", units=["integration"])
    _people(integration, "integration", 2, "SYR", hours_ago=24 * 10)
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    q = {"indicator": "persons", "rows": "nationality", "mode": "publication"}
    late = {"from": (TODAY - dt.timedelta(days=4)).isoformat(), "to": TODAY.isoformat()}
    body = assert_envelope(_get(coord, "/reports/table", **q, **late), 422, "report_invalid")
    assert "ganze Monate" in body["message"]
    whole = {"from": TODAY.replace(day=1).isoformat(), "to": _month_end(TODAY).isoformat()}
    published = _get(coord, "/reports/table", **q, **whole).json()
    assert all(v is None or v % 5 == 0 for row in published["cells"] for v in row)


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


# --- the figures follow merges, unmerges and erasures -----------------------------------------


def test_persons_follow_a_merge_an_unmerge_and_an_erasure(make_device, erase):
    dev = make_device("int.one", units=["integration"])
    a, b, c = _people(dev, "integration", 3)
    coord = make_device("coord", roles=["coordination"], units=["coordination"])
    q = {"indicator": "persons", "rows": "unit", "unit": "integration", **SPAN}

    def persons_and_consultations():
        p = _get(coord, "/reports/table", **q).json()["total"]
        n = _get(coord, "/reports/table", **{**q, "indicator": "consultations"}).json()["total"]
        return p, n

    assert persons_and_consultations() == (3, 3)
    merged = coord.client.post(
        f"/api/v1/clients/{a}/merge",
        json={"merged_id": b, "reason": "dieselbe Person"},
        headers=coord.headers,
    )
    assert merged.status_code == 200, merged.text
    assert persons_and_consultations() == (2, 3)  # one person now, both contacts still count
    undone = coord.client.post(
        f"/api/v1/merges/{merged.json()['id']}/undo", json={}, headers=coord.headers
    )
    assert undone.status_code == 200, undone.text
    assert persons_and_consultations() == (3, 3)
    assert erase(c).status_code == 200
    assert persons_and_consultations() == (2, 2)
