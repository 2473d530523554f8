"""The server refuses a referral that would pass a client's data outside the roof without the
client's consent (issue 19, item 2), on every write path, SQLite and PostgreSQL.

Written from the rule as the issue states it: ``contact_by`` "agency" to an external body, or to
an offer whose provider is no unit under the roof, needs an active consent (on ``referred_on``)
of the same client naming that recipient (provider or body name, case-insensitive, trimmed)
with the category ``master_data``, named in ``consent_id``. The oracle of the property test
is written out here, not taken from casefile.referrals.
"""

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from casefile.ids import new_id
from sync_server import schema as t
from tests.server.helpers import codes, valid_fields, wire_date

CARITAS = "Caritas Burgenlandkreis"
JOBCENTER = "Jobcenter Burgenlandkreis"


def _directory(make_device) -> dict[str, str]:
    """Two providers (one outside, one a unit under the roof) with an offer each, kept by
    coordination (the rules' directory maintainers); their ids."""
    coord = make_device("k.koordination", roles=["coordination"], units=["coordination"])
    ids = {name: new_id() for name in ("caritas", "jobcenter", "debts", "training")}
    place = json.dumps(
        [{"name": "", "location": "lra_naumburg", "address": "", "postal_code": "", "city": ""}]
    )
    ops = [
        coord.op("provider", ids["caritas"], fields={"name": CARITAS}),
        coord.op("provider", ids["jobcenter"], fields={"name": JOBCENTER, "unit": "jobcenter"}),
        coord.op(
            "offer",
            ids["debts"],
            fields={
                "provider_id": ids["caritas"],
                "name": "Schuldnerberatung",
                "topics": codes("topic", "debts"),
                "places": place,
                "verified_on": wire_date(),
            },
        ),
        coord.op(
            "offer",
            ids["training"],
            fields={
                "provider_id": ids["jobcenter"],
                "name": "Bewerbungstraining",
                "topics": codes("topic", "work"),
                "places": place,
                "verified_on": wire_date(),
            },
        ),
    ]
    r = coord.push(ops)
    assert [x["status"] for x in r.json()["results"]] == ["applied"] * 4, r.text
    return ids


def _client(dev) -> str:
    cid = new_id()
    r = dev.push([dev.op("client", cid, fields=valid_fields("client"))])
    assert r.json()["results"][0]["status"] == "applied", r.text
    return cid


def _consent(cid, recipients, categories=("master_data",), **over) -> dict:
    fields = {"form_reference": "", "purpose": "Verweisung", **over}
    return valid_fields(
        "consent",
        cid,
        recipients=json.dumps(list(recipients)),
        categories=codes("data_category", *categories),
        **fields,
    )


def _referral(cid, **over) -> dict:
    fields = {
        "target": CARITAS,
        "target_kind": "external",
        "contact_by": "agency",
        "reason": "Schulden",
        "topic": "debts",
        "referred_on": wire_date(),
        **over,
    }
    return valid_fields("referral", cid, **fields)


def _one(dev, kind, rid, fields, op="create", base=None) -> dict:
    r = dev.push([dev.op(kind, rid, op=op, fields=fields, base=base)])
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def test_an_agency_referral_to_an_outside_body_without_consent_is_refused_with_the_reason(
    make_device, service
):
    dev = make_device()
    cid = _client(dev)
    rid = new_id()
    res = _one(dev, "referral", rid, _referral(cid))
    assert (res["status"], res["reason"]) == ("rejected", "referral_consent")
    assert res["detail"] == f"Für die Weitergabe an „{CARITAS}“ fehlt eine Einwilligung der Person."
    with service.db.reader.connect() as conn:
        assert conn.execute(select(t.records.c.id).where(t.records.c.id == rid)).first() is None
        denied = (
            conn.execute(
                select(t.audit_log.c.detail).where(
                    t.audit_log.c.action == "denied", t.audit_log.c.record_id == rid
                )
            )
            .scalars()
            .all()
        )
    assert denied and "referral_consent" in denied[0] and "Caritas" not in denied[0]


def test_a_consent_naming_the_body_lets_it_pass_and_the_client_going_alone_needs_none(make_device):
    dev = make_device()
    cid = _client(dev)
    cons = new_id()
    assert _one(dev, "consent", cons, _consent(cid, ["  caritas burgenlandKREIS "]))["status"] == (
        "applied"
    )
    assert _one(dev, "referral", new_id(), _referral(cid, consent_id=cons))["status"] == "applied"
    alone = _referral(cid, contact_by="client", target="Diakonie Zeitz")
    assert _one(dev, "referral", new_id(), alone)["status"] == "applied"
    # the consent names Caritas, not another body
    other = _one(dev, "referral", new_id(), _referral(cid, target="AWO", consent_id=cons))
    assert other["reason"] == "referral_consent" and "„AWO“" in other["detail"]


