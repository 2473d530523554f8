"""The printable consent form (German and the client's language) and the consent tab's actions."""

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from casefile.records import Client, Consent, LanguageSkill
from desktop import consent_form

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by .ci/run"
)
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def _consent(cid: str) -> Consent:
    return Consent(
        cid,
        ["jobcenter", "integration"],
        ["master_data", "jobcenter"],
        "Abstimmung zur Arbeitsaufnahme",
        dt.date(2026, 11, 2),
        dt.date(2027, 11, 1),
        form_reference="EW-2026-0142",
    )


def _client(lang: str) -> Client:
    return Client("Haddad", "Rami", dt.date(1990, 4, 17), languages=[LanguageSkill(lang)])


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout).translate(BIDI)


def _lines(pdf) -> tuple[float, list[tuple[str, float, float]]]:
    """(page width, [(text, x_min, x_max)] of every line) from pdftotext's layout boxes."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(
        re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    )
    page = root.find(".//page")
    lines = []
    for line in root.iter("line"):
        words = " ".join(w.text or "" for w in line.iter("word"))
        lines.append(
            (
                unicodedata.normalize("NFKC", words).translate(BIDI),
                float(line.get("xMin")),
                float(line.get("xMax")),
            )
        )
    return float(page.get("width")), lines


@pytest.mark.parametrize(
    "lang, words",
    [
        ("ar", ["الموافقة", "البيانات", "التوقيع"]),
        ("uk", ["Згода на передачу даних", "Підпис", "відкликати"]),
        ("fa", ["رضایت", "امضا"]),
        ("ru", ["Согласие"]),
        ("tr", ["İmza"]),
        ("en", ["Signature"]),
    ],
)
def test_the_form_holds_german_and_the_clients_language(qapp, tmp_path, lang, words):
    client = _client(lang)
    pdf = consent_form.write_pdf(_consent(client.id), client, lang, tmp_path / "form.pdf")
    text = _text(pdf)
    assert "Einwilligung in die Weitergabe von Daten" in text and "Unterschrift" in text
    assert "Rami Haddad" in text and "17.04.1990" in text and "EW-2026-0142" in text
    for word in words:
        assert word in text, (lang, word)


def test_arabic_is_set_right_to_left_and_german_left_to_right(qapp, tmp_path):
    client = _client("ar")
    pdf = consent_form.write_pdf(_consent(client.id), client, "ar", tmp_path / "form.pdf")
    width, lines = _lines(pdf)
    german = [l for l in lines if l[0].startswith("Gültig bis")]
    # In layout boxes Arabic comes out glyph by glyph in visual order: find the Arabic
    # validity line by its date.
    arabic = [l for l in lines if "01.11.2027" in l[0] and "Gültig" not in l[0]]
    assert german and arabic
    # Short lines: the German one hugs the left margin, the Arabic one the right margin.
    assert german[0][1] < 0.2 * width and german[0][2] < 0.6 * width
    assert arabic[0][2] > 0.8 * width and arabic[0][1] > 0.4 * width


def test_the_form_language_follows_the_clients_languages():
    assert consent_form.language_for(_client("uk")) == "uk"
    assert consent_form.language_for(Client("A", "B", languages=[LanguageSkill("prs")])) == "fa"
    assert consent_form.language_for(Client("A", "B", languages=[LanguageSkill("ti")])) == "de"
    with pytest.raises(ValueError):
        consent_form.form_html(_consent("x"), _client("ar"), "xx")


def test_the_consent_tab_prints_the_form_and_records_a_withdrawal(
    ctx, client_id, open_file, qtbot, tmp_path, monkeypatch
):
    consent = _consent(client_id)
    ctx.store.add_consent(consent)
    view = open_file(client_id)
    section = view.consent_section
    assert section.print_button.isEnabled() and section.withdraw_button.isEnabled()
    target = tmp_path / "einwilligung.pdf"
    asked = []
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *a, **k: (asked.append(a[3][a[4]]) or "العربية", True)
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)")
    )
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: True)
    section.print_button.click()
    assert "الموافقة" in _text(target)
    assert asked == ["العربية"]  # the client's language is the proposed one
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    section.withdraw_button.click()
    qtbot.waitUntil(lambda: not section.withdraw_button.isEnabled())
    assert ctx.store.client_file(client_id).consents[0].withdrawn_on == dt.date.today()
