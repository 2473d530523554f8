"""The offer directory on the server (issue 19): an HSDS import is the server's own write --
locked, checked by the write gate and the forms' rules, audited, pulled by every laptop --
updates entries by id instead of duplicating them, and is all or nothing; the command line
imports and exports (HSDS JSON and CSV, brochure PDF, web pages)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
import zipfile

import pytest
from sqlalchemy import func, select

from casefile import codec, hsds
from casefile.records import Offer, OfferHours, Provider
from demodata.offers import directory
from sync_server import schema as t
from sync_server.offer_directory import (
    IMPORTER,
    ImportRefused,
    import_directory,
    read_directory,
)
from tests.server.helpers import cli

TODAY = dt.date.today()


def _demo():
    records = directory(TODAY)
    return (
        [r for r in records if isinstance(r, Provider)],
        [r for r in records if isinstance(r, Offer)],
    )


def _count(service, kind: str) -> int:
    with service.db.reader.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(t.records).where(t.records.c.kind == kind)
        ).scalar_one()


def _audited(service, action: str, kind: str) -> int:
    a = t.audit_log
    with service.db.reader.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(a)
            .where(a.c.user_name == IMPORTER, a.c.action == action, a.c.kind == kind)
        ).scalar_one()


def test_an_import_reaches_every_laptop_by_sync_and_is_audited(service, make_device):
    providers, offers = _demo()
    report = import_directory(service, hsds.Imported(providers, offers))
    assert report.created == {"provider": len(providers), "offer": len(offers)}
    # A caseworker of another unit pulls the whole directory (read by everybody).
    laptop = make_device("k.wagner", units=["abh"])
    pulled = {c["id"]: c for c in laptop.pull_all() if c["kind"] in ("provider", "offer")}
    assert len(pulled) == len(providers) + len(offers)
    sample = offers[3]
    fields = pulled[sample.id]["fields"]
    assert {k: fields[k] for k in codec.encode(sample) if k != "id"} == {
        k: v for k, v in codec.encode(sample).items() if k != "id"
    }
    assert _audited(service, "create", "offer") == len(offers)
    assert _audited(service, "create", "provider") == len(providers)
    back_providers, back_offers = read_directory(service.db)
    assert sorted(back_offers, key=lambda o: o.id) == sorted(offers, key=lambda o: o.id)
    assert len(back_providers) == len(providers)


def test_a_second_import_updates_entries_by_id_and_never_duplicates(service, make_device):
    providers, offers = _demo()
    import_directory(service, hsds.Imported(providers, offers))
    laptop = make_device()
    seen = laptop.pull_all()
    cursor = laptop.pull(0).json()["next_cursor"]
    while True:  # to the end of what the laptop has
        page = laptop.pull(cursor).json()
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    changed = copy.deepcopy(offers)
    changed[0].name = "Migrationsberatung (neu)"
    changed[0].hours = [OfferHours("FREQ=WEEKLY;BYDAY=MO,WE", "08:30", "12:00")]
    report = import_directory(service, hsds.Imported(providers, changed))
    assert report.created == {"provider": 0, "offer": 0}
    assert report.updated == {"provider": 0, "offer": 1}
    assert report.unchanged == len(providers) + len(offers) - 1
    assert _count(service, "offer") == len(offers)
    after = laptop.pull(cursor).json()["changes"]
    assert [(c["kind"], c["id"]) for c in after] == [("offer", changed[0].id)]
    assert after[0]["fields"]["name"] == "Migrationsberatung (neu)"
    assert _audited(service, "update", "offer") == 1
    assert seen  # the first pull had the directory


def test_a_dry_run_counts_and_stores_nothing(service):
    providers, offers = _demo()
    report = import_directory(service, hsds.Imported(providers, offers), dry_run=True)
    assert report.created["offer"] == len(offers) and report.dry_run
    assert _count(service, "offer") == 0 and _count(service, "provider") == 0


def test_an_entry_refused_under_the_locks_stops_the_whole_import(service):
    providers, offers = _demo()
    import_directory(service, hsds.Imported(providers, offers[:5]))
    clash = copy.deepcopy(offers[6])
    clash.id = providers[0].id  # a provider's id: another kind of record
    new = offers[7]
    with pytest.raises(ImportRefused) as e:
        import_directory(service, hsds.Imported([], [new, clash]))
    assert "anderer Art" in e.value.messages[0]
    assert _count(service, "offer") == 5  # the valid new offer was not written either
    twin = copy.deepcopy(offers[8])
    twin.id = providers[1].id  # one id for a new provider and a new offer in one file
    with pytest.raises(ImportRefused) as e:
        import_directory(service, hsds.Imported([providers[1]], [twin, new]))
    assert _count(service, "offer") == 5


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    cli("migrate", url=url)
    return url


def test_the_county_imports_and_exports_the_directory_on_the_command_line(sqlite_url, tmp_path):
    providers, offers = _demo()
    source = tmp_path / "vielfalter.json"
    source.write_text(json.dumps(hsds.export(providers, offers).json()), encoding="utf-8")
    dry = cli("import-directory", str(source), "--dry-run", url=sqlite_url)
    assert "Probelauf" in dry.stdout and f"Angebote: {len(offers)} neu" in dry.stdout
    done = cli("import-directory", str(source), url=sqlite_url)
    assert f"Angebote: {len(offers)} neu" in done.stdout

    # A broken file: one German line per entry, exit status 1, nothing changes.
    bad = hsds.export(providers, offers).json()
    service = bad["contents"][0]["services"][0]
    service["service_at_locations"] = []
    service["schedules"][0]["byday"] = "XX"
    bad["contents"][1]["services"][0]["name"] = "Geändert"
    bad["contents"][1]["services"][0]["unbekannt"] = 1
    broken = tmp_path / "kaputt.json"
    broken.write_text(json.dumps(bad), encoding="utf-8")
    r = cli("import-directory", str(broken), url=sqlite_url, check=False)
    assert r.returncode == 1
    lines = [x for x in r.stderr.splitlines() if x.startswith("Träger")]
    assert len(lines) == 2, r.stderr
    assert "Orte:" in lines[0] and "Zeiten:" in lines[0] and service["id"] in lines[0]
    assert "„unbekannt“" in lines[1] and "Geändert" in lines[1]
    assert "Nichts importiert" in r.stderr

    out = tmp_path / "out"
    out.mkdir()
    cli("export-directory", "--format", "json", "--out", str(out / "d.json"), url=sqlite_url)
    doc = json.loads((out / "d.json").read_text(encoding="utf-8"))
    names = {s["name"] for org in doc["contents"] for s in org.get("services", [])}
    assert "Geändert" not in names and len(names) == len({o.name for o in offers})
    cli("export-directory", "--format", "csv", "--out", str(out / "d.zip"), url=sqlite_url)
    assert "services.csv" in zipfile.ZipFile(out / "d.zip").namelist()
    again = cli("import-directory", str(out / "d.zip"), url=sqlite_url)
    assert "Angebote: 0 neu, 0 geändert" in again.stdout
    cli("export-directory", "--format", "html", "--out", str(out / "web"), url=sqlite_url)
    assert (out / "web" / "index.html").exists()
    cli("export-directory", "--format", "pdf", "--out", str(out / "b.pdf"), url=sqlite_url)
    assert (out / "b.pdf").read_bytes().startswith(b"%PDF")


# --- the brochure -------------------------------------------------------------------------


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


@needs_pdftotext
def test_the_brochure_has_contents_topics_offers_and_marks_stale_entries(tmp_path):
    from sync_server.directory_print import write_brochure

    providers, offers = _demo()
    providers[0].name = "جمعية الصداقة"  # an Arabic name: shaped, not boxes
    path = write_brochure(providers, offers, tmp_path / "b.pdf", today=TODAY)
    text = _pdf_text(path)
    first_page = text.split("\f")[0]
    assert "Angebote für Zugewanderte" in first_page and "Inhalt" in first_page
    for label in ("Aufenthalt", "Wohnen", "Sprachkurs", "Gesundheit"):
        assert label in first_page
    for offer in offers:
        assert offer.name in text
    assert "Zeiten" in text and "Uhr" in text
    assert any(day in text for day in ("montags", "dienstags", "mittwochs"))
    assert "Mitbringen" in text and "kostenlos" in text
    stale = [o for o in offers if o.verified_on and (TODAY - o.verified_on).days > 365]
    assert stale and text.count("nicht aktuell geprüft") >= len(stale)

    fresh_only = _pdf_text(
        write_brochure(providers, offers, tmp_path / "f.pdf", today=TODAY, include_stale=False)
    )
    assert "nicht aktuell geprüft" not in fresh_only
    lines = {line.strip() for line in fresh_only.splitlines()}  # an offer's name is a line
    assert {o.name for o in offers if o not in stale} <= lines
    assert not {o.name for o in stale} & lines
