"""The catalogs in resources/catalogs: loadable, consistent, and complete for the code using them."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from casefile import catalogs

REPO = Path(__file__).resolve().parents[2]
DOMAIN_MD = REPO.parent / "shared" / "domain.md"

# The units of domain.md, in its order (kept here too, so the check runs where shared/ is absent).
UNITS = [
    ("abh", "Ausländerbehörde"),
    ("asylblg", "Asylbewerberleistung"),
    ("housing", "Unterkunftsverwaltung"),
    ("integration", "Sachgebiet Integration"),
    ("jobcenter", "Jobcenter"),
    ("education", "Amt für Bildung, Kultur und Sport"),
    ("employment_agency", "Agentur für Arbeit"),
    ("projects", "Projekte"),
    ("volunteering", "Ehrenamt"),
    ("coordination", "Koordination"),
    ("reception", "Empfang"),
]
EXPECTED = {
    "unit",
    "topic",
    "location",
    "consultation_kind",
    "outcome",
    "residence_status",
    "nationality",
    "language",
    "target_group",
    "identifier_type",
    "alias_kind",
    "relation",
    "referral_status",
    "data_category",
}
ALL = catalogs.available()


def test_expected_catalogs_are_shipped():
    assert set(ALL) >= EXPECTED


@pytest.mark.parametrize("name", ALL)
def test_catalog_loads_with_unique_codes_and_labels(name):
    cat = catalogs.load(name)
    assert cat.name == name
    codes = [e.code for e in cat.entries]
    assert codes, "empty catalog"
    assert len(codes) == len(set(codes)), "duplicate codes"
    for e in cat.entries:
        assert e.code and e.code == e.code.strip()
        assert e.de.strip(), f"{e.code}: German label missing"
        assert e.en.strip(), f"{e.code}: English label missing"


@pytest.mark.parametrize("name", ALL)
def test_catalog_file_is_readable_utf8_json(name):
    text = (catalogs.CATALOG_DIR / f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["catalog"] == name
    assert "\\u00" not in text, "write umlauts as UTF-8, not escapes"
    assert "\n  " in text, "pretty-printed"
    for entry in data["entries"]:
        assert {"code", "de", "en"} <= entry.keys()


def _catalogs_used_by(module_path: Path) -> set[str]:
    """Catalog names passed to catalogs.load(...) or to a checker's code/codes(field, value, NAME)."""
    used = set()
    for node in ast.walk(ast.parse(module_path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        position = {"load": 0, "code": 2, "codes": 2}.get(node.func.attr)
        if position is None or len(node.args) <= position:
            continue
        arg = node.args[position]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            used.add(arg.value)
    return used


def test_every_catalog_used_by_validation_exists():
    used = _catalogs_used_by(REPO / "casefile" / "validation.py")
    assert {
        "unit",
        "topic",
        "location",
        "language",
        "nationality",
    } <= used  # the parser still works
    for name in sorted(used):
        assert name in ALL, f"validation.py uses catalog {name!r}, which is not shipped"
        catalogs.load(name)


def test_units_are_exactly_those_of_the_domain():
    assert [(e.code, e.de) for e in catalogs.load("unit").entries] == UNITS


@pytest.mark.skipif(not DOMAIN_MD.exists(), reason="shared/domain.md not beside the repository")
def test_units_match_domain_md():
    text = DOMAIN_MD.read_text(encoding="utf-8")
    section = text.split("## Units", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section, flags=re.M)
    assert rows == UNITS


def test_exact_code_sets():
    exact = {
        "consultation_kind": {
            "walk_in",
            "appointment",
            "outreach",
            "phone",
            "group",
            "decentral_hours",
        },
        "target_group": {"third_country", "eu_citizen", "protection_ukraine", "asylum_seeker"},
        "identifier_type": {
            "azr_number",
            "bamf_file_number",
            "abh_file_number",
            "jobcenter_number",
            "passport_number",
            "other",
        },
        "alias_kind": {"spelling", "birth_name", "passport", "previous_name", "swapped"},
        "relation": {
            "spouse",
            "partner",
            "child",
            "parent",
            "sibling",
            "benefit_household",
            "other",
        },
        "referral_status": {"proposed", "sent", "accepted", "attended", "failed", "cancelled"},
        "data_category": {
            "master_data",
            "residence",
            "benefits",
            "jobcenter",
            "counseling_notes",
            "health",
            "housing",
            "directory",
            "volunteers",
        },
        "referral_failure": {
            "client_declined",
            "no_capacity",
            "no_longer_needed",
            "client_unreachable",
            "provider_unreachable",
            "not_eligible",
            "no_offer",
            "language",
            "distance",
        },
        "booking_status": {"requested", "booked", "done", "cancelled", "no_show"},
    }
    for name, codes in exact.items():
        assert catalogs.load(name).codes == codes, name


def test_required_codes_present():
    required = {
        "topic": {
            "residence",
            "benefits",
            "housing",
            "work",
            "training",
            "language_course",
            "school_childcare",
            "health",
            "family",
            "debts",
            "recognition",
            "other",
        },
        "outcome": {
            "resolved",
            "referred",
            "follow_up",
            "documents_missing",
            "application_filed",
            "info_given",
        },
        "residence_status": {
            "permission_to_stay",
            "toleration",
            "toleration_training",
            "toleration_employment",
            "residence_permit",
            "settlement_permit",
            "fictional_certificate",
            "eu_free_movement",
            "temporary_protection",
            "unknown",
        },
        "language": {
            "ar",
            "fa",
            "prs",
            "ps",
            "ku",
            "kmr",
            "ckb",
            "ti",
            "so",
            "uk",
            "ru",
            "tr",
            "en",
            "fr",
            "de",
            "pl",
            "ro",
            "bg",
            "sq",
            "sr",
            "hr",
            "bs",
            "ur",
            "hi",
            "bn",
            "am",
            "ha",
            "yo",
            "ig",
            "vi",
            "zh",
            "es",
            "pt",
            "it",
            "el",
            "hu",
            "cs",
            "sk",
            "lt",
            "lv",
            "ka",
            "hy",
            "az",
            "uz",
            "tk",
            "ky",
            "kk",
            "ta",
            "si",
            "ne",
            "ln",
            "wo",
            "ff",
            "ber",
        },
    }
    for name, codes in required.items():
        missing = codes - catalogs.load(name).codes
        assert not missing, f"{name}: {sorted(missing)}"


def test_topics_name_an_existing_unit():
    units = catalogs.load("unit")
    for e in catalogs.load("topic").entries:
        assert e.extra["unit"] in units, e.code


def test_locations_have_a_kind_and_cover_every_kind():
    kinds = {e.extra.get("kind") for e in catalogs.load("location").entries}
    assert kinds == {"office", "decentral", "shelter", "outreach", "phone", "video"}
    loc = catalogs.load("location")
    assert "Naumburg" in loc.get("lra_naumburg").de
    assert sum(1 for e in loc.entries if e.extra["kind"] == "decentral") >= 8
    for e in loc.entries:
        if e.extra["kind"] in ("office", "decentral", "shelter"):
            assert e.extra.get("town"), e.code


def test_nationalities_are_iso_alpha3_with_special_codes():
    nat = catalogs.load("nationality")
    assert len(nat.entries) >= 250
    for e in nat.entries:
        assert re.fullmatch(r"[A-Z]{3}", e.code), e.code
    assert nat.label("XXA") == "staatenlos" and nat.label("XXX") == "ungeklärt"
    assert (
        nat.label("DEU") == "Deutschland"
        and nat.label("SYR") == "Syrien"
        and nat.label("UKR", "en") == "Ukraine"
    )
    common = {e.code for e in nat.entries if e.extra.get("common")}
    assert {
        "SYR",
        "AFG",
        "IRQ",
        "ERI",
        "UKR",
        "RUS",
        "TUR",
        "IRN",
        "SOM",
        "NGA",
        "POL",
        "ROU",
        "BGR",
        "DEU",
    } <= common
    assert sum(1 for e in nat.entries if e.extra.get("eu")) == 27


def test_languages_mark_right_to_left_scripts():
    lang = catalogs.load("language")
    rtl = {e.code for e in lang.entries if e.extra.get("rtl")}
    assert {"ar", "fa", "prs", "ps", "ckb", "ur", "he"} <= rtl
    assert not rtl & {"de", "en", "uk", "ru", "tr", "kmr", "ti", "so"}
    assert len(lang.entries) >= 70
    for e in lang.entries:
        assert re.fullmatch(r"[a-z]{2,3}", e.code), e.code


def test_residence_statuses_carry_their_paragraph():
    rs = catalogs.load("residence_status")
    assert rs.get("temporary_protection").extra["paragraph"] == "§ 24 AufenthG"
    assert rs.get("permission_to_stay").extra["paragraph"] == "§ 55 AsylG"
    assert rs.get("toleration").extra["paragraph"] == "§ 60a AufenthG"
    assert rs.get("eu_free_movement").extra["paragraph"] == "§ 2 FreizügG/EU"
    assert rs.label("residence_permit") == "Aufenthaltserlaubnis"


def test_referral_statuses_are_ordered_from_proposed():
    entries = catalogs.load("referral_status").entries
    assert sorted(e.extra["order"] for e in entries) == list(range(len(entries)))
    assert min(entries, key=lambda e: e.extra["order"]).code == "proposed"


def test_relations_have_consistent_inverses():
    rel = catalogs.load("relation")
    for e in rel.entries:
        inverse = rel.get(e.extra["inverse"])
        assert inverse is not None and inverse.extra["inverse"] == e.code
