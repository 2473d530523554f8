"""Group sessions in casefile (issue 20): ids made from what a record is, the consultation a
sheet writes, the validation's German messages, and the merge rule that makes two
facilitators' group consultations one record while ordinary consultations stay append-only."""

from __future__ import annotations

import datetime as dt

from casefile import codec, groups, ids, validation
from casefile.hlc import Clock
from casefile.records import GroupSession
from casefile.sync import APPLIED, REJECTED, Op, RecordState, merge

START = dt.datetime(2026, 11, 3, 16, 0, tzinfo=dt.UTC)
CLIENT = "0190a5d0-0000-7000-8000-000000000001"


def _session(**kw) -> GroupSession:
    fields = dict(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=START,
        location="dez_nebra",
        duration_min=120,
    )
    fields.update(kw)
    return groups.one_off(**fields)


def test_ids_come_from_what_a_record_is():
    assert _session().id == _session(title="anders").id  # the title is not part of it
    assert _session().id != _session(location="lra_naumburg").id
    assert _session().id != _session(starts_at=START + dt.timedelta(minutes=30)).id
    starts = [START + dt.timedelta(days=7 * i) for i in range(4)]
    series = groups.plan_series(_session(), starts)
    again = groups.plan_series(_session(title="Wohnschulung für Familien"), starts)
    assert [s.id for s in series] == [s.id for s in again]
    assert len({s.id for s in series}) == 4 and all(s.series_count == 4 for s in series)
    assert ids.group_consultation_id(series[0].id, CLIENT) != ids.group_consultation_id(
        series[0].id, CLIENT, 1
    )
    assert all(ids.is_valid_id(s.id) for s in series)


def test_the_consultation_a_sheet_writes():
    session = _session(languages=["prs", "ar"], mediator_name="Ghada Kurdi")
    cons = groups.consultation_for(
        session, CLIENT, 1.5, "k.wagner", groups.language_for(session, ["ar", "de"])
    )
    assert (cons.kind, cons.duration_min, cons.topics, cons.note) == (
        "group",
        90,
        ["housing"],
        "Wohnschulung",
    )
    assert cons.language == "ar" and cons.mediator_used and cons.group_session_id == session.id
    assert not validation.validate(cons, dt.date(2026, 12, 1))
    absent = groups.attendance_for(session, groups.SheetLine(CLIENT, "absent", 2.0), None)
    assert absent.hours == 0.0 and absent.status == "absent"


def test_german_messages_for_a_wrong_session():
    def messages(s: GroupSession) -> str:
        return " ".join(e.message for e in validation.validate(s))

    assert "Bitte Teilnehmende aus den Akten wählen" in messages(_session(recorded=True))
    assert not messages(_session(recorded=True, anonymous_count=4))
    assert not messages(_session())  # planned: participants may come later
    assert "zweimal" in messages(_session(participant_ids=[CLIENT, CLIENT]))
    assert "Sprache" in messages(_session(mediator_name="Ghada Kurdi"))
    assert "Reihe" in messages(_session(series_no=5, series_count=4))


def _op(fields: dict, node: str) -> Op:
    fields = dict(fields)
    record_id = fields.pop("id")
    return Op(
        op_id=ids.new_id(),
        kind="consultation",
        record_id=record_id,
        op="create",
        hlc=Clock(node).now().encode(),
        fields=fields,
    )


def test_two_creates_of_a_group_consultation_merge_field_by_field():
    session = _session()
    a = codec.encode(groups.consultation_for(session, CLIENT, 2.0, "k.wagner", "ar"))
    b = {**a, "caseworker": "a.schneider", "duration_min": 90}
    first = merge("consultation", RecordState(exists=False), _op(a, "a"))
    second = merge("consultation", first.state, _op(b, "b"))
    assert second.status == APPLIED
    assert second.state.fields["duration_min"] == 90
    assert {c.field for c in second.conflicts} == {"caseworker", "duration_min"}


def test_an_ordinary_consultation_stays_append_only():
    session = _session()
    a = codec.encode(groups.consultation_for(session, CLIENT, 2.0, "k.wagner", "ar"))
    a.update(group_session_id=None, kind="appointment")
    first = merge("consultation", RecordState(exists=False), _op(a, "a"))
    again = merge("consultation", first.state, _op({**a, "note": "x"}, "b"))
    assert again.status == REJECTED and again.reason == "append_only"
