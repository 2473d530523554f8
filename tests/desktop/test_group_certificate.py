"""The participation certificate (issue 20): one A4 page per participant, German and the
client's language (Dari, Arabic, Ukrainian ...), read back with pdftotext: the name, birth
date, the series' title, each date with the attendance and hours, the total, the place, who
issued it and the signature line; written on a worker of the operation layer from the page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pytest

from casefile import certificate, groups
from casefile.records import Client, GroupSession, LanguageSkill
from desktop.group_certificate import write_certificates
from desktop.store import groups as store_groups

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by .ci/run"
)
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
START = dt.datetime(2026, 11, 3, 16, 0, tzinfo=dt.UTC)


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = " ".join(unicodedata.normalize("NFKC", out.stdout).translate(BIDI).split())
    return text.replace("\u200c", "")  # pdftotext drops Persian's zero-width non-joiner


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _fonts(pdf) -> set[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return {line.split()[0].split("+")[-1] for line in out.stdout.splitlines()[2:] if line.strip()}


def _recorded_series(store, language: str) -> tuple[GroupSession, str]:
    cid = store.create_client(
        Client(
            "Rahimi",
            "Farid",
            birth_date=dt.date(1991, 4, 12),
            languages=[LanguageSkill(language, True), LanguageSkill("de")],
        )
    )
    template = GroupSession(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=START,
        location="dez_nebra",
        duration_min=120,
        languages=[language],
        facilitator="k.wagner",
    )
    series = groups.plan_series(template, [START + dt.timedelta(days=7 * i) for i in range(3)])
    store_groups.plan(store, series)
    for session, (status, hours) in zip(
        series, (("present", None), ("present", 1.5), ("excused", None)), strict=True
    ):
        store_groups.record_attendance(
            store,
            session,
            [groups.SheetLine(cid, status, hours)],
            caseworker="k.wagner",
            now=START + dt.timedelta(days=30),
        )
    return series[0], cid


@pytest.mark.parametrize(
    "language, words",
    [
        ("prs", ["تصدیق اشتراک", "در مشوره گروپی زیر اشتراک کرده است", "امضا و مهر"]),
        ("ar", ["شهادة مشاركة", "التوقيع والختم", "غائب بعذر"]),
        ("uk", ["Довідка про участь", "Загалом 3,5 год. на 2 з 3 зустрічей.", "Підпис і печатка"]),
    ],
)
def test_the_certificate_in_german_and_the_clients_language(store, qapp, tmp_path, language, words):
    session, _cid = _recorded_series(store, language)
    [pdf] = write_certificates(store, session, tmp_path)
    assert pdf.name == "Teilnahmebescheinigung_Farid_Rahimi.pdf"
    text = _text(pdf)
    for expected in [
        "Teilnahmebescheinigung",
        "Farid Rahimi, geboren am 12.04.1991",
        "Wohnschulung",
        "Wohnen",  # the topic
        "Nebra",  # the place
        "03.11.2026",
        "10.11.2026",
        "17.11.2026",
        "entschuldigt",
        "Insgesamt 3,5 Stunden an 2 von 3 Terminen.",
        "Sachgebiet Integration, k.wagner",
        "Unterschrift und Stempel",
        "Ort, Datum",
        *words,
    ]:
        assert expected in text, (expected, text)
    assert _pages(pdf) == 1
    assert _fonts(pdf) <= {"DejaVuSans", "DejaVuSans-Bold"}  # no fallback font, no boxes


def test_a_client_who_speaks_german_gets_the_german_certificate_alone(store, qapp, tmp_path):
    session, _cid = _recorded_series(store, "de")
    [pdf] = write_certificates(store, session, tmp_path)
    text = _text(pdf)
    assert text.count("Teilnahmebescheinigung") == 1 and "Certificate" not in text


def test_a_language_without_texts_or_letters_gives_german_alone():
    client = Client("Tesfay", "Semhar", languages=[LanguageSkill("ti", True)])
    cert = certificate.content(client, [], "Sachgebiet Integration")
    assert [s.language for s in cert.sections] == ["de"]
    cert = certificate.content(client, [], "x", "ar", printable=lambda _t: False)
    assert [s.language for s in cert.sections] == ["de"]


def test_the_page_prints_the_certificates_of_the_series(ctx, qtbot, tmp_path):
    from desktop.ui.groups_view import GroupsView

    _recorded_series(ctx.store, "prs")
    page = GroupsView(ctx)
    qtbot.addWidget(page)
    page.open_printed = False
    page.when.setCurrentIndex(1)  # past sessions
    assert page.model.rowCount() == 3 and page.print_button.isEnabled()
    with qtbot.waitSignal(page.printed) as printed:
        page.print_button.click()
    [pdf] = printed.args[0]
    assert "تصدیق اشتراک" in _text(pdf)
    assert "1 Teilnahmebescheinigungen geschrieben." in page.message.text()
