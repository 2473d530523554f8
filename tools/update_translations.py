"""Extract UI strings into the Qt Linguist file and compile it.

    python tools/update_translations.py          # lupdate + lrelease
    python tools/update_translations.py --check  # fail if a string has no English translation

German is the source language (the strings in the code); ``resources/translations/mia_desk_en.ts``
holds the English translation, edited with Qt Linguist (``pyside6-linguist``) or by hand.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "mia_desk_en.ts"
QM = TS.with_suffix(".qm")


def sources() -> list[str]:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py"))
    return files + ["casefile/validation.py"]


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    return found


def untranslated() -> list[str]:
    tree = ET.parse(TS)
    missing = []
    for msg in tree.iter("message"):
        tr = msg.find("translation")
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
            if tr is not None and tr.get("type") in ("vanished", "obsolete"):
                continue
            missing.append(msg.findtext("source"))
        elif not (tr.text or "").strip() and not list(tr):
            missing.append(msg.findtext("source"))
    return missing


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--check", action="store_true")
    p.add_argument("--no-update", action="store_true", help="only compile the .ts file")
    args = p.parse_args()
    if args.check:
        missing = untranslated()
        for m in missing:
            print(f"untranslated: {m!r}")
        return 1 if missing else 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    if not args.no_update:
        subprocess.run([tool("pyside6-lupdate"), *sources(), "-source-language", "de_DE",
                        "-target-language", "en_GB", "-no-obsolete", "-ts", str(TS)],
                       cwd=ROOT, check=True)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
