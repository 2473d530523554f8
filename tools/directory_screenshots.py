"""Pictures of the directory exports for docs/: the web page of a topic in headless Chromium
(docs/screenshots/directory_web.png) and the first page of the brochure
(docs/screenshots/directory_brochure.png, pdftoppm), from the demo directory.

python tools/directory_screenshots.py [--topic housing]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from casefile.records import Offer, Provider
    from demodata.offers import directory
    from sync_server.directory_print import write_brochure
    from sync_server.directory_web import topic_file, write_site

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--topic", default="residence", help="catalog topic of the web page")
    args = parser.parse_args()
    today = dt.date.today()
    records = directory(today)
    providers = [r for r in records if isinstance(r, Provider)]
    offers = [r for r in records if isinstance(r, Offer)]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = write_site(providers, offers, Path(tmp) / "web", today=today).parent
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        subprocess.run(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1366,900",
                f"--screenshot={OUT / 'directory_web.png'}",
                (site / topic_file(args.topic)).as_uri(),
            ],
            check=True,
            capture_output=True,
        )
        pdf = write_brochure(providers, offers, Path(tmp) / "brochure.pdf", today=today)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(Path(tmp) / "p")],
            check=True,
        )
        pages = sorted(Path(tmp).glob("p-*.png"))
        shutil.copy(pages[0], OUT / "directory_brochure.png")
        shutil.copy(pages[1], OUT / "directory_brochure_topic.png")
    print(f"{OUT / 'directory_web.png'}, {OUT / 'directory_brochure.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
