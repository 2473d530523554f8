"""The directory's web pages and brochure against hostile entries and careless folders
(issue 19: a static HTML export for the county's web site; the brochure)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from casefile.records import Offer, OfferPlace, OfferText, Provider
from sync_server.directory_web import write_site

TODAY = dt.date(2026, 12, 5)
SCRIPT = '<script>alert("x")</script>'


def _directory(**offer_fields):
    provider = Provider(name=f"Träger {SCRIPT}", website="https://example.org/")
    offer = Offer(
        provider_id=provider.id,
        name=f'Beratung"><img src=x onerror=alert(1)>{SCRIPT}',
        topics=["residence"],
        places=[OfferPlace(address=f"Markt 1 {SCRIPT}", city="Naumburg")],
        description=SCRIPT,
        translations=[OfferText("ar", name=SCRIPT, description="<b>نص</b>")],
        verified_on=TODAY,
        **offer_fields,
    )
    return [provider], [offer]


def _tags(html: str) -> list[tuple[str, list]]:
    found: list[tuple[str, list]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Tags().feed(html)
    return found


def test_no_entry_text_becomes_markup_or_a_script_link(tmp_path):
    providers, offers = _directory(
        website="javascript:alert(document.cookie)",
        email='a@b.de" onmouseover="alert(1)',
        phone="+49 (3445) 73-0<script>",
    )
    write_site(providers, offers, tmp_path / "web", today=TODAY)
    for page in (tmp_path / "web").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<img" not in html and "<b>" not in html, page.name
        assert not re.search(r'href="\s*javascript:', html, re.I), page.name
        for tag, attrs in _tags(html):
            assert not any(name.startswith("on") for name, _ in attrs), (page.name, tag, attrs)
            href = dict(attrs).get("href")
            if href is not None:
                assert (
                    href.split(":")[0] in ("https", "http", "mailto", "tel")
                    or ":" not in (href.split("#")[0])
                ), href


def test_an_export_replaces_only_its_own_pages(tmp_path):
    providers, offers = _directory()
    web = tmp_path / "web"
    write_site(providers, offers, web, today=TODAY)
    write_site(providers, offers, web, today=TODAY)  # over an earlier export: fine
    # The county's own start page of the same name is never deleted.
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html>Startseite des Landkreises</html>")
    with pytest.raises(ValueError, match="andere Dateien"):
        write_site(providers, offers, site, today=TODAY)
    assert (site / "index.html").read_text() == "<html>Startseite des Landkreises</html>"
    # Nor a page of ours that is a link to a file elsewhere, nor a folder of that name.
    elsewhere = tmp_path / "wichtig.html"
    elsewhere.write_text("bleibt")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "thema-residence.html").symlink_to(elsewhere)
    with pytest.raises(ValueError):
        write_site(providers, offers, linked, today=TODAY)
    assert elsewhere.read_text() == "bleibt"
    odd = tmp_path / "odd"
    (odd / "thema-x.html").mkdir(parents=True)
    with pytest.raises(ValueError):
        write_site(providers, offers, odd, today=TODAY)


def test_a_folder_that_is_a_link_gets_the_pages_where_it_points(tmp_path):
    providers, offers = _directory()
    target = tmp_path / "webroot" / "angebote"
    target.mkdir(parents=True)
    link = tmp_path / "angebote"
    link.symlink_to(target, target_is_directory=True)
    write_site(providers, offers, link, today=TODAY)
    assert (target / "index.html").is_file() and not (target / "index.html").is_symlink()