def test_an_offer_needs_a_consent_for_its_provider_unless_the_provider_is_a_unit(make_device):
    ids = _directory(make_device)
    dev = make_device()
    cid = _client(dev)
    to_caritas = _referral(
        cid, target_kind="offer", offer_id=ids["debts"], target="Schuldnerberatung"
    )
    res = _one(dev, "referral", new_id(), to_caritas)
    assert res["reason"] == "referral_consent" and f"„{CARITAS}“" in res["detail"]
    to_jobcenter = _referral(
        cid, target_kind="offer", offer_id=ids["training"], target="Bewerbungstraining"
    )
    assert _one(dev, "referral", new_id(), to_jobcenter)["status"] == "applied"
    unknown = _referral(cid, target_kind="offer", offer_id=new_id(), target="Unbekannt")
    # an offer the server never held: refused (the link to nothing, before the consent rule)
    refused = _one(dev, "referral", new_id(), unknown)
    assert refused["status"] == "rejected"
    assert refused["reason"] in ("invalid_value", "referral_offer"), refused
    # consent and referral in one push: the referral sees the consent the batch gave
    cons = new_id()
    r = dev.push(
        [
            dev.op("consent", cons, fields=_consent(cid, [CARITAS])),
            dev.op("referral", new_id(), fields={**to_caritas, "consent_id": cons}),
        ]
    )
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"], r.text


def test_another_unit_records_the_outcome_but_cannot_reroute_without_consent(make_device):
    dev = make_device()
    cid = _client(dev)
    cons, rid = new_id(), new_id()
    dev.push([dev.op("consent", cons, fields=_consent(cid, [CARITAS]))])
    assert _one(dev, "referral", rid, _referral(cid, consent_id=cons))["status"] == "applied"
    # the consent is withdrawn later: the outcome may still be recorded, by the Jobcenter
    assert _one(dev, "consent", cons, {"withdrawn_on": wire_date()}, op="update")["status"] == (
        "applied"
    )
    jc = make_device("j.jobcenter", units=["jobcenter"])
    outcome = {"status": "failed", "failure_reason": "no_capacity", "feedback": "Warteliste"}
    assert _one(jc, "referral", rid, outcome, op="update")["status"] == "applied"
    # a change of where the data go is checked again
    moved = _one(jc, "referral", rid, {"target": "Diakonie Zeitz"}, op="update")
    assert moved["reason"] == "referral_consent"
    handed = _one(jc, "referral", rid, {"contact_by": "client"}, op="update")
    assert handed["status"] == "applied"


def test_resolving_a_conflict_on_the_target_passes_the_consent_rule(
    make_device, client, service, envelope
):
    a, b = make_device(node="a"), make_device(node="b")
    cid = _client(a)
    cons, rid = new_id(), new_id()
    a.push([a.op("consent", cons, fields=_consent(cid, [CARITAS]))])
    made = _one(a, "referral", rid, _referral(cid, consent_id=cons))
    seen = made["record"]["clocks"]["target"]
    first = _one(
        a, "referral", rid, {"target": "caritas burgenlandkreis"}, "update", {"target": seen}
    )
    assert first["status"] == "applied"
    second = _one(
        b, "referral", rid, {"target": "CARITAS Burgenlandkreis "}, "update", {"target": seen}
    )
    assert second["status"] == "applied" and second["conflicts"]
    # A referral's losing value goes to history (settled by the rule); a county may let a
    # person decide it: opened again here, the resolution path is the one under test.
    c = t.conflicts.c
    with service.db.writer.begin() as conn:
        conn.execute(
            t.conflicts.update()
            .where(c.record_id == rid)
            .values(resolved_at=None, resolved_by=None, resolution=None, needs_person=True)
        )
        conflict_id = conn.execute(select(c.id).where(c.record_id == rid)).scalar()
    r = client.post(
        f"/api/v1/conflicts/{conflict_id}/resolve",
        json={"value": "Diakonie Zeitz"},
        headers=a.headers,
    )
    body = envelope(r, 422, "referral_consent")
    assert "„Diakonie Zeitz“" in body["detail"]["reason"]
    ok = client.post(
        f"/api/v1/conflicts/{conflict_id}/resolve", json={"value": CARITAS}, headers=a.headers
    )
    assert ok.status_code == 200, ok.text


# --- the property: random referrals and consents against the rule ---------------------------

TODAY = dt.date.today()


