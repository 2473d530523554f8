"""The referral slip as the client gets it: a one-page PDF with German and the client's language
(Arabic and Persian right-to-left and shaped), no missing-letter boxes, and a QR code that a
phone reads as the map search of the offer's address."""

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from urllib.parse import parse_qs, urlparse

import pytest
import segno

from casefile import slip
from casefile.records import (
    Client,
    LanguageSkill,
    Offer,
    OfferHours,
    OfferPlace,
    OfferText,
    Provider,
    Referral,
)
from desktop.referral_slip import print_slip

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by .ci/run"
)
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
PROVIDER = Provider(name="Caritasverband für das Bistum Magdeburg", phone="03445 234 56")
ADDRESS = "Schönburger Straße 41, 06618 Naumburg (Saale)"


def offer(**kw) -> Offer:
    base = dict(
        provider_id=PROVIDER.id,
        name="Migrationsberatung für Erwachsene (MBE)",
        topics=["residence"],
        places=[OfferPlace(location="dez_zeitz"), OfferPlace(location="lra_naumburg")],
        hours=[OfferHours("FREQ=WEEKLY;BYDAY=TU,TH", "09:00", "12:00")],
        appointment_only=True,
        phone="03445 234 57",
        what_to_bring="Pass oder Ausweisersatz, Bescheide der Ausländerbehörde",
        translations=[OfferText("ar", what_to_bring="جواز السفر أو بديل الهوية")],
    )
    base.update(kw)
    return Offer(**base)


