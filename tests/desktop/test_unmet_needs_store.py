"""Unmet needs counted in the laptop's store (SQL) agree with the rule of casefile.needs, and
the CSV opens in Excel with German headers and umlauts intact."""

import csv
import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, insert

from casefile import needs
from casefile.records import Referral
from desktop.store import needs as store_needs, rows, schema as t

STAMP = "2026-01-01T00:00:00+00:00"


def put(store, refs) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(t.referral))
        if refs:
            conn.execute(
                insert(t.referral), [{**rows.referral_row(r), "created_at": STAMP} for r in refs]
            )


def ref(**kw) -> Referral:
    base = dict(
        client_id="c1",
        target="Wohnraumberatung",
        reason="Wohnung gesucht",
        referred_on=dt.date(2026, 3, 4),
        status="failed",
        failure_reason="no_capacity",
        topic="housing",
        language="ar",
        location="dez_zeitz",
    )
    base.update(kw)
    return Referral(**base)


def test_the_store_counts_failed_referrals_for_lack_of_an_offer(store):
    put(
        store,
        [
            ref(),
            ref(failure_reason="distance"),
            ref(failure_reason="client_declined"),
            ref(status="accepted", failure_reason=""),
            ref(referred_on=dt.date(2026, 4, 1)),
        ],
    )
    cells = store_needs.unmet_needs(store.engine, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert [(c.key, c.unmet, c.total, c.reasons) for c in cells] == [
        (
            ("2026-03", "housing", "ar", "dez_zeitz"),
            2,
            4,
            {"no_capacity": 1, "distance": 1},
        )
    ]
    assert len(store_needs.unmet_needs(store.engine)) == 2  # no period: both months


referrals = st.builds(
    ref,
    status=st.sampled_from(["proposed", "sent", "accepted", "attended", "failed", "cancelled"]),
    failure_reason=st.sampled_from(
        ["", "client_declined", "no_capacity", "no_offer", "language", "distance", "not_eligible"]
    ),
    topic=st.sampled_from(["", "housing", "work", "health"]),
    language=st.sampled_from(["", "ar", "prs", "uk"]),
    location=st.sampled_from(["", "dez_zeitz", "lra_naumburg"]),
    referred_on=st.dates(dt.date(2025, 11, 1), dt.date(2026, 3, 31)),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(referrals, max_size=60),
    st.dates(dt.date(2025, 11, 1), dt.date(2026, 3, 31)),
    st.integers(0, 150),
)
def test_the_store_agrees_with_the_rule(store, refs, start, days):
    put(store, refs)
    end = start + dt.timedelta(days=days)
    assert store_needs.unmet_needs(store.engine, start, end) == needs.count(refs, start, end)


def test_csv_for_excel(tmp_path):
    cells = needs.count(
        [ref(), ref(status="attended", failure_reason=""), ref(location="", language="")]
    )
    path = store_needs.write_csv(cells, tmp_path / "bedarfe.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert table[0][:7] == [
        "Monat",
        "Thema",
        "Sprache",
        "Ort",
        "Ungedeckte Bedarfe",
        "Verweisungen",
        "Anteil",
    ]
    assert "davon: keine Kapazität beim Angebot" in table[0]
    rows_ = {tuple(r[:4]): r for r in table[1:]}
    housing = rows_[
        ("03/2026", "Wohnen", "Arabisch", "Dezentrale Sprechstunde Zeitz (Mehrgenerationenhaus)")
    ]
    assert housing[4:7] == ["1", "2", "50,0 %"]
    assert ("03/2026", "Wohnen", "ohne Angabe", "ohne Angabe") in rows_
