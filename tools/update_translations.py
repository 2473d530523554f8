"""Extract UI strings into the Qt Linguist file and compile it.

    python tools/update_translations.py          # lupdate + lrelease
    python tools/update_translations.py --check  # fail if a string has no English translation

German is the source language (the strings in the code); ``resources/translations/mia_desk_en.ts``
holds the English translation, edited with Qt Linguist (``pyside6-linguist``) or by hand.

What pyside6-lupdate sees in Python code: ``self.tr("...")`` (context: the enclosing class),
``QCoreApplication.translate("ctx", "...")`` and ``QT_TRANSLATE_NOOP("ctx", "...")``. It does not
see texts passed through local helpers (``_tr(text)``, ``t = self.tr``), and it files a bare
``QT_TR_NOOP("...")`` or ``tr("...")`` under *no* context, which the running app never looks up --
mark such texts with ``QT_TRANSLATE_NOOP("<class or context>", "...")``. ``--check`` warns about
messages without a context.
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
    return files + [
        "casefile/validation.py",
        "casefile/matcher.py",
        "casefile/sync.py",
        "casefile/referrals.py",
    ]


def tool(name: str) -> str:
    """The Qt tool of this Python's PySide6 (next to the interpreter), else the one on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name) or name


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


def without_context() -> list[str]:
    """Messages lupdate put in the empty context: the app never asks for that context."""
    tree = ET.parse(TS)
    found = []
    for ctx in tree.iter("context"):
        if ctx.findtext("name"):
            continue
        for msg in ctx.iter("message"):
            loc = msg.find("location")
            where = (
                str((TS.parent / loc.get("filename")).resolve().relative_to(ROOT))
                if loc is not None
                else "?"
            )
            found.append(f"{where}: {msg.findtext('source')!r}")
    return found


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--check", action="store_true")
    p.add_argument("--no-update", action="store_true", help="only compile the .ts file")
    args = p.parse_args()
    if args.check:
        missing = untranslated()
        for m in missing:
            print(f"untranslated: {m!r}")
        for m in without_context():
            print(
                f"warning: no translation context (never translated at runtime): {m}",
                file=sys.stderr,
            )
        if QM.exists() and QM.stat().st_mtime < TS.stat().st_mtime:
            print(
                f"warning: {QM.name} is older than {TS.name}; run with --no-update to compile",
                file=sys.stderr,
            )
        return 1 if missing else 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    if not args.no_update:
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources(),
                "-source-language",
                "de_DE",
                "-target-language",
                "en_GB",
                "-no-obsolete",
                "-ts",
                str(TS),
            ],
            cwd=ROOT,
            check=True,
        )
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
