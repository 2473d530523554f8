"""Rows of the local store from casefile records and back: :mod:`casefile.codec` under the
names the store's code uses. A row is a record's fields (``codec.encode``); a row read from
the database (an SQLAlchemy row, a mapping or an object with attributes) decodes back."""

from __future__ import annotations

from collections.abc import Mapping

from casefile import codec
from casefile.records import (
    Client,
    Consent,
    Consultation,
    HouseholdLink,
    Referral,
    ResidenceStatus,
    Task,
)

d2s, s2d = codec.date_text, codec.text_date
t2s, s2t = codec.time_text, codec.text_time
jdump = codec.json_text

client_row = consultation_row = task_row = referral_row = consent_row = codec.encode
residence_row = household_row = codec.encode


def _fields(r) -> Mapping:
    if isinstance(r, Mapping):
        return r
    return r._mapping if hasattr(r, "_mapping") else vars(r)


def client_from_row(r, aliases=(), identifiers=()) -> Client:
    return codec.decode_client(_fields(r), map(_fields, aliases), map(_fields, identifiers))


def consultation_from_row(r) -> Consultation:
    return codec.decode(Consultation, _fields(r))


def task_from_row(r) -> Task:
    return codec.decode(Task, _fields(r))


def referral_from_row(r) -> Referral:
    return codec.decode(Referral, _fields(r))


def consent_from_row(r) -> Consent:
    return codec.decode(Consent, _fields(r))


def residence_from_row(r) -> ResidenceStatus:
    return codec.decode(ResidenceStatus, _fields(r))


def household_from_row(r) -> HouseholdLink:
    return codec.decode(HouseholdLink, _fields(r))
