"""The waiting-room display shows the consulting hours of its place (issue 20), in a real browser
(Debian's Chromium, headless) against a real ``serve`` process: today's and the coming days'
hours at the display's location -- a cancelled one said as "fällt aus" -- beside the calls;
nothing of another place, nothing of a client; a place without hours shows no panel.

``MIA_DISPLAY_HOURS_SCREENSHOT=docs/screenshots/display_hours.png`` also writes the screenshot
at 1920x1080 and 1366x768 (tools/screenshots.py --hours does)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
import requests

from casefile import codec
from casefile.records import ConsultingHours
from tests.server.helpers import CHROMEDRIVER, CHROMIUM, cli, headless_chromium, running_server
from tests.server.test_display_browser import PASSWORD, device, shown, wait_until
from tests.server.test_queue import Desk

LOCATION = "lra_naumburg"
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="chromium and chromium-driver are not installed (apt-get install chromium "
    "chromium-driver; .ci/run does)",
)


def _token(url: str, location: str) -> str:
    out = cli("add-display", location, "--name", "Wartebereich", url=url).stdout
    return next(line.split(":", 1)[1].strip() for line in out.splitlines() if "token:" in line)


@pytest.fixture
def server(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    for user, role, unit in (
        ("empfang", "reception", "reception"),
        ("m.mueller", "caseworker", "abh"),
        ("k.koord", "coordination", "coordination"),
    ):
        cli("create-user", user, "--role", role, "--unit", unit, url=url, stdin=PASSWORD + "\n")
    tokens = {loc: _token(url, loc) for loc in (LOCATION, "lra_zeitz")}
    with running_server(url, tmp_path / "server.log") as (base, proc):
        yield base, tokens, proc


def _hours(today: dt.date) -> list[ConsultingHours]:
    weekday = DAYS[today.weekday()]
    tomorrow = DAYS[(today.weekday() + 1) % 7]
    start = today - dt.timedelta(days=30)
    return [
        ConsultingHours(
            unit="integration",
            location=LOCATION,
            kind="walk_in",
            rrule=f"FREQ=WEEKLY;BYDAY={weekday},{tomorrow}",
            opens="09:00",
            closes="12:00",
            valid_from=start,
        ),
        ConsultingHours(  # cancelled today
            unit="abh",
            location=LOCATION,
            kind="walk_in",
            rrule=f"FREQ=WEEKLY;BYDAY={weekday}",
            opens="13:30",
            closes="17:30",
            valid_from=start,
            exceptions=[today],
            note="Bitte Termin vereinbaren",
        ),
        ConsultingHours(  # another place
            unit="jobcenter",
            location="lra_zeitz",
            kind="walk_in",
            rrule=f"FREQ=WEEKLY;BYDAY={weekday}",
            valid_from=start,
        ),
    ]


def _push_hours(dev, hours) -> None:
    ops = []
    for h in hours:
        fields = codec.encode(h)
        ops.append(dev.op("consulting_hours", fields.pop("id"), "create", fields))
    r = dev.push(ops)
    assert r.status_code == 200, r.text
    assert {x["status"] for x in r.json()["results"]} == {"applied"}, r.text


def test_the_display_shows_the_hours_of_its_place_and_nothing_of_a_client(server):
    base, tokens, _proc = server
    coordination = device(base, "k.koord")
    _push_hours(coordination, _hours(dt.date.today()))
    reception = Desk(device(base, "empfang"))
    reception.issue()
    # The state: hours by day, only these keys -- nothing of a ticket's or client's beyond.
    state = requests.get(
        f"{base}/display/{LOCATION}/state", params={"token": tokens[LOCATION]}, timeout=10
    ).json()
    assert set(state) == {"location", "title", "day", "calls", "waiting", "hours"}
    today = state["hours"][0]
    assert today["label"] == "Heute" and today["day"] == dt.date.today().isoformat()
    assert today["entries"] == [
        {
            "time": "9:00–12:00 Uhr",
            "unit": "Sachgebiet Integration",
            "kind": "Offene Sprechzeit",
            "note": "",
            "cancelled": False,
        },
        {
            "time": "13:30–17:30 Uhr",
            "unit": "Ausländerbehörde",
            "kind": "Offene Sprechzeit",
            "note": "Bitte Termin vereinbaren",
            "cancelled": True,
        },
    ]
    assert state["hours"][1]["label"] == "Morgen"
    assert all(e["unit"] != "Jobcenter" for d in state["hours"] for e in d["entries"])

    with headless_chromium("--hide-scrollbars") as browser:
        browser.get(f"{base}/display/{LOCATION}?token={tokens[LOCATION]}")
        wait_until(browser, lambda d: shown(d) == "", 10)
        panel = browser.find_element("id", "hours")
        assert panel.is_displayed()
        text = panel.text
        assert "SPRECHSTUNDEN" in text.upper() and "Heute" in text and "Morgen" in text
        assert "9:00–12:00 Uhr Sachgebiet Integration (Offene Sprechzeit)" in text
        assert "13:30–17:30 Uhr Ausländerbehörde (Offene Sprechzeit) – fällt aus" in text
        assert "Jobcenter" not in text
        struck = browser.find_element("css selector", ".hours-day .cancelled .time")
        assert "line-through" in struck.value_of_css_property("text-decoration")
        errors = [
            e
            for e in browser.get_log("browser")
            if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]  # (the browser asks)
        ]
        assert errors == []
        out = os.environ.get("MIA_DISPLAY_HOURS_SCREENSHOT")
        if out:
            _screenshots(browser, reception, device(base, "m.mueller"), Path(out))
        # Zeitz: the jobcenter's hours there, not Naumburg's.
        browser.get(f"{base}/display/lra_zeitz?token={tokens['lra_zeitz']}")
        wait_until(browser, lambda d: shown(d) == "", 10)
        text = browser.find_element("id", "hours").text
        assert "Jobcenter" in text and "Integration" not in text


def test_a_place_without_hours_shows_no_panel(server):
    base, tokens, _proc = server
    with headless_chromium("--hide-scrollbars") as browser:
        browser.get(f"{base}/display/{LOCATION}?token={tokens[LOCATION]}")
        wait_until(browser, lambda d: shown(d) == "", 10)
        assert not browser.find_element("id", "hours").is_displayed()


def _screenshots(browser, reception, caseworker, out: Path) -> None:
    for _ in range(6):
        reception.issue()
    for n in range(4):
        r = caseworker.client.post(
            "/api/v1/queue/call",
            json={"location": LOCATION, "desk": f"Raum {n + 1}.{10 + n}"},
            headers=caseworker.headers,
        )
        assert r.status_code == 200, r.text
    time.sleep(4)
    out.parent.mkdir(parents=True, exist_ok=True)
    for width, height, name in ((1920, 1080, out), (1366, 768, out.with_stem(out.stem + "_1366"))):
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        time.sleep(0.5)
        browser.save_screenshot(str(name))
