"""The directory's static web pages in a real browser (Debian's Chromium, headless): the
folder opens from disk without a server, the topic page shows its offers with their hours and
places, nothing is fetched from elsewhere, no script runs and the console stays clean.

``MIA_DIRECTORY_SCREENSHOT=docs/screenshots/directory_web.png`` also writes the screenshot of
a topic page (tools/directory_screenshots.py does the same without pytest)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from casefile.records import Offer, Provider
from demodata.offers import directory
from tests.server.helpers import CHROMEDRIVER, CHROMIUM, headless_chromium

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="chromium and chromium-driver are not installed (apt-get install chromium "
    "chromium-driver; .ci/run does)",
)
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def site(tmp_path):
    from sync_server.directory_web import write_site

    records = directory(TODAY)
    providers = [r for r in records if isinstance(r, Provider)]
    offers = [r for r in records if isinstance(r, Offer)]
    return write_site(providers, offers, tmp_path / "web", today=TODAY), offers


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def test_the_pages_load_from_disk_and_a_topic_shows_its_offers(site):
    index, offers = site
    housing = sorted(o.name for o in offers if "housing" in o.topics)
    with headless_chromium() as driver:
        driver.get(index.as_uri())
        assert driver.title == "Angebote für Zugewanderte"
        assert driver.find_element("tag name", "html").get_attribute("lang") == "de"
        assert driver.find_element("tag name", "h1").text == "Angebote für Zugewanderte"
        assert _errors(driver) == []
        driver.find_element("link text", "Wohnen").click()
        assert driver.current_url.endswith("thema-housing.html")
        assert driver.find_element("tag name", "h1").text == "Wohnen"
        shown = sorted(h.text for h in driver.find_elements("css selector", "main article h2"))
        assert shown == housing
        first = driver.find_element("css selector", "main article")
        text = first.text
        assert "Zeiten" in text and "Uhr" in text and "Orte" in text and "Sprachen" in text
        current = driver.find_element("css selector", "nav a[aria-current='page']")
        assert current.text.startswith("Wohnen")
        # Nothing came from anywhere but the folder, and no script ran.
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert resources == []
        assert driver.find_elements("tag name", "script") == []
        assert _errors(driver) == []
        out = os.environ.get("MIA_DIRECTORY_SCREENSHOT")
        if out:
            driver.set_window_size(1366, 900)
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(out)


def test_every_page_is_plain_html_with_headings_lists_and_languages(site):
    index, offers = site
    for page in sorted(index.parent.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert html.startswith('<!DOCTYPE html>\n<html lang="de">')
        for tag in ("<script", "<link", "<img", "<iframe", " src=", "@import", "url("):
            assert tag not in html, (page.name, tag)
        assert "<h1>" in html and "<nav" in html and "<ul" in html and "<main" in html
    # A translation into a right-to-left language carries its language and direction.
    offer = next(o for o in offers if any(t.language in ("ar", "fa") for t in o.translations))
    text = next(t for t in offer.translations if t.language in ("ar", "fa"))
    page = (index.parent / f"thema-{offer.topics[0].replace('_', '-')}.html").read_text("utf-8")
    assert f'<span lang="{text.language}" dir="rtl">{text.what_to_bring}</span>' in page
