"""The report calls of the HTTP session (docs/reports.md): the query each sends, the units as
repeated ``unit`` parameters, files as bytes, and the server's refusals as typed errors."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from desktop.sync.errors import ServerError
from tests.desktop.test_sync_client import Scripted, scripted_client

PARAMS = {
    "indicator": "persons",
    "rows": "unit",
    "columns": None,
    "from": dt.date(2026, 10, 1),
    "to": "2026-12-31",
    "mode": "publication",
    "units": ["abh", "jobcenter"],
}


def query(request) -> tuple[str, dict[str, list[str]]]:
    url = urlsplit(request.url)
    return url.path, parse_qs(url.query)


def test_table_sends_the_choice_with_one_unit_parameter_per_unit():
    client, adapter, _ = scripted_client((200, {"total": 3}, None))
    assert client.report_table(PARAMS) == {"total": 3}
    path, q = query(adapter.requests[0])
    assert path == "/api/v1/reports/table"
    assert q == {
        "indicator": ["persons"],
        "rows": ["unit"],
        "from": ["2026-10-01"],
        "to": ["2026-12-31"],
        "mode": ["publication"],
        "unit": ["abh", "jobcenter"],
    }


def test_catalog_and_cell():
    client, adapter, _ = scripted_client(
        (200, {"indicators": []}, None), (200, {"clients": [], "hidden": 2}, None)
    )
    assert client.report_catalog() == {"indicators": []}
    assert client.report_cell({**PARAMS, "columns": "month"}, "abh", "2026-11") == {
        "clients": [],
        "hidden": 2,
    }
    assert query(adapter.requests[0])[0] == "/api/v1/reports"
    path, q = query(adapter.requests[1])
    assert path == "/api/v1/reports/cell"
    assert q["row"] == ["abh"] and q["column"] == ["2026-11"] and q["columns"] == ["month"]


class Files(Scripted):
    """Answers with raw bytes (a file), not JSON."""

    def send(self, request, **kwargs):
        self.requests.append(request)
        r = requests.Response()
        r.status_code, r._content = 200, self.script.pop(0)
        r.headers = CaseInsensitiveDict({"Content-Type": "application/octet-stream"})
        r.request = request
        return r


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "pdf"])
def test_export_returns_the_files_bytes(fmt):
    client, _, _ = scripted_client()
    adapter = Files([b"PK\x03\x04 file " + fmt.encode()])
    client.session.mount("http://server.test", adapter)
    assert client.report_export(PARAMS, fmt) == b"PK\x03\x04 file " + fmt.encode()
    path, q = query(adapter.requests[0])
    assert path == "/api/v1/reports/table/export" and q["format"] == [fmt]
    assert q["unit"] == ["abh", "jobcenter"]


def test_monthly_report_as_json_or_file():
    client, adapter, _ = scripted_client((200, {"month": "2026-11", "tables": []}, None))
    assert client.report_monthly("2026-11", "publication", "json")["month"] == "2026-11"
    assert query(adapter.requests[0])[1] == {
        "month": ["2026-11"],
        "mode": ["publication"],
        "format": ["json"],
    }
    files = Files([b"%PDF-1.7"])
    client.session.mount("http://server.test", files)
    assert client.report_monthly("2026-11", "intern", "pdf") == b"%PDF-1.7"


def test_a_refused_scope_is_a_server_error_with_its_german_message():
    body = {"error": {"code": "report_scope", "message": "Keine Berichte für Ihre Rolle."}}
    client, _, _ = scripted_client((403, body, None))
    with pytest.raises(ServerError) as caught:
        client.report_table(PARAMS)
    assert caught.value.status == 403 and caught.value.code == "report_scope"
    assert caught.value.message == "Keine Berichte für Ihre Rolle."
