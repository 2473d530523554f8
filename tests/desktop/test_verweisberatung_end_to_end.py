"""Issue 19's "Done when", end to end: a real sync server process on SQLite and three laptops
with encrypted stores -- an integration caseworker, the volunteering unit (the mediators'
pool) and coordination.

1. The county's directory comes as an HSDS file: ``export-directory`` of a server seeded with
   the demo data, ``import-directory`` into this one (the exchange path). Every laptop syncs;
   then the server goes down: the caseworker is offline in the village hall.
2. Offline, for a client who reads Arabic and lives near Nebra, the caseworker ranks the
   directory as the referral dialog does, refers the client to the Arabic offer near Nebra
   (the client gets in touch: no consent needed), prints the slip in Arabic and asks for a
   Dari mediator for next week.
3. The server is back: the pool's unit sees the request and books a Dari mediator; the
   caseworker's laptop then shows the mediator's name on the booking but holds no pool.
4. Later the caseworker records that the referral worked, the consultation held with the
   mediator (its hours from the real duration) and a second referral that failed because no
   offer speaks the client's language; the pool's unit reviews the hours.
5. Coordination sees the unmet need (topic x language x place x month) and the month's
   allowance list with the mediator's hours and the amount at the county's rates.

The laptops are wired as ``desktop.app`` wires one, without the windows: an encrypted store
(key file, password), a :class:`Connection` registered with the server's URL, sync rounds of
its :class:`SyncEngine`; the work is done through the store functions the dialogs call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
import shutil
import subprocess
import tomllib
import types
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casefile import catalogs
from casefile.offers import Need
from casefile.records import (
    Client,
    Consultation,
    LanguageSkill,
    Mediator,
    MediatorBooking,
    MediatorLanguage,
    Referral,
    Task,
    VettingItem,
)
from tests.server import helpers
from tests.server.helpers import PASSWORD, ROOT, cli, running_server

pytestmark = [
    pytest.mark.usefixtures("quick_kdf", "ring"),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext (poppler-utils) reads the slip; .ci/run installs it",
    ),
]

# login, role, unit, the name colleagues see
CASEWORKER = ("a.schneider", "caseworker", "integration", "Anna Schneider")
POOL = ("k.wagner", "caseworker", "volunteering", "Katrin Wagner")
COORDINATION = ("m.koch", "coordination", "coordination", "Martin Koch")
NEBRA = "dez_nebra"
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))


class Laptop:
    """One PC as desktop.app sets it up, without its windows: the store encrypted with a key
    unlocked by the user's password, a Connection registered with the server (the first
    login), sync rounds of the Connection's engine."""

    def __init__(self, base: str, user: str, folder: Path):
        from desktop.store.keys import KeyFile
        from desktop.store.repo import Store
        from desktop.sync.connection import Connection

        self.user = user
        path = folder / f"{user}.sqlite"
        self.store = Store.open(path, KeyFile.for_store(path).create(user, PASSWORD))
        self.tokens: dict[tuple[str, str], str] = {}
        self.connection = Connection(self.store, lambda url, device: self.tokens.get((url, device)))
        self.connection.register(
            base,
            user,
            PASSWORD,
            lambda url, device, token: self.tokens.update({(url, device): token}),
        )

    def sync(self):
        """One round; every op sent was taken by the server."""
        engine = self.connection.engine()
        try:
            report = engine.sync_once()
        finally:
            engine.client.close()
        assert report.rejected == 0, f"{self.user}: the server refused {report.rejected} op(s)"
        assert self.store.outbox_count() == 0
        return report

    def count(self, table) -> int:
        with self.store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", out.stdout).translate(BIDI).split())


def _expected_cents(minutes: int, km: float, kind: str) -> int:
    """The allowance as resources/mediation/rates.toml states it (started quarter hours or
    minutes, per hour and per km of the mediator's kind), worked out here on its own."""
    rates = tomllib.loads((ROOT / "resources/mediation/rates.toml").read_text(encoding="utf-8"))
    billed = math.ceil(minutes / 15) * 15 if rates["billing"] == "quarter_hour" else minutes
    euro = billed / 60 * rates["per_hour"][kind] + km * rates["per_km"][kind]
    return round(euro * 100)


