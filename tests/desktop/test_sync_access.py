"""Who may hold what, end to end: real laptops (stores and engines) against the server app.

A jobcenter laptop records a consultation; an integration caseworker's laptop does not
receive it until the client consents, and drops it on the first sync after the withdrawal.
A change of the user's units makes the laptop drop the sections and receive them anew.
"""

import datetime as dt

from sqlalchemy import text

from casefile.records import Consent
from tests.desktop.harness import new_client, new_consultation


def notes(dev, client_id: str) -> set[str]:
    with dev.store.engine.connect() as conn:
        return set(
            conn.execute(
                text("SELECT note FROM consultation WHERE client_id = :c"), {"c": client_id}
            ).scalars()
        )


def test_consent_given_shows_and_withdrawn_drops_a_section_on_a_second_laptop(make_device):
    jc = make_device("jobcenter-laptop", user="j.jobcenter", units=["jobcenter"])
    it = make_device("integration-laptop", user="i.integration", units=["integration"])
    person = new_client("Haddad", "Rami", sex="m", nationalities=["SYR"])
    jc.store.create_client(person)
    jc.store.add_consultation(new_consultation(person.id, "Vermittlungsgespräch", unit="jobcenter"))
    jc.sync()
    it.sync()
    assert it.store.get_client(person.id) is not None  # master data: one roof
    assert notes(it, person.id) == set()  # the jobcenter's note: not
    # Recorded by the Jobcenter, which holds its notes, with the signed form's number.
    consent = Consent(
        person.id,
        ["integration"],
        ["jobcenter"],
        "Abstimmung zur Arbeitsaufnahme",
        dt.date.today() - dt.timedelta(days=1),
        form_reference="EW-2026-00017",
    )
    jc.store.add_consent(consent)
    jc.sync()
    it.sync()
    assert notes(it, person.id) == {"Vermittlungsgespräch"}
    assert jc.store.withdraw_consent(consent.id)
    jc.sync()
    it.sync()
    assert notes(it, person.id) == set()
    with it.store.engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT withdrawn_on FROM consent WHERE id = :i"), {"i": consent.id}
            ).scalar()
            == dt.date.today().isoformat()
        )


def test_a_consent_past_its_valid_until_date_is_dropped_after_the_daily_run(
    make_device, server, monkeypatch
):
    from sync_server import access, audit, retention

    jc = make_device("jobcenter-laptop", user="j.jobcenter", units=["jobcenter"])
    it = make_device("integration-laptop", user="i.integration", units=["integration"])
    person = new_client("Haddad", "Rami", sex="m", nationalities=["SYR"])
    jc.store.create_client(person)
    jc.store.add_consultation(new_consultation(person.id, "Vermittlungsgespräch", unit="jobcenter"))
    today = dt.date.today()
    consent = Consent(
        person.id,
        ["integration"],
        ["jobcenter"],
        "Abstimmung zur Arbeitsaufnahme",
        today - dt.timedelta(days=30),
        valid_until=today,
        form_reference="EW-2026-00018",
    )
    jc.store.add_consent(consent)
    jc.sync()
    it.sync()
    assert notes(it, person.id) == {"Vermittlungsgespräch"}  # valid through today
    db = server.state.service.db
    assert retention.expire_consents(db, today=today) == 0  # not yet past
    # The next day: the server stops opening the section at once; the daily run tells devices.
    tomorrow = today + dt.timedelta(days=1)
    monkeypatch.setattr(access, "current_day", lambda: tomorrow)
    assert retention.expire_consents(db, today=tomorrow) == 1
    assert retention.expire_consents(db, today=tomorrow) == 0  # once a day, once per consent
    it.sync()
    assert notes(it, person.id) == set()
    assert it.store.get_client(person.id) is not None  # master data stay
    assert jc.sync().pulled >= 1 and notes(jc, person.id) == {
        "Vermittlungsgespräch"
    }  # its own unit
    logged = [r for r in audit.query(db, client_id=person.id) if r["action"] == "consent_expired"]
    assert [r["record_id"] for r in logged] == [consent.id]


def test_a_write_into_another_units_section_is_refused_and_listed(make_device):
    from desktop.sync import state

    it = make_device("integration-laptop", user="i.integration", units=["integration"])
    person = new_client("Haddad", "Rami", sex="m", nationalities=["SYR"])
    it.store.create_client(person)
    it.store.add_consultation(new_consultation(person.id, "Leistungsfragen", unit="asylblg"))
    report = it.sync()
    assert report.rejected == 1
    [refused] = state.rejections(it.store.engine)
    assert refused.reason == "forbidden" and refused.fields["note"] == "Leistungsfragen"


def test_a_change_of_the_users_units_drops_the_sections_and_pulls_them_again(make_device, server):
    from sync_server import schema as t

    jc = make_device("jobcenter-laptop", user="j.jobcenter", units=["jobcenter"])
    it = make_device("integration-laptop", user="i.integration", units=["integration"])
    person = new_client("Haddad", "Rami", sex="m", nationalities=["SYR"])
    it.store.create_client(person)
    it.store.add_consultation(new_consultation(person.id, "Integrationsberatung"))
    it.sync()
    jc.sync()
    jc.store.add_consultation(new_consultation(person.id, "Vermittlungsgespräch", unit="jobcenter"))
    jc.sync()
    it.sync()
    assert notes(it, person.id) == {"Integrationsberatung"}
    # The user moves from integration to the jobcenter.
    with server.state.service.db.writer.begin() as conn:
        conn.execute(
            t.users.update().where(t.users.c.name == "i.integration").values(units='["jobcenter"]')
        )
    report = it.sync()
    assert report.scope_reset
    assert notes(it, person.id) == {"Vermittlungsgespräch"}
    assert it.store.get_client(person.id) is not None


def test_the_laptop_keeps_the_servers_rules_and_asks_again_when_its_scope_changes(
    make_device, server
):
    from desktop import permissions
    from sync_server import schema as t

    it = make_device("integration-laptop", user="i.integration", units=["integration"])
    before = permissions.load(it.store.engine)
    assert before.restricted and before.user.units == ("integration",)
    assert not before.may_create("residence_status")
    it.sync()
    kept = permissions.load(it.store.engine)
    assert kept.digest == server.state.service.policy.digest
    # The user moves to the immigration office: new scope, the rules are asked for again,
    # and the laptop offers what the new unit may do once the registration says so.
    with server.state.service.db.writer.begin() as conn:
        conn.execute(
            t.users.update().where(t.users.c.name == "i.integration").values(units='["abh"]')
        )
    calls = []
    real = it.client.rules
    it.client.rules = lambda: calls.append(1) or real()
    it.sync()
    it.sync()
    assert calls == [1]  # once for the new scope, not on every round
    now = permissions.load(it.store.engine)
    assert now.user.units == ("abh",) and now.may_create("residence_status")
