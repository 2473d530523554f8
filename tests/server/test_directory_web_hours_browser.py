"""The directory's web export gets a page of the consulting hours (issue 20), checked in a real
browser (Debian's Chromium, headless) from disk: reached from every page's navigation and the
index, the hours by place with the unit, the kind and the times in words, the cancelled and the
added days said; no script, nothing fetched from elsewhere, a clean console.

``MIA_DIRECTORY_HOURS_SCREENSHOT=docs/screenshots/directory_web_hours.png`` also writes the
screenshot (tools/screenshots.py --hours does)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from casefile.records import ConsultingHours, Offer, Provider
from demodata.consulting_hours import demo_records
from demodata.offers import directory
from tests.server.helpers import CHROMEDRIVER, CHROMIUM, headless_chromium

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="chromium and chromium-driver are not installed (apt-get install chromium "
    "chromium-driver; .ci/run does)",
)
TODAY = dt.date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def site(tmp_path):
    from sync_server.directory_web import write_site

    records = directory(TODAY)
    providers = [r for r in records if isinstance(r, Provider)]
    offers = [r for r in records if isinstance(r, Offer)]
    hours = demo_records(TODAY)
    hours.append(  # deactivated: not shown
        ConsultingHours(
            unit="projects",
            location="dez_freyburg",
            rrule="FREQ=WEEKLY;BYDAY=MO",
            valid_from=TODAY,
            active=False,
        )
    )
    return write_site(providers, offers, tmp_path / "web", today=TODAY, hours=hours)


def test_the_hours_page_says_where_and_when_with_exceptions(site):
    with headless_chromium() as driver:
        driver.get(site.as_uri())
        driver.find_element("partial link text", "Sprechstunden im Landratsamt").click()
        assert driver.current_url.endswith("sprechstunden.html")
        assert driver.find_element("tag name", "h1").text == (
            "Sprechstunden im Landratsamt und dezentral"
        )
        places = [h.text for h in driver.find_elements("css selector", "main h2")]
        # The Landratsamt's sites first, then the towns, the phone last.
        assert places[0] == "Landratsamt Naumburg (Hauptsitz)"
        assert places[-1] == "Telefon"
        assert "Dezentrale Sprechstunde Nebra (Unstrut) (Bürgerhaus)" in places
        assert not any("Freyburg" in p and "Projekte" in p for p in places)
        nebra = driver.find_element("id", "ort-dez_nebra").find_element("xpath", "..")
        text = nebra.text
        assert "Sachgebiet Integration" in text
        assert "Dezentrale Sprechstunde: dienstags, 9:00–12:00 Uhr" in text
        assert "nicht am 15.12.2026" in text and "zusätzlich am 17.12.2026" in text
        assert "im Bürgerhaus, 1. OG" in text
        main = driver.find_element("tag name", "main").text
        assert "Projekte" not in main  # the deactivated hours
        current = driver.find_element("css selector", "nav a[aria-current='page']")
        assert current.text == "Sprechstunden"
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert resources == []
        assert driver.find_elements("tag name", "script") == []
        assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
        # Every topic page leads to it too.
        driver.find_element("link text", "Sprechstunden").click()
        driver.find_element("partial link text", "Wohnen").click()
        assert (
            driver.find_element("link text", "Sprechstunden")
            .get_attribute("href")
            .endswith("sprechstunden.html")
        )
        out = os.environ.get("MIA_DIRECTORY_HOURS_SCREENSHOT")
        if out:
            driver.get((site.parent / "sprechstunden.html").as_uri())
            driver.set_window_size(1366, 900)
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(out)


def test_the_page_is_plain_html_and_a_new_export_replaces_it(site, tmp_path):
    from sync_server.directory_web import write_site

    page = site.parent / "sprechstunden.html"
    html = page.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="de">')
    for tag in ("<script", "<link", "<img", "<iframe", " src=", "@import", "url("):
        assert tag not in html, tag
    # An export without hours replaces our page (it is ours) and leaves no link to it.
    write_site([], [], site.parent, today=TODAY)
    assert not page.exists()
    assert "sprechstunden.html" not in site.read_text(encoding="utf-8")
