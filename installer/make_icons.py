"""Draw the application icon (PNG 256 px, Windows .ico) with Qt -- no image tools needed.

python installer/make_icons.py      # writes resources/icons/mia-desk.png and .ico
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f5f8b"))  # the app's accent blue
    m = size * 0.04
    p.drawRoundedRect(QRectF(m, m, size - 2 * m, size - 2 * m), size * 0.18, size * 0.18)
    p.setBrush(QColor("#f2b134"))  # one door: the "one roof" under it
    p.drawRect(QRectF(size * 0.2, size * 0.74, size * 0.6, size * 0.06))
    p.setPen(QColor("white"))
    font = QFont("DejaVu Sans", 1, QFont.Weight.Bold)
    font.setPixelSize(int(size * 0.36))
    p.setFont(font)
    p.drawText(QRectF(0, size * 0.12, size, size * 0.6), Qt.AlignmentFlag.AlignCenter, "MiA")
    p.end()
    return img


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ICONS.mkdir(parents=True, exist_ok=True)
    if not draw(256).save(str(ICONS / "mia-desk.png")):
        raise SystemExit("PNG not written")
    if (
        not draw(256)
        .scaled(
            64, 64, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        .save(str(ICONS / "mia-desk.ico"))
    ):
        print(
            "warning: no ico writer in this Qt; the Windows installer uses the PNG", file=sys.stderr
        )
    print(f"icons in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
