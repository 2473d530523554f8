"""Conversion between casefile records and rows of the local store."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from casefile.records import (Alias, BirthDatePrecision, Client, Consent, Consultation,
                              HouseholdLink, Identifier, LanguageSkill, Referral, ResidenceStatus,
                              Sex, Task)


def d2s(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def s2d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def t2s(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def s2t(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def jdump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def client_row(c: Client) -> dict:
    return {
        "id": c.id, "family_name": c.family_name.strip(), "given_names": c.given_names.strip(),
        "birth_name": c.birth_name.strip(), "birth_date": d2s(c.birth_date),
        "birth_date_precision": str(c.birth_date_precision), "birth_place": c.birth_place.strip(),
        "sex": str(c.sex), "nationalities": jdump(c.nationalities),
        "languages": jdump([asdict(l) for l in c.languages]), "phone": c.phone.strip(),
        "address": c.address.strip(), "target_group": c.target_group,
    }


def client_from_row(r, aliases=(), identifiers=()) -> Client:
    return Client(
        id=r.id, family_name=r.family_name, given_names=r.given_names, birth_name=r.birth_name,
        birth_date=s2d(r.birth_date), birth_date_precision=BirthDatePrecision(r.birth_date_precision),
        birth_place=r.birth_place, sex=Sex(r.sex), nationalities=json.loads(r.nationalities),
        languages=[LanguageSkill(**l) for l in json.loads(r.languages)], phone=r.phone,
        address=r.address, target_group=r.target_group,
        aliases=[Alias(id=a.id, family_name=a.family_name, given_names=a.given_names, kind=a.kind)
                 for a in aliases],
        identifiers=[Identifier(id=i.id, type=i.type, value=i.value) for i in identifiers],
    )


def consultation_row(c: Consultation) -> dict:
    return {
        "id": c.id, "client_id": c.client_id, "started_at": t2s(c.started_at),
        "duration_min": c.duration_min, "unit": c.unit, "caseworker": c.caseworker,
        "location": c.location, "kind": c.kind, "topics": jdump(c.topics), "language": c.language,
        "mediator_used": c.mediator_used, "mediator_name": c.mediator_name, "note": c.note,
        "outcome": c.outcome, "next_step": c.next_step, "revision_of": c.revision_of,
    }


def consultation_from_row(r) -> Consultation:
    return Consultation(
        id=r.id, client_id=r.client_id, started_at=s2t(r.started_at), duration_min=r.duration_min,
        unit=r.unit, caseworker=r.caseworker, location=r.location, kind=r.kind,
        topics=json.loads(r.topics), language=r.language, mediator_used=bool(r.mediator_used),
        mediator_name=r.mediator_name, note=r.note, outcome=r.outcome, next_step=r.next_step,
        revision_of=r.revision_of)


def task_row(t: Task) -> dict:
    return {"id": t.id, "client_id": t.client_id, "due_date": d2s(t.due_date), "text": t.text,
            "assignee": t.assignee, "assignee_unit": t.assignee_unit, "done": t.done,
            "done_at": t2s(t.done_at), "consultation_id": t.consultation_id}


def task_from_row(r) -> Task:
    return Task(id=r.id, client_id=r.client_id, due_date=s2d(r.due_date), text=r.text,
                assignee=r.assignee, assignee_unit=r.assignee_unit, done=bool(r.done),
                done_at=s2t(r.done_at), consultation_id=r.consultation_id)


def referral_row(x: Referral) -> dict:
    return {"id": x.id, "client_id": x.client_id, "target": x.target, "reason": x.reason,
            "referred_on": d2s(x.referred_on), "status": x.status, "feedback": x.feedback,
            "consultation_id": x.consultation_id}


def referral_from_row(r) -> Referral:
    return Referral(id=r.id, client_id=r.client_id, target=r.target, reason=r.reason,
                    referred_on=s2d(r.referred_on), status=r.status, feedback=r.feedback,
                    consultation_id=r.consultation_id)


def consent_row(x: Consent) -> dict:
    return {"id": x.id, "client_id": x.client_id, "recipients": jdump(x.recipients),
            "categories": jdump(x.categories), "purpose": x.purpose, "given_on": d2s(x.given_on),
            "valid_until": d2s(x.valid_until), "withdrawn_on": d2s(x.withdrawn_on),
            "form_reference": x.form_reference}


def consent_from_row(r) -> Consent:
    return Consent(id=r.id, client_id=r.client_id, recipients=json.loads(r.recipients),
                   categories=json.loads(r.categories), purpose=r.purpose,
                   given_on=s2d(r.given_on), valid_until=s2d(r.valid_until),
                   withdrawn_on=s2d(r.withdrawn_on), form_reference=r.form_reference)


def residence_row(x: ResidenceStatus) -> dict:
    return {"id": x.id, "client_id": x.client_id, "status": x.status, "paragraph": x.paragraph,
            "valid_from": d2s(x.valid_from), "valid_until": d2s(x.valid_until),
            "issuing_office": x.issuing_office}


def residence_from_row(r) -> ResidenceStatus:
    return ResidenceStatus(id=r.id, client_id=r.client_id, status=r.status, paragraph=r.paragraph,
                           valid_from=s2d(r.valid_from), valid_until=s2d(r.valid_until),
                           issuing_office=r.issuing_office)


def household_row(x: HouseholdLink) -> dict:
    return {"id": x.id, "client_id": x.client_id, "other_client_id": x.other_client_id,
            "relation": x.relation}