@pytest.fixture
def server(tmp_path, monkeypatch):
    """The server's database with the users and the county's directory imported from an HSDS
    file (``providers``, ``offers``: how many it held), and ``up()``: a context manager running
    ``serve`` on it, always on the same port (the laptops keep the URL they registered with
    across a restart)."""
    county = f"sqlite:///{tmp_path / 'county.sqlite'}"
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    hsds = tmp_path / "vielfalter.json"

    def directory_file() -> str:  # the county's platform: the demo directory, exported
        cli("seed-demo", "--clients", "0", url=county)
        return cli("export-directory", "--format", "json", "--out", str(hsds), url=county).stdout

    def users() -> None:
        for user, role, unit, name in (CASEWORKER, POOL, COORDINATION):
            cli(
                *("create-user", user, "--role", role, "--unit", unit, "--display-name", name),
                url=url,
                stdin=PASSWORD + "\n",
            )

    with ThreadPoolExecutor(2) as workers:  # two databases: the county's and ours
        exported, made = workers.submit(directory_file), workers.submit(users)
        providers, offers = map(
            int, re.search(r"(\d+) Träger, (\d+) Angebote", exported.result()).groups()
        )
        made.result()
    imported = cli("import-directory", str(hsds), url=url).stdout
    assert f"Träger: {providers} neu" in imported and f"Angebote: {offers} neu" in imported
    port = helpers.free_port()
    monkeypatch.setattr(helpers, "free_port", lambda: port)
    up = functools.partial(running_server, url, tmp_path / "server.log")
    return types.SimpleNamespace(up=up, providers=providers, offers=offers)