def referral(language="ar", **kw) -> Referral:
    base = dict(
        client_id="c1",
        target="Migrationsberatung für Erwachsene (MBE)",
        reason="Verlängerung der Aufenthaltserlaubnis",
        referred_on=dt.date(2026, 12, 3),
        target_kind="offer",
        language=language,
        location="dez_naumburg",  # nearest place: the Landratsamt in Naumburg
        referred_by="a.schneider",
        referring_unit="integration",
    )
    base.update(kw)
    return Referral(**base)


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", out.stdout).translate(BIDI).split())


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _fonts(pdf) -> set[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return {line.split()[0].split("+")[-1] for line in out.stdout.splitlines()[2:] if line.strip()}


GERMAN = [
    "Migrationsberatung für Erwachsene (MBE)",
    "Caritasverband für das Bistum Magdeburg",
    ADDRESS,
    "dienstags und donnerstags, 09:00–12:00 Uhr",
    "Nur mit Termin",
    "03445 234 57",
    "Pass oder Ausweisersatz, Bescheide der Ausländerbehörde",
    "Verlängerung der Aufenthaltserlaubnis",
    "03.12.2026",
    "Sachgebiet Integration, Anna Schneider",
    "03445 73-1234",
]


@pytest.mark.parametrize(
    "lang, words",
    [
        # Arabic: words in logical (reading) order, the offer's own translation of what to bring
        (
            "ar",
            [
                "يرجى إظهار هذه الورقة هناك",
                "بموعد مسبق فقط",
                "جواز السفر أو بديل الهوية",
                "الثلاثاء والخميس",
            ],
        ),
        ("fa", ["این خدمت را به شما پیشنهاد می‌کنیم", "فقط با وقت قبلی", "سه‌شنبه و پنجشنبه"]),
        ("prs", ["فقط با وقت قبلی", "تیلفون"]),
        ("uk", ["Лише за попереднім записом", "вівторок і четвер"]),
        ("ru", ["Только по записи", "вторник и четверг"]),
        ("tr", ["Sadece randevu ile", "Salı ve Perşembe"]),
        ("so", ["Ballan keliya", "Talaado iyo Khamiis"]),
        ("en", ["By appointment only", "Tuesdays and Thursdays"]),
    ],
)
def test_the_slip_holds_german_and_the_clients_language(qapp, tmp_path, lang, words):
    pdf = print_slip(
        referral(lang),
        offer(),
        PROVIDER,
        None,
        lang,
        tmp_path / "slip.pdf",
        contact=slip.Contact("Anna Schneider", "03445 73-1234", "Raum 0.08, EG"),
    )
    text = _text(pdf)
    for expected in GERMAN + words:
        # pdftotext drops Persian's zero-width non-joiner (سه‌شنبه): compare without it
        assert expected.replace("\u200c", "") in text.replace("\u200c", ""), expected
    assert _pages(pdf) == 1
    assert _fonts(pdf) <= {"DejaVuSans", "DejaVuSans-Bold"}  # no fallback font, no boxes


def test_tigrinya_is_german_with_a_note_not_boxes(qapp, tmp_path):
    # DejaVu Sans has no Ethiopic letters: the slip says so instead of printing empty boxes
    pdf = print_slip(referral("ti"), offer(), PROVIDER, None, "ti", tmp_path / "slip.pdf")
    text = _text(pdf)
    assert "Nur mit Termin" in text
    assert "Die Schrift von Tigrinya kann dieser Ausdruck noch nicht darstellen" in text
    assert not any(0x1200 <= ord(ch) <= 0x139F for ch in text)
    assert _fonts(pdf) <= {"DejaVuSans", "DejaVuSans-Bold"}


def test_a_language_without_texts_is_german_with_a_note(qapp, tmp_path):
    pdf = print_slip(referral("ps"), offer(), PROVIDER, None, "ps", tmp_path / "slip.pdf")
    assert "Diesen Zettel gibt es noch nicht auf Paschtu" in _text(pdf)


def test_the_language_defaults_to_the_referrals_then_the_clients(qapp, tmp_path):
    client = Client("Haddad", "Rami", dt.date(1990, 4, 17), languages=[LanguageSkill("uk")])
    pdf = print_slip(referral(""), offer(), PROVIDER, client, "", tmp_path / "slip.pdf")
    assert "Лише за попереднім записом" in _text(pdf)
    assert "Haddad" not in _text(pdf)  # the slip names no client


def test_long_entries_still_fit_one_page(qapp, tmp_path):
    long = offer(
        what_to_bring="; ".join(["Pass, Aufenthaltstitel und alle Bescheide der Behörden"] * 6),
        hours=[
            OfferHours("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "08:00", "12:00"),
            OfferHours("FREQ=WEEKLY;BYDAY=TU,TH", "13:00", "17:30"),
        ],
    )
    pdf = print_slip(
        referral("ar", reason="Unterstützung bei der Wohnungssuche " * 5),
        long,
        PROVIDER,
        None,
        "ar",
        tmp_path / "slip.pdf",
    )
    assert _pages(pdf) == 1


def _qr_from_page(pdf, tmp_path):
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    return tmp_path / "page.png"


def test_the_qr_code_reads_as_the_address(qapp, tmp_path):
    pdf = print_slip(referral("ar"), offer(), PROVIDER, None, "ar", tmp_path / "slip.pdf")
    expected = slip.map_url(ADDRESS)
    try:
        import zxingcpp  # a QR reader, where installed (not a dependency of the project)
    except ImportError:
        zxingcpp = None
    if zxingcpp is not None:
        from PySide6.QtGui import QImage

        page = QImage(str(_qr_from_page(pdf, tmp_path)))
        found = [b.text for b in zxingcpp.read_barcodes(page)]
        assert found == [expected]
        assert parse_qs(urlparse(found[0]).query)["query"] == [ADDRESS]
    else:
        # without a reader: the embedded image's modules equal segno's matrix of the address
        subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "img")], check=True)
        from PySide6.QtGui import QImage

        [png] = sorted(tmp_path.glob("img-*.png"))
        image = QImage(str(png))
        matrix = segno.make(expected, error="m", micro=False).matrix
        modules = len(matrix)
        step = image.width() / (modules + 8)  # border of four modules each side
        read = [
            [
                int(
                    QImage.pixelColor(
                        image, int((x + 4.5) * step), int((y + 4.5) * step)
                    ).lightness()
                    < 128
                )
                for x in range(modules)
            ]
            for y in range(modules)
        ]
        assert read == [list(row) for row in matrix]
