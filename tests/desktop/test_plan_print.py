"""The printed support plan (issue 20): German, then the client's language -- Dari
right-to-left and shaped, read back with pdftotext in reading order -- with the goals, the
steps and who does them in words, and the signature lines for both sides."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pytest

from casefile import plan_text
from casefile.records import Client, LanguageSkill, PlanGoal, PlanStep, SupportPlan
from desktop.plan_print import print_plan
from desktop.store.plans import PlanFile

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by .ci/run"
)
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
TODAY = dt.date(2026, 12, 5)


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = unicodedata.normalize("NFKC", out.stdout).translate(BIDI).replace("\u200c", "")
    return " ".join(text.split())


def _words(text: str) -> str:
    """Persian and Dari words without their zero-width non-joiners (pdftotext drops them)."""
    return text.replace("\u200c", "")


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _plan(language="prs") -> tuple[PlanFile, Client]:
    client = Client(
        "Ahmadi",
        "Farid",
        birth_date=dt.date(1991, 4, 2),
        languages=[LanguageSkill("prs", interpreter_needed=True)],
    )
    plan = SupportPlan(
        client.id,
        "integration",
        TODAY,
        case_manager="a.schneider",
        next_review=TODAY + dt.timedelta(weeks=8),
        language=language,
        signed_reference="FP-2026-0042",
    )
    housing = PlanGoal(plan.id, client.id, "integration", "housing", "Eine eigene Wohnung.")
    residence = PlanGoal(
        plan.id, client.id, "integration", "residence", "Der Aufenthalt ist gesichert."
    )
    steps = [
        PlanStep(
            plan.id,
            housing.id,
            client.id,
            "Kaution bewilligen",
            "unit",
            "asylblg",
            "integration",
            due_date=TODAY + dt.timedelta(days=14),
            area="housing",
        ),
        PlanStep(
            plan.id,
            housing.id,
            client.id,
            "Wohnungsangebote ansehen",
            "client",
            "integration",
            "integration",
            due_date=TODAY + dt.timedelta(days=7),
            area="housing",
        ),
        PlanStep(
            plan.id,
            residence.id,
            client.id,
            "Aufenthaltserlaubnis verlängern",
            "unit",
            "abh",
            "integration",
            due_date=TODAY + dt.timedelta(days=21),
            area="residence",
        ),
        PlanStep(
            plan.id,
            residence.id,
            client.id,
            "Berufssprachkurs buchen",
            "unit",
            "jobcenter",
            "integration",
            due_date=TODAY + dt.timedelta(days=30),
            area="residence",
        ),
    ]
    return PlanFile(plan, [housing, residence], steps), client


def test_the_plan_prints_in_german_and_dari(qapp, tmp_path):
    file, client = _plan("prs")
    pdf = print_plan(file, client, "prs", tmp_path / "plan.pdf", contact="Anna Schneider")
    text = _text(pdf)
    german, dari = text.split("پلان حمایوی", 1)
    for words in (
        "Förderplan",
        "Ahmadi, Farid",
        "02.04.1991",
        "Anna Schneider – Sachgebiet Integration",
        "Ziel 1 · Wohnen",
        "Eine eigene Wohnung.",
        "Kaution bewilligen",
        "Asylbewerberleistung",
        "Ausländerbehörde",
        "Jobcenter",
        "Sie selbst",
        "19.12.2026",
    ):
        assert words in german, words
    for words in (
        "این پلان را با هم گپ زدیم",  # the intro in Dari, in reading order
        "هدف",  # goal (its number is read back out of order by pdftotext)
        "خانه و بود و باش",  # housing
        "بخش کمک‌های پناهجویان",  # AsylbLG
        "اداره امور خارجی‌ها",  # the immigration office
        "خود شما",  # the client does it
        "Kaution bewilligen",  # the caseworker's German words, embedded left-to-right
        "19.12.2026",
        "به زبان آلمانی نوشته شده‌اند",
    ):
        assert _words(words) in dari, words
    for words in ("Unterschrift Klient:in", "امضای مراجعه‌کننده", "Aktenzeichen: FP-2026-0042"):
        assert _words(words) in text, words
    assert "\ufffd" not in text and _pages(pdf) >= 2


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ar", ["خطة الدعم", "دائرة الأجانب"]),
        ("fa", ["برنامه حمایتی", "اداره اتباع خارجی"]),
        ("uk", ["План підтримки", "Відомство у справах іноземців"]),
        ("ru", ["План поддержки", "Ведомство по делам иностранцев"]),
        ("tr", ["Destek planı", "Yabancılar Dairesi"]),
        ("en", ["Support plan", "Immigration office"]),
    ],
    ids=["ar", "fa", "uk", "ru", "tr", "en"],
)
def test_the_other_languages_of_the_print(qapp, tmp_path, lang, words):
    file, client = _plan(lang)
    text = _text(print_plan(file, client, lang, tmp_path / "plan.pdf"))
    assert "Förderplan" in text
    for w in words:
        assert _words(w) in text, w


def test_a_language_without_texts_prints_german_only(qapp, tmp_path):
    file, client = _plan("ti")
    content = plan_text.content(file.plan, file.goals, file.steps, client, "ti")
    assert [s.language for s in content.sections] == ["de"] and content.fallback
    text = _text(print_plan(file, client, "ti", tmp_path / "plan.pdf"))
    assert "Förderplan" in text and _pages(tmp_path / "plan.pdf") == 1


def test_every_language_has_every_text_and_label():
    data = plan_text._data()
    keys = set(data["texts"]["de"])
    for lang in plan_text.languages():
        assert set(data["texts"][lang]) == keys, lang
        for catalog, codes in data["labels"].items():
            from casefile import catalogs

            assert set(codes) == set(catalogs.load(catalog).codes), catalog
            for code, labels in codes.items():
                assert labels.get(lang), (catalog, code, lang)
