"""Consulting hours outside the app (issue 20): what the display reads for its place, the
brochure's chapter (pdftotext), and the command line's export of a seeded server (the web page
and the chapter come with it)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from casefile.records import ConsultingHours
from demodata.consulting_hours import demo_records
from sync_server.consulting_hours import MAX_DAYS, display_days
from tests.server.helpers import cli

TODAY = dt.date(2026, 12, 1)  # a Tuesday

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_display_reads_its_places_days_with_labels_and_cancellations():
    hours = demo_records(TODAY)
    days = display_days(hours, "dez_nebra", TODAY)
    assert [d["label"] for d in days] == ["Heute"]
    assert days[0]["entries"] == [
        {
            "time": "9:00–12:00 Uhr",
            "unit": "Sachgebiet Integration",
            "kind": "Dezentrale Sprechstunde",
            "note": "im Bürgerhaus, 1. OG",
            "cancelled": False,
        }
    ]
    later = display_days(hours, "dez_nebra", TODAY + dt.timedelta(days=14))
    assert [(d["label"], [e["cancelled"] for e in d["entries"]]) for d in later] == [
        ("Heute", [True]),
        ("Donnerstag, 17.12.", [False]),
    ]
    naumburg = display_days(hours, "lra_naumburg", TODAY)
    assert len(naumburg) == MAX_DAYS and naumburg[1]["label"] == "Morgen"
    # Christmas Eve: every entry said as cancelled, none held.
    eve = display_days(hours, "lra_naumburg", dt.date(2026, 12, 24))[0]
    assert eve["label"] == "Heute" and all(e["cancelled"] for e in eve["entries"])
    assert display_days(hours, "gu_zeitz", TODAY) == []
    stopped = ConsultingHours("abh", "lra_zeitz", rrule="FREQ=DAILY", valid_from=TODAY)
    stopped.active = False
    assert display_days([stopped], "lra_zeitz", TODAY) == []


@needs_pdftotext
def test_the_brochure_ends_with_the_hours_by_place(tmp_path):
    from sync_server.directory_print import write_brochure

    path = write_brochure([], [], tmp_path / "b.pdf", today=TODAY, hours=demo_records(TODAY))
    text = _pdf_text(path)
    assert "Sprechstunden im Landratsamt und dezentral" in text.split("\f")[0]  # contents
    chapter = text[text.rindex("Ohne Termin") :]
    assert chapter.index("Landratsamt Naumburg") < chapter.index("Nebra") < chapter.index("Telefon")
    assert "dienstags, 9:00–12:00 Uhr; nicht am 15.12.2026; zusätzlich am 17.12.2026" in chapter
    assert "Sachgebiet Integration · Dezentrale Sprechstunde" in chapter


def test_the_export_of_a_seeded_server_brings_the_hours_page_and_chapter(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    cli("migrate", url=url)
    cli("seed-demo", "--clients", "5", url=url)
    cli("export-directory", "--format", "html", "--out", str(tmp_path / "web"), url=url)
    page = (tmp_path / "web" / "sprechstunden.html").read_text(encoding="utf-8")
    assert "Dezentrale Sprechstunde Nebra (Unstrut) (Bürgerhaus)" in page
    index = (tmp_path / "web" / "index.html").read_text(encoding="utf-8")
    assert 'href="sprechstunden.html"' in index
    cli("export-directory", "--format", "pdf", "--out", str(tmp_path / "b.pdf"), url=url)
    if shutil.which("pdftotext"):
        assert "Sprechstunden im Landratsamt und dezentral" in _pdf_text(tmp_path / "b.pdf")


def test_the_display_state_carries_the_pushed_hours_of_its_place(client, service, make_device):
    """In process, on SQLite and PostgreSQL: coordination pushes hours, the display's state of
    the place has them (public words only), another place's display does not."""
    from casefile import codec
    from sync_server.display import add_display

    coordination = make_device("ko.user", roles=["coordination"], units=["coordination"])
    today = dt.date.today()
    hours = ConsultingHours(
        unit="integration",
        location="dez_nebra",
        kind="decentral",
        rrule="FREQ=DAILY",
        valid_from=today - dt.timedelta(days=3),
        note="im Bürgerhaus",
    )
    fields = codec.encode(hours)
    r = coordination.push([coordination.op("consulting_hours", fields.pop("id"), "create", fields)])
    assert r.json()["results"][0]["status"] == "applied", r.text
    _id, token = add_display(service.db, "dez_nebra")
    state = client.get("/display/dez_nebra/state", params={"token": token}).json()
    assert state["hours"][0]["label"] == "Heute"
    assert state["hours"][0]["entries"][0] == {
        "time": "9:00–12:00 Uhr",
        "unit": "Sachgebiet Integration",
        "kind": "Dezentrale Sprechstunde",
        "note": "im Bürgerhaus",
        "cancelled": False,
    }
    _id, other = add_display(service.db, "lra_zeitz")
    assert client.get("/display/lra_zeitz/state", params={"token": other}).json()["hours"] == []