def _oracle(ref: dict, consents: list[dict], outside_provider: bool | None) -> bool:
    """May *ref* be stored? The issue's rule, written out."""
    if ref["contact_by"] != "agency":
        return True
    if ref["target_kind"] == "unit":
        return True
    if ref["target_kind"] == "offer" and not outside_provider:
        return True
    name = CARITAS if ref["target_kind"] == "offer" else ref["target"]
    on = dt.date.fromisoformat(ref["referred_on"])
    for c in consents:
        if c["id"] != ref.get("consent_id") or c["client_id"] != ref["client_id"]:
            continue
        given = dt.date.fromisoformat(c["given_on"])
        until = c.get("valid_until") and dt.date.fromisoformat(c["valid_until"])
        gone = c.get("withdrawn_on") and dt.date.fromisoformat(c["withdrawn_on"])
        active = given <= on and not (until and until < on) and not (gone and gone <= on)
        names = {" ".join(r.split()).casefold() for r in json.loads(c["recipients"])}
        if (
            active
            and "master_data" in json.loads(c["categories"])
            and (" ".join(name.split()).casefold() in names)
        ):
            return True
    return False


_WORLDS: dict[int, tuple] = {}
SPELLINGS = st.sampled_from(
    [CARITAS, " caritas  burgenlandkreis", "CARITAS BURGENLANDKREIS ", "AWO Zeitz"]
)
consent_shape = st.fixed_dictionaries(
    {
        "recipients": st.lists(SPELLINGS, min_size=1, max_size=2),
        "master": st.booleans(),
        "given": st.integers(-10, 10),  # days after the referral
        "until": st.none() | st.integers(0, 20),  # days after given
        "withdrawn": st.none() | st.integers(0, 25),  # days after given (not after today)
        "other_client": st.booleans(),
    }
)
referral_shape = st.fixed_dictionaries(
    {
        "target": st.sampled_from(["external", "offer_outside", "offer_unit", "unit"]),
        "body": SPELLINGS,
        "contact_by": st.sampled_from(["agency", "client"]),
        "named": st.sampled_from(["none", "first", "last", "unknown"]),
    }
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(consent_shape, max_size=3), referral_shape)
def test_random_referrals_and_consents_pass_exactly_where_the_rule_lets_them(
    make_device, consents, shape
):
    # One device and directory per database (a registration costs a password hash).
    held = _WORLDS.get(id(make_device))
    if held is None or held[0] is not make_device:
        held = _WORLDS[id(make_device)] = (make_device, make_device(), _directory(make_device))
    _, dev, directory = held
    cid, other = _client(dev), _client(dev)
    referred_on = TODAY - dt.timedelta(days=30)
    stored: list[dict] = []
    ops = []
    for c in consents:
        given_on = referred_on + dt.timedelta(days=c["given"])
        until = given_on + dt.timedelta(days=c["until"]) if c["until"] is not None else None
        gone = (
            min(TODAY, given_on + dt.timedelta(days=c["withdrawn"]))
            if c["withdrawn"] is not None
            else None
        )
        fields = _consent(
            other if c["other_client"] else cid,
            c["recipients"],
            ("master_data",) if c["master"] else ("counseling_notes",),
            given_on=given_on.isoformat(),
            valid_until=until and until.isoformat(),
            withdrawn_on=gone and gone.isoformat(),
            form_reference="EV-1",
        )
        rid = new_id()
        ops.append(dev.op("consent", rid, fields=fields))
        stored.append({**fields, "id": rid})
    if ops:
        r = dev.push(ops)
        assert [x["status"] for x in r.json()["results"]] == ["applied"] * len(ops), r.text
    consent_id = {
        "none": None,
        "first": stored[0]["id"] if stored else None,
        "last": stored[-1]["id"] if stored else None,
        "unknown": new_id(),
    }[shape["named"]]
    kind = shape["target"]
    over = {
        "contact_by": shape["contact_by"],
        "consent_id": consent_id,
        "referred_on": referred_on.isoformat(),
    }
    if kind == "external":
        over |= {"target_kind": "external", "target": shape["body"]}
    elif kind == "unit":
        over |= {"target_kind": "unit", "unit": "jobcenter", "target": "jobcenter"}
    else:
        offer = directory["debts"] if kind == "offer_outside" else directory["training"]
        over |= {"target_kind": "offer", "offer_id": offer, "target": "Angebot"}
    ref = _referral(cid, **over)
    res = _one(dev, "referral", new_id(), ref)
    expected = _oracle({**ref, "client_id": cid}, stored, kind == "offer_outside")
    assert (res["status"] == "applied") is expected, (res, ref, stored)
    if not expected:
        assert res["reason"] == "referral_consent"