def test_offline_referral_slip_mediator_outcome_unmet_needs_and_allowances(server, qapp, tmp_path):
    from desktop import allowance_print
    from desktop.referral_slip import print_slip
    from desktop.store import (
        mediation as pool_store,
        needs as needs_store,
        referrals as referral_store,
        schema as t,
    )
    from desktop.sync.errors import Offline

    today = dt.date.today()
    month = f"{today:%Y-%m}"

    # 1 -- the server with the imported directory; every laptop's first sync.
    with server.up() as (base, _proc):
        caseworker = Laptop(base, CASEWORKER[0], tmp_path)
        pool = Laptop(base, POOL[0], tmp_path)
        coordination = Laptop(base, COORDINATION[0], tmp_path)
        for laptop in (caseworker, pool, coordination):
            laptop.sync()
        # every entry of the HSDS file, on every laptop (the directory is read by everybody)
        for laptop in (caseworker, pool, coordination):
            assert (laptop.count(t.provider), laptop.count(t.offer)) == (
                server.providers,
                server.offers,
            )
        # The pool: a Dari mediator joins (vetted), and one whose declaration has expired.
        farid = Mediator(
            "Rahimi",
            "Farid",
            kind="volunteer",
            languages=[MediatorLanguage("prs", "native"), MediatorLanguage("de", "fluent")],
            settings=["on_site", "phone"],
            areas=[NEBRA, "lra_naumburg"],
            availability="nach Absprache",
            vetting=[
                VettingItem("training", today - dt.timedelta(days=90)),
                VettingItem(
                    "confidentiality",
                    today - dt.timedelta(days=90),
                    today + dt.timedelta(days=640),
                ),
            ],
        )
        lapsed = Mediator(
            "Ahmadi",
            "Nilofar",
            languages=[MediatorLanguage("prs", "native")],
            settings=["on_site"],
            areas=[NEBRA],
            vetting=[
                VettingItem("training", today - dt.timedelta(days=900)),
                VettingItem(
                    "confidentiality",
                    today - dt.timedelta(days=800),
                    today - dt.timedelta(days=70),
                ),
            ],
        )
        pool_store.save_mediator(pool.store, farid)
        pool_store.save_mediator(pool.store, lapsed)
        pool.sync()
    # The server is down: the village hall has no network.
    with pytest.raises(Offline):
        caseworker.sync()

    # 2 -- offline: the client, the offer, the referral, the slip, the mediator request.
    store = caseworker.store
    client = Client(
        "Haddad",
        "Amal",
        dt.date(1991, 4, 2),
        sex="f",
        nationalities=["SYR"],
        languages=[LanguageSkill("ar"), LanguageSkill("prs", True)],
        target_group="asylum_seeker",
    )
    store.create_client(client)
    data = referral_store.context(store, client.id, CASEWORKER[0])  # the dialog's load
    hits = data.index.search(Need("residence", "ar", NEBRA, "asylum_seeker"), today, limit=30)
    assert hits, "no offer for residence near Nebra"
    best = hits[0]
    offer, provider = data.offer(best.offer.id)
    assert offer is not None and provider is not None
    assert any(lang.code == "ar" for lang in offer.languages), "the first hit speaks Arabic"
    assert any(p.location == NEBRA for p in offer.places), "... and is held in Nebra"
    assert best.language_fit == "spoken" and not best.stale
    assert "auf Arabisch" in best.reasons

    referral = Referral(  # as ReferralDialog.build() makes it
        client_id=client.id,
        target=offer.name,
        reason="Verlängerung der Aufenthaltsgestattung",
        referred_on=today,
        target_kind="offer",
        offer_id=offer.id,
        topic="residence",
        language="ar",
        location=NEBRA,
        contact_by="client",
        referred_by=CASEWORKER[0],
        referring_unit=CASEWORKER[2],
    )
    follow_up = Task(  # the dialog's follow-up, 14 days on
        client_id=client.id,
        due_date=today + dt.timedelta(days=14),
        text=f"Verweisung an {offer.name}: Ergebnis prüfen",
        assignee=CASEWORKER[0],
        assignee_unit=CASEWORKER[2],
    )
    referral_store.add(store, referral, follow_up)  # contact_by client: no consent asked

    # as the dialog's slip button prints it (desktop.ui.referral_dialog.write_slip)
    slip = print_slip(
        referral, offer, provider, client, "ar", tmp_path / "slip.pdf", contact=data.contact
    )
    text = _pdf_text(slip)
    place = next(p for p in offer.places if p.location == NEBRA)
    address = ", ".join(
        x for x in (place.address, " ".join(filter(None, (place.postal_code, place.city)))) if x
    ) or catalogs.load("location").label(NEBRA)
    assert address in text, (address, text)
    assert offer.name in text
    assert "إحالة" in text  # "Verweisung": the Arabic half of the slip
    assert "يرجى الاحتفاظ بهذه الورقة" in text  # "please keep this sheet"
    assert "Anna Schneider" in text and CASEWORKER[0] not in text  # a name, not a login

    next_week = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10, 0)).astimezone(dt.UTC)
    request = MediatorBooking(  # as BookingDialog.booking() makes it: no pool here
        language="prs",
        starts_at=next_week,
        unit=CASEWORKER[2],
        client_id=client.id,
        duration_min=60,
        setting="on_site",
        location=NEBRA,
        requested_by=CASEWORKER[0],
    )
    pool_store.request_booking(store, request)
    assert pool_store.get_booking(store, request.id).status == "requested"
    assert store.outbox_count() >= 4  # client, referral, follow-up, booking: waiting to go

    # 3 -- back online.
    with server.up() as (_base, _proc):
        caseworker.sync()
        pool.sync()
        asked = [r.booking for r in pool_store.bookings(pool.store, ("requested",))]
        assert [b.id for b in asked] == [request.id]
        fitting = pool_store.candidates(pool.store, asked[0])
        assert {c.mediator.id for c in fitting} == {farid.id, lapsed.id}
        first = fitting[0]
        assert first.mediator.id == farid.id and not first.warnings
        assert any("Verschwiegenheitserklärung" in w.text for w in fitting[1].warnings)
        pool_store.assign(pool.store, request.id, first.mediator)
        pool.sync()

        caseworker.sync()
        booked = pool_store.get_booking(store, request.id)
        assert (booked.status, booked.mediator_name) == ("booked", "Farid Rahimi")
        assert booked.mediator_id == farid.id
        assert caseworker.count(t.mediator) == 0 and pool_store.pool(store) == []

        # 4 -- later: the referral worked; the consultation with the mediator; a failure.
        seen = referral_store.snapshot(store, referral.id)
        assert seen.referral.status == "proposed"
        referral_store.update(
            store,
            dataclasses.replace(seen.referral, status="attended", feedback="Termin wahrgenommen"),
            seen,
        )
        midnight = dt.datetime.combine(today, dt.time()).astimezone(dt.UTC)
        consultation = Consultation(
            client_id=client.id,  # held today (the hours' month is this month's)
            started_at=max(
                midnight, dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
            ),
            unit=CASEWORKER[2],
            caseworker=CASEWORKER[0],
            location=NEBRA,
            kind="decentral_hours",
            topics=["residence"],
            duration_min=50,  # the real duration: billed as one hour (quarter hours)
            language="prs",
            mediator_used=True,
            mediator_name=booked.mediator_name,
        )
        store.add_consultation(consultation, then=pool_store.hours_with(store, request.id, km=12.0))
        assert pool_store.get_booking(store, request.id).status == "done"
        (logged,) = [r.entry for r in pool_store.hours(store)]
        assert (logged.minutes, logged.km, logged.status) == (50, 12.0, "recorded")
        assert logged.allowance_cents == _expected_cents(50, 12.0, "volunteer")

        # Housing near Nebra: no offer speaks Arabic; the German one did not work out.
        housing = referral_store.context(store, client.id).index.search(
            Need("housing", "ar", NEBRA, "asylum_seeker"), today
        )
        assert housing and all(h.language_fit == "german" for h in housing)
        second = Referral(
            client_id=client.id,
            target=housing[0].offer.name,
            reason="Wohnung gesucht",
            referred_on=today,
            target_kind="offer",
            offer_id=housing[0].offer.id,
            topic="housing",
            language="ar",
            location=NEBRA,
            contact_by="client",
            referred_by=CASEWORKER[0],
            referring_unit=CASEWORKER[2],
        )
        referral_store.add(store, second)
        seen = referral_store.snapshot(store, second.id)
        referral_store.update(
            store,
            dataclasses.replace(seen.referral, status="failed", failure_reason="language"),
            seen,
        )
        caseworker.sync()

        # The pool's unit checks the hours (only checked hours are paid).
        pool.sync()
        assert pool_store.review(pool.store, [logged.id], POOL[0]) == 1
        pool.sync()

        # 5 -- coordination.
        coordination.sync()
        cells = needs_store.unmet_needs(coordination.store.engine, today.replace(day=1), today)
        assert [(c.key, c.unmet, c.total, c.reasons) for c in cells] == [
            ((month, "housing", "ar", NEBRA), 1, 1, {"language": 1})
        ]
        (line,) = pool_store.allowance_list(coordination.store, month)
        assert (line.mediator_id, line.name) == (farid.id, "Farid Rahimi")
        assert (line.entries, line.minutes, line.km) == (1, 50, 12.0)
        assert line.cents == _expected_cents(50, 12.0, "volunteer")
        assert coordination.count(t.mediator) == 2  # coordination reads the pool
        csv = allowance_print.write_csv([line], tmp_path / "allowance.csv")
        assert "Farid Rahimi" in csv.read_text(encoding="utf-8-sig")
        outcome = referral_store.snapshot(coordination.store, referral.id).referral
        assert (outcome.status, outcome.feedback) == ("attended", "Termin wahrgenommen")

        # The caseworker's laptop: the hours checked, still no pool.
        caseworker.sync()
        (checked,) = [r.entry for r in pool_store.hours(store)]
        assert (checked.status, checked.reviewed_by) == ("reviewed", POOL[0])
        assert caseworker.count(t.mediator) == 0
