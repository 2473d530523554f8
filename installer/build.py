"""Build the laptop client: the PyInstaller bundle, and on Debian/Ubuntu the .deb from it.

    pip install -e '.[build]'
    python installer/build.py            # dist/mia-desk/ and dist/mia-desk_<version>_amd64.deb
    python installer/build.py --no-deb   # the bundle only (Windows: then installer/windows/)

Prints the build time and the sizes (bundle folder, package). The .deb installs:

* ``/opt/mia-desk/`` the bundle, ``/usr/bin/mia-desk`` a link to it;
* the menu entry ``/usr/share/applications/mia-desk.desktop`` and the icon (hicolor 256 px);
* ``/etc/mia-desk/config.toml``: the commented sample of the machine configuration, a conffile
  (dpkg keeps IT's edits on upgrades);

and depends on the system libraries the bundle leaves out (installer/mia-desk.spec).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"

# Packages of the libraries the bundle does not carry (Debian 12 names; "a | b" for Ubuntu 24.04's
# 64-bit-time renames). Every .so in the bundle resolves against these (tested in CI by installing
# the .deb on a machine and running --self-test).
DEPENDS = [
    "libc6 (>= 2.34)",
    "libstdc++6",
    "libgcc-s1",
    "zlib1g",
    "libzstd1",
    "liblzma5",
    "libbz2-1.0",
    "libffi8",
    "libglib2.0-0t64 | libglib2.0-0",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libharfbuzz0b",
    "libpng16-16t64 | libpng16-16",
    "libjpeg62-turbo | libjpeg-turbo8",
    "libx11-6",
    "libx11-xcb1",
    "libxext6",
    "libxrender1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libegl1",
    "libgl1",
    "libkrb5-3",
    "libgssapi-krb5-2",
    "libmount1",
    "libselinux1",
    "libsystemd0",
    "libgcrypt20",
    "libuuid1",
    "fonts-dejavu-core",
]


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build_bundle() -> tuple[Path, float]:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller"),
            str(ROOT / "installer" / "mia-desk.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    return DIST / "mia-desk", time.perf_counter() - started


def build_deb(bundle: Path) -> Path:
    ver = version()
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    stage = BUILD / "deb"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "DEBIAN").mkdir(parents=True)
    shutil.copytree(bundle, stage / "opt" / "mia-desk", symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    os.symlink("/opt/mia-desk/mia-desk", stage / "usr" / "bin" / "mia-desk")
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(ROOT / "installer" / "linux" / "mia-desk.desktop", apps)
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "mia-desk.png", icons / "mia-desk.png")
    etc = stage / "etc" / "mia-desk"
    etc.mkdir(parents=True)
    shutil.copy(ROOT / "installer" / "config.sample.toml", etc / "config.toml")
    installed_kb = folder_size(stage) // 1024
    (stage / "DEBIAN" / "control").write_text(
        f"Package: mia-desk\nVersion: {ver}\nArchitecture: {arch}\n"
        "Maintainer: MiA Desk <it@landkreis.example>\nSection: misc\nPriority: optional\n"
        f"Installed-Size: {installed_kb}\nDepends: {', '.join(DEPENDS)}\n"
        "Homepage: https://landkreis.example/mia-desk\n"
        "Description: MiA Desk - Fallakte der Migrationsagentur (Laptop-Client)\n"
        " Beratungen erfassen (auch offline), Klient:innen empfangen und weiterleiten,\n"
        " eine Akte pro Person; synchronisiert mit dem zentralen MiA-Server.\n",
        encoding="utf-8",
    )
    (stage / "DEBIAN" / "conffiles").write_text("/etc/mia-desk/config.toml\n")
    (stage / "DEBIAN" / "postinst").write_text(
        "#!/bin/sh\nset -e\n"
        "if command -v update-desktop-database >/dev/null 2>&1; then "
        "update-desktop-database -q /usr/share/applications || true; fi\n"
        "if command -v gtk-update-icon-cache >/dev/null 2>&1; then "
        "gtk-update-icon-cache -q /usr/share/icons/hicolor || true; fi\n"
    )
    (stage / "DEBIAN" / "postinst").chmod(0o755)
    target = DIST / f"mia-desk_{ver}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--no-deb", action="store_true", help="build the bundle only")
    args = p.parse_args()
    bundle, seconds = build_bundle()
    print(
        f"bundle: {bundle} {folder_size(bundle) / 2**20:.0f} MB, built in {seconds:.0f} s "
        "[target <= 150 MB]"
    )
    if not args.no_deb:
        if shutil.which("dpkg-deb") is None:
            print("no dpkg-deb here: .deb skipped", file=sys.stderr)
            return 0
        deb = build_deb(bundle)
        print(f"package: {deb} {deb.stat().st_size / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
