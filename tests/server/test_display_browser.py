"""The waiting-room display in a real browser: Debian's Chromium, headless, driven by
Selenium against a real ``serve`` process. A call through ``/api/v1/queue/call`` shows on the
page within 1 s; a wrong token shows no data; a stopped server gives "Bitte warten".

``MIA_DISPLAY_SCREENSHOT=docs/screenshots/display.png`` also writes the screenshot of the
page at 1920x1080 (tools and docs, not the suite, decide where it goes)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import requests

from tests.server.helpers import (
    CHROMEDRIVER,
    CHROMIUM,
    Dev,
    cli,
    headless_chromium,
    running_server,
)
from tests.server.test_queue import Desk

PASSWORD = "Brückenbau-Abendrot-42"
LOCATION = "lra_naumburg"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="chromium and chromium-driver are not installed (apt-get install chromium "
    "chromium-driver; .ci/run does)",
)


class _Http:
    """Dev's client over real HTTP."""

    def __init__(self, base: str):
        self.base, self.http = base, requests.Session()

    def post(self, path, json=None, headers=None):
        return self.http.post(self.base + path, json=json, headers=headers, timeout=10)

    def get(self, path, params=None, headers=None):
        return self.http.get(self.base + path, params=params, headers=headers, timeout=10)


@pytest.fixture
def server(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    cli(
        "create-user",
        "empfang",
        "--role",
        "reception",
        "--unit",
        "reception",
        url=url,
        stdin=PASSWORD + "\n",
    )
    cli("create-user", "m.mueller", "--unit", "abh", url=url, stdin=PASSWORD + "\n")
    out = cli("add-display", LOCATION, "--name", "Wartebereich EG", url=url).stdout
    token = next(
        line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("token:")
    )
    with running_server(url, tmp_path / "server.log") as (base, proc):
        yield base, token, proc


def device(base: str, user: str) -> Dev:
    http = _Http(base)
    r = http.post(
        "/api/v1/devices/register", json={"user": user, "password": PASSWORD, "device_name": user}
    )
    assert r.status_code == 200, r.text
    return Dev(http, r.json(), f"node-{user}")


@pytest.fixture
def browser():
    with headless_chromium("--hide-scrollbars") as driver:
        yield driver


def shown(driver) -> str:
    """What the page shows as its newest call ("" for none; None while "Bitte warten")."""
    return driver.execute_script(
        "return document.getElementById('wait').hidden ? document.body.getAttribute('data-top') : null"
    )


def wait_until(driver, check, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if check(driver):
            return time.perf_counter() - started
        time.sleep(0.01)
    raise AssertionError(
        f"not within {timeout} s: {driver.find_element('tag name', 'body').text!r}"
    )


def test_a_call_appears_within_one_second(server, browser, capsys):
    base, token, _proc = server
    reception = Desk(device(base, "empfang"))
    caseworker = device(base, "m.mueller")
    for _ in range(4):
        reception.issue()
    browser.get(f"{base}/display/{LOCATION}?token={token}")
    wait_until(browser, lambda d: shown(d) == "", 10)  # the board is up, no call yet
    assert "4 Personen warten" in browser.find_element("id", "waiting").text
    # Wait for the stream to be open (the page says hello by loading the state).
    time.sleep(0.5)
    latencies = []
    for desk in ("Raum 1.04", "Raum 2.11", "Raum 0.07"):
        started = time.perf_counter()
        r = caseworker.client.post(
            "/api/v1/queue/call",
            json={"location": LOCATION, "desk": desk},
            headers=caseworker.headers,
        )
        assert r.status_code == 200, r.text
        number = r.json()["ticket"]["fields"]["number"]
        wait_until(browser, lambda d, n=number: shown(d) == n, 1.0)
        latencies.append(time.perf_counter() - started)
        assert browser.find_element("id", "now-desk").text == desk
        assert "fresh" in browser.find_element("id", "now-call").get_attribute("class")
    assert "1 Person wartet" in browser.find_element("id", "waiting").text
    with capsys.disabled():
        print(
            "\ncall-to-screen latency (real server, headless Chromium): "
            + ", ".join(f"{x * 1000:.0f} ms" for x in latencies)
        )
    out = os.environ.get("MIA_DISPLAY_SCREENSHOT")
    if out:
        screenshots(browser, reception, caseworker, Path(out))


def screenshots(browser, reception, caseworker, out: Path) -> None:
    """A full board (eight calls, some waiting) at 1920x1080 and 1366x768."""
    for _ in range(8):
        reception.issue()
    for n in range(5):
        r = caseworker.client.post(
            "/api/v1/queue/call",
            json={"location": LOCATION, "desk": f"Raum {n + 1}.{10 + n}"},
            headers=caseworker.headers,
        )
        assert r.status_code == 200, r.text
    time.sleep(4)  # the pulse ends; the newest call stays yellow
    out.parent.mkdir(parents=True, exist_ok=True)
    for width, height, name in ((1920, 1080, out), (1366, 768, out.with_stem(out.stem + "_1366"))):
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        time.sleep(0.5)
        browser.save_screenshot(str(name))


def test_a_wrong_token_shows_no_data_and_a_dead_server_bitte_warten(server, browser):
    base, token, proc = server
    reception = Desk(device(base, "empfang"))
    reception.issue()
    browser.get(f"{base}/display/{LOCATION}?token=falsch")
    text = browser.find_element("tag name", "body").text
    assert "nicht freigeschaltet" in text and "-001" not in text and "wartet" not in text
    # The right token, then the server goes away: no stale board, "Bitte warten".
    browser.get(f"{base}/display/{LOCATION}?token={token}")
    wait_until(browser, lambda d: shown(d) == "", 10)
    proc.terminate()
    proc.wait(20)
    wait_until(browser, lambda d: shown(d) is None, 8)
    assert "Bitte warten" in browser.find_element("tag name", "body").text
